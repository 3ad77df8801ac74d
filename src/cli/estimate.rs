//! `salary-guide estimate`: one profile's estimate, explained factor by
//! factor in tables, or the API's JSON with `--json`. The same parser and
//! estimator as the calculator page and `/api/v1/estimate`.

use std::io::Write;
use std::process::ExitCode;

use clap::Args;
use comfy_table::{CellAlignment, ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

use super::{Cli, load_site, published_reports};
use crate::estimator::{self, Estimate, FactorKind, ProfileQuery, SalaryModel};
use crate::money::{signed_usd, usd};

/// A profile, as on the calculator form.
#[derive(Debug, Args)]
pub struct EstimateArgs {
    /// Years of professional experience, 0 to 50.
    #[arg(long)]
    pub years: String,
    /// Location id (see /api/v1/options), default `us`.
    #[arg(long)]
    pub location: Option<String>,
    /// A ZIP code or a US city ("98101", "Boise, ID"): sets the location to its BLS area.
    #[arg(long)]
    pub place: Option<String>,
    /// Industry id.
    #[arg(long)]
    pub industry: Option<String>,
    /// Company size id.
    #[arg(long)]
    pub company_size: Option<String>,
    /// Main language id.
    #[arg(long)]
    pub language: Option<String>,
    /// Work arrangement: onsite, hybrid or remote.
    #[arg(long)]
    pub work_arrangement: Option<String>,
    /// Location id of where you live, when pay is set elsewhere (a remote
    /// job): sets buying power and the taxes of take-home pay, not pay.
    #[arg(long)]
    pub home: Option<String>,
    /// Where you live as a ZIP code or a US city ("80202", "Denver, CO"),
    /// found as --place is; wins over --home.
    #[arg(long)]
    pub home_place: Option<String>,
    /// Skill ids, comma-separated or repeated.
    #[arg(long = "skills", alias = "skill", value_delimiter = ',')]
    pub skills: Vec<String>,
    /// Certification ids, comma-separated or repeated.
    #[arg(
        long = "certifications",
        alias = "certification",
        value_delimiter = ','
    )]
    pub certifications: Vec<String>,
    /// `salaried` (default) or `freelance`: freelance shows an hourly rate to bill.
    #[arg(long)]
    pub employment: Option<String>,
    /// A job offer's yearly base salary, to see where it sits and what to counter.
    #[arg(long)]
    pub offer: Option<String>,
    /// The offer's yearly bonus.
    #[arg(long)]
    pub offer_bonus: Option<String>,
    /// The offer's yearly equity value (or give the whole grant instead).
    #[arg(long)]
    pub offer_equity: Option<String>,
    /// The offer's one-time signing bonus.
    #[arg(long)]
    pub offer_signing: Option<String>,
    /// The offer's equity grant: its whole value, vesting over four years.
    #[arg(long)]
    pub offer_grant: Option<String>,
    /// The grant's vesting schedule id (see /api/v1/options).
    #[arg(long)]
    pub offer_vesting: Option<String>,
    /// What the offer's equity is: `public` stock (counted as it vests),
    /// `private` company equity (shown, not counted) or `none`; read as
    /// `public` when not given.
    #[arg(long)]
    pub offer_equity_kind: Option<String>,
    /// For take-home pay: `single` (default) or `joint` (married filing
    /// jointly, one earner).
    #[arg(long)]
    pub filing: Option<String>,
    /// A city with a wage tax where you live (see /api/v1/options,
    /// `home_cities`), such as `new-york-city`; its state becomes your home
    /// state.
    #[arg(long)]
    pub home_city: Option<String>,
    /// Your home state's two-letter code, when the area you live in spans
    /// states; otherwise taxes are those of the principal state of --home
    /// (or --location).
    #[arg(long)]
    pub home_state: Option<String>,
    /// Print the API's JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

impl From<&EstimateArgs> for ProfileQuery {
    fn from(args: &EstimateArgs) -> Self {
        ProfileQuery {
            years: Some(args.years.clone()),
            location: args.location.clone(),
            place: args.place.clone(),
            industry: args.industry.clone(),
            company_size: args.company_size.clone(),
            language: args.language.clone(),
            work_arrangement: args.work_arrangement.clone(),
            home: args.home.clone(),
            home_place: args.home_place.clone(),
            skills: args.skills.clone(),
            certifications: args.certifications.clone(),
            employment: args.employment.clone(),
            offer: args.offer.clone(),
            offer_bonus: args.offer_bonus.clone(),
            offer_equity: args.offer_equity.clone(),
            offer_signing: args.offer_signing.clone(),
            offer_grant: args.offer_grant.clone(),
            offer_vesting: args.offer_vesting.clone(),
            offer_equity_kind: args.offer_equity_kind.clone(),
            filing: args.filing.clone(),
            home_city: args.home_city.clone(),
            home_state: args.home_state.clone(),
        }
    }
}

/// `salary-guide estimate`.
pub fn run(cli: &Cli, args: &EstimateArgs) -> ExitCode {
    let site = match load_site(cli) {
        Ok(site) => site,
        Err(code) => return code,
    };
    let model = &site.model;
    let snapshot = published_reports(cli);
    let result = ProfileQuery::from(args).validate(model).and_then(|input| {
        estimator::estimate_with_reports(model, &input, snapshot.cell_for_input(model, &input))
    });
    let estimate = match result {
        Ok(estimate) => estimate,
        Err(error) => {
            for field in &error.errors {
                eprintln!("--{}: {}", field.field.replace('_', "-"), field.error);
            }
            return ExitCode::from(2);
        }
    };
    let text = if args.json {
        match serde_json::to_string_pretty(&estimate) {
            Ok(json) => json,
            Err(error) => {
                eprintln!("could not write JSON: {error}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        render_table(model, &estimate)
    };
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = writeln!(std::io::stdout(), "{text}");
    ExitCode::SUCCESS
}

/// The buying-power sentence, as the calculator page says it.
fn buying_power_line(model: &SalaryModel, estimate: &Estimate) -> String {
    let living = &estimate.cost_of_living;
    let place = model
        .factor(FactorKind::Location)
        .value(estimate.input.living_place())
        .map_or("", |value| value.label.as_str());
    format!(
        "\nBuying power: the median buys what {} would at average US prices, since prices where you live ({place}) run at {:.1} and housing rents at {:.1} against 100 for the whole country (BEA, {}).",
        usd(living.adjusted_median),
        living.price_level,
        living.housing_level,
        living.year,
    )
}

/// What you keep, as the calculator's "What you keep" says it: take-home
/// for the median and the offer, each tax with its source, the offer's
/// years, and what the calculation leaves out.
pub(super) fn take_home_text(estimate: &Estimate) -> String {
    let Some(pay) = &estimate.take_home else {
        return "\nWhat you keep: give --home-state (or a --location or --home in a state) to see take-home pay after taxes.".to_owned();
    };
    let place = match &pay.city_name {
        Some(city) => format!("{city}, {}", pay.state_name),
        None => pay.state_name.clone(),
    };
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    let mut header = vec![
        "Tax".to_owned(),
        format!(
            "On the median, {}",
            usd(i64::try_from(pay.median.wages).unwrap_or(i64::MAX))
        ),
    ];
    if let Some(offer) = &pay.offer {
        header.push(format!(
            "On the offer's base, {}",
            usd(i64::try_from(offer.wages).unwrap_or(i64::MAX))
        ));
    }
    header.push("Source".to_owned());
    table.set_header(header);
    for (line, offer_line) in pay.line_pairs() {
        let mut row = vec![line.label.clone(), usd(line.amount)];
        if pay.offer.is_some() {
            row.push(offer_line.map_or_else(String::new, |l| usd(l.amount)));
        }
        row.push(
            pay.source(&line.source)
                .map_or_else(|| line.source.clone(), |s| s.url.clone()),
        );
        table.add_row(row);
    }
    let keep = |t: &crate::tax::TakeHome| {
        format!(
            "{} a year, {} a month (taxes {}, {:.1}% of wages)",
            usd(t.year),
            usd(t.month),
            usd(t.total),
            t.effective_rate * 100.0
        )
    };
    let mut text = format!(
        "\n\nWhat you keep, living in {place}, filing {}, tax year {}:\n  Median: {}.\n",
        pay.filing.label().to_lowercase(),
        pay.tax_year,
        keep(&pay.median),
    );
    if let Some(offer) = &pay.offer {
        text.push_str(&format!("  Offer's base salary: {}.\n", keep(offer)));
    }
    text.push_str(&format!("{table}\n"));
    for year in &pay.offer_years {
        text.push_str(&format!(
            "  Offer year {}: {} in wages, {} in taxes, {} take-home\n",
            year.year,
            usd(year.wages),
            usd(year.taxes),
            usd(year.take_home)
        ));
    }
    text.push_str(TAKE_HOME_LEAVES_OUT);
    text
}

/// The honest edge of every take-home figure, as the calculator says it.
pub(super) const TAKE_HOME_LEAVES_OUT: &str = "  Wages only, one earner, the standard deduction: other income, itemised deductions, pre-tax retirement and health contributions, credits beyond the standard ones and part-year residence are left out. A tax adviser decides real cases.";

/// The freelance rate's arithmetic, one row per step, low and high end.
fn hourly_steps(hourly: &estimator::HourlyRate) -> Table {
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(["Step", "Low end", "High end"]);
    for step in &hourly.steps {
        let show = |value: i64| match step.unit {
            "hours_per_year" => crate::money::hours(value),
            "usd_per_hour" => format!("{} an hour", usd(value)),
            _ => usd(value),
        };
        table.add_row([step.label.clone(), show(step.low), show(step.high)]);
    }
    for index in [1, 2] {
        if let Some(column) = table.column_mut(index) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    table
}

/// The two published checks beside the estimate, with what each measures.
fn cross_check_text(estimate: &Estimate) -> String {
    let check = &estimate.cross_check;
    let survey = &check.survey;
    let area = &check.area;
    let [p10, p25, median, p75, p90] = area
        .percentiles()
        .map(|cell| cell.map_or_else(|| "not published".to_owned(), usd));
    let stand_in = if area.stand_in.is_empty() {
        String::new()
    } else {
        format!("\n  {}", area.stand_in)
    };
    format!(
        "\n\nCompared with published figures:\n  {} ({}): 10th {}, 25th {}, median {}, 75th {}, 90th {}.\n  {}\n  Software developers in {}, all levels, BLS ({}): 10th {p10}, 25th {p25}, median {median}, 75th {p75}, 90th {p90}; {}.{stand_in}\n  {}\n  {} ({}): median {} total pay.\n  {}",
        check.label,
        check.period,
        usd(check.p10),
        usd(check.p25),
        usd(check.median),
        usd(check.p75),
        usd(check.p90),
        check.note,
        area.name,
        area.period,
        area.precision(),
        area.note,
        survey.label,
        survey.period,
        usd(survey.median),
        survey.note,
    )
}

fn render_table(model: &SalaryModel, estimate: &Estimate) -> String {
    let base = &estimate.base;
    let mut summary = Table::new();
    summary
        .load_preset(UTF8_FULL_CONDENSED)
        .set_header(["10th", "25th", "Median", "75th", "90th"]);
    summary.add_row([base.p10, base.p25, base.median, base.p75, base.p90].map(usd));
    for column in summary.column_iter_mut() {
        column.set_cell_alignment(CellAlignment::Right);
    }

    let mut breakdown = Table::new();
    breakdown
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(["Factor", "Your answer", "Multiplier", "Effect", "Sources"]);
    for (i, row) in estimate.factors.iter().enumerate() {
        let factor = FactorKind::from_key(row.factor)
            .map(|kind| model.factor(kind).label.clone())
            .unwrap_or_else(|| match row.factor {
                "experience" => "Experience".to_owned(),
                "reports" => "Visitors' reports".to_owned(),
                _ => "Premium cap".to_owned(),
            });
        let (multiplier, effect) = if i == 0 {
            ("start".to_owned(), usd(row.effect))
        } else {
            (format!("×{:.3}", row.multiplier), signed_usd(row.effect))
        };
        breakdown.add_row([
            factor,
            row.label.clone(),
            multiplier,
            effect,
            row.sources.join(", "),
        ]);
    }
    breakdown.add_row([
        "Estimated median".to_owned(),
        String::new(),
        String::new(),
        usd(base.median),
        String::new(),
    ]);
    for index in [2, 3] {
        if let Some(column) = breakdown.column_mut(index) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    let mut what_if = Table::new();
    what_if
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header([
            "#",
            "What would raise your median most",
            "Median +",
            "Read more",
        ]);
    for (i, idea) in estimate.what_if.iter().enumerate() {
        what_if.add_row([
            (i + 1).to_string(),
            idea.change.clone(),
            signed_usd(idea.delta),
            idea.guide.clone(),
        ]);
    }
    let total = &estimate.total_comp;
    let equity_note = if total.equity_counted_as_cash {
        "including stock"
    } else {
        "plus equity not counted as cash"
    };
    let hourly = &estimate.hourly;
    let mut text = format!(
        "Yearly base salary estimate: {} ({})\n{summary}\n\nHow the median is built:\n{breakdown}\n\n{what_if}\n\nTotal pay at the median: {} to {} ({equity_note}: {} to {}).\n{}: {} to {} an hour.\nConfidence: {}.{}",
        estimator::years_phrase(estimate.input.years),
        estimate.level_label,
        usd(total.low),
        usd(total.high),
        usd(total.equity.low),
        usd(total.equity.high),
        if hourly.basis == "freelance" {
            "Freelance rate"
        } else {
            "Hourly equivalent"
        },
        usd(hourly.low),
        usd(hourly.high),
        estimate.confidence,
        estimate
            .confidence_notes
            .iter()
            .map(|note| format!(" {note}"))
            .collect::<String>(),
    );
    if hourly.basis == "freelance" {
        text.push_str(&format!(
            "\n\nHow the freelance rate is built:\n{}",
            hourly_steps(hourly)
        ));
    }
    text.push_str(&cross_check_text(estimate));
    text.push_str(&buying_power_line(model, estimate));
    text.push_str(&take_home_text(estimate));
    if let Some(reports) = &estimate.reports {
        text.push_str(&format!(
            "\nVisitors' reports: {} approved put the median at {}; they move this estimate by {} (weight {:.0}%).",
            reports.count_band,
            usd(reports.median),
            signed_usd(reports.effect),
            reports.weight * 100.0
        ));
    }
    if let Some(offer) = &estimate.offer {
        text.push_str(&offer_text(offer));
    }
    text.push_str(&format!(
        "\nData version {}. Sources: see /sources or --json.",
        estimate.data_version
    ));
    text
}

/// The offer check as text: where the offer sits, its equity, four years of
/// cash that add up, and the advice for its position.
fn offer_text(offer: &estimator::OfferCheck) -> String {
    let cash = &offer.cash;
    let advice = &offer.advice;
    let mut text = format!(
        "\n\nOffer check: a base of {} is {} the market band (percentile {}).\n",
        usd(offer.offer.base),
        offer.verdict,
        offer.percentile,
    );
    if offer.offer.has_equity() {
        let what = if offer.offer.grant > 0 {
            format!("The {} grant", usd(offer.offer.grant))
        } else {
            "The yearly equity".to_owned()
        };
        let reading = match (
            offer.offer.equity_kind_given,
            offer.offer.equity_kind.is_cash(),
        ) {
            (false, _) => {
                "is read as public company stock and counted, because --offer-equity-kind was not given (use --offer-equity-kind private if it is not)"
            }
            (true, true) => "is public company stock: counted as it vests",
            (true, false) => "is private company equity: shown, but in no total",
        };
        text.push_str(&format!("  {what} {reading}.\n"));
    }
    for year in &cash.years {
        text.push_str(&format!(
            "  Year {}: base {} + bonus at target {} + public stock {} + signing {} = {}{}\n",
            year.year,
            usd(year.base),
            usd(year.bonus),
            usd(year.equity),
            usd(year.signing),
            usd(year.total),
            if year.private_equity > 0 {
                format!(
                    " (and private equity {}, not counted)",
                    usd(year.private_equity)
                )
            } else {
                String::new()
            },
        ));
    }
    text.push_str(&format!(
        "  Four years: {} = guaranteed {} (base and signing) + at risk {} (bonus at target and public stock).\n",
        usd(cash.four_year_total),
        usd(cash.guaranteed),
        usd(cash.at_risk),
    ));
    text.push_str(&format!("  {}. {}\n", advice.position_label, advice.advice));
    if let Some(counter) = advice.counter {
        text.push_str(&format!("  Counter with {} base salary.", usd(counter)));
        if let Some(met) = &advice.counter_met {
            text.push_str(&format!(
                " If they meet it, four years pay {} ({} more).",
                usd(met.four_year_total),
                usd(met.four_year_gain)
            ));
        }
        text.push('\n');
    }
    for ask in &advice.asks {
        text.push_str(&format!("  Ask for: {}. {}\n", ask.label, ask.why));
    }
    for line in &advice.script {
        text.push_str(&format!("  > {line}\n"));
    }
    text
}
