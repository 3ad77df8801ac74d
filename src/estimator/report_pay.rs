//! What a visitor reports about pay, and what the checks of the data file's
//! `[reports]` section say about it: the flags a moderator sees and the
//! problems a reporter is shown beside a field. Knows nothing of the
//! thresholds themselves; they arrive as figures.

use serde::{Deserialize, Serialize};

/// The period an amount was given for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PayPeriod {
    /// A year's pay.
    Year,
    /// A month's pay (× 12).
    Month,
    /// An hour's pay (× the model's paid hours a year).
    Hour,
}

impl PayPeriod {
    /// Every period, in the form's order.
    pub const ALL: [PayPeriod; 3] = [PayPeriod::Year, PayPeriod::Month, PayPeriod::Hour];

    /// The form's value.
    pub fn key(self) -> &'static str {
        match self {
            PayPeriod::Year => "year",
            PayPeriod::Month => "month",
            PayPeriod::Hour => "hour",
        }
    }

    /// Reads the form's value.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.key() == key)
    }

    /// An amount for this period as yearly dollars.
    pub fn to_yearly(self, amount: i64, hours_per_year: f64) -> i64 {
        match self {
            PayPeriod::Year => amount,
            PayPeriod::Month => amount.saturating_mul(12),
            PayPeriod::Hour => (amount as f64 * hours_per_year).round() as i64,
        }
    }
}

/// What a report says about pay, with the model's view of the same profile.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReportedPay {
    /// The amount as typed, in dollars.
    pub amount: i64,
    /// Its period.
    pub period: PayPeriod,
    /// The amount as yearly dollars.
    pub yearly: i64,
    /// Yearly bonus, if any.
    pub bonus: Option<i64>,
    /// The model's median for the same profile.
    pub model_median: i64,
}

/// What a moderator is told about an accepted report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFlag {
    /// Between the flag and reject ratios of the model's median.
    FarFromModel,
    /// A bonus larger than the base salary.
    BonusAboveBase,
}

impl ReportFlag {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            ReportFlag::FarFromModel => "far_from_model",
            ReportFlag::BonusAboveBase => "bonus_above_base",
        }
    }
}

/// A likely unit mistake behind an out-of-bounds amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitHint {
    /// A month's pay entered as a year's.
    Monthly,
    /// Thousands entered as dollars ("120" for $120,000).
    Thousands,
    /// A year's pay entered with the period "month".
    YearlyAsMonthly,
    /// A year's pay entered with the period "hour".
    YearlyAsHourly,
}

/// Why a report was refused, with the figures that say so.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
pub enum ReportProblem {
    /// Below the lowest yearly salary accepted.
    #[error("{}That is below {} a year, the lowest salary we accept.", hint_text(*.hint), crate::money::usd(.bounds.0))]
    BelowBounds {
        /// The accepted yearly range.
        bounds: (i64, i64),
        /// What the mistake probably was.
        hint: Option<UnitHint>,
    },
    /// Above the highest yearly salary accepted.
    #[error("{}That is above {} a year, the highest salary we accept.", hint_text(*.hint), crate::money::usd(.bounds.1))]
    AboveBounds {
        /// The accepted yearly range.
        bounds: (i64, i64),
        /// What the mistake probably was.
        hint: Option<UnitHint>,
    },
    /// Too far from the model's median for the same profile.
    #[error(
        "That is {} the estimate of {} for this profile; we accept reports within {limit} times it either way. Check the amount and its period.",
        ratio_text(*.ratio),
        crate::money::usd(*.model_median)
    )]
    FarFromModel {
        /// Report over model median.
        ratio: f64,
        /// The reject ratio.
        limit: f64,
        /// The model's median.
        model_median: i64,
    },
    /// A yearly bonus far above the base (`max_bonus_ratio` times it).
    #[error(
        "A yearly bonus of more than {} your base pay (over {} for the base you entered) is almost always a slip: an extra digit, or stock counted as a bonus. Enter only the cash bonus for one year, or leave the field empty.",
        times_text(*.ratio),
        crate::money::usd(*.limit)
    )]
    BonusAboveBound {
        /// The bound, as a multiple of the yearly base.
        ratio: f64,
        /// The largest bonus accepted for this base, in dollars.
        limit: i64,
    },
}

impl ReportProblem {
    /// The form field the problem is about: `bonus` or `amount`.
    pub fn field(&self) -> &'static str {
        match self {
            ReportProblem::BonusAboveBound { .. } => "bonus",
            ReportProblem::BelowBounds { .. }
            | ReportProblem::AboveBounds { .. }
            | ReportProblem::FarFromModel { .. } => "amount",
        }
    }
}

/// "twice", "three times", "2.5 times".
fn times_text(ratio: f64) -> String {
    match ratio {
        2.0 => "twice".to_owned(),
        3.0 => "three times".to_owned(),
        _ => format!("{ratio} times"),
    }
}

fn hint_text(hint: Option<UnitHint>) -> &'static str {
    match hint {
        Some(UnitHint::Monthly) => {
            "This looks like a month's pay: choose “a month” as the period, or enter the yearly amount. "
        }
        Some(UnitHint::Thousands) => {
            "This looks like thousands: enter the whole amount, such as 120000 for $120,000. "
        }
        Some(UnitHint::YearlyAsMonthly) => {
            "This looks like a year's pay: choose “a year” as the period. "
        }
        Some(UnitHint::YearlyAsHourly) => {
            "This looks like a year's pay: choose “a year” as the period, or enter the hourly rate. "
        }
        None => "",
    }
}

fn ratio_text(ratio: f64) -> String {
    if ratio >= 1.0 {
        format!("{ratio:.1} times")
    } else {
        format!("a {:.1}th of", 1.0 / ratio)
    }
}
