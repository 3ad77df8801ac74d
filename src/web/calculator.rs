//! The salary calculator page: a GET form, so every result is a shareable URL.
//!
//! With no query the form is shown empty; with one it is shown again with the
//! values kept and either the explained result beside it, or a message beside
//! each bad field (status 422).

use std::collections::HashSet;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use jiff::civil::Date;

use super::AppState;
use super::error::AppError;
use super::filters;
use crate::estimator::{
    self, Estimate, EstimateError, FactorKind, ProfileQuery, SalaryModel, Source,
};

/// Decodes a request's query string into a profile query; never fails, because
/// form decoding replaces bad percent-escapes rather than refusing them.
pub fn profile_query(request: &HttpRequest) -> Result<ProfileQuery, AppError> {
    let pairs: Vec<(String, String)> = serde_html_form::from_str(request.query_string())
        .map_err(|error| AppError::BadQuery(error.to_string()))?;
    Ok(ProfileQuery::from_pairs(pairs))
}

/// One option of a select, checkbox group or radio group.
struct Choice {
    id: String,
    label: String,
    selected: bool,
}

/// A select, checkbox group or radio group, with its message if it is bad.
struct ChoiceField {
    name: &'static str,
    label: String,
    hint: &'static str,
    choices: Vec<Choice>,
    error: Option<String>,
}

/// One line of the "how we got there" table.
struct BreakdownRow {
    factor: String,
    choice: String,
    multiplier: String,
    effect: i64,
    is_start: bool,
    sources: Vec<Source>,
}

/// The result beside the form.
struct ResultView {
    estimate: Estimate,
    rows: Vec<BreakdownRow>,
    location: String,
}

#[derive(Template)]
#[template(path = "pages/calculator.html")]
struct CalculatorPage {
    current: &'static str,
    years: String,
    years_error: Option<String>,
    selects: Vec<ChoiceField>,
    checkboxes: Vec<ChoiceField>,
    work: ChoiceField,
    errors: Vec<(String, String)>,
    result: Option<ResultView>,
    data_version: String,
    data_updated: Date,
}

pub async fn calculator(
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let site = state.site();
    let model = &site.model;
    let query = profile_query(&request)?;
    let outcome = if query.is_empty() {
        None
    } else {
        Some(
            query
                .validate(model)
                .and_then(|input| estimator::estimate(model, &input)),
        )
    };
    let (status, result, error) = match outcome {
        None => (StatusCode::OK, None, None),
        Some(Ok(estimate)) => (StatusCode::OK, Some(result_view(model, estimate)), None),
        Some(Err(error)) => (StatusCode::UNPROCESSABLE_ENTITY, None, Some(error)),
    };
    let page = form_page(model, &query, error.as_ref(), result);
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(page.render()?))
}

fn form_page(
    model: &SalaryModel,
    query: &ProfileQuery,
    error: Option<&EstimateError>,
    result: Option<ResultView>,
) -> CalculatorPage {
    let message = |field: &str| error.and_then(|e| e.message_for(field));
    let single = |kind: FactorKind, chosen: Option<&String>, hint: &'static str| {
        let factor = model.factor(kind);
        let chosen = chosen
            .filter(|id| !id.is_empty())
            .or(factor.default.as_ref());
        let mut choices: Vec<Choice> = factor
            .values
            .iter()
            .map(|v| Choice {
                id: v.id.clone(),
                label: v.label.clone(),
                selected: Some(&v.id) == chosen,
            })
            .collect();
        if kind == FactorKind::Location {
            // Metros read best alphabetically, after the national default.
            choices[1..].sort_by(|a, b| a.label.cmp(&b.label));
        }
        ChoiceField {
            name: kind.key(),
            label: factor.label.clone(),
            hint,
            choices,
            error: message(kind.key()),
        }
    };
    let multi = |kind: FactorKind, chosen: &[String], hint: &'static str| {
        let factor = model.factor(kind);
        let chosen: HashSet<&str> = chosen.iter().map(String::as_str).collect();
        ChoiceField {
            name: kind.key(),
            label: factor.label.clone(),
            hint,
            choices: factor
                .values
                .iter()
                .map(|v| Choice {
                    id: v.id.clone(),
                    label: v.label.clone(),
                    selected: chosen.contains(v.id.as_str()),
                })
                .collect(),
            error: message(kind.key()),
        }
    };
    let selects = vec![
        single(
            FactorKind::Location,
            query.location.as_ref(),
            "Metro areas use Department of Labor wage levels; pick the national figure if yours is not listed.",
        ),
        single(FactorKind::Industry, query.industry.as_ref(), ""),
        single(FactorKind::CompanySize, query.company_size.as_ref(), ""),
        single(FactorKind::Language, query.language.as_ref(), ""),
    ];
    let checkboxes = vec![
        multi(
            FactorKind::Skills,
            &query.skills,
            "Tick the ones you use at work. Together with certifications they add at most 20%.",
        ),
        multi(FactorKind::Certifications, &query.certifications, ""),
    ];
    let work = single(
        FactorKind::WorkArrangement,
        query.work_arrangement.as_ref(),
        "",
    );
    let errors = error
        .map(|e| {
            e.errors
                .iter()
                .map(|f| (f.field.to_owned(), f.error.to_string()))
                .collect()
        })
        .unwrap_or_default();
    CalculatorPage {
        current: "calculator",
        years: query.years.clone().unwrap_or_default(),
        years_error: message("years"),
        selects,
        checkboxes,
        work,
        errors,
        result,
        data_version: model.version.clone(),
        data_updated: model.updated,
    }
}

fn result_view(model: &SalaryModel, estimate: Estimate) -> ResultView {
    let rows = estimate
        .factors
        .iter()
        .enumerate()
        .map(|(i, effect)| {
            let factor = match FactorKind::from_key(effect.factor) {
                Some(kind) => model.factor(kind).label.clone(),
                None if effect.factor == "experience" => "Experience".to_owned(),
                None => "Premium cap".to_owned(),
            };
            BreakdownRow {
                factor,
                choice: effect.label.clone(),
                multiplier: if i == 0 {
                    "start".to_owned()
                } else {
                    format!("×{:.3}", effect.multiplier)
                },
                effect: effect.effect,
                is_start: i == 0,
                sources: effect
                    .sources
                    .iter()
                    .filter_map(|id| model.source(id).cloned())
                    .collect(),
            }
        })
        .collect();
    let location = estimate
        .input
        .choices
        .location
        .as_deref()
        .and_then(|id| model.factor(FactorKind::Location).value(id))
        .map(|v| v.label.clone())
        .unwrap_or_default();
    ResultView {
        estimate,
        rows,
        location,
    }
}
