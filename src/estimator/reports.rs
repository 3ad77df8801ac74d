//! Visitors' reports as the pure estimator sees them: the `[reports]` section
//! of the data file, the checks that refuse unit mistakes and implausible
//! figures, and (in [`blend`]) how far a cell's approved reports may move an
//! estimate. No database, clock or HTTP here: aggregates come in as data.

use serde::{Deserialize, Serialize};

use super::model_error::ModelError;
pub use super::report_pay::{PayPeriod, ReportFlag, ReportProblem, ReportedPay, UnitHint};

/// The `[reports]` section: every threshold a report meets, with sources.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportsModel {
    /// Lowest yearly base salary accepted, in dollars.
    pub min_yearly: i64,
    /// Highest yearly base salary accepted, in dollars.
    pub max_yearly: i64,
    /// A report this many times above (or below) the model's median for the
    /// same profile is refused as a likely mistake.
    pub reject_ratio: f64,
    /// Past this ratio a report is accepted but flagged for the moderator.
    pub flag_ratio: f64,
    /// A yearly bonus more than this many times the yearly base is refused
    /// beside the bonus field as a likely slip; between one time (flagged
    /// for the moderator) and this it is accepted.
    pub max_bonus_ratio: f64,
    /// Sources of the bounds and ratios.
    pub check_sources: Vec<String>,
    /// First year of each experience band of the published cells.
    pub experience_bands: Vec<u32>,
    /// Approved reports from the last this many months count.
    pub window_months: u32,
    /// A cell shows a median only with at least this many reports.
    pub min_reports_median: u32,
    /// A cell shows quartiles only with at least this many reports.
    pub min_reports_quartiles: u32,
    /// Published medians and quartiles are rounded to this many dollars.
    pub round_to: i64,
    /// Sources of the thresholds and rounding.
    pub privacy_sources: Vec<String>,
    /// The assumed bias of self-reported pay, on the log scale (β).
    pub bias: f64,
    /// Spread of log pay within a cell (s), used until measured.
    pub spread: f64,
    /// The model's own uncertainty (τ) by confidence: high, medium, low.
    pub model_uncertainty: [f64; 3],
    /// Ceiling of the weight, for estimates whose own uncertainty is so
    /// large that the bias term alone would not keep reports a minority voice.
    pub max_weight: f64,
    /// Largest share by which reports may move a median, either way.
    pub max_shift: f64,
    /// Sources of the blending.
    pub blend_sources: Vec<String>,
    /// How the blend works, in words for readers.
    pub basis: String,
    /// Above this many reports waiting for a moderator the form closes.
    pub pending_cap: u32,
}

impl ReportsModel {
    /// Checks the section's values; `check_sources` checks cited ids exist.
    pub(crate) fn validate(
        &self,
        errors: &mut Vec<ModelError>,
        check_sources: &super::model_error::SourceCheck<'_>,
    ) {
        let mut problem = |what: &str| errors.push(ModelError::new("reports", what.to_owned()));
        if !(0 < self.min_yearly && self.min_yearly < self.max_yearly) {
            problem("min_yearly must be positive and below max_yearly");
        }
        if !(1.0 < self.flag_ratio && self.flag_ratio < self.reject_ratio) {
            problem("flag_ratio must be above 1 and below reject_ratio");
        }
        if !(self.max_bonus_ratio.is_finite() && self.max_bonus_ratio > 1.0) {
            problem(
                "max_bonus_ratio must be above 1: a bonus above the base is flagged, one above max_bonus_ratio times it refused",
            );
        }
        if self.experience_bands.first() != Some(&0)
            || !self.experience_bands.windows(2).all(|w| w[0] < w[1])
        {
            problem("experience_bands must start at 0 and rise");
        }
        if self.window_months == 0 {
            problem("window_months must be at least 1");
        }
        if !(1 <= self.min_reports_median && self.min_reports_median <= self.min_reports_quartiles)
        {
            problem("min_reports_median must be at least 1 and at most min_reports_quartiles");
        }
        if self.round_to <= 0 {
            problem("round_to must be positive");
        }
        if !(self.bias > 0.0 && self.spread > 0.0) {
            problem("bias and spread must be positive: without bias the weight is not capped");
        }
        if self.model_uncertainty.iter().any(|t| *t <= 0.0) {
            problem("model_uncertainty values must be positive");
        }
        if !(self.max_weight > 0.0 && self.max_weight < 0.4) {
            problem("max_weight must be above 0 and below 0.4: reports never outweigh the sources");
        }
        if !(0.0..=0.5).contains(&self.max_shift) {
            problem("max_shift must be between 0 and 0.5");
        }
        if self.pending_cap == 0 {
            problem("pending_cap must be at least 1");
        }
        for (entry, ids) in [
            ("reports.check_sources", &self.check_sources),
            ("reports.privacy_sources", &self.privacy_sources),
            ("reports.blend_sources", &self.blend_sources),
        ] {
            check_sources(entry, ids, errors);
        }
    }

    /// The experience band `years` falls in, as "0-2", "3-5" … "15+".
    pub fn band(&self, years: f64) -> String {
        let mut band = String::new();
        // Writing to a String cannot fail.
        let _ = self.write_band(years, &mut band);
        band
    }

    /// [`Self::band`] written into `out`, for a lookup that builds its key
    /// without allocating.
    pub fn write_band(&self, years: f64, out: &mut impl std::fmt::Write) -> std::fmt::Result {
        let bands = &self.experience_bands;
        let index = bands
            .iter()
            .rposition(|from| f64::from(*from) <= years)
            .unwrap_or(0);
        let Some(from) = bands.get(index) else {
            return Ok(());
        };
        match bands.get(index + 1) {
            Some(next) => write!(out, "{from}-{}", next - 1),
            None => write!(out, "{from}+"),
        }
    }

    /// Checks one report's yearly base pay against the bounds and the
    /// model's median for the same profile: refused with what looked wrong,
    /// or accepted with flags for the moderator.
    pub fn check(&self, report: &ReportedPay) -> Result<Vec<ReportFlag>, ReportProblem> {
        let yearly = report.yearly;
        let bounds = (self.min_yearly, self.max_yearly);
        let within = |value: i64| (self.min_yearly..=self.max_yearly).contains(&value);
        if yearly < self.min_yearly {
            // The usual mistakes: a month's pay as a year's, or thousands.
            let hint = match report.period {
                PayPeriod::Year if within(report.amount * 12) => Some(UnitHint::Monthly),
                PayPeriod::Year | PayPeriod::Month if within(report.amount * 1000) => {
                    Some(UnitHint::Thousands)
                }
                _ => None,
            };
            return Err(ReportProblem::BelowBounds { bounds, hint });
        }
        if yearly > self.max_yearly {
            let hint = match report.period {
                PayPeriod::Month if within(report.amount) => Some(UnitHint::YearlyAsMonthly),
                PayPeriod::Hour if within(report.amount) => Some(UnitHint::YearlyAsHourly),
                _ => None,
            };
            return Err(ReportProblem::AboveBounds { bounds, hint });
        }
        let ratio = yearly as f64 / report.model_median.max(1) as f64;
        if ratio > self.reject_ratio || ratio < 1.0 / self.reject_ratio {
            return Err(ReportProblem::FarFromModel {
                ratio,
                limit: self.reject_ratio,
                model_median: report.model_median,
            });
        }
        if let Some(bonus) = report.bonus
            && bonus as f64 > self.max_bonus_ratio * yearly as f64
        {
            return Err(ReportProblem::BonusAboveBound {
                ratio: self.max_bonus_ratio,
                limit: (self.max_bonus_ratio * yearly as f64).floor() as i64,
            });
        }
        let mut flags = Vec::new();
        if ratio > self.flag_ratio || ratio < 1.0 / self.flag_ratio {
            flags.push(ReportFlag::FarFromModel);
        }
        if let Some(bonus) = report.bonus
            && bonus > yearly
        {
            flags.push(ReportFlag::BonusAboveBase);
        }
        Ok(flags)
    }
}

/// The published aggregate of one cell's approved reports: what the
/// estimator may show and blend with. Built daily from the database; plain
/// data here. It holds only what the site publishes (rounded figures and the
/// count's band), so nothing computed from it can reveal one report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportsCell {
    /// How many approved reports the cell has, as a band.
    #[serde(skip)]
    pub band: CountBand,
    /// Median yearly base pay, rounded.
    pub median: i64,
    /// 25th percentile, when the cell has enough reports for quartiles.
    pub p25: Option<i64>,
    /// 75th percentile, likewise.
    pub p75: Option<i64>,
    /// The day the aggregate was built.
    pub updated: jiff::civil::Date,
}

/// A cell's number of reports as published: a band, never the number, so
/// one more or one fewer report does not show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum CountBand {
    /// 10 to 19 reports (the publishing threshold up to 19).
    #[default]
    From10,
    /// 20 to 49.
    From20,
    /// 50 to 99.
    From50,
    /// 100 or more.
    From100,
}

impl CountBand {
    /// The band a count falls in (counts below 20 read as the lowest band:
    /// cells below the publishing threshold are never built).
    pub fn of(count: u32) -> Self {
        match count {
            0..=19 => CountBand::From10,
            20..=49 => CountBand::From20,
            50..=99 => CountBand::From50,
            _ => CountBand::From100,
        }
    }

    /// The band as shown: "10-19", "20-49", "50-99" or "100+".
    pub fn label(self) -> &'static str {
        match self {
            CountBand::From10 => "10-19",
            CountBand::From20 => "20-49",
            CountBand::From50 => "50-99",
            CountBand::From100 => "100+",
        }
    }

    /// Reads a band back from its label.
    pub fn from_label(label: &str) -> Option<Self> {
        [Self::From10, Self::From20, Self::From50, Self::From100]
            .into_iter()
            .find(|band| band.label() == label)
    }

    /// The fewest reports the band holds: what the blend's weight counts,
    /// so the weight moves only when the published band does.
    pub fn floor(self) -> u32 {
        match self {
            CountBand::From10 => 10,
            CountBand::From20 => 20,
            CountBand::From50 => 50,
            CountBand::From100 => 100,
        }
    }
}

impl ReportsCell {
    /// The count as shown: a band, never the number.
    pub fn count_band(&self) -> &'static str {
        self.band.label()
    }
}

/// What a cell's approved reports did to an estimate: shown beside it (page,
/// API, command line) and as the breakdown's `reports` row.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ReportsEffect {
    /// "10-19", "20-49", "50-99" or "100+".
    pub count_band: &'static str,
    /// The reports' median yearly base pay, rounded.
    pub median: i64,
    /// Their 25th percentile, when the cell has enough reports.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p25: Option<i64>,
    /// Their 75th percentile, likewise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p75: Option<i64>,
    /// When the reports were last aggregated.
    #[schema(value_type = String, format = Date)]
    pub updated: jiff::civil::Date,
    /// The credibility weight given to the reports, 0 to under 0.4.
    pub weight: f64,
    /// What the reports multiply the median by.
    pub multiplier: f64,
    /// Dollars the reports add to (or take from) the median.
    pub effect: i64,
}

impl ReportsModel {
    /// The model's uncertainty τ for an estimate's confidence level.
    fn uncertainty(&self, confidence: &str) -> f64 {
        match confidence {
            "high" => self.model_uncertainty[0],
            "medium" => self.model_uncertainty[1],
            _ => self.model_uncertainty[2],
        }
    }

    /// The credibility weight Z = τ² / (τ² + s²/n + β²) of a cell's reports:
    /// it grows with their number but stays below τ² / (τ² + β²), because
    /// self-reported pay may be biased however many report it; and never
    /// above `max_weight`. `n` is the floor of the cell's published band,
    /// never its exact count, so the weight reveals nothing the band does not.
    pub fn weight(&self, confidence: &str, band: CountBand) -> f64 {
        let tau2 = self.uncertainty(confidence).powi(2);
        let sampling = self.spread.powi(2) / f64::from(band.floor());
        (tau2 / (tau2 + sampling + self.bias.powi(2))).min(self.max_weight)
    }

    /// How far a cell moves a model median: the multiplier, clamped to
    /// 1 ± `max_shift`, and the weight; `None` for a cell with no median.
    /// Only published values enter: the rounded median and the count's band.
    /// An unrounded centre would be one report's own amount in a cell of ten,
    /// and a weight from the exact count would move with each report, so that
    /// adding one and rebuilding would read its amount back off the multiplier.
    pub fn blend(
        &self,
        model_median: i64,
        confidence: &str,
        cell: &ReportsCell,
    ) -> Option<(f64, f64)> {
        if cell.median <= 0 || model_median <= 0 {
            return None;
        }
        let weight = self.weight(confidence, cell.band);
        let gap = libm::log(cell.median as f64) - libm::log(model_median as f64);
        let multiplier = libm::exp(weight * gap).clamp(1.0 - self.max_shift, 1.0 + self.max_shift);
        Some((multiplier, weight))
    }
}

/// Applies a cell's reports to a median: the blended median and what the
/// reports did, with a `reports` row added to the breakdown. Without a cell
/// (or below its threshold) the median is unchanged.
pub(crate) fn apply(
    model: &super::SalaryModel,
    median: i64,
    confidence: &str,
    cell: Option<&ReportsCell>,
    factors: &mut Vec<super::FactorEffect>,
) -> (i64, Option<ReportsEffect>) {
    let reports = &model.reports;
    let Some(cell) = cell else {
        return (median, None);
    };
    let Some((multiplier, weight)) = reports.blend(median, confidence, cell) else {
        return (median, None);
    };
    let blended = super::round_to_hundred(median as f64 * multiplier);
    let effect = blended - median;
    factors.push(super::FactorEffect {
        factor: "reports",
        value: cell.count_band().to_owned(),
        label: format!(
            "Visitors' reports ({} approved)",
            cell.count_band().replace('-', "–")
        ),
        multiplier: (multiplier * 1000.0).round() / 1000.0,
        effect,
        sources: reports.blend_sources.clone(),
    });
    let effect_view = ReportsEffect {
        count_band: cell.count_band(),
        median: cell.median,
        p25: cell.p25,
        p75: cell.p75,
        updated: cell.updated,
        weight: (weight * 1000.0).round() / 1000.0,
        multiplier: (multiplier * 1000.0).round() / 1000.0,
        effect,
    };
    (blended, Some(effect_view))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> ReportsModel {
        use crate::estimator::bundled::MODEL as BUNDLED;
        crate::estimator::bundled::parse(BUNDLED)
            .expect("the bundled data file is valid")
            .reports
    }

    fn pay(amount: i64, period: PayPeriod, model_median: i64) -> ReportedPay {
        ReportedPay {
            amount,
            period,
            yearly: period.to_yearly(amount, 2080.0),
            bonus: None,
            model_median,
        }
    }

    fn cell(count: u32, median: f64) -> ReportsCell {
        ReportsCell {
            band: CountBand::of(count),
            median: median as i64,
            p25: None,
            p75: None,
            updated: jiff::civil::date(2026, 11, 30),
        }
    }

    #[test]
    fn a_bonus_is_bounded_against_the_yearly_base() {
        let model = model();
        let with_bonus = |amount, period, bonus| ReportedPay {
            bonus: Some(bonus),
            ..pay(amount, period, 120_000)
        };
        // $60 an hour over 2,080 hours is $124,800 a year; twice it $249,600.
        assert_eq!(
            model.check(&with_bonus(60, PayPeriod::Hour, 249_601)),
            Err(ReportProblem::BonusAboveBound {
                ratio: 2.0,
                limit: 249_600
            })
        );
        let flags = model
            .check(&with_bonus(60, PayPeriod::Hour, 249_600))
            .expect("twice the base is accepted");
        assert_eq!(flags, vec![ReportFlag::BonusAboveBase]);
        assert_eq!(
            ReportProblem::BonusAboveBound {
                ratio: 2.0,
                limit: 249_600
            }
            .field(),
            "bonus"
        );
    }

    #[test]
    fn the_weight_stays_under_four_tenths_however_many_report() {
        let reports = model();
        for confidence in ["high", "medium", "low"] {
            for band in [
                CountBand::From10,
                CountBand::From20,
                CountBand::From50,
                CountBand::From100,
            ] {
                let weight = reports.weight(confidence, band);
                assert!(
                    weight > 0.0 && weight < 0.4,
                    "{confidence} {band:?}: {weight}"
                );
            }
        }
    }

    #[test]
    fn reports_move_a_median_part_way_and_never_past_the_clamp() {
        let reports = model();
        let (multiplier, _) = reports
            .blend(120_000, "medium", &cell(30, 138_000.0))
            .unwrap();
        assert!((multiplier - 1.053).abs() < 0.005, "{multiplier}");
        let (multiplier, _) = reports
            .blend(120_000, "low", &cell(1000, 400_000.0))
            .unwrap();
        assert_eq!(multiplier, 1.0 + reports.max_shift);
        let (multiplier, _) = reports
            .blend(120_000, "low", &cell(1000, 20_000.0))
            .unwrap();
        assert_eq!(multiplier, 1.0 - reports.max_shift);
    }

    proptest::proptest! {
        /// No flood of approved reports, however large or extreme, moves a
        /// median by more than the clamp.
        #[test]
        fn no_flood_moves_a_median_more_than_the_clamp(
            count in 10u32..1_000_000,
            reported in 1.0f64..1e9,
            model_median in 1i64..5_000_000,
            confidence in proptest::sample::select(vec!["high", "medium", "low"]),
        ) {
            let reports = model();
            let blended = reports.blend(model_median, confidence, &cell(count, reported));
            let Some((multiplier, weight)) = blended else {
                return Err(proptest::test_runner::TestCaseError::fail("a published cell always blends"));
            };
            proptest::prop_assert!(multiplier >= 1.0 - reports.max_shift - 1e-12);
            proptest::prop_assert!(multiplier <= 1.0 + reports.max_shift + 1e-12);
            proptest::prop_assert!(weight < 0.4);
            let moved = (model_median as f64 * multiplier - model_median as f64).abs();
            proptest::prop_assert!(moved <= model_median as f64 * reports.max_shift + 1e-6);
        }
    }

    /// The differencing attack of issue 18: two builds of a cell that differ
    /// by one report but publish the same rounded median and band must move
    /// an estimate identically, in every field shown.
    #[test]
    fn one_more_report_changes_nothing_unless_the_published_cell_does() {
        let reports = model();
        let before = ReportsCell {
            median: 126_000,
            ..cell(10, 126_000.0)
        };
        let after = ReportsCell {
            median: 126_000,
            ..cell(11, 126_000.0)
        };
        for confidence in ["high", "medium", "low"] {
            assert_eq!(
                reports.blend(118_500, confidence, &before),
                reports.blend(118_500, confidence, &after)
            );
        }
        // The weight moves only when the band does.
        assert_eq!(
            reports.weight("medium", CountBand::of(20)),
            reports.weight("medium", CountBand::of(49))
        );
        assert!(
            reports.weight("medium", CountBand::of(19))
                < reports.weight("medium", CountBand::of(20))
        );
    }

    #[test]
    fn periods_convert_to_yearly_pay() {
        assert_eq!(PayPeriod::Month.to_yearly(10_000, 2080.0), 120_000);
        assert_eq!(PayPeriod::Hour.to_yearly(60, 2080.0), 124_800);
        assert_eq!(PayPeriod::Year.to_yearly(99_000, 2080.0), 99_000);
    }

    #[test]
    fn a_monthly_figure_typed_as_yearly_is_refused_with_the_likely_mistake() {
        let reports = model();
        let problem = reports
            .check(&pay(9_500, PayPeriod::Year, 120_000))
            .unwrap_err();
        assert!(matches!(
            problem,
            ReportProblem::BelowBounds {
                hint: Some(UnitHint::Monthly),
                ..
            }
        ));
        assert!(problem.to_string().contains("a month's pay"), "{problem}");
        let problem = reports
            .check(&pay(120, PayPeriod::Year, 120_000))
            .unwrap_err();
        assert!(problem.to_string().contains("thousands"), "{problem}");
        let problem = reports
            .check(&pay(120_000, PayPeriod::Hour, 120_000))
            .unwrap_err();
        assert!(problem.to_string().contains("a year's pay"), "{problem}");
    }

    #[test]
    fn far_from_the_model_is_refused_or_flagged_by_the_files_ratios() {
        let reports = model();
        let median = 100_000;
        let refused = (median as f64 * reports.reject_ratio) as i64 + 1_000;
        let problem = reports
            .check(&pay(refused, PayPeriod::Year, median))
            .unwrap_err();
        assert!(problem.to_string().contains("$100,000"), "{problem}");
        let flagged = (median as f64 * reports.flag_ratio) as i64 + 1_000;
        assert_eq!(
            reports.check(&pay(flagged, PayPeriod::Year, median)),
            Ok(vec![ReportFlag::FarFromModel])
        );
        assert_eq!(
            reports.check(&pay(median, PayPeriod::Year, median)),
            Ok(vec![])
        );
    }
}
