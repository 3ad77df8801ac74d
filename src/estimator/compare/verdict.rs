//! What decides a comparison, in one sentence a person can repeat, and the
//! one line of what it leaves out.

use super::{Change, Scenario};

/// The three figures a comparison weighs for each scenario: pay before tax,
/// what is kept after tax (where known) and what that buys. Offers are
/// compared on four years when every scenario has one, else medians are.
struct Figures {
    all_offers: bool,
    /// Whether every scenario has take-home pay, so the decision is made
    /// after tax as well as after prices.
    taxed: bool,
    gross: Vec<i64>,
    kept: Vec<i64>,
    /// After tax and prices when `taxed`, else after prices alone.
    last: Vec<i64>,
}

impl Figures {
    fn of(scenarios: &[Scenario]) -> Self {
        let all_offers = scenarios.iter().all(|s| s.offer.is_some());
        let taxed = scenarios.iter().all(|s| {
            s.take_home
                .is_some_and(|t| !all_offers || t.offer_four_years.is_some())
        });
        let mut figures = Self {
            all_offers,
            taxed,
            gross: Vec::new(),
            kept: Vec::new(),
            last: Vec::new(),
        };
        for s in scenarios {
            let t = s.take_home;
            let (gross, kept, after_tax_and_prices, after_prices) = match s.offer {
                Some(o) if all_offers => (
                    o.four_year_total,
                    t.and_then(|t| t.offer_four_years),
                    t.and_then(|t| t.adjusted_offer_four_years),
                    o.adjusted_four_year_total,
                ),
                _ => (
                    s.estimate.base.median,
                    t.map(|t| t.median_year),
                    t.map(|t| t.adjusted_median),
                    s.estimate.cost_of_living.adjusted_median,
                ),
            };
            figures.gross.push(gross);
            figures.kept.push(kept.unwrap_or(0));
            figures.last.push(if taxed {
                after_tax_and_prices.unwrap_or(0)
            } else {
                after_prices
            });
        }
        figures
    }
}

/// What decides the comparison, in one sentence a person can repeat: the
/// scenario ahead after tax and prices (after prices alone where a scenario
/// has no home state to tax in), what it pays more (or less) before tax, and
/// which of pay, taxes or living costs decides it.
///
/// Every figure in the sentence is in the tables: a difference from scenario
/// `a` is in the differences table, so a pair without `a` (three scenarios)
/// is put in the scenarios' own totals instead.
pub(super) fn verdict(scenarios: &[Scenario]) -> String {
    let Figures {
        all_offers,
        taxed,
        gross,
        kept,
        last,
    } = Figures::of(scenarios);
    let rank = |i: &usize| (last[*i], std::cmp::Reverse(*i));
    let best = (0..scenarios.len()).max_by_key(rank).unwrap_or(0);
    let next = (0..scenarios.len())
        .filter(|i| *i != best)
        .max_by_key(rank)
        .unwrap_or(0);
    let name = |i: usize| format!("scenario {}", scenarios[i].label.to_uppercase());
    let capital = |i: usize| format!("Scenario {}", scenarios[i].label.to_uppercase());
    let usd = crate::money::usd;
    let before = if taxed { " before tax" } else { "" };
    let after = if taxed {
        "after tax and prices"
    } else {
        "after prices"
    };
    // "Scenario A pays $280,000 more over four years than scenario B", or
    // for medians "Scenario A's median base salary is $38,100 more than
    // scenario B's".
    let clause = |x: usize, amount: &str, y: usize| {
        if all_offers {
            format!(
                "{} pays {amount} over four years than {}{before}",
                capital(x),
                name(y)
            )
        } else {
            format!(
                "{}'s median base salary is {amount} than {}'s{before}",
                capital(x),
                name(y)
            )
        }
    };
    let next_best = if scenarios.len() > 2 {
        ", the next best"
    } else {
        ""
    };
    let tie = Change::between(last[next], last[best]).percent.abs() < 1.0;
    let gross_gap = gross[best] - gross[next];
    let kept_gap = kept[best] - kept[next];
    let last_gap = last[best] - last[next];
    // What turns it for the scenario that pays less before tax.
    let decider = if taxed && kept_gap > 0 {
        "lower taxes decide it"
    } else {
        "lower living costs decide it"
    };
    if best != 0 && next != 0 {
        // Neither is scenario A: the differences table holds no figure for
        // this pair, so the sentence names each one's totals.
        let pair = if all_offers {
            format!(
                "{} pays {} over four years{before} against {}'s {}",
                capital(best),
                usd(gross[best]),
                name(next),
                usd(gross[next])
            )
        } else {
            format!(
                "{}'s median base salary is {}{before} against {}'s {}",
                capital(best),
                usd(gross[best]),
                name(next),
                usd(gross[next])
            )
        };
        let figures = format!("{} against {}", usd(last[best]), usd(last[next]));
        return if tie {
            format!(
                "{pair}, the next best; {after} they are within 1% of each other ({figures}), so weigh the work itself."
            )
        } else if gross_gap > 0 {
            format!("{pair}, the next best; {after} it is still ahead, {figures}.")
        } else {
            format!("{pair}, the next best, but {after} it is ahead, {figures}: {decider}.")
        };
    }
    let more = |gap: i64| format!("{} more", usd(gap.abs()));
    if tie {
        return if gross_gap == 0 {
            format!(
                "{} and {} are within 1% of each other {after}, so neither pay nor living costs decide it: weigh the work itself.",
                capital(best),
                name(next),
            )
        } else {
            let (x, y) = if gross_gap > 0 {
                (best, next)
            } else {
                (next, best)
            };
            format!(
                "{}, but {after} they are within 1% of each other, so weigh the work itself.",
                clause(x, &more(gross_gap), y),
            )
        };
    }
    match gross_gap.cmp(&0) {
        std::cmp::Ordering::Greater => format!(
            "{}{next_best}; {after} it is still {} ahead.",
            clause(best, &more(gross_gap), next),
            usd(last_gap),
        ),
        std::cmp::Ordering::Equal if taxed && kept_gap > 0 => format!(
            "{} and {} pay the same{before}, but {} leaves you {} more after tax and {} more after tax and prices: {decider}.",
            capital(best),
            name(next),
            name(best),
            usd(kept_gap),
            usd(last_gap),
        ),
        std::cmp::Ordering::Equal => format!(
            "{} and {} pay the same{before}; {after} {} is {} ahead: {decider}.",
            capital(best),
            name(next),
            name(best),
            usd(last_gap),
        ),
        std::cmp::Ordering::Less if taxed && kept_gap > 0 => format!(
            "{}, but {} leaves you {} more after tax and {} more after tax and prices: {decider}.",
            clause(next, &more(gross_gap), best),
            name(best),
            usd(kept_gap),
            usd(last_gap),
        ),
        std::cmp::Ordering::Less => format!(
            "{}, but {after} {} is {} ahead: {decider}.",
            clause(next, &more(gross_gap), best),
            name(best),
            usd(last_gap),
        ),
    }
}

/// What the comparison leaves out, in one line: taxes where a scenario has
/// no home state to tax in (else what the tax calculation leaves out),
/// benefits always, and private company equity where a scenario has some.
pub(super) fn leaves_out(scenarios: &[Scenario]) -> String {
    let private: Vec<String> = scenarios
        .iter()
        .filter(|s| s.offer.is_some_and(|o| o.private_equity > 0))
        .map(|s| s.label.to_uppercase())
        .collect();
    let equity = match private.as_slice() {
        [] => String::new(),
        [one] => format!(", scenario {one}'s private company equity (shown, not counted)"),
        many => format!(
            ", the private company equity of scenarios {} (shown, not counted)",
            many.join(" and ")
        ),
    };
    if Figures::of(scenarios).taxed {
        format!(
            "Not counted: benefits such as health insurance and retirement matching{equity}. Taxes count wages only, with the standard deduction, and bonuses count at their target."
        )
    } else {
        format!(
            "Not counted: income taxes (choose where each scenario's person lives to count them){equity} and benefits such as health insurance and retirement matching. Bonuses count at their target."
        )
    }
}
