//! The typed request for an estimate: years as a number and the chosen factor
//! values as ids, ready for the computation (see [`super::query`] for the text
//! form a browser or a shell sends).

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::format_years;
use super::insights::Employment;
use super::model::FactorKind;
use super::offer::Offer;
use super::tax_choice::TaxChoice;
use crate::tax::Filing;

/// The chosen value of every factor, as ids; `None` means "use the default".
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, utoipa::ToSchema)]
pub struct Choices {
    /// Location id (default `us`).
    pub location: Option<String>,
    /// Industry id.
    pub industry: Option<String>,
    /// Company size id.
    pub company_size: Option<String>,
    /// Main language id.
    pub language: Option<String>,
    /// Work arrangement id.
    pub work_arrangement: Option<String>,
    /// Skill ids.
    #[serde(default)]
    pub skills: Vec<String>,
    /// Certification ids.
    #[serde(default)]
    pub certifications: Vec<String>,
}

impl Choices {
    pub(super) fn single(&self, kind: FactorKind) -> Option<&str> {
        match kind {
            FactorKind::Location => self.location.as_deref(),
            FactorKind::Industry => self.industry.as_deref(),
            FactorKind::CompanySize => self.company_size.as_deref(),
            FactorKind::Language => self.language.as_deref(),
            FactorKind::WorkArrangement => self.work_arrangement.as_deref(),
            FactorKind::Skills | FactorKind::Certifications => None,
        }
        .filter(|id| !id.is_empty())
    }

    pub(super) fn multi(&self, kind: FactorKind) -> &[String] {
        match kind {
            FactorKind::Skills => &self.skills,
            FactorKind::Certifications => &self.certifications,
            _ => &[],
        }
    }
}

/// A typed request for an estimate: years as a number, factor values as ids.
#[derive(Debug, Clone, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct EstimateInput {
    /// Years of professional experience, 0 to 50; fractions allowed.
    pub years: f64,
    /// The chosen factor values.
    #[serde(flatten)]
    pub choices: Choices,
    /// Where the person lives, when it differs from `location` (where the
    /// employer sets pay, as for a remote job): a location id that sets buying
    /// power only.
    pub home: Option<String>,
    /// Salaried or freelance; changes how hourly pay is shown.
    pub employment: Employment,
    /// An offer to check against the band, if the person has one.
    pub offer: Option<Offer>,
    /// How the person files and where, for take-home pay.
    #[serde(flatten)]
    pub tax: TaxChoice,
}

impl EstimateInput {
    /// The location id whose prices set buying power: where the person lives.
    pub fn living_place(&self) -> &str {
        self.home
            .as_deref()
            .filter(|id| !id.is_empty())
            .or(self.choices.location.as_deref())
            .unwrap_or_default()
    }

    /// The calculator query for this input, listing only what was chosen, in the
    /// form's order; links built from it reopen the same estimate.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        self.query()
            .into_iter()
            .map(|(key, value)| (key.to_owned(), value.into_owned()))
            .collect()
    }

    /// [`EstimateInput::query_pairs`], borrowing what it can: every
    /// calculator result links to a comparison of itself.
    pub fn query(&self) -> Vec<(&'static str, Cow<'_, str>)> {
        let choices = &self.choices;
        let mut pairs = Vec::with_capacity(16);
        pairs.push(("years", Cow::Owned(format_years(self.years))));
        for (key, value) in [
            ("location", &choices.location),
            ("industry", &choices.industry),
            ("company_size", &choices.company_size),
            ("language", &choices.language),
            ("work_arrangement", &choices.work_arrangement),
        ] {
            if let Some(value) = value {
                pairs.push((key, Cow::Borrowed(value.as_str())));
            }
        }
        if let Some(home) = &self.home {
            pairs.push(("home", Cow::Borrowed(home.as_str())));
        }
        pairs.extend(
            choices
                .skills
                .iter()
                .map(|s| ("skills", Cow::Borrowed(s.as_str()))),
        );
        pairs.extend(
            choices
                .certifications
                .iter()
                .map(|c| ("certifications", Cow::Borrowed(c.as_str()))),
        );
        if self.tax.filing != Filing::Single {
            pairs.push(("filing", Cow::Borrowed(self.tax.filing.as_str())));
        }
        for (key, value) in [
            ("home_city", &self.tax.home_city),
            ("home_state", &self.tax.home_state),
        ] {
            if let Some(value) = value {
                pairs.push((key, Cow::Borrowed(value.as_str())));
            }
        }
        if self.employment != Employment::Salaried {
            pairs.push(("employment", Cow::Borrowed(self.employment.key())));
        }
        if let Some(offer) = &self.offer {
            pairs.push(("offer", Cow::Owned(offer.base.to_string())));
            for (key, amount) in [
                ("offer_bonus", offer.bonus),
                ("offer_equity", offer.equity),
                ("offer_signing", offer.signing),
                ("offer_grant", offer.grant),
            ] {
                if amount > 0 {
                    pairs.push((key, Cow::Owned(amount.to_string())));
                }
            }
            if let Some(vesting) = offer.vesting.as_ref().filter(|_| offer.grant > 0) {
                pairs.push(("offer_vesting", Cow::Borrowed(vesting.as_str())));
            }
            // Only equity has a kind worth keeping; an offer without any
            // leaves the field out, as every empty field is.
            if offer.has_equity() && offer.equity_kind_given {
                pairs.push(("offer_equity_kind", Cow::Borrowed(offer.equity_kind.key())));
            }
        }
        pairs
    }
}
