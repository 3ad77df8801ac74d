//! Cost of living: BEA's price parities for every location, and what a median
//! buys in national dollars.
//!
//! Kept apart from market pay on purpose: the estimate itself is never scaled
//! by prices. Employers pay what the local market pays; buying power is a
//! second, separate figure beside it.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::model::ModelError;
use super::round_to_hundred;

/// The `[cost_of_living]` section as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CostOfLivingFile {
    /// Source id of the metro parities.
    source: String,
    /// Source id of the state parities used where a metro row is missing.
    state_source: String,
    /// The year the parities measure.
    year: u16,
    /// When BEA released them.
    #[serde(deserialize_with = "crate::dates::deserialize")]
    released: Date,
    /// The work-arrangement id of a job that can be done from anywhere, for
    /// the idea of moving somewhere cheaper while keeping its pay.
    location_independent: String,
    /// Parities by location id; every location needs one.
    parities: BTreeMap<String, ParityFile>,
}

/// One location's parities as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ParityFile {
    /// All items, against 100 for the whole country.
    all_items: f64,
    /// Housing rents, against the same national all-items 100.
    housing: f64,
    /// The state whose parity stands in, where BEA's metro row is not in the file.
    #[serde(default)]
    state: Option<String>,
}

/// One location's price levels, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Parity {
    /// All items, against 100 for the whole country.
    pub all_items: f64,
    /// Housing rents, against the national all-items 100.
    pub housing: f64,
    /// The state whose figure stands in for the metro, if any.
    pub state: Option<String>,
    /// Source id of these figures.
    pub source: String,
}

/// BEA's parities for every location: the validated `[cost_of_living]`.
#[derive(Debug, Clone)]
pub struct PriceParities {
    /// The year the parities measure.
    pub year: u16,
    /// When BEA released them.
    pub released: Date,
    /// Source id of the metro parities.
    pub source: String,
    /// Source id of the state parities.
    pub state_source: String,
    /// The work-arrangement id of a job that can be done from anywhere.
    pub location_independent: String,
    by_location: BTreeMap<String, Parity>,
    /// The location with the lowest all-items price level, and that level.
    cheapest: (String, f64),
}

impl PriceParities {
    pub(super) fn build(file: CostOfLivingFile) -> Self {
        let by_location = file
            .parities
            .into_iter()
            .map(|(id, parity)| {
                let source = if parity.state.is_some() {
                    file.state_source.clone()
                } else {
                    file.source.clone()
                };
                let parity = Parity {
                    all_items: parity.all_items,
                    housing: parity.housing,
                    state: parity.state,
                    source,
                };
                (id, parity)
            })
            .collect::<BTreeMap<_, _>>();
        let cheapest = by_location
            .iter()
            .min_by(|a, b| a.1.all_items.total_cmp(&b.1.all_items))
            .map_or((String::new(), 100.0), |(id, parity)| {
                (id.clone(), parity.all_items)
            });
        Self {
            year: file.year,
            location_independent: file.location_independent,
            cheapest,
            released: file.released,
            source: file.source,
            state_source: file.state_source,
            by_location,
        }
    }

    /// The location whose prices are lowest, and its all-items level.
    pub fn cheapest(&self) -> (&str, f64) {
        (&self.cheapest.0, self.cheapest.1)
    }

    /// The parities of a location id; every location of a validated model has them.
    pub fn of(&self, location: &str) -> Option<&Parity> {
        self.by_location.get(location)
    }
}

/// Checks the section against the location ids and the source ids.
pub(super) fn validate(
    file: &CostOfLivingFile,
    location_ids: &[&str],
    arrangement_ids: &[&str],
    source_known: &dyn Fn(&str) -> bool,
    errors: &mut Vec<ModelError>,
) {
    for (key, id) in [
        ("cost_of_living.source", &file.source),
        ("cost_of_living.state_source", &file.state_source),
    ] {
        if !source_known(id) {
            errors.push(ModelError::new(
                key,
                format!("cites unknown source {id:?}; add it to [[sources]]"),
            ));
        }
    }
    if !arrangement_ids.contains(&file.location_independent.as_str()) {
        errors.push(ModelError::new(
            "cost_of_living.location_independent",
            format!(
                "{:?} is not a work_arrangement id",
                file.location_independent
            ),
        ));
    }
    if !(2000..=2100).contains(&file.year) {
        errors.push(ModelError::new(
            "cost_of_living.year",
            format!("must be a year such as 2024, found {}", file.year),
        ));
    }
    for id in location_ids {
        if !file.parities.contains_key(*id) {
            errors.push(ModelError::new(
                "cost_of_living.parities",
                format!("has no entry for location {id:?}; add its BEA price parities"),
            ));
        }
    }
    for (id, parity) in &file.parities {
        let entry = format!("cost_of_living.parities.{id}");
        if !location_ids.contains(&id.as_str()) {
            errors.push(ModelError::new(&entry, "is not a location id"));
        }
        // BEA's parities run from about 50 to about 250 (housing in the
        // dearest metros); anything outside is a typo.
        let plausible = |level: f64| level.is_finite() && (40.0..=300.0).contains(&level);
        if !plausible(parity.all_items) || !plausible(parity.housing) {
            errors.push(ModelError::new(
                &entry,
                "all_items and housing must be price levels between 40 and 300 (the US is 100)",
            ));
        }
        if parity.state.as_deref().is_some_and(|s| s.trim().is_empty()) {
            errors.push(ModelError::new(&entry, "state must name the state"));
        }
    }
}

/// Buying power: the price level where a person lives and what the median is
/// worth there in national dollars.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct CostOfLiving {
    /// All-items price level where the person lives (US = 100).
    pub price_level: f64,
    /// Housing-rents price level there (against the same US 100).
    pub housing_level: f64,
    /// The year the price levels measure.
    pub year: u16,
    /// The median in national dollars: median × 100 ÷ price level, to the
    /// nearest $100.
    pub adjusted_median: i64,
    /// Source id of the price levels.
    pub source: String,
}

/// What `median` buys where `place` (a location id) is, in national dollars.
pub fn cost_of_living(parities: &PriceParities, place: &str, median: i64) -> CostOfLiving {
    // A validated model has a row for every location, and the place was
    // validated as one; national prices are the neutral fallback.
    let (price_level, housing_level, source) = match parities.of(place) {
        Some(parity) => (parity.all_items, parity.housing, parity.source.clone()),
        None => (100.0, 100.0, parities.source.clone()),
    };
    CostOfLiving {
        price_level,
        housing_level,
        year: parities.year,
        adjusted_median: in_national_dollars(median, price_level),
        source,
    }
}

/// How much more a location-independent job's median buys in the cheapest
/// place than where the person lives now: the place's id and the gain in
/// national dollars, when there is one.
pub fn move_gain<'p>(
    parities: &'p PriceParities,
    living_place: &str,
    median: i64,
) -> Option<(&'p str, i64)> {
    let (cheapest, level) = parities.cheapest();
    let now = parities.of(living_place).map_or(100.0, |p| p.all_items);
    let gain = in_national_dollars(median, level) - in_national_dollars(median, now);
    (gain > 0).then_some((cheapest, gain))
}

/// An amount spent at `price_level`, in national dollars to the nearest $100.
pub fn in_national_dollars(amount: i64, price_level: f64) -> i64 {
    round_to_hundred(amount as f64 * 100.0 / price_level)
}

#[cfg(test)]
mod tests {
    use super::super::{EstimateInput, SalaryModel, estimate};

    const BUNDLED: &str = include_str!("../../content/data/salary-model.toml");

    fn model() -> SalaryModel {
        SalaryModel::parse(BUNDLED).expect("the bundled data file is valid")
    }

    fn at(location: &str) -> EstimateInput {
        let mut input = EstimateInput {
            years: 4.0,
            ..EstimateInput::default()
        };
        input.choices.location = Some(location.to_owned());
        input
    }

    #[test]
    fn every_location_has_bea_price_levels() {
        let model = model();
        for value in &model.factor(super::super::FactorKind::Location).values {
            assert!(model.cost_of_living.of(&value.id).is_some(), "{}", value.id);
        }
        let us = model.cost_of_living.of("us").expect("national row");
        assert_eq!(us.all_items, 100.0);
        assert_eq!(us.source, "bea-rpp-metro-2024");
        // Birmingham is in BEA's metro file (CBSA 13820): its own row, not Alabama's.
        let birmingham = model
            .cost_of_living
            .of("birmingham")
            .expect("Birmingham row");
        assert_eq!(birmingham.all_items, 91.644);
        assert_eq!(birmingham.state, None);
        assert_eq!(birmingham.source, "bea-rpp-metro-2024");
    }

    #[test]
    fn a_place_marked_with_its_state_cites_the_state_file() {
        let bundled = BUNDLED.replacen(
            "tulsa = { all_items = 89.214, housing = 68.235 }",
            "tulsa = { all_items = 87.843, housing = 62.763, state = \"Oklahoma\" }",
            1,
        );
        assert_ne!(bundled, BUNDLED);
        let model = SalaryModel::parse(&bundled).expect("valid model");
        let tulsa = model.cost_of_living.of("tulsa").expect("Tulsa row");
        assert_eq!(tulsa.state.as_deref(), Some("Oklahoma"));
        assert_eq!(tulsa.source, "bea-rpp-state-2024");
    }

    #[test]
    fn a_missing_location_is_a_load_error_naming_it() {
        let broken = BUNDLED.replacen(
            "denver = { all_items = 105.782, housing = 146.919 }\n",
            "",
            1,
        );
        assert_ne!(broken, BUNDLED);
        let errors = SalaryModel::parse(&broken).unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].entry, "cost_of_living.parities");
        assert!(errors[0].problem.contains("\"denver\""), "{}", errors[0]);

        let unknown = BUNDLED.replacen("jackson = {", "gotham = {", 1);
        let errors = SalaryModel::parse(&unknown).unwrap_err();
        assert!(
            errors
                .iter()
                .any(|e| e.entry == "cost_of_living.parities.gotham")
        );
        assert!(errors.iter().any(|e| e.problem.contains("\"jackson\"")));

        let typo = BUNDLED.replacen("all_items = 110.423", "all_items = 1104.23", 1);
        let errors = SalaryModel::parse(&typo).unwrap_err();
        assert_eq!(errors[0].entry, "cost_of_living.parities.san-jose");
    }

    #[test]
    fn buying_power_divides_the_median_by_the_price_level_and_never_touches_pay() {
        let model = model();
        let estimate = estimate(&model, &at("san-jose")).expect("valid");
        let living = &estimate.cost_of_living;
        assert_eq!(living.price_level, 110.423);
        assert_eq!(living.housing_level, 211.901);
        assert_eq!(living.year, 2024);
        assert_eq!(living.source, "bea-rpp-metro-2024");
        let expected =
            ((estimate.base.median as f64 * 100.0 / 110.423 / 100.0).round() * 100.0) as i64;
        assert_eq!(living.adjusted_median, expected);
        assert!(living.adjusted_median < estimate.base.median);
        assert!(
            estimate
                .sources
                .iter()
                .any(|s| s.id == "bea-rpp-metro-2024")
        );

        // Cheaper than average: the same dollars buy more.
        let jackson = estimate_at(&model, "jackson");
        assert!(jackson.cost_of_living.adjusted_median > jackson.base.median);
        // National prices: buying power is the median itself.
        let national = estimate_at(&model, "us");
        assert_eq!(
            national.cost_of_living.adjusted_median,
            national.base.median
        );
    }

    fn estimate_at(model: &SalaryModel, location: &str) -> super::super::Estimate {
        estimate(model, &at(location)).expect("valid")
    }
}
