//! Cost of living: BEA's price parities for every location, and what a median
//! buys in national dollars.
//!
//! Kept apart from market pay on purpose: the estimate itself is never scaled
//! by prices. Employers pay what the local market pays; buying power is a
//! second, separate figure beside it.

mod bea_file;

use std::collections::BTreeMap;
use std::sync::Arc;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::model_error::ModelError;
use super::round_to_hundred;
use bea_file::plausible_level;
pub use bea_file::{PRICES_PATH, PriceRow, PriceTable, PricesError, RegionalPrices};

/// The location a place of the calculator stands for, and where its price
/// parity comes from.
#[derive(Debug, Clone)]
pub(crate) struct LocationPlace<'a> {
    /// The location id.
    pub id: &'a str,
    /// Its state's USPS code ("US" for the nation).
    pub state: &'a str,
    /// Its state's name as BLS writes it.
    pub state_name: &'a str,
    /// The location is a whole state (or the nation), not an area within one.
    pub whole_state: bool,
}

/// The `[cost_of_living]` section as written. The metros', the nation's and
/// the nonmetropolitan areas' rows are BEA's own files, imported into
/// `content/data/bea/` ([`RegionalPrices`]); the states' are typed here.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CostOfLivingFile {
    /// Source id of the metro parities (MARPP), the nation's among them.
    source: String,
    /// Source id of the parities of states' nonmetropolitan portions (PARPP).
    portion_source: String,
    /// Source id of the state parities (SARPP), used where BEA's files have no
    /// row for the area itself.
    state_source: String,
    /// The year the parities measure.
    year: u16,
    /// When BEA released them.
    #[serde(deserialize_with = "crate::dates::deserialize")]
    released: Date,
    /// The work-arrangement id of a job that can be done from anywhere, for
    /// the idea of moving somewhere cheaper while keeping its pay.
    location_independent: String,
    /// Parities by state (USPS code), from BEA's state file: they are the
    /// state's own, and stand in for every area of the state without a row
    /// in BEA's metro and portion files.
    states: BTreeMap<String, ParityFile>,
}

/// One state's parities as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ParityFile {
    /// All items, against 100 for the whole country.
    all_items: f64,
    /// Housing rents, against the same national all-items 100.
    housing: f64,
}

/// Whose prices a location's parity measures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PricedAs {
    /// BEA's own row for the location: a metro, a state or the nation.
    Itself,
    /// BEA's row for the nonmetropolitan portion of this state (named), of
    /// which BLS's nonmetropolitan area is a part.
    NonmetroPortion(String),
    /// BEA publishes no row for the area, so its state's (named) stands in.
    State(String),
}

/// One location's price levels, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Parity {
    /// All items, against 100 for the whole country.
    pub all_items: f64,
    /// Housing rents, against the national all-items 100.
    pub housing: f64,
    /// Whose prices these are.
    pub priced_as: PricedAs,
    /// Source id of these figures: one of three, shared by the locations
    /// priced from the same table rather than copied into each of 563.
    pub source: Arc<str>,
}

impl Parity {
    /// The state whose parity stands in for the area's own, if one does.
    pub fn stand_in_state(&self) -> Option<&str> {
        match &self.priced_as {
            PricedAs::State(state) => Some(state),
            _ => None,
        }
    }
}

/// BEA's parities for every location: the validated `[cost_of_living]` over
/// BEA's imported rows.
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
    /// Every location's parities, sorted by id: a list sized once, where a
    /// map of 563 entries spread them over 78 half-full nodes.
    by_location: Vec<(Box<str>, Parity)>,
    /// The location with the lowest all-items price level, and that level.
    cheapest: (String, f64),
}

impl PriceParities {
    pub(super) fn build(
        file: CostOfLivingFile,
        prices: &RegionalPrices,
        places: &[LocationPlace<'_>],
    ) -> Self {
        let mut by_location: Vec<(Box<str>, Parity)> = Vec::with_capacity(places.len());
        let table_source = |source: &str| Arc::<str>::from(source);
        let (metro_source, portion_source, state_source) = (
            table_source(&file.source),
            table_source(&file.portion_source),
            table_source(&file.state_source),
        );
        let mut cheapest: Option<(String, f64)> = None;
        for place in places {
            let parity = match (prices.get(place.id), file.states.get(place.state)) {
                (Some(row), _) => Parity {
                    all_items: row.all_items,
                    housing: row.housing,
                    priced_as: match row.table {
                        PriceTable::Metro => PricedAs::Itself,
                        PriceTable::NonmetroPortion => {
                            PricedAs::NonmetroPortion(place.state_name.to_owned())
                        }
                    },
                    source: match row.table {
                        PriceTable::Metro => metro_source.clone(),
                        PriceTable::NonmetroPortion => portion_source.clone(),
                    },
                },
                (None, Some(row)) => Parity {
                    all_items: row.all_items,
                    housing: row.housing,
                    priced_as: if place.whole_state {
                        PricedAs::Itself
                    } else {
                        PricedAs::State(place.state_name.to_owned())
                    },
                    source: state_source.clone(),
                },
                (None, None) => continue,
            };
            // Moving is suggested to a place whose prices BEA measured itself.
            if parity.priced_as == PricedAs::Itself
                && cheapest.as_ref().is_none_or(|c| parity.all_items < c.1)
            {
                cheapest = Some((place.id.to_owned(), parity.all_items));
            }
            by_location.push((Box::from(place.id), parity));
        }
        by_location.sort_by(|a, b| a.0.cmp(&b.0));
        by_location.shrink_to_fit();
        let cheapest = cheapest.unwrap_or_else(|| (String::new(), 100.0));
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
        let found = self
            .by_location
            .binary_search_by(|(id, _)| (**id).cmp(location))
            .ok()?;
        Some(&self.by_location[found].1)
    }
}

/// Checks the section and BEA's rows against the location ids and the
/// source ids.
pub(super) fn validate(
    file: &CostOfLivingFile,
    prices: &RegionalPrices,
    places: &[LocationPlace<'_>],
    arrangement_ids: &[&str],
    source_known: &dyn Fn(&str) -> bool,
    errors: &mut Vec<ModelError>,
) {
    for (key, id) in [
        ("cost_of_living.source", &file.source),
        ("cost_of_living.portion_source", &file.portion_source),
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
    for place in places {
        if prices.get(place.id).is_none() && !file.states.contains_key(place.state) {
            errors.push(ModelError::new(
                "cost_of_living.states",
                format!(
                    "has no entry for {}, and BEA's rows ({PRICES_PATH}) none for location {:?}; add BEA's state price parities",
                    place.state, place.id
                ),
            ));
        }
    }
    let location_ids: std::collections::HashSet<&str> = places.iter().map(|p| p.id).collect();
    for row in prices.rows() {
        if !location_ids.contains(row.id.as_str()) {
            errors.push(ModelError::new(
                format!("{PRICES_PATH} ({})", row.id),
                "is not a location id; rerun tests/data-import/bea_rpp.py after the BLS import",
            ));
        }
    }
    for (state, parity) in &file.states {
        let entry = format!("cost_of_living.states.{state}");
        if !places.iter().any(|p| p.state == state) {
            errors.push(ModelError::new(
                &entry,
                "is not the USPS code of a state with locations",
            ));
        }
        if !plausible_level(parity.all_items) || !plausible_level(parity.housing) {
            errors.push(ModelError::new(
                &entry,
                "all_items and housing must be price levels between 40 and 300 (the US is 100)",
            ));
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
        Some(parity) => (parity.all_items, parity.housing, parity.source.to_string()),
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
    use super::{PricedAs, RegionalPrices};

    use crate::estimator::bundled::MODEL as BUNDLED;

    fn model() -> SalaryModel {
        crate::estimator::bundled::parse(BUNDLED).expect("the bundled data file is valid")
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
        assert_eq!((us.all_items, us.housing), (100.0, 100.629));
        assert_eq!(&*us.source, "bea-rpp-metro-2024");
        // Birmingham is in BEA's metro file (CBSA 13820): its own row, not Alabama's.
        let birmingham = model
            .cost_of_living
            .of("birmingham")
            .expect("Birmingham row");
        assert_eq!(birmingham.all_items, 91.644);
        assert_eq!(birmingham.priced_as, PricedAs::Itself);
        assert_eq!(&*birmingham.source, "bea-rpp-metro-2024");
    }

    /// The 38 metros and the nation that had BEA's figures before the import
    /// (typed into the data file from the same MARPP file, version 2026.12.3):
    /// the import must give each exactly the same all-items and housing levels.
    const BEFORE_THE_IMPORT: [(&str, f64, f64); 39] = [
        ("us", 100.000, 100.629),
        ("san-jose", 110.423, 211.901),
        ("san-francisco", 115.613, 194.718),
        ("seattle", 111.133, 151.314),
        ("new-york", 112.563, 148.616),
        ("los-angeles", 113.566, 170.433),
        ("san-diego", 111.887, 179.267),
        ("boston", 108.266, 148.424),
        ("portland", 105.421, 125.114),
        ("baltimore", 104.487, 118.194),
        ("washington-dc", 108.884, 151.134),
        ("denver", 105.782, 146.919),
        ("austin", 98.066, 120.361),
        ("miami", 114.155, 155.551),
        ("raleigh", 98.157, 103.476),
        ("dallas", 103.090, 117.874),
        ("phoenix", 103.316, 121.236),
        ("charlotte", 97.348, 97.635),
        ("philadelphia", 102.554, 113.141),
        ("atlanta", 100.058, 111.022),
        ("chicago", 103.595, 112.010),
        ("salt-lake-city", 100.868, 123.311),
        ("houston", 98.629, 104.510),
        ("minneapolis", 104.822, 111.838),
        ("tampa", 100.890, 125.839),
        ("nashville", 96.338, 104.626),
        ("columbus", 95.469, 87.945),
        ("detroit", 100.298, 94.690),
        ("pittsburgh", 94.671, 71.986),
        ("st-louis", 95.088, 79.024),
        ("kansas-city", 92.543, 86.642),
        ("tulsa", 89.214, 68.235),
        ("birmingham", 91.644, 71.851),
        ("indianapolis", 95.696, 88.917),
        ("louisville", 93.074, 78.558),
        ("cleveland", 93.923, 79.434),
        ("oklahoma-city", 90.408, 73.885),
        ("little-rock", 89.364, 68.295),
        ("jackson", 89.048, 64.768),
    ];

    #[test]
    fn the_import_keeps_every_figure_typed_before_it() {
        let model = model();
        for (id, all_items, housing) in BEFORE_THE_IMPORT {
            let parity = model.cost_of_living.of(id).expect(id);
            assert_eq!(
                (parity.all_items, parity.housing, &parity.priced_as),
                (all_items, housing, &PricedAs::Itself),
                "{id}"
            );
        }
    }

    #[test]
    fn a_metro_in_beas_file_uses_its_own_row_not_its_states() {
        let model = model();
        let boise = model.cost_of_living.of("boise-city-id").expect("Boise row");
        assert_eq!((boise.all_items, boise.housing), (98.391, 105.58));
        assert_eq!(boise.priced_as, PricedAs::Itself);
        assert_eq!(boise.stand_in_state(), None);
        assert_eq!(&*boise.source, "bea-rpp-metro-2024");
        let idaho = model.cost_of_living.of("idaho").expect("Idaho row");
        assert_eq!(idaho.priced_as, PricedAs::Itself, "a state's own row");
        assert_eq!(&*idaho.source, "bea-rpp-state-2024");
        assert_ne!(idaho.all_items, boise.all_items);
    }

    #[test]
    fn a_nonmetropolitan_area_uses_its_states_nonmetropolitan_portion() {
        let model = model();
        let rural = model
            .cost_of_living
            .of("southeast-central-id-nonmetro")
            .expect("row");
        assert_eq!((rural.all_items, rural.housing), (91.864, 74.38));
        assert_eq!(rural.priced_as, PricedAs::NonmetroPortion("Idaho".into()));
        assert_eq!(rural.stand_in_state(), None);
        assert_eq!(&*rural.source, "bea-rpp-portion-2024");
    }

    #[test]
    fn a_location_without_a_bea_row_uses_its_states_and_names_it() {
        let model = model();
        // BEA lists no nonmetropolitan part of Delaware.
        let sussex = model
            .cost_of_living
            .of("sussex-de-nonmetro")
            .expect("Sussex row");
        let delaware = model.cost_of_living.of("delaware").expect("Delaware row");
        assert_eq!(sussex.stand_in_state(), Some("Delaware"));
        assert_eq!(sussex.all_items, delaware.all_items);
        assert_eq!(&*sussex.source, "bea-rpp-state-2024");

        // Without BEA's row, a metro falls back the same way.
        let prices = without_row("boise-city-id");
        let model = crate::estimator::bundled::parse_with_prices(BUNDLED, &prices).expect("valid");
        let boise = model.cost_of_living.of("boise-city-id").expect("Boise row");
        assert_eq!(boise.stand_in_state(), Some("Idaho"));
        assert_eq!(boise.all_items, 95.494);
    }

    /// The bundled BEA rows without one location's.
    fn without_row(id: &str) -> RegionalPrices {
        let text: String = crate::estimator::bundled::PRICES
            .lines()
            .filter(|line| !line.starts_with(&format!("{id}\t")))
            .map(|line| format!("{line}\n"))
            .collect();
        assert_ne!(text, crate::estimator::bundled::PRICES);
        RegionalPrices::parse(&text).expect("valid")
    }

    #[test]
    fn a_location_without_a_bea_row_or_its_states_is_a_load_error_naming_it() {
        let broken = BUNDLED.replacen("DE = { all_items = 99.808, housing = 102.015 }\n", "", 1);
        assert_ne!(broken, BUNDLED);
        let errors = crate::estimator::bundled::parse(&broken).unwrap_err();
        assert!(errors.iter().all(|e| e.entry == "cost_of_living.states"));
        assert!(
            errors
                .iter()
                .any(|e| e.problem.contains("\"sussex-de-nonmetro\"")),
            "{errors:?}"
        );
        // Delaware's metros have BEA's own rows.
        assert!(
            !errors.iter().any(|e| e.problem.contains("\"dover-de\"")),
            "{errors:?}"
        );

        let typo = BUNDLED.replacen("all_items = 99.808", "all_items = 998.08", 1);
        let errors = crate::estimator::bundled::parse(&typo).unwrap_err();
        assert_eq!(errors[0].entry, "cost_of_living.states.DE");
    }

    #[test]
    fn a_bea_row_for_an_id_that_is_no_location_is_a_load_error() {
        let text = crate::estimator::bundled::PRICES.replacen("\njackson\t", "\ngotham\t", 1);
        let prices = RegionalPrices::parse(&text).expect("well formed");
        let errors = crate::estimator::bundled::parse_with_prices(BUNDLED, &prices).unwrap_err();
        assert!(
            errors
                .iter()
                .any(|e| e.entry == "data/bea/rpp-2024.tsv (gotham)"),
            "{errors:?}"
        );
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
