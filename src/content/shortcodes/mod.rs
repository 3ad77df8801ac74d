//! Live figures inside guides: `{{ name key=value ... }}` shortcodes.
//!
//! A guide never types a salary: it names a profile, and the figure is computed
//! by the same estimator the calculator uses, when content loads. Each figure
//! links to the calculator pre-filled with that profile, so a reader can check it.
//!
//! | shortcode | renders |
//! |---|---|
//! | `pay years=4 stat=median [profile]` | one dollar figure (stat: p10, p25, median, p75, p90) |
//! | `range years=4 [profile]` | the p25–p75 range |
//! | `total_pay years=8 [part=total] [profile]` | total pay at the median: `total`, `bonus` or `equity` as a low–high range |
//! | `factor factor=language value=go` | a factor's effect as a signed percent |
//! | `figure id=bls-software-developers-median [period=show]` | a cited published figure ("$135,980", "15.8%"), with its period if asked |
//! | `figure_range low=ID high=ID [period=show]` | two cited figures of one unit as a range ("$74,000–$90,000", "20–24%") |
//! | `hourly years=6 [employment=freelance] [profile]` | the hourly range ("$82–$106 an hour") |
//! | `freelance_steps years=6 [profile]` | the freelance rate's steps, each with its source |
//! | `freelance_step years=6 step=billable_hours [profile]` | one line of that arithmetic, low–high (once where both ends agree) |
//! | `level_table [profile]` | p25 / median / p75 for each experience level |
//! | `metro_table years=4 [limit=10] [order=lowest]` | metropolitan areas ranked by median, leaving out those whose pay is their state's |
//! | `buying_power_table years=6` | metros ranked by what the median buys at local prices, leaving out those whose pay or prices are their state's |
//! | `metro_count [which=state_pay]` | how many metros there are (`all`), or have their state's pay (`state_pay`), their state's prices (`state_prices`) or their own (`own_prices`) |
//! | `buying_power years=6 location=miami` | the median in national dollars where it is spent |
//! | `vesting_table` | each vesting schedule's share of a grant, year by year |
//! | `factor_table factor=industry` | every value of a factor with its evidence |
//! | `bls [area=us] [soc=15-1252] [stat=median]` | one figure BLS published (stat: p10, p25, median, p75, p90, mean, employment) |
//! | `bls_table [area=us]` | BLS's row for every occupation in an area |
//! | `take_home years=6 [wage=180000] [part=year] [line=ID] [tax fields]` | take-home pay (or `part`: month, wage, taxes, rate, federal, state, local; or one tax `line`) |
//! | `take_home_gap years=6 [wage=N] from=PLACE to=PLACE` | how much more a year one place keeps than the other (unlinked; its title names both) |
//! | `take_home_table years=6 [wage=N] places=PLACE,PLACE` | each place's taxes by government and take-home |
//! | `take_home_states years=6 [wage=N]` | take-home in each state and DC, most kept first |
//! | `tax_figure item=social_security_wage_base [filing=joint] [id=ID]` | a rate, threshold or amount from the tax tables, cited |
//! | `tax_list list=no_wage_tax_states` | names from the tax tables ("A, B and C") |
//!
//! Profile keys: location, industry, company_size, language, work (or
//! work_arrangement), skills and certifications (comma-separated lists).
//!
//! Tax fields, as the calculator reads them: `filing` (single or joint),
//! `home`, `home_city`, `home_state`; `wage` is taxed as the calculator taxes
//! an offer's base (without it, the profile's median is). A PLACE is a
//! location id, with `:city` for a home city with a wage tax
//! (`new-york:new-york-city`) or `:ST` for the home state (`portland:WA`).

mod bls;
mod figures;
mod tables;
mod tax;

use crate::estimator::{
    self, Choices, Estimate, EstimateInput, FactorKind, SalaryModel, years_phrase,
};

pub use super::markdown::Shortcode;

/// What expanding one shortcode gives: a bad argument (`Err`), or its HTML,
/// whose template can itself fail to render.
type Expanded = Result<askama::Result<String>, String>;

/// Expands shortcodes against a salary model.
pub fn expand(model: &SalaryModel, code: &Shortcode<'_>) -> Result<String, String> {
    let rendered = match code.name {
        "pay" => figures::pay(model, code)?,
        "range" => figures::range(model, code)?,
        "total_pay" => figures::total_pay(model, code)?,
        "factor" => figures::factor(model, code)?,
        "figure" => figures::figure(model, code)?,
        "figure_range" => figures::figure_range(model, code)?,
        "hourly" => figures::hourly(model, code)?,
        "freelance_steps" => tables::freelance_steps(model, code)?,
        "freelance_step" => figures::freelance_step(model, code)?,
        "level_table" => tables::level_table(model, code)?,
        "metro_table" => tables::metro_table(model, code)?,
        "buying_power" => figures::buying_power(model, code)?,
        "buying_power_table" => tables::buying_power_table(model, code)?,
        "metro_count" => tables::metro_count(model, code)?,
        "vesting_table" => tables::vesting_table(model, code)?,
        "factor_table" => tables::factor_table(model, code)?,
        "bls" => bls::figure(model, code)?,
        "bls_table" => bls::table(model, code)?,
        "take_home" => tax::take_home(model, code)?,
        "take_home_gap" => tax::take_home_gap(model, code)?,
        "take_home_table" => tax::take_home_table(model, code)?,
        "take_home_states" => tax::take_home_states(model, code)?,
        "tax_figure" => tax::tax_figure(model, code)?,
        "tax_list" => tax::tax_list(model, code)?,
        other => return Err(format!("unknown shortcode `{other}`")),
    };
    rendered.map_err(|error| format!("could not render `{}`: {error}", code.name))
}

const PROFILE_KEYS: [&str; 8] = [
    "location",
    "industry",
    "company_size",
    "language",
    "work",
    "work_arrangement",
    "skills",
    "certifications",
];

fn with_profile(extra: &[&'static str]) -> Vec<&'static str> {
    extra.iter().copied().chain(PROFILE_KEYS).collect()
}

fn factor_kind(code: &Shortcode<'_>) -> Result<FactorKind, String> {
    let key = code.get("factor").ok_or("needs factor=NAME")?;
    FactorKind::from_key(key).ok_or_else(|| format!("unknown factor `{key}`"))
}

fn list(text: Option<&str>) -> Vec<String> {
    text.map(|t| t.split(',').map(str::to_owned).collect())
        .unwrap_or_default()
}

fn profile_estimate(
    model: &SalaryModel,
    code: &Shortcode<'_>,
) -> Result<(Vec<(String, String)>, Estimate), String> {
    let years_text = code.get("years").ok_or("needs years=N")?;
    let years: f64 = years_text
        .parse()
        .map_err(|_| format!("years `{years_text}` must be a number"))?;
    let input = EstimateInput {
        years,
        choices: Choices {
            location: code.get("location").map(str::to_owned),
            industry: code.get("industry").map(str::to_owned),
            company_size: code.get("company_size").map(str::to_owned),
            language: code.get("language").map(str::to_owned),
            work_arrangement: code
                .get("work")
                .or(code.get("work_arrangement"))
                .map(str::to_owned),
            skills: list(code.get("skills")),
            certifications: list(code.get("certifications")),
        },
        employment: match code.get("employment") {
            None | Some("salaried") => estimator::Employment::Salaried,
            Some("freelance") => estimator::Employment::Freelance,
            Some(other) => {
                return Err(format!(
                    "employment `{other}` must be salaried or freelance"
                ));
            }
        },
        ..EstimateInput::default()
    };
    let estimate = estimator::estimate(model, &input).map_err(|e| e.to_string())?;
    Ok((input.query_pairs(), estimate))
}

/// An id for a table's caption, from the shortcode as written, so the same
/// table always gets the same id and different tables on a page differ.
fn table_id(code: &Shortcode<'_>) -> String {
    let mut text = code.name.to_owned();
    for (key, value) in &code.args {
        text.push_str(&format!(" {key} {value}"));
    }
    format!("table-{}", super::markdown::slugify(&text))
}

fn calculator_href(query: &[(String, String)]) -> String {
    let encoded = serde_html_form::to_string(query).unwrap_or_default();
    format!("/calculator?{encoded}")
}

fn describe(estimate: &Estimate) -> String {
    format!(
        "Calculator estimate for {}, data version {}",
        years_phrase(estimate.input.years),
        estimate.data_version
    )
}

/// A multiplier as readers see it: 1.07 → "+7%", 0.92 → "−8%", 1.0 → "0%".
pub fn signed_percent(multiplier: f64) -> String {
    let percent = ((multiplier - 1.0) * 100.0).round() as i64;
    match percent {
        0 => "0%".to_owned(),
        p if p > 0 => format!("+{p}%"),
        p => format!("−{}%", -p),
    }
}

/// Sources as the tables link them: each id the data file knows, with
/// "Publisher (year)".
fn cited_links(model: &SalaryModel, ids: &[String]) -> Vec<(String, String)> {
    ids.iter()
        .filter_map(|id| model.source(id))
        .map(|s| (s.id.clone(), format!("{} ({})", s.publisher, s.year)))
        .collect()
}

#[cfg(test)]
mod tests;
