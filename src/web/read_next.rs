//! "Read next" on a calculator result or a comparison: the guide that answers
//! the question a result raises (an offer to weigh, a contract rate, a career
//! past senior, a city's buying power).
//!
//! The server renders the links that apply to a result, on the page and in
//! the fragment the live calculator swaps in (tests/web checks which).

use crate::content::Site;
use crate::estimator::{Employment, Estimate};

/// Experience past which a result points to the guide on staff, principal and
/// management roles: where the senior band ends in the guides' own words.
pub const PAST_SENIOR_YEARS: f64 = 10.0;

/// Company sizes whose offers the startup guide covers better than the
/// big-tech one.
const SMALL_COMPANIES: [&str; 2] = ["startup", "small"];

/// One rule: when it applies, which guide answers it, and why, in a phrase.
struct Rule {
    when: &'static str,
    slug: &'static str,
    why: &'static str,
}

/// Best first: what the visitor came with (a contract, an offer) before what
/// the profile suggests.
const RULES: [Rule; 5] = [
    Rule {
        when: "freelance",
        slug: "contract-work",
        why: "how a contract rate compares with this salary",
    },
    Rule {
        when: "offer-small",
        slug: "startup-vs-enterprise-offers",
        why: "how to weigh a smaller company's cash against its equity",
    },
    Rule {
        when: "offer",
        slug: "big-tech-offers",
        why: "how stock, bonus and vesting add up in this offer",
    },
    Rule {
        when: "past-senior",
        slug: "beyond-senior",
        why: "what staff, principal and manager roles pay after ten years",
    },
    Rule {
        when: "city",
        slug: "pay-by-city",
        why: "what this city's pay buys once living costs count",
    },
];

/// A guide suggested after a result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadNext {
    /// The rule's key, for the script.
    pub when: &'static str,
    /// `/guides/{slug}`.
    pub href: String,
    /// The guide's title.
    pub title: String,
    /// Why it is suggested.
    pub why: &'static str,
}

/// The suggestions whose rule passes `keep` and whose guide exists, in
/// order; only those are written out (a result keeps one or two of five).
fn suggestions(site: &Site, keep: impl Fn(&Rule) -> bool) -> Vec<ReadNext> {
    RULES
        .iter()
        .filter(|rule| keep(rule))
        .filter_map(|rule| {
            site.guide(rule.slug).map(|guide| ReadNext {
                when: rule.when,
                href: format!("/guides/{}", guide.slug),
                title: guide.meta.title.clone(),
                why: rule.why,
            })
        })
        .collect()
}

/// The suggestions that apply to one result.
pub fn for_estimate(site: &Site, estimate: &Estimate) -> Vec<ReadNext> {
    suggestions(site, |rule| applies(rule.when, site, estimate))
}

/// The suggestions that apply to any of several results (a comparison's
/// scenarios), each once, in the usual order.
pub fn for_estimates<'e>(
    site: &Site,
    estimates: impl IntoIterator<Item = &'e Estimate> + Clone,
) -> Vec<ReadNext> {
    suggestions(site, |rule| {
        estimates
            .clone()
            .into_iter()
            .any(|estimate| applies(rule.when, site, estimate))
    })
}

fn applies(when: &str, site: &Site, estimate: &Estimate) -> bool {
    let input = &estimate.input;
    let size = input.choices.company_size.as_deref().unwrap_or_default();
    match when {
        "freelance" => input.employment == Employment::Freelance,
        "offer-small" => input.offer.is_some() && SMALL_COMPANIES.contains(&size),
        "offer" => input.offer.is_some() && !SMALL_COMPANIES.contains(&size),
        "past-senior" => input.years > PAST_SENIOR_YEARS,
        "city" => {
            let national = site
                .model
                .factor(crate::estimator::FactorKind::Location)
                .default
                .as_deref();
            input
                .choices
                .location
                .as_deref()
                .is_some_and(|location| Some(location) != national)
        }
        _ => false,
    }
}
