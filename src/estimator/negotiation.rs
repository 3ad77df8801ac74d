//! Negotiation advice that follows where an offer sits in its band: below the
//! market's middle half a counter toward the market with the range quoted,
//! inside it a counter toward the 75th percentile, and at or above that no
//! base counter at all, but what is still worth asking for and a script that
//! quotes no range (a range below the offer would argue against the person).
//!
//! Every position, its threshold, its script and its sources are in the data
//! file (`[negotiation]`); this module reads them and applies them.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::Percentiles;
use super::model_error::{ModelError, SourceCheck};
use super::offer::OfferYear;

/// How counter-offers are chosen and phrased, by where the offer sits.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Negotiation {
    /// The smallest raise over the offer worth asking for, as a share.
    pub min_raise: f64,
    /// The largest raise over the offer that stays credible, as a share.
    pub max_raise: f64,
    /// Counters are rounded up to a multiple of this many dollars.
    pub round_to: i64,
    /// Sources of the advice as a whole.
    pub sources: Vec<String>,
    /// The advice as a whole, in words.
    pub basis: String,
    /// Where an offer can sit, lowest first: an offer takes the first
    /// position whose `below_percentile` its base is under, else the last.
    pub positions: Vec<Position>,
}

/// One place an offer can sit in its band, and the advice for it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Position {
    /// Stable id, in the API as `position`.
    pub id: String,
    /// Where the offer sits, in words ("Below the market's middle half").
    pub label: String,
    /// The offer is here when its base is below the band at this percentile
    /// (10, 25, 50, 75 or 90); absent only on the last position.
    #[serde(default)]
    pub below_percentile: Option<u8>,
    /// The percentile a base counter aims at; absent: no base counter.
    #[serde(default)]
    pub counter_percentile: Option<u8>,
    /// The advice, in one sentence.
    pub advice: String,
    /// Why, in words, with `sources` behind it.
    pub basis: String,
    /// Sources of this position's advice.
    pub sources: Vec<String>,
    /// What else is worth asking for; required where there is no counter.
    #[serde(default)]
    pub asks: Vec<AskRule>,
    /// Lines of the script, with placeholders (see [`SCRIPT_PLACEHOLDERS`]).
    pub script: Vec<String>,
}

/// Something worth asking for besides base salary.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AskRule {
    /// Stable id (`signing`, `equity`, `level`, `start_date`).
    pub id: String,
    /// What to ask for.
    pub label: String,
    /// Why it is worth asking for.
    pub why: String,
}

/// Placeholders a negotiation script may use.
pub const SCRIPT_PLACEHOLDERS: [&str; 6] = [
    "{counter}",
    "{p25}",
    "{median}",
    "{p75}",
    "{profile}",
    "{offer}",
];

/// Placeholders that quote market figures or a counter: a position without
/// a counter must use none of them.
const MARKET_PLACEHOLDERS: [&str; 4] = ["{counter}", "{p25}", "{median}", "{p75}"];

/// The percentiles a band has.
const BAND_PERCENTILES: [u8; 5] = [10, 25, 50, 75, 90];

/// The band's value at one of [`BAND_PERCENTILES`].
fn at(band: &Percentiles, percentile: u8) -> i64 {
    match percentile {
        10 => band.p10,
        25 => band.p25,
        50 => band.median,
        90 => band.p90,
        _ => band.p75,
    }
}

/// The advice for one offer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Advice {
    /// The position's id: `below_market`, `within_market` or `top_of_market`.
    pub position: String,
    /// Where the offer sits, in words.
    pub position_label: String,
    /// The advice, in one sentence.
    pub advice: String,
    /// A counter-offer for base salary; `null` when market data gives no
    /// reason to ask for more base.
    pub counter: Option<i64>,
    /// What else is worth asking for.
    pub asks: Vec<AskRule>,
    /// A short script for the conversation.
    pub script: Vec<String>,
    /// What a counter that is met adds: the offer's years with the counter
    /// as base; `null` without a counter.
    pub counter_met: Option<CounterMet>,
    /// How the advice follows the base offered: each position with the
    /// base salaries it covers, so a reader sees what a different offer
    /// would get.
    pub positions: Vec<PositionRange>,
    /// Source ids of this advice.
    pub sources: Vec<String>,
}

/// The offer's totals if the counter is met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct CounterMet {
    /// The first year's cash with the counter as base.
    pub first_year_cash: i64,
    /// Four years' cash with the counter as base.
    pub four_year_total: i64,
    /// How much more than the offer as made, over four years.
    pub four_year_gain: i64,
}

/// One position and the base salaries that land in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct PositionRange {
    /// The position's id.
    pub position: String,
    /// Where the offer sits, in words.
    pub label: String,
    /// Lowest base in this position; `null` for the first.
    pub from: Option<i64>,
    /// Base salaries below this are in an earlier position; `null` for the last.
    pub below: Option<i64>,
    /// The advice, in one sentence.
    pub advice: String,
    /// Whether this offer is here.
    pub current: bool,
}

/// The offer as the advice needs it: its base, and its cash year by year to
/// show what a met counter adds.
pub struct OfferFacts<'a> {
    /// Base salary offered.
    pub base: i64,
    /// The offer's years as computed.
    pub years: &'a [OfferYear],
    /// The profile in words, for the script.
    pub profile: &'a str,
}

/// A script line with its placeholders filled in, in one pass, each amount
/// written straight into the line (it had taken six `replace`s and six
/// formatted amounts a line). `{counter}` stays as written when there is no
/// counter, as does any text in braces that is not a placeholder.
fn fill_placeholders(
    line: &str,
    band: &Percentiles,
    offer: &OfferFacts<'_>,
    counter: Option<i64>,
) -> String {
    let mut filled = String::with_capacity(line.len() + offer.profile.len() + 32);
    let mut rest = line;
    while let Some(open) = rest.find('{') {
        let (before, from_brace) = rest.split_at(open);
        filled.push_str(before);
        let placeholder = SCRIPT_PLACEHOLDERS
            .into_iter()
            .find(|placeholder| from_brace.starts_with(placeholder));
        let amount = match placeholder {
            Some("{p25}") => Some(band.p25),
            Some("{median}") => Some(band.median),
            Some("{p75}") => Some(band.p75),
            Some("{offer}") => Some(offer.base),
            Some("{counter}") => counter,
            _ => None,
        };
        match (placeholder, amount) {
            (Some(placeholder), Some(amount)) => {
                // Writing to a String cannot fail.
                let _ = crate::money::Usd(amount).write_to(&mut filled);
                rest = &from_brace[placeholder.len()..];
            }
            (Some("{profile}"), None) => {
                filled.push_str(offer.profile);
                rest = &from_brace["{profile}".len()..];
            }
            // Not a placeholder (or no counter): the brace as written.
            _ => {
                filled.push('{');
                rest = &from_brace[1..];
            }
        }
    }
    filled.push_str(rest);
    filled
}

impl Negotiation {
    /// The position an offer of `base` takes in `band`.
    fn position(&self, band: &Percentiles, base: i64) -> Option<&Position> {
        self.positions
            .iter()
            .find(|p| p.below_percentile.is_some_and(|pct| base < at(band, pct)))
            .or(self.positions.last())
    }

    /// The advice for an offer in `band`.
    pub fn advise(&self, band: &Percentiles, offer: &OfferFacts<'_>) -> Option<Advice> {
        let position = self.position(band, offer.base)?;
        let counter = position.counter_percentile.map(|percentile| {
            let base = offer.base as f64;
            let floor = (base * (1.0 + self.min_raise)).ceil() as i64;
            let ceiling = (base * (1.0 + self.max_raise)).floor() as i64;
            let wanted = at(band, percentile).clamp(floor, ceiling.max(floor));
            (wanted + self.round_to - 1) / self.round_to * self.round_to
        });
        let script = position
            .script
            .iter()
            .map(|line| fill_placeholders(line, band, offer, counter))
            .collect();
        let counter_met = counter.map(|counter| {
            let raise = counter - offer.base;
            let first = offer.years.first().map_or(0, |y| y.total) + raise;
            let four: i64 = offer.years.iter().map(|y| y.total).sum();
            let gain = raise * offer.years.len() as i64;
            CounterMet {
                first_year_cash: first,
                four_year_total: four + gain,
                four_year_gain: gain,
            }
        });
        let mut from = None;
        let positions = self
            .positions
            .iter()
            .map(|p| {
                let below = p.below_percentile.map(|pct| at(band, pct));
                let range = PositionRange {
                    position: p.id.clone(),
                    label: p.label.clone(),
                    from,
                    below,
                    advice: p.advice.clone(),
                    current: p.id == position.id,
                };
                from = below;
                range
            })
            .collect();
        let mut sources = self.sources.clone();
        for id in &position.sources {
            if !sources.contains(id) {
                sources.push(id.clone());
            }
        }
        Some(Advice {
            position: position.id.clone(),
            position_label: position.label.clone(),
            advice: position.advice.clone(),
            counter,
            asks: position.asks.clone(),
            script,
            counter_met,
            positions,
            sources,
        })
    }

    /// Checks the rules: raises in range, positions in rising order with a
    /// last one open above, known percentiles, placeholders and sources, and
    /// no position without a counter that quotes the market.
    pub(crate) fn validate(&self, errors: &mut Vec<ModelError>, check_sources: &SourceCheck<'_>) {
        let cites = |entry: &str, sources: &[String], errors: &mut Vec<ModelError>| {
            if sources.is_empty() {
                errors.push(ModelError::new(entry, "names no sources"));
            }
            check_sources(entry, sources, errors);
        };
        cites("negotiation", &self.sources, errors);
        if !(0.0..=0.5).contains(&self.min_raise)
            || !(self.min_raise..=1.0).contains(&self.max_raise)
            || self.round_to <= 0
        {
            errors.push(ModelError::new(
                "negotiation",
                "needs 0 ≤ min_raise ≤ max_raise ≤ 1 (min_raise at most 0.5) and a positive round_to",
            ));
        }
        if self.positions.is_empty() {
            errors.push(ModelError::new(
                "negotiation.positions",
                "needs at least one position",
            ));
        }
        let mut ids = HashSet::new();
        let mut previous = 0;
        let last = self.positions.len().saturating_sub(1);
        for (i, position) in self.positions.iter().enumerate() {
            let entry = format!("negotiation.positions[{i}] (id {:?})", position.id);
            if !ids.insert(position.id.as_str()) {
                errors.push(ModelError::new(&entry, "duplicate id"));
            }
            match (position.below_percentile, i == last) {
                (None, true) => {}
                (Some(_), true) => errors.push(ModelError::new(
                    &entry,
                    "the last position takes every offer above the others: remove below_percentile",
                )),
                (None, false) => errors.push(ModelError::new(
                    &entry,
                    "needs below_percentile (only the last position is open above)",
                )),
                (Some(pct), false) if !BAND_PERCENTILES.contains(&pct) || pct <= previous => {
                    errors.push(ModelError::new(
                        &entry,
                        "below_percentile must be 10, 25, 50, 75 or 90, and rise from one position to the next",
                    ));
                }
                (Some(pct), false) => previous = pct,
            }
            if let Some(pct) = position.counter_percentile
                && !BAND_PERCENTILES.contains(&pct)
            {
                errors.push(ModelError::new(
                    &entry,
                    "counter_percentile must be 10, 25, 50, 75 or 90",
                ));
            }
            cites(&entry, &position.sources, errors);
            if position.counter_percentile.is_none() && position.asks.is_empty() {
                errors.push(ModelError::new(
                    &entry,
                    "a position without a counter must list what else to ask for (asks)",
                ));
            }
            if position.script.is_empty() {
                errors.push(ModelError::new(&entry, "needs a script"));
            }
            for (j, line) in position.script.iter().enumerate() {
                let mut rest = line.clone();
                for placeholder in SCRIPT_PLACEHOLDERS {
                    rest = rest.replace(placeholder, "");
                }
                if rest.contains('{') || rest.contains('}') {
                    errors.push(ModelError::new(
                        format!("{entry}.script[{j}]"),
                        format!(
                            "unknown placeholder; use {}",
                            SCRIPT_PLACEHOLDERS.join(", ")
                        ),
                    ));
                }
                if position.counter_percentile.is_none()
                    && let Some(quoted) = MARKET_PLACEHOLDERS.iter().find(|p| line.contains(**p))
                {
                    errors.push(ModelError::new(
                        format!("{entry}.script[{j}]"),
                        format!(
                            "{quoted} quotes the market or a counter, which a position without a counter must not: the offer is above what it would quote"
                        ),
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The placeholders filled one after another, as the script was filled
    /// before it was done in one pass.
    fn replaced(
        line: &str,
        band: &Percentiles,
        offer: &OfferFacts<'_>,
        counter: Option<i64>,
    ) -> String {
        let money = crate::money::usd;
        let mut line = line
            .replace("{p25}", &money(band.p25))
            .replace("{median}", &money(band.median))
            .replace("{p75}", &money(band.p75))
            .replace("{offer}", &money(offer.base))
            .replace("{profile}", offer.profile);
        if let Some(counter) = counter {
            line = line.replace("{counter}", &money(counter));
        }
        line
    }

    #[test]
    fn one_pass_fills_scripts_as_replacing_each_placeholder_did() {
        let model = crate::estimator::bundled::model();
        let band = Percentiles {
            p10: 90_000,
            p25: 110_000,
            median: 132_400,
            p75: 151_200,
            p90: 1_234_567,
        };
        let offer = OfferFacts {
            base: 125_000,
            years: &[],
            profile: "4 years of backend experience in Seattle, WA",
        };
        let mut lines: Vec<String> = model
            .negotiation
            .positions
            .iter()
            .flat_map(|p| p.script.iter().cloned())
            .collect();
        lines.extend(
            [
                "",
                "{",
                "}",
                "{{p25}}",
                "{p25{median}",
                "no placeholders at all",
                "{counter} then {counter}",
                "{unknown} {p7} {offer",
                "{profile}{offer}{p25}{median}{p75}{counter}",
                "ends with {",
                "é{p25}ü",
            ]
            .map(str::to_owned),
        );
        for line in &lines {
            for counter in [None, Some(140_000)] {
                assert_eq!(
                    fill_placeholders(line, &band, &offer, counter),
                    replaced(line, &band, &offer, counter),
                    "{line}"
                );
            }
        }
    }
}
