//! What decides a comparison, in one sentence a person can repeat, and the
//! one line of what it leaves out.

use super::{Change, Scenario};

/// What decides the comparison, in one sentence a person can repeat: the
/// scenario ahead in buying power, what it pays more (or less) before prices
/// and how far ahead it is after them. Offers are compared on four years of
/// counted pay when every scenario has one, else medians are.
///
/// Every figure in the sentence is in the tables: a difference from scenario
/// `a` is in the differences table, so a pair without `a` (three scenarios)
/// is put in the scenarios' own totals instead.
pub(super) fn verdict(scenarios: &[Scenario]) -> String {
    let all_offers = scenarios.iter().all(|s| s.offer.is_some());
    let (nominal, adjusted): (Vec<i64>, Vec<i64>) = if all_offers {
        scenarios
            .iter()
            .map(|s| {
                s.offer
                    .map_or((0, 0), |o| (o.four_year_total, o.adjusted_four_year_total))
            })
            .unzip()
    } else {
        scenarios
            .iter()
            .map(|s| {
                (
                    s.estimate.base.median,
                    s.estimate.cost_of_living.adjusted_median,
                )
            })
            .unzip()
    };
    let rank = |i: &usize| (adjusted[*i], std::cmp::Reverse(*i));
    let best = (0..scenarios.len()).max_by_key(rank).unwrap_or(0);
    let next = (0..scenarios.len())
        .filter(|i| *i != best)
        .max_by_key(rank)
        .unwrap_or(0);
    let name = |i: usize| format!("scenario {}", scenarios[i].label.to_uppercase());
    let capital = |i: usize| format!("Scenario {}", scenarios[i].label.to_uppercase());
    let usd = crate::money::usd;
    // "Scenario A pays $280,000 more over four years than scenario B", or
    // for medians "Scenario A's median base salary is $38,100 more than
    // scenario B's".
    let clause = |x: usize, amount: &str, y: usize| {
        if all_offers {
            format!(
                "{} pays {amount} over four years than {}",
                capital(x),
                name(y)
            )
        } else {
            format!(
                "{}'s median base salary is {amount} than {}'s",
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
    let tie = Change::between(adjusted[next], adjusted[best])
        .percent
        .abs()
        < 1.0;
    let nominal_gap = nominal[best] - nominal[next];
    let adjusted_gap = adjusted[best] - adjusted[next];
    if best != 0 && next != 0 {
        // Neither is scenario A: the differences table holds no figure for
        // this pair, so the sentence names each one's totals.
        let pair = if all_offers {
            format!(
                "{} pays {} over four years against {}'s {}",
                capital(best),
                usd(nominal[best]),
                name(next),
                usd(nominal[next])
            )
        } else {
            format!(
                "{}'s median base salary is {} against {}'s {}",
                capital(best),
                usd(nominal[best]),
                name(next),
                usd(nominal[next])
            )
        };
        let after = format!("{} against {}", usd(adjusted[best]), usd(adjusted[next]));
        return if tie {
            format!(
                "{pair}, the next best; after prices they are within 1% of each other ({after}), so weigh the work itself."
            )
        } else if nominal_gap > 0 {
            format!("{pair}, the next best; after prices it is still ahead, {after}.")
        } else {
            format!(
                "{pair}, the next best, but after prices it is ahead, {after}: lower living costs decide it."
            )
        };
    }
    let more = |gap: i64| format!("{} more", usd(gap.abs()));
    if tie {
        return if nominal_gap == 0 {
            format!(
                "{} and {} are within 1% of each other after prices, so neither pay nor living costs decide it: weigh the work itself.",
                capital(best),
                name(next),
            )
        } else {
            let (x, y) = if nominal_gap > 0 {
                (best, next)
            } else {
                (next, best)
            };
            format!(
                "{}, but after prices they are within 1% of each other, so weigh the work itself.",
                clause(x, &more(nominal_gap), y),
            )
        };
    }
    match nominal_gap.cmp(&0) {
        std::cmp::Ordering::Greater => format!(
            "{}{next_best}; after prices it is still {} ahead.",
            clause(best, &more(nominal_gap), next),
            usd(adjusted_gap),
        ),
        std::cmp::Ordering::Equal => format!(
            "{} and {} pay the same; after prices {} is {} ahead: lower living costs decide it.",
            capital(best),
            name(next),
            name(best),
            usd(adjusted_gap),
        ),
        std::cmp::Ordering::Less => format!(
            "{}, but after prices {} is {} ahead: lower living costs decide it.",
            clause(next, &more(nominal_gap), best),
            name(best),
            usd(adjusted_gap),
        ),
    }
}

/// What the comparison leaves out, in one line: taxes and benefits always,
/// and private company equity where a scenario has some.
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
    format!(
        "Not counted: income taxes{equity} and benefits such as health insurance and retirement matching. Bonuses count at their target."
    )
}
