//! An offer's real shape: base, a target bonus, a one-time signing bonus and an
//! equity grant vesting on a schedule, as cash year by year for four years.
//!
//! Equity counts as cash only when the person says it is public company
//! stock, which can be sold as it vests; private company equity is shown at
//! the stated value but never added to cash, and no equity is simply none.

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
    /// What the equity is: `public` stock counts as cash as it vests,
    /// `private` equity is shown but not counted, `none` is none.
    pub equity_kind: EquityKind,
    /// Whether the request said what the equity is (`offer_equity_kind`);
    /// when it did not, the equity is read as public stock and the result
    /// says so.
    pub equity_kind_given: bool,
}

impl Offer {
    /// Whether the offer includes any equity, a grant or a yearly value.
    pub fn has_equity(&self) -> bool {
        self.grant > 0 || self.equity > 0
    }
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
    /// Ids of the sources that describe the schedule; empty for a schedule
    /// that is the offer check's own example (see `assumption`).
    #[serde(default)]
    pub sources: Vec<String>,
    /// What readers are told instead of a source when the schedule is the
    /// offer check's own example, not one a source states.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assumption: Option<String>,
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
        match (&schedule.assumption, schedule.sources.is_empty()) {
            (None, true) => errors.push(ModelError::new(
                &entry,
                "names no sources; cite one, or say in `assumption` that the schedule is the offer check's own example",
            )),
            (Some(_), false) => errors.push(ModelError::new(
                &entry,
                "has both sources and an assumption; a schedule a source states is not an assumption",
            )),
            (Some(text), true) if text.trim().is_empty() => {
                errors.push(ModelError::new(&entry, "assumption is empty"));
            }
            _ => {}
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

/// What an offer's equity is, as the person says: it decides whether the
/// equity counts as cash.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, Serialize, utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum EquityKind {
    /// Public company stock (RSUs): sellable as it vests, counted at the
    /// offer's value. The reading of an offer that does not say.
    #[default]
    Public,
    /// Private company equity (options or shares): shown at the offer's
    /// value, never counted as cash.
    Private,
    /// No equity.
    None,
}

impl EquityKind {
    /// Every kind, in the order forms list them.
    pub const ALL: [EquityKind; 3] = [EquityKind::Public, EquityKind::Private, EquityKind::None];

    /// The id used in URLs, the API and the command line.
    pub fn key(self) -> &'static str {
        match self {
            EquityKind::Public => "public",
            EquityKind::Private => "private",
            EquityKind::None => "none",
        }
    }

    /// The kind for an id, if it is one.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.key() == key)
    }

    /// The name shown to readers.
    pub fn label(self) -> &'static str {
        match self {
            EquityKind::Public => "Public company stock (RSUs)",
            EquityKind::Private => "Private company equity (options or shares)",
            EquityKind::None => "No equity",
        }
    }

    /// Whether equity of this kind counts as cash as it vests.
    pub fn is_cash(self) -> bool {
        self == EquityKind::Public
    }
}

/// One year of an offer's cash: `total` is `base + bonus + equity + signing`,
/// and `private_equity` stands beside it, outside the total.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct OfferYear {
    /// 1 to 4; 0 in `four_years`, the sum of all four.
    pub year: u8,
    /// Base salary.
    pub base: i64,
    /// Bonus, at its target.
    pub bonus: i64,
    /// Public company stock vesting that year, at the offer's value: counted as cash.
    pub equity: i64,
    /// Private company equity vesting that year, at the offer's value: shown,
    /// never in `total`.
    pub private_equity: i64,
    /// The signing bonus (year 1 only).
    pub signing: i64,
    /// Cash that year: base, bonus at target, public stock and signing.
    pub total: i64,
}

impl OfferYear {
    fn add(mut self, other: &OfferYear) -> Self {
        self.base += other.base;
        self.bonus += other.bonus;
        self.equity += other.equity;
        self.private_equity += other.private_equity;
        self.signing += other.signing;
        self.total += other.total;
        self
    }
}

/// An offer's first four years of cash.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct OfferCash {
    /// Year by year.
    pub years: Vec<OfferYear>,
    /// Each column added over the four years (`year` is 0).
    pub four_years: OfferYear,
    /// The four years' totals added up.
    pub four_year_total: i64,
    /// Base and signing bonus over four years: paid whatever happens.
    pub guaranteed: i64,
    /// Bonus at target and public stock over four years: may not come.
    /// `guaranteed + at_risk = four_year_total`.
    pub at_risk: i64,
    /// Whether the equity is in the totals (public stock) or only shown.
    pub equity_counted_as_cash: bool,
}

/// The offer's cash by year, with its equity vesting on `schedule` when the
/// offer is a grant, or as the same yearly amount otherwise; the equity is
/// counted as cash or set beside the total as its kind says.
pub fn cash_by_year(offer: &Offer, schedule: Option<&VestingSchedule>) -> OfferCash {
    let equity_is_cash = offer.equity_kind.is_cash();
    let years: Vec<OfferYear> = (0..OFFER_YEARS)
        .map(|i| {
            let vesting = match schedule {
                Some(schedule) if offer.grant > 0 => (offer.grant as f64
                    * schedule.shares.get(i).copied().unwrap_or(0.0))
                .round() as i64,
                _ => offer.equity,
            };
            let (equity, private_equity) = if equity_is_cash {
                (vesting, 0)
            } else {
                (0, vesting)
            };
            let signing = if i == 0 { offer.signing } else { 0 };
            OfferYear {
                year: i as u8 + 1,
                base: offer.base,
                bonus: offer.bonus,
                equity,
                private_equity,
                signing,
                total: offer.base + offer.bonus + equity + signing,
            }
        })
        .collect();
    let four_years = years
        .iter()
        .fold(OfferYear::default(), |sum, year| sum.add(year));
    OfferCash {
        four_year_total: four_years.total,
        guaranteed: four_years.base + four_years.signing,
        at_risk: four_years.bonus + four_years.equity,
        four_years,
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

    /// Every year's total is its columns added, the four-year sums are the
    /// years added, and guaranteed and at risk add up to the total.
    fn assert_adds_up(cash: &OfferCash) {
        for y in &cash.years {
            assert_eq!(y.total, y.base + y.bonus + y.equity + y.signing, "{y:?}");
        }
        let sum = |pick: fn(&OfferYear) -> i64| cash.years.iter().map(pick).sum::<i64>();
        assert_eq!(cash.four_years.total, sum(|y| y.total));
        assert_eq!(cash.four_years.private_equity, sum(|y| y.private_equity));
        assert_eq!(cash.four_year_total, cash.four_years.total);
        assert_eq!(cash.guaranteed + cash.at_risk, cash.four_year_total);
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
            equity_kind: EquityKind::Public,
            equity_kind_given: true,
            ..Offer::default()
        };
        let check = estimate(&model, &with_offer("enterprise", offer))
            .expect("valid")
            .offer
            .expect("an offer");
        let cash = &check.cash;
        assert!(cash.equity_counted_as_cash);
        assert_adds_up(cash);
        let equity: Vec<i64> = cash.years.iter().map(|y| y.equity).collect();
        assert_eq!(equity, [10_000, 30_000, 80_000, 80_000]);
        let signing: Vec<i64> = cash.years.iter().map(|y| y.signing).collect();
        assert_eq!(signing, [20_000, 0, 0, 0]);
        assert_eq!(cash.years[0].total, 150_000 + 15_000 + 20_000 + 10_000);
        assert_eq!(cash.four_year_total, 4 * 165_000 + 20_000 + 200_000);
        assert_eq!(cash.guaranteed, 4 * 150_000 + 20_000);
        assert_eq!(cash.at_risk, 4 * 15_000 + 200_000);
        // The back-loaded schedule is the offer check's own example: it
        // cites no source, and says so instead.
        let schedule = model
            .vesting_schedule(Some("back-loaded-5-15-40-40"))
            .expect("the schedule");
        assert!(schedule.sources.is_empty());
        assert!(schedule.assumption.is_some());
    }

    #[test]
    fn private_equity_stands_beside_the_totals_whatever_the_company_size() {
        let model = model();
        let offer = Offer {
            base: 120_000,
            grant: 80_000,
            equity_kind: EquityKind::Private,
            equity_kind_given: true,
            ..Offer::default()
        };
        for size in ["startup", "enterprise"] {
            let check = estimate(&model, &with_offer(size, offer.clone()))
                .expect("valid")
                .offer
                .expect("an offer");
            let cash = &check.cash;
            assert!(!cash.equity_counted_as_cash);
            assert_adds_up(cash);
            // The default schedule: even over four years, beside the total.
            assert!(cash.years.iter().all(|y| y.private_equity == 20_000));
            assert!(cash.years.iter().all(|y| y.equity == 0));
            assert!(cash.years.iter().all(|y| y.total == 120_000));
            assert_eq!(cash.four_years.private_equity, 80_000);
            assert_eq!(cash.four_year_total, 480_000);
            assert_eq!(cash.at_risk, 0);
            assert!(
                check
                    .advice
                    .sources
                    .iter()
                    .any(|s| s == "four-year-cliff-vesting")
            );
        }
    }

    #[test]
    fn public_stock_counts_even_at_a_startup_because_the_person_says_so() {
        let model = model();
        let offer = Offer {
            base: 120_000,
            grant: 80_000,
            equity_kind: EquityKind::Public,
            equity_kind_given: true,
            ..Offer::default()
        };
        let check = estimate(&model, &with_offer("startup", offer))
            .expect("valid")
            .offer
            .expect("an offer");
        assert!(check.cash.equity_counted_as_cash);
        assert_eq!(check.cash.four_year_total, 480_000 + 80_000);
        assert_adds_up(&check.cash);
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
        );
        assert_eq!(cash.four_year_total, 440_000);
        assert_eq!(cash.at_risk, 40_000);
        assert_adds_up(&cash);
    }

    #[test]
    fn equity_kinds_read_back_from_their_keys() {
        for kind in EquityKind::ALL {
            assert_eq!(EquityKind::from_key(kind.key()), Some(kind));
        }
        assert_eq!(EquityKind::from_key("options"), None);
    }

    #[test]
    fn a_schedule_cites_its_sources_or_says_it_is_the_offer_checks_own_example() {
        let start = BUNDLED
            .find("id = \"back-loaded-5-15-40-40\"")
            .expect("the schedule");
        let assumption = start
            + BUNDLED[start..]
                .find("assumption = ")
                .expect("its assumption");
        let line_end = assumption + BUNDLED[assumption..].find('\n').expect("a line");
        let neither = format!("{}{}", &BUNDLED[..assumption], &BUNDLED[line_end + 1..]);
        let errors = crate::estimator::bundled::parse(&neither).unwrap_err();
        assert!(
            errors
                .iter()
                .any(|e| e.entry.contains("back-loaded")
                    && e.to_string().contains("names no sources")),
            "{errors:?}"
        );
        let both = format!(
            "{}sources = [\"four-year-cliff-vesting\"]\n{}",
            &BUNDLED[..line_end + 1],
            &BUNDLED[line_end + 1..]
        );
        let errors = crate::estimator::bundled::parse(&both).unwrap_err();
        assert!(
            errors
                .iter()
                .any(|e| e.to_string().contains("both sources and an assumption")),
            "{errors:?}"
        );
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
