//! What you keep: take-home pay for the market median and an offer, year by
//! year, from the tax tables the model carries ([`crate::tax`], which does
//! every sum; nothing here taxes anything itself).
//!
//! The taxes are the home's, as a remote worker files: the state is
//! `home_state` when given, else the state of `home_city`, else the
//! principal state of `home` (or `location` when there is no `home`). The
//! whole country has no state, so an estimate for it carries no take-home
//! pay until a home state is chosen.

use serde::Serialize;

use super::input::EstimateInput;
use super::living::in_national_dollars;
use super::model::SalaryModel;
use super::offer::OfferCash;
use crate::tax::{Filing, TakeHome, TaxLine, TaxQuery, TaxSource, TaxTables};

/// One year of an offer, taxed as wages in the year it is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct OfferYearTakeHome {
    /// 1 to 4.
    pub year: u8,
    /// The wages taxed: base, bonus at target, public stock vesting that
    /// year and (year 1) the signing bonus. Private equity is not wages.
    pub wages: i64,
    /// All taxes on them.
    pub taxes: i64,
    /// What is left.
    pub take_home: i64,
}

/// What you keep after taxes, where and as the person files.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct TakeHomePay {
    /// The tax year of every rate and bracket.
    pub tax_year: u16,
    /// The home state's two-letter code.
    pub state: String,
    /// The home state's name.
    pub state_name: String,
    /// The home city with a wage tax, if one was chosen.
    pub city: Option<String>,
    /// Its name.
    pub city_name: Option<String>,
    /// How the return is filed.
    pub filing: Filing,
    /// On the market median base salary.
    pub median: TakeHome,
    /// `median.year` at average US prices, with the price level of buying
    /// power.
    pub adjusted_median: i64,
    /// On the offer's base salary, when there is an offer: the paycheck.
    pub offer: Option<TakeHome>,
    /// The offer's four years, each taxed as that year's wages.
    pub offer_years: Vec<OfferYearTakeHome>,
    /// The four years' take-home added up, when there is an offer.
    pub offer_four_years: Option<i64>,
    /// That at average US prices.
    pub adjusted_offer_four_years: Option<i64>,
    /// Every agency page the lines cite, by their `source` ids.
    #[schema(value_type = Vec<TaxSource>)]
    pub sources: Vec<std::sync::Arc<TaxSource>>,
}

/// What the offer looks like to the taxes: its base and its cash by year.
pub(super) struct OfferWages<'a> {
    /// The yearly base salary.
    pub base: i64,
    /// Its four years of cash.
    pub cash: &'a OfferCash,
}

fn wages(amount: i64) -> u64 {
    u64::try_from(amount).unwrap_or(0)
}

/// The take-home calculations of one estimate, each distinct wage computed
/// once: an estimate asks for up to six (the median, the offer's base and
/// its four years), and a plain salary's years are all its base.
#[derive(Default)]
struct TaxedOnce {
    /// One result per distinct wage, in the order first asked for; `None`
    /// once moved out.
    done: Vec<Option<TakeHome>>,
}

impl TaxedOnce {
    /// Where the result for `query` is kept, computing it the first time
    /// its wage is asked for; `None` where the tables cannot answer. Every
    /// query of one estimate has the same filing, state and city, so the
    /// wage alone tells them apart.
    fn at(&mut self, tables: &TaxTables, query: TaxQuery<'_>) -> Option<usize> {
        let asked = |t: &Option<TakeHome>| t.as_ref().is_some_and(|t| t.wages == query.wages);
        if let Some(at) = self.done.iter().position(asked) {
            return Some(at);
        }
        self.done.push(Some(tables.take_home(query).ok()?));
        Some(self.done.len() - 1)
    }

    fn get(&self, at: usize) -> Option<&TakeHome> {
        self.done.get(at)?.as_ref()
    }

    /// The median's result and the offer base's, moved out (copied only
    /// when the two are the same wage).
    fn into_median_and_offer(
        mut self,
        median_at: usize,
        offer_at: Option<usize>,
    ) -> Option<(TakeHome, Option<TakeHome>)> {
        let median = self.done.get_mut(median_at)?.take()?;
        let offer = match offer_at {
            None => None,
            Some(at) if at == median_at => Some(median.clone()),
            Some(at) => Some(self.done.get_mut(at)?.take()?),
        };
        Some((median, offer))
    }
}

/// Take-home pay for the median and the offer, or `None` where no home
/// state is known (the whole country) or the tables cannot answer.
pub(super) fn take_home(
    model: &SalaryModel,
    input: &EstimateInput,
    median: i64,
    offer: Option<OfferWages<'_>>,
    price_level: f64,
) -> Option<TakeHomePay> {
    let tax = &model.tax;
    let choice = &input.tax;
    let state = choice.state(model, input.living_place())?;
    let city = choice
        .home_city
        .as_deref()
        .and_then(|id| tax.local(id))
        .filter(|local| local.state == state.code);
    let query = |amount: i64| TaxQuery {
        wages: wages(amount),
        filing: choice.filing,
        state: &state.code,
        city: city.map(|c| c.id.as_str()),
    };
    let mut taxed = TaxedOnce::default();
    let median_at = taxed.at(tax, query(median))?;
    let (offer_at, offer_years) = match &offer {
        None => (None, Vec::new()),
        Some(offer) => {
            let years = offer
                .cash
                .years
                .iter()
                .map(|year| {
                    let at = taxed.at(tax, query(year.total))?;
                    let t = taxed.get(at)?;
                    Some(OfferYearTakeHome {
                        year: year.year,
                        wages: year.total,
                        taxes: t.total,
                        take_home: t.year,
                    })
                })
                .collect::<Option<Vec<_>>>()?;
            (Some(taxed.at(tax, query(offer.base))?), years)
        }
    };
    let (median_take_home, offer_take_home) = taxed.into_median_and_offer(median_at, offer_at)?;
    let offer_four_years = offer
        .is_some()
        .then(|| offer_years.iter().map(|y| y.take_home).sum::<i64>());
    // Each cited page once, in the tax file's order: by position.
    let mut cited: Vec<usize> = median_take_home
        .lines
        .iter()
        .chain(offer_take_home.iter().flat_map(|t| &t.lines))
        .filter_map(|line| tax.source_position(&line.source))
        .collect();
    cited.sort_unstable();
    cited.dedup();
    let sources = cited
        .into_iter()
        .map(|at| std::sync::Arc::clone(&tax.sources[at]))
        .collect();
    Some(TakeHomePay {
        tax_year: tax.tax_year,
        state: state.code.clone(),
        state_name: state.name.clone(),
        city: city.map(|c| c.id.clone()),
        city_name: city.map(|c| c.name.clone()),
        filing: choice.filing,
        adjusted_median: in_national_dollars(median_take_home.year, price_level),
        median: median_take_home,
        offer: offer_take_home,
        offer_years,
        offer_four_years,
        adjusted_offer_four_years: offer_four_years
            .map(|total| in_national_dollars(total, price_level)),
        sources,
    })
}

impl TakeHomePay {
    /// Each tax on the median beside the same tax on the offer's base: both
    /// are taxed where the same person lives, so they have the same lines
    /// in the same order.
    pub fn line_pairs(&self) -> Vec<(&TaxLine, Option<&TaxLine>)> {
        self.median
            .lines
            .iter()
            .map(|line| {
                let offer = self
                    .offer
                    .as_ref()
                    .and_then(|o| o.lines.iter().find(|l| l.id == line.id));
                (line, offer)
            })
            .collect()
    }

    /// A cited agency page, by the id a line gives.
    pub fn source(&self, id: &str) -> Option<&TaxSource> {
        self.sources.iter().find(|s| s.id == id).map(|s| &**s)
    }

    /// Take-home in one year of the offer (1 to 4).
    pub fn offer_year(&self, year: u8) -> Option<&OfferYearTakeHome> {
        self.offer_years.iter().find(|y| y.year == year)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estimator::bundled;

    #[test]
    fn a_wage_asked_for_again_is_not_taxed_again() {
        let model = bundled::model();
        let query = |wages| TaxQuery {
            wages,
            filing: Filing::Single,
            state: "NY",
            city: Some("new-york-city"),
        };
        let mut taxed = TaxedOnce::default();
        let base = taxed.at(&model.tax, query(150_000));
        let median = taxed.at(&model.tax, query(140_000));
        // A plain salary's four years are its base, four times.
        for _ in 0..4 {
            assert_eq!(taxed.at(&model.tax, query(150_000)), base);
        }
        assert_eq!(taxed.done.len(), 2);
        let (median, base) = taxed.into_median_and_offer(median.unwrap(), base).unwrap();
        assert_eq!(Ok(median), model.tax.take_home(query(140_000)));
        assert_eq!(base, model.tax.take_home(query(150_000)).ok());
    }

    #[test]
    fn an_offer_at_the_median_wage_gets_its_own_copy() {
        let model = bundled::model();
        let query = TaxQuery {
            wages: 120_000,
            filing: Filing::Joint,
            state: "CA",
            city: None,
        };
        let mut taxed = TaxedOnce::default();
        let median = taxed.at(&model.tax, query).unwrap();
        let offer = taxed.at(&model.tax, query);
        assert_eq!(offer, Some(median));
        let (median, offer) = taxed.into_median_and_offer(median, offer).unwrap();
        assert_eq!(Some(median), offer);
    }
}
