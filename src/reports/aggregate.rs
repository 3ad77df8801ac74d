//! Approved reports into published cells, k-anonymously: fixed cells
//! (location × experience band × employment, plus a national cell per band),
//! a median only from the data file's threshold, quartiles only from a higher
//! one, values rounded, counts shown as bands, never a minimum or maximum.
//! Rebuilt once a day as a whole, so one approval cannot be read off a change.
//! A cell keeps only what it publishes: the estimator blends with these
//! rounded figures and the band, never with anything finer (issue 18).

use std::collections::{BTreeMap, HashMap};

use jiff::ToSpan;
use jiff::civil::Date;

use crate::estimator::reports::{CountBand, ReportsCell, ReportsModel};
use crate::store::StoredReport;

/// The cell key of a location, band and employment.
pub fn cell_key(location: &str, band: &str, employment: &str) -> String {
    format!("{location}|{band}|{employment}")
}

/// The national cell key of a band.
pub fn national_key(band: &str) -> String {
    format!("national|{band}")
}

/// The first week counted on `today`.
pub fn window_start(model: &ReportsModel, today: Date) -> Date {
    today.saturating_sub(i64::from(model.window_months).months())
}

/// Every publishable cell from these approved reports, as of `today`.
pub fn build(
    model: &ReportsModel,
    reports: &[StoredReport],
    today: Date,
) -> BTreeMap<String, ReportsCell> {
    let start = window_start(model, today);
    let mut cells: HashMap<String, Vec<f64>> = HashMap::new();
    for report in reports
        .iter()
        .filter(|r| r.facts.week >= start && r.facts.week <= today)
    {
        let band = model.band(f64::from(report.facts.years));
        let pay = report.facts.base_annual as f64;
        for key in [
            cell_key(&report.facts.location, &band, &report.facts.employment),
            national_key(&band),
        ] {
            cells.entry(key).or_default().push(pay);
        }
    }
    cells
        .into_iter()
        .filter_map(|(key, values)| aggregate(model, values, today).map(|cell| (key, cell)))
        .collect()
}

fn aggregate(model: &ReportsModel, mut pays: Vec<f64>, today: Date) -> Option<ReportsCell> {
    let count = u32::try_from(pays.len()).ok()?;
    if count < model.min_reports_median {
        return None;
    }
    pays.sort_by(f64::total_cmp);
    let round = |value: f64| {
        let step = model.round_to as f64;
        ((value / step).round() * step) as i64
    };
    let quartiles = count >= model.min_reports_quartiles;
    Some(ReportsCell {
        band: CountBand::of(count),
        median: round(quantile(&pays, 0.5)),
        p25: quartiles.then(|| round(quantile(&pays, 0.25))),
        p75: quartiles.then(|| round(quantile(&pays, 0.75))),
        updated: today,
    })
}

/// Linear-interpolated quantile of sorted values.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let position = q * (sorted.len() - 1) as f64;
    let low = position.floor() as usize;
    let high = position.ceil() as usize;
    let fraction = position - low as f64;
    sorted[low] + (sorted[high] - sorted[low]) * fraction
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{ReportFacts, ReportStatus};
    use jiff::civil::date;

    fn model() -> ReportsModel {
        use crate::estimator::bundled::MODEL as BUNDLED;
        crate::estimator::bundled::parse(BUNDLED)
            .expect("the bundled data file is valid")
            .reports
    }

    fn report(years: i32, location: &str, pay: i64, week: Date) -> StoredReport {
        StoredReport {
            id: crate::reports::random_id(),
            status: ReportStatus::Approved,
            facts: ReportFacts {
                week,
                years,
                location: location.to_owned(),
                industry: None,
                company_size: None,
                work_arrangement: "remote".to_owned(),
                employment: "salaried".to_owned(),
                amount_entered: pay,
                period_entered: "year".to_owned(),
                base_annual: pay,
                bonus_annual: None,
                model_median: pay,
            },
            flags: Vec::new(),
        }
    }

    #[test]
    fn a_cell_is_published_only_from_its_threshold() {
        let model = model();
        let today = date(2026, 11, 30);
        let nine: Vec<_> = (0..model.min_reports_median - 1)
            .map(|i| report(4, "seattle", 120_000 + i64::from(i) * 1_000, today))
            .collect();
        assert!(build(&model, &nine, today).is_empty());
        let mut ten = nine.clone();
        ten.push(report(4, "seattle", 200_000, today));
        let cells = build(&model, &ten, today);
        let cell = &cells[&cell_key("seattle", "3-5", "salaried")];
        assert_eq!(cell.count_band(), "10-19");
        assert_eq!(cell.median % model.round_to, 0, "rounded");
        assert_eq!(cell.p25, None, "no quartiles below their threshold");
        assert!(cells.contains_key(&national_key("3-5")));
    }

    #[test]
    fn quartiles_appear_from_their_threshold_and_old_reports_leave() {
        let model = model();
        let today = date(2026, 11, 30);
        let mut reports: Vec<_> = (0..model.min_reports_quartiles)
            .map(|i| report(12, "us", 100_000 + i64::from(i) * 2_345, today))
            .collect();
        let cells = build(&model, &reports, today);
        let cell = &cells[&cell_key("us", "10-14", "salaried")];
        assert!(cell.p25.is_some() && cell.p75.is_some());
        assert!(cell.p25 <= Some(cell.median) && Some(cell.median) <= cell.p75);
        // Outside the window they no longer count.
        for r in &mut reports {
            r.facts.week = date(2024, 10, 1);
        }
        assert!(build(&model, &reports, today).is_empty());
    }

    #[test]
    fn bands_follow_the_issues_edges() {
        let model = model();
        let bands: Vec<String> = [0.0, 2.0, 3.0, 5.0, 6.0, 9.0, 10.0, 14.0, 15.0, 40.0]
            .into_iter()
            .map(|y| model.band(y))
            .collect();
        assert_eq!(
            bands,
            [
                "0-2", "0-2", "3-5", "3-5", "6-9", "6-9", "10-14", "10-14", "15+", "15+"
            ]
        );
    }
}
