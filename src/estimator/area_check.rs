//! BLS's own figures for software developers where the estimate's pay is set,
//! beside the estimate: P10 to P90, employment and the relative standard
//! errors, for the estimate's area, or for its state (or the nation) when BLS
//! released no median there, and what the difference between the two ranges
//! means, in words whose figures all come from the data.

use serde::Serialize;

use super::bls::{Area, AreaKind, Bls, SOFTWARE_DEVELOPERS, Wages};
use super::estimate::Percentiles;
use super::model::{FactorKind, SalaryModel};
use crate::money::{Usd, count};

/// BLS's percentiles for software developers in the estimate's area.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct AreaCheck {
    /// The location id the estimate's pay is set in.
    pub location: String,
    /// The BLS area whose figures these are: the location itself, or the one
    /// that stands in for it (see `figures_of`).
    pub area: String,
    /// BLS's name of that area, "Boise City, ID".
    pub name: String,
    /// `area` when the figures are the location's own, `state` when its
    /// state's stand in, `national` when the nation's do.
    pub figures_of: &'static str,
    /// Why another area's figures stand in, in a sentence; empty when they
    /// are the location's own.
    pub stand_in: String,
    /// The release, "May 2025".
    pub period: String,
    /// 10th percentile of yearly pay; `null` where BLS published none.
    pub p10: Option<i64>,
    /// 25th percentile.
    pub p25: Option<i64>,
    /// Median.
    pub median: Option<i64>,
    /// 75th percentile.
    pub p75: Option<i64>,
    /// 90th percentile.
    pub p90: Option<i64>,
    /// Software developers employed there, rounded by BLS; `null` where not released.
    pub employment: Option<i64>,
    /// Relative standard error of the employment figure, in percent.
    pub employment_rse: Option<f64>,
    /// Relative standard error of the mean wage, in percent: how precise the
    /// wage figures are.
    pub wage_rse: Option<f64>,
    /// BLS's words on any figure it did not publish (a P90 above its top code).
    pub footnotes: Vec<String>,
    /// `below`, `overlaps` or `above`: where this estimate's p25–p75 sits
    /// against BLS's; `unknown` when BLS published no P25 or P75.
    pub position: &'static str,
    /// The comparison in a sentence, with both ranges.
    pub note: String,
    /// Source id of the figures.
    pub source: String,
}

/// The figures for `location` (a location id), or its stand-in's, beside `band`.
pub fn area_check(
    model: &SalaryModel,
    location: Option<&str>,
    band: &Percentiles,
    years: f64,
) -> AreaCheck {
    let bls = &model.bls;
    let locations = model.factor(FactorKind::Location);
    let id = location
        .or(locations.default.as_deref())
        .unwrap_or(&bls.national().id);
    let value = locations.value(id);
    let own = bls.area(id).unwrap_or_else(|| bls.national());
    let (area, wages, figures_of) = figures_for(bls, own);
    let name = if area.kind == AreaKind::National {
        "the United States".to_owned()
    } else {
        area.name.clone()
    };
    let stand_in = if area.id == own.id {
        String::new()
    } else {
        let whose = match area.kind {
            AreaKind::National => "the national figures".to_owned(),
            _ => format!("{name}'s figures"),
        };
        format!(
            "BLS released no median for software developers in {} for {}, so these are {whose}.",
            own.name, bls.release.release
        )
    };
    let cell = |i: usize| wages.and_then(|w| w.percentiles[i].whole());
    let [p10, p25, median, p75, p90] = [0, 1, 2, 3, 4].map(cell);
    let mut footnotes: Vec<String> = Vec::new();
    if let Some(w) = wages {
        for code in w.percentiles.iter().filter_map(|c| c.footnote()) {
            if let Some(text) = bls.footnote(code)
                && !footnotes.iter().any(|f| f == text)
            {
                footnotes.push(text.to_owned());
            }
        }
    }
    let (position, note) = compare(band, p25, p75, &name, years);
    AreaCheck {
        location: id.to_owned(),
        area: area.id.clone(),
        name,
        figures_of,
        stand_in,
        period: bls.release.release.clone(),
        p10,
        p25,
        median,
        p75,
        p90,
        employment: wages.and_then(|w| w.employment.whole()),
        employment_rse: wages.and_then(|w| w.employment_rse.value()),
        wage_rse: wages.and_then(|w| w.wage_rse.value()),
        footnotes,
        position,
        note,
        source: value
            .and_then(|v| v.sources.first().cloned())
            .unwrap_or_default(),
    }
}

/// The area whose software developers' figures apply: the area's own when
/// BLS released a median there, else its state's, else the nation's.
fn figures_for<'a>(bls: &'a Bls, own: &'a Area) -> (&'a Area, Option<&'a Wages>, &'static str) {
    let with_median = |area: &'a Area| {
        bls.wages(&area.id, SOFTWARE_DEVELOPERS)
            .filter(|w| w.median().is_some())
    };
    if let Some(wages) = with_median(own) {
        return (own, Some(wages), "area");
    }
    if own.kind != AreaKind::State
        && let Some(state) = bls.state(&own.state)
        && let Some(wages) = with_median(state)
    {
        return (state, Some(wages), "state");
    }
    let nation = bls.national();
    (nation, with_median(nation), "national")
}

/// Where this estimate's middle half sits against BLS's, and why, in words.
fn compare(
    band: &Percentiles,
    p25: Option<i64>,
    p75: Option<i64>,
    name: &str,
    years: f64,
) -> (&'static str, String) {
    let years = super::years_phrase(years);
    let ours = format!("{}–{}", Usd(band.p25), Usd(band.p75));
    let (Some(p25), Some(p75)) = (p25, p75) else {
        return (
            "unknown",
            format!("BLS did not publish the middle half of software developers' pay in {name}."),
        );
    };
    let theirs = format!("{}–{}", Usd(p25), Usd(p75));
    if band.p75 < p25 {
        (
            "below",
            format!(
                "This estimate's middle half ({ours}) sits below BLS's for software developers in {name} ({theirs}): ours is backend pay at {years} of experience, theirs covers software developers there at every level, so senior people lift it."
            ),
        )
    } else if band.p25 > p75 {
        (
            "above",
            format!(
                "This estimate's middle half ({ours}) sits above BLS's for software developers in {name} ({theirs}): ours is backend pay at {years} of experience with your industry, company and skills; theirs is every software developer there, including lower-paid employers and roles."
            ),
        )
    } else {
        (
            "overlaps",
            format!(
                "This estimate's middle half ({ours}) overlaps BLS's for software developers in {name} ({theirs})."
            ),
        )
    }
}

impl AreaCheck {
    /// P10, P25, median, P75 and P90, for a table row.
    pub fn percentiles(&self) -> [Option<i64>; 5] {
        [self.p10, self.p25, self.median, self.p75, self.p90]
    }

    /// Employment and the relative standard errors in words: "1,230 jobs
    /// (relative standard error 5.2%); wages' relative standard error 1.3%".
    pub fn precision(&self) -> String {
        let mut parts = Vec::new();
        match (self.employment, self.employment_rse) {
            (Some(jobs), Some(rse)) => parts.push(format!(
                "{} jobs (relative standard error {rse:.1}%)",
                count(jobs)
            )),
            (Some(jobs), None) => parts.push(format!("{} jobs", count(jobs))),
            (None, _) => parts.push("employment not released".to_owned()),
        }
        if let Some(rse) = self.wage_rse {
            parts.push(format!("wages' relative standard error {rse:.1}%"));
        }
        parts.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn band(p25: i64, p75: i64) -> Percentiles {
        Percentiles {
            p10: p25 - 10_000,
            p25,
            median: (p25 + p75) / 2,
            p75,
            p90: p75 + 10_000,
        }
    }

    #[test]
    fn the_note_places_our_middle_half_against_bls_in_words_with_both_ranges() {
        let (position, note) = compare(
            &band(180_000, 220_000),
            Some(100_000),
            Some(160_000),
            "Boise City, ID",
            12.0,
        );
        assert_eq!(position, "above");
        assert!(
            note.starts_with("This estimate's middle half ($180,000–$220,000) sits above BLS's for software developers in Boise City, ID ($100,000–$160,000)"),
            "{note}"
        );
        let (position, _) = compare(
            &band(80_000, 99_999),
            Some(100_000),
            Some(160_000),
            "X",
            0.0,
        );
        assert_eq!(position, "below");
        let (position, note) = compare(
            &band(80_000, 100_000),
            Some(100_000),
            Some(160_000),
            "X",
            0.0,
        );
        assert_eq!(position, "overlaps");
        assert!(note.ends_with("($100,000–$160,000)."), "{note}");
        let (position, _) = compare(&band(80_000, 100_000), None, Some(160_000), "X", 0.0);
        assert_eq!(position, "unknown");
    }
}
