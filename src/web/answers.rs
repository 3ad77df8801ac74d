//! A result's answers in words (experience, where pay is set and where the
//! person lives, the factors chosen, the offer and its equity): the printed
//! brief repeats them, so the page taken into a call says what it was
//! worked out for.

use crate::estimator::{self, Estimate, FactorKind, SalaryModel};

/// The answers behind a result, in words: what the printed brief repeats so
/// the page taken into a call says what it was worked out for.
pub(super) fn answers(model: &SalaryModel, estimate: &Estimate) -> Vec<(&'static str, String)> {
    let usd = crate::money::Usd;
    let input = &estimate.input;
    let label = |kind: FactorKind, id: &str| {
        model
            .factor(kind)
            .value(id)
            .map_or_else(|| id.to_owned(), |v| v.label.clone())
    };
    let mut answers = vec![("Experience", estimator::years_phrase(input.years))];
    let choices = &input.choices;
    for (name, kind) in [
        ("Pay set in", FactorKind::Location),
        ("Industry", FactorKind::Industry),
        ("Company size", FactorKind::CompanySize),
        ("Main language", FactorKind::Language),
        ("Work arrangement", FactorKind::WorkArrangement),
    ] {
        let chosen = match kind {
            FactorKind::Location => choices.location.as_deref(),
            FactorKind::Industry => choices.industry.as_deref(),
            FactorKind::CompanySize => choices.company_size.as_deref(),
            FactorKind::Language => choices.language.as_deref(),
            _ => choices.work_arrangement.as_deref(),
        };
        // A factor left at its default ("any industry") says nothing.
        let default = model.factor(kind).default.as_deref();
        if let Some(id) = chosen.filter(|id| !id.is_empty() && Some(*id) != default) {
            answers.push((name, label(kind, id)));
        }
    }
    if input.living_place() != choices.location.as_deref().unwrap_or_default() {
        answers.push((
            "Living in",
            label(FactorKind::Location, input.living_place()),
        ));
    }
    for (name, kind, ids) in [
        ("Skills", FactorKind::Skills, &choices.skills),
        (
            "Certifications",
            FactorKind::Certifications,
            &choices.certifications,
        ),
    ] {
        if !ids.is_empty() {
            let labels: Vec<String> = ids.iter().map(|id| label(kind, id)).collect();
            answers.push((name, labels.join(", ")));
        }
    }
    if let Some(offer) = &input.offer {
        let mut parts = vec![format!("base {}", usd(offer.base))];
        if offer.bonus > 0 {
            parts.push(format!("bonus at target {}", usd(offer.bonus)));
        }
        if offer.signing > 0 {
            parts.push(format!("signing {}", usd(offer.signing)));
        }
        answers.push(("Offer", parts.join(", ")));
        if offer.has_equity() {
            let amount = if offer.grant > 0 {
                let schedule = model
                    .vesting_schedule(offer.vesting.as_deref())
                    .map_or_else(String::new, |s| {
                        format!(", vesting {}", s.label.to_lowercase())
                    });
                format!("{} grant{schedule}", usd(offer.grant))
            } else {
                format!("{} a year", usd(offer.equity))
            };
            let kind = if offer.equity_kind_given {
                offer.equity_kind.label().to_owned()
            } else {
                format!("{} (read as such)", offer.equity_kind.label())
            };
            answers.push(("Equity", format!("{amount}; {kind}")));
        }
    }
    answers
}
