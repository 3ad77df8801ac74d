//! Shortcodes that print one figure inline: pay, ranges, total pay, a
//! factor's effect, a published figure, hourly rates, one freelance step and
//! buying power. Each links to the calculator or cites its source.

use askama::Template;

use super::{
    Expanded, Shortcode, calculator_href, describe, factor_kind, profile_estimate, signed_percent,
    with_profile,
};
use crate::estimator::{Figure, FigureUnit, SalaryModel};
use crate::money::usd;

pub(super) fn pay(model: &SalaryModel, code: &Shortcode<'_>) -> Expanded {
    code.allow_only(&with_profile(&["years", "stat"]))?;
    let (query, estimate) = profile_estimate(model, code)?;
    let stat = code.get("stat").unwrap_or("median");
    let amount = match stat {
        "p10" => estimate.base.p10,
        "p25" => estimate.base.p25,
        "median" => estimate.base.median,
        "p75" => estimate.base.p75,
        "p90" => estimate.base.p90,
        other => {
            return Err(format!(
                "unknown stat `{other}` (use p10, p25, median, p75 or p90)"
            ));
        }
    };
    Ok(FigureLink {
        href: calculator_href(&query),
        text: usd(amount),
        title: describe(&estimate),
    }
    .render())
}

pub(super) fn range(model: &SalaryModel, code: &Shortcode<'_>) -> Expanded {
    code.allow_only(&with_profile(&["years"]))?;
    let (query, estimate) = profile_estimate(model, code)?;
    Ok(FigureLink {
        href: calculator_href(&query),
        text: format!("{}–{}", usd(estimate.base.p25), usd(estimate.base.p75)),
        title: describe(&estimate),
    }
    .render())
}

pub(super) fn total_pay(model: &SalaryModel, code: &Shortcode<'_>) -> Expanded {
    code.allow_only(&with_profile(&["years", "part"]))?;
    let (query, estimate) = profile_estimate(model, code)?;
    let pay = &estimate.total_comp;
    let (low, high) = match code.get("part").unwrap_or("total") {
        "total" => (pay.low, pay.high),
        "bonus" => (pay.bonus.low, pay.bonus.high),
        "equity" => (pay.equity.low, pay.equity.high),
        other => {
            return Err(format!(
                "unknown part `{other}` (use total, bonus or equity)"
            ));
        }
    };
    Ok(FigureLink {
        href: calculator_href(&query),
        text: format!("{}–{}", usd(low), usd(high)),
        title: describe(&estimate),
    }
    .render())
}

pub(super) fn factor(model: &SalaryModel, code: &Shortcode<'_>) -> Expanded {
    code.allow_only(&["factor", "value"])?;
    let kind = factor_kind(code)?;
    let id = code.get("value").ok_or("`factor` needs value=ID")?;
    let value = model
        .factor(kind)
        .value(id)
        .ok_or_else(|| format!("unknown {} `{id}`", kind.key()))?;
    Ok(Ok(signed_percent(value.multiplier)))
}

pub(super) fn figure(model: &SalaryModel, code: &Shortcode<'_>) -> Expanded {
    code.allow_only(&["id", "period"])?;
    let figure = lookup_figure(model, code, "id")?;
    let mut text = figure_text(figure, FigureText::Whole);
    if show_period(code)? {
        text.push_str(&format!(" ({})", figure.vintage));
    }
    Ok(cited_figure(model, &[figure], text))
}

pub(super) fn figure_range(model: &SalaryModel, code: &Shortcode<'_>) -> Expanded {
    code.allow_only(&["low", "high", "period"])?;
    let low = lookup_figure(model, code, "low")?;
    let high = lookup_figure(model, code, "high")?;
    if low.unit != high.unit {
        return Err(format!(
            "`figure_range` needs two figures of the same unit; `{}` and `{}` differ",
            low.id, high.id
        ));
    }
    if low.value > high.value {
        return Err(format!(
            "`figure_range` low `{}` is above high `{}`",
            low.id, high.id
        ));
    }
    let mut text = format!(
        "{}–{}",
        figure_text(low, FigureText::RangeStart),
        figure_text(high, FigureText::Whole)
    );
    if show_period(code)? {
        let period = if low.vintage == high.vintage {
            low.vintage.clone()
        } else {
            format!("{} and {}", low.vintage, high.vintage)
        };
        text.push_str(&format!(" ({period})"));
    }
    Ok(cited_figure(model, &[low, high], text))
}

pub(super) fn hourly(model: &SalaryModel, code: &Shortcode<'_>) -> Expanded {
    code.allow_only(&with_profile(&["years", "employment"]))?;
    let (query, estimate) = profile_estimate(model, code)?;
    let rate = &estimate.hourly;
    Ok(FigureLink {
        href: calculator_href(&query),
        text: format!("{}–{} an hour", usd(rate.low), usd(rate.high)),
        title: describe(&estimate),
    }
    .render())
}

pub(super) fn freelance_step(model: &SalaryModel, code: &Shortcode<'_>) -> Expanded {
    code.allow_only(&with_profile(&["years", "step"]))?;
    let wanted = code.get("step").ok_or("`freelance_step` needs step=ID")?;
    let mut args: Vec<(&str, &str)> = code
        .args
        .iter()
        .filter(|(k, _)| *k != "step")
        .copied()
        .collect();
    args.push(("employment", "freelance"));
    let freelance = Shortcode {
        name: code.name,
        args,
    };
    let (query, estimate) = profile_estimate(model, &freelance)?;
    let steps = &estimate.hourly.steps;
    let step = steps.iter().find(|s| s.step == wanted).ok_or_else(|| {
        let known: Vec<&str> = steps.iter().map(|s| s.step).collect();
        format!("unknown step `{wanted}` (use {})", known.join(", "))
    })?;
    let (low, high) = match step.unit {
        "hours_per_year" => (
            crate::money::hours(step.low),
            crate::money::hours(step.high),
        ),
        _ => (usd(step.low), usd(step.high)),
    };
    let mut text = if low == high {
        low
    } else {
        format!("{low}–{}", high.trim_end_matches(" hours"))
    };
    if step.unit == "hours_per_year" && !text.ends_with(" hours") {
        text.push_str(" hours");
    }
    match step.unit {
        "usd_per_hour" => text.push_str(" an hour"),
        "usd_per_year" => text.push_str(" a year"),
        _ => {}
    }
    Ok(FigureLink {
        href: calculator_href(&query),
        text,
        title: format!("{}: {}", step.label, describe(&estimate)),
    }
    .render())
}

pub(super) fn buying_power(model: &SalaryModel, code: &Shortcode<'_>) -> Expanded {
    code.allow_only(&with_profile(&["years"]))?;
    let (query, estimate) = profile_estimate(model, code)?;
    Ok(FigureLink {
        href: calculator_href(&query),
        text: usd(estimate.cost_of_living.adjusted_median),
        title: format!(
            "Median in national dollars at a price level of {:.1} (BEA, {}); {}",
            estimate.cost_of_living.price_level,
            estimate.cost_of_living.year,
            describe(&estimate)
        ),
    }
    .render())
}

fn lookup_figure<'m>(
    model: &'m SalaryModel,
    code: &Shortcode<'_>,
    key: &str,
) -> Result<&'m Figure, String> {
    let id = code
        .get(key)
        .ok_or_else(|| format!("`{}` needs {key}=ID", code.name))?;
    model
        .figure(id)
        .ok_or_else(|| format!("unknown figure `{id}`"))
}

fn show_period(code: &Shortcode<'_>) -> Result<bool, String> {
    match code.get("period") {
        None => Ok(false),
        Some("show") => Ok(true),
        Some(other) => Err(format!("period `{other}` must be `show`")),
    }
}

/// Whether a figure's text stands alone or opens a range, where the unit
/// words ("an hour", "years") are said once, after the high end.
#[derive(Clone, Copy, PartialEq, Eq)]
enum FigureText {
    Whole,
    RangeStart,
}

/// A published figure as readers see it: "$135,980", "$30 an hour", "15.8%",
/// "687", "12.7 years".
fn figure_text(figure: &Figure, form: FigureText) -> String {
    let number = || {
        let rounded = (figure.value * 100.0).round() / 100.0;
        format!("{rounded}")
    };
    let whole = |amount: i64| usd(amount).trim_start_matches('$').to_owned();
    match (figure.unit, form) {
        (FigureUnit::Year, _) | (FigureUnit::Hour, FigureText::RangeStart) => usd(figure.whole()),
        (FigureUnit::Hour, FigureText::Whole) => format!("{} an hour", usd(figure.whole())),
        (FigureUnit::Percent, FigureText::Whole) => format!("{}%", number()),
        (FigureUnit::Count, _) => whole(figure.whole()),
        (FigureUnit::Years, FigureText::Whole) => format!("{} years", number()),
        (FigureUnit::Percent | FigureUnit::Years, FigureText::RangeStart) => number(),
    }
}

/// A figure (or range) linked to its first source, with the label, period
/// and every source in its title.
fn cited_figure(model: &SalaryModel, figures: &[&Figure], text: String) -> askama::Result<String> {
    let mut sources: Vec<&str> = Vec::new();
    for id in figures.iter().flat_map(|f| f.sources.iter()) {
        if !sources.contains(&id.as_str()) {
            sources.push(id);
        }
    }
    let cited: Vec<String> = sources
        .iter()
        .filter_map(|id| model.source(id))
        .map(|s| format!("{} ({})", s.publisher, s.year))
        .collect();
    let described: Vec<String> = figures
        .iter()
        .map(|f| format!("{}, {}", f.label, f.vintage))
        .collect();
    CitedFigure {
        text,
        title: format!("{}: {}", described.join("; "), cited.join("; ")),
        source: sources.first().map(|s| (*s).to_owned()).unwrap_or_default(),
    }
    .render()
}

#[derive(Template)]
#[template(path = "shortcodes/figure_link.html")]
struct FigureLink {
    href: String,
    text: String,
    title: String,
}

#[derive(Template)]
#[template(path = "shortcodes/cited_figure.html")]
struct CitedFigure {
    text: String,
    title: String,
    /// The source entry on /sources the figure links to.
    source: String,
}
