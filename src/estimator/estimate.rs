//! The estimate's output types: what the calculator, the API, the command line
//! and the guides show.

use serde::Serialize;

use super::hourly::HourlyRate;
use super::input::EstimateInput;
use super::insights::{CrossCheck, OfferCheck, ProjectionPoint, TotalComp, WhatIf};
use super::living::CostOfLiving;
use super::model::Source;
use super::reports;
use super::take_home::TakeHomePay;

/// Yearly base pay percentiles in whole dollars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Percentiles {
    /// 10th percentile.
    pub p10: i64,
    /// 25th percentile.
    pub p25: i64,
    /// Median.
    pub median: i64,
    /// 75th percentile.
    pub p75: i64,
    /// 90th percentile.
    pub p90: i64,
}

/// One step of the explanation: what a factor did to the median.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct FactorEffect {
    /// Which factor (`experience`, `location`, `skills`, ...).
    pub factor: &'static str,
    /// The chosen value's id (years, for experience).
    pub value: String,
    /// The chosen value in words.
    pub label: String,
    /// What the factor multiplies pay by (1 for the starting point).
    pub multiplier: f64,
    /// Dollars this step adds to the median (the starting median, for experience).
    pub effect: i64,
    /// Source ids behind the value.
    pub sources: Vec<String>,
}

/// An explained salary estimate.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Estimate {
    /// Currency of every money figure.
    pub currency: String,
    /// Experience level id (`entry`, `mid`, `senior`, `staff`).
    pub level: String,
    /// Experience level in words.
    pub level_label: String,
    /// The request that produced this estimate, with defaults filled in.
    pub input: EstimateInput,
    /// Yearly base pay percentiles.
    pub base: Percentiles,
    /// The median explained step by step: the steps' effects add up to it.
    pub factors: Vec<FactorEffect>,
    /// Changes that would raise the median most, best first.
    pub what_if: Vec<WhatIf>,
    /// Base plus typical bonus and equity, at the median.
    pub total_comp: TotalComp,
    /// The band as an hourly rate (a freelance rate, or the salaried equivalent).
    pub hourly: HourlyRate,
    /// Where an offer sits, when one was given.
    pub offer: Option<OfferCheck>,
    /// Buying power where the person lives; market pay above is never scaled by it.
    pub cost_of_living: CostOfLiving,
    /// What you keep after taxes where the person lives, for the median and
    /// the offer; `null` for the whole country until a home state is chosen.
    pub take_home: Option<TakeHomePay>,
    /// p25, median and p75 for this profile from 0 to 20 years.
    pub projection: Vec<ProjectionPoint>,
    /// Official percentiles beside ours.
    pub cross_check: CrossCheck,
    /// `high`, `medium` or `low`.
    pub confidence: &'static str,
    /// Why confidence is not high, in words.
    pub confidence_notes: Vec<String>,
    /// Every source cited anywhere in this estimate.
    #[schema(value_type = Vec<Source>)]
    pub sources: Vec<std::sync::Arc<Source>>,
    /// Version of the data file.
    pub data_version: String,
    /// What visitors' reports for this profile say and did, when its cell
    /// has enough approved reports; absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reports: Option<reports::ReportsEffect>,
}
