//! An offer's real shape: base, a target bonus, a one-time signing bonus and an
//! equity grant vesting on a schedule, as cash year by year for four years.
//!
//! Equity counts as cash only where the company size's shares can usually be
//! sold (public stock); private shares are shown but never added to cash.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::model_error::ModelError;

/// How many years an offer is followed.
pub const OFFER_YEARS: usize = 4;

/// An offer to check against the band.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Offer {
    /// Yearly base salary offered.
    pub base: i64,
    /// Yearly target bonus offered, if any.
    pub bonus: i64,
    /// Yearly value of equity offered, if any (when there is no grant).
    pub equity: i64,
    /// One-time signing bonus, paid in the first year.
    pub signing: i64,
    /// Value of an equity grant that vests over four years.
    pub grant: i64,
    /// Id of the grant's vesting schedule (`/api/v1/options`,
    /// `vesting_schedules`); the data file's first when not given.
    pub vesting: Option<String>,
}

/// How an equity grant vests over four years, as shares of the grant.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct VestingSchedule {
    /// Stable id used in URLs, the API and the command line.
    pub id: String,
    /// Name shown to readers.
    pub label: String,
    /// Share of the grant that vests in each of the four years; they add up to 1.
    pub shares: Vec<f64>,
    /// Ids of the sources that describe the schedule.
    pub sources: Vec<String>,
}

/// Checks the schedules: unique ids, four shares adding up to 1, known sources.
pub(super) fn validate(
    schedules: &[VestingSchedule],
    source_known: &dyn Fn(&str) -> bool,
    errors: &mut Vec<ModelError>,
) {
    if schedules.is_empty() {
        errors.push(ModelError::new(
            "vesting_schedules",
            "needs at least one schedule",
        ));
    }
    let mut ids = HashSet::new();
    for (i, schedule) in schedules.iter().enumerate() {
        let entry = format!("vesting_schedules[{i}] (id {:?})", schedule.id);
        if !ids.insert(schedule.id.as_str()) {
            errors.push(ModelError::new(&entry, "duplicate id"));
        }
        let valid_id = !schedule.id.is_empty()
            && schedule.id.len() <= 40
            && schedule
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !valid_id {
            errors.push(ModelError::new(
                &entry,
                "id must be 1–40 lowercase letters, digits or hyphens",
            ));
        }
        let sum: f64 = schedule.shares.iter().sum();
        if schedule.shares.len() != OFFER_YEARS
            || schedule.shares.iter().any(|s| !(0.0..=1.0).contains(s))
            || (sum - 1.0).abs() > 1e-9
        {
            errors.push(ModelError::new(
                &entry,
                "shares must be four yearly shares between 0 and 1 that add up to 1",
            ));
        }
        if schedule.sources.is_empty() {
            errors.push(ModelError::new(&entry, "names no sources"));
        }
        for id in &schedule.sources {
            if !source_known(id) {
                errors.push(ModelError::new(
                    &entry,
                    format!("cites unknown source {id:?}; add it to [[sources]]"),
                ));
            }
        }
    }
}

/// One year of an offer's cash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct OfferYear {
    /// 1 to 4.
    pub year: u8,
    /// Base salary.
    pub base: i64,
    /// Bonus, at its target.
    pub bonus: i64,
    /// Equity vesting that year, at the offer's value.
    pub equity: i64,
    /// The signing bonus (year 1 only).
    pub signing: i64,
    /// Cash that year: base, bonus and signing, plus equity where it counts as cash.
    pub total: i64,
}

/// An offer's first four years of cash.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct OfferCash {
    /// Year by year.
    pub years: Vec<OfferYear>,
    /// The four years' totals added up.
    pub four_year_total: i64,
    /// Base and signing bonus over four years: paid whatever happens.
    pub guaranteed: i64,
    /// Bonus at target and equity counted as cash, over four years: may not come.
    pub at_risk: i64,
    /// Whether the equity is in the totals (sellable stock) or only shown.
    pub equity_counted_as_cash: bool,
}

/// The offer's cash by year, with its equity vesting on `schedule` when the
/// offer is a grant, or as the same yearly amount otherwise.
pub fn cash_by_year(
    offer: &Offer,
    schedule: Option<&VestingSchedule>,
    equity_is_cash: bool,
) -> OfferCash {
    let years: Vec<OfferYear> = (0..OFFER_YEARS)
        .map(|i| {
            let equity = match schedule {
                Some(schedule) if offer.grant > 0 => (offer.grant as f64
                    * schedule.shares.get(i).copied().unwrap_or(0.0))
                .round() as i64,
                _ => offer.equity,
            };
            let signing = if i == 0 { offer.signing } else { 0 };
            let counted = if equity_is_cash { equity } else { 0 };
            OfferYear {
                year: i as u8 + 1,
                base: offer.base,
                bonus: offer.bonus,
                equity,
                signing,
                total: offer.base + offer.bonus + signing + counted,
            }
        })
        .collect();
    let four_year_total = years.iter().map(|y| y.total).sum();
    let guaranteed = years.iter().map(|y| y.base + y.signing).sum();
    OfferCash {
        four_year_total,
        guaranteed,
        at_risk: four_year_total - guaranteed,
        years,
        equity_counted_as_cash: equity_is_cash,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{EstimateInput, SalaryModel, estimate};
    use super::*;

    use crate::estimator::bundled::MODEL as BUNDLED;

    fn model() -> SalaryModel {
        crate::estimator::bundled::parse(BUNDLED).expect("the bundled data file is valid")
    }

    fn with_offer(company_size: &str, offer: Offer) -> EstimateInput {
        let mut input = EstimateInput {
            years: 5.0,
            offer: Some(offer),
            ..EstimateInput::default()
        };
        input.choices.company_size = Some(company_size.to_owned());
        input
    }

    #[test]
    fn a_back_loaded_grant_vests_year_by_year_with_the_signing_bonus_in_year_one() {
        let model = model();
        let offer = Offer {
            base: 150_000,
            bonus: 15_000,
            signing: 20_000,
            grant: 200_000,
            vesting: Some("back-loaded-5-15-40-40".to_owned()),
            ..Offer::default()
        };
        let check = estimate(&model, &with_offer("enterprise", offer))
            .expect("valid")
            .offer
            .expect("an offer");
        let cash = &check.cash;
        assert!(cash.equity_counted_as_cash);
        let equity: Vec<i64> = cash.years.iter().map(|y| y.equity).collect();
        assert_eq!(equity, [10_000, 30_000, 80_000, 80_000]);
        let signing: Vec<i64> = cash.years.iter().map(|y| y.signing).collect();
        assert_eq!(signing, [20_000, 0, 0, 0]);
        assert_eq!(cash.years[0].total, 150_000 + 15_000 + 20_000 + 10_000);
        assert_eq!(cash.four_year_total, 4 * 165_000 + 20_000 + 200_000);
        assert_eq!(cash.guaranteed, 4 * 150_000 + 20_000);
        assert_eq!(cash.at_risk, 4 * 15_000 + 200_000);
        assert!(
            check
                .sources
                .iter()
                .any(|s| s == "amazon-vesting-5-15-40-40")
        );
    }

    #[test]
    fn startup_equity_is_shown_but_never_counted_as_cash() {
        let model = model();
        let offer = Offer {
            base: 120_000,
            grant: 80_000,
            ..Offer::default()
        };
        let check = estimate(&model, &with_offer("startup", offer))
            .expect("valid")
            .offer
            .expect("an offer");
        let cash = &check.cash;
        assert!(!cash.equity_counted_as_cash);
        // The default schedule: even over four years.
        assert!(cash.years.iter().all(|y| y.equity == 20_000));
        assert!(cash.years.iter().all(|y| y.total == 120_000));
        assert_eq!(cash.four_year_total, 480_000);
        assert_eq!(cash.at_risk, 0);
        assert!(check.sources.iter().any(|s| s == "four-year-cliff-vesting"));
    }

    #[test]
    fn yearly_equity_without_a_grant_repeats_every_year() {
        let cash = cash_by_year(
            &Offer {
                base: 100_000,
                equity: 10_000,
                ..Offer::default()
            },
            None,
            true,
        );
        assert_eq!(cash.four_year_total, 440_000);
        assert_eq!(cash.at_risk, 40_000);
    }

    #[test]
    fn schedules_must_add_up_to_the_whole_grant() {
        let broken = BUNDLED.replacen(
            "shares = [0.05, 0.15, 0.40, 0.40]",
            "shares = [0.05, 0.15, 0.40]",
            1,
        );
        let errors = crate::estimator::bundled::parse(&broken).unwrap_err();
        assert!(
            errors[0].entry.contains("back-loaded-5-15-40-40"),
            "{}",
            errors[0]
        );
    }
}
