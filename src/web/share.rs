//! "Share your salary": the anonymous report form and its receipt
//! (withdrawal and the privacy page are in `privacy.rs`).
//!
//! The form posts to the server and works without JavaScript. A report is
//! refused (422, the form again with a message beside each field) when a field
//! is wrong or the pay looks like a unit mistake or is implausible against the
//! estimate for the same profile. A single-use, time-limited form token and a
//! honeypot field stop blind posting; a reload finds its token spent. Nothing
//! here logs a report or stores the client's address (see [`crate::reports`]).

use std::borrow::Cow;

use super::limits::read_body;
use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use jiff::civil::Date;
use jiff::{Timestamp, tz::TimeZone};

use super::choices::{Choice, ChoiceField};
use super::error::{AppError, storage_failed};
use super::filters::{self, Text};
use super::meta::Head;
use super::place::{PlaceField, located};
use super::{AppState, share_gate};
use crate::estimator::reports::{PayPeriod, ReportProblem, ReportedPay};
use crate::estimator::{self, FactorKind, PlaceRole, ProfileQuery, SalaryModel};
use crate::reports::{FormKind, FormToken, Receipt, random_id, week_of};
use crate::store::{NewReport, ReportFacts, Store};

const HTML: &str = "text/html; charset=utf-8";

/// The name of the honeypot field: hidden from people, filled by bots that
/// fill every field.
const HONEYPOT: &str = "website";

/// The form's fields as typed.
#[derive(Debug, Default, Clone)]
struct ShareForm {
    years: String,
    place: String,
    location: String,
    industry: String,
    company_size: String,
    work_arrangement: String,
    employment: String,
    amount: String,
    period: String,
    bonus: String,
    token: String,
    honeypot: String,
}

impl ShareForm {
    fn from_body(body: &[u8]) -> Self {
        // Form decoding replaces bad escapes rather than failing.
        let pairs: Vec<(String, String)> = serde_html_form::from_bytes(body).unwrap_or_default();
        let mut form = Self::default();
        for (key, value) in pairs {
            let slot = match key.as_str() {
                "years" => &mut form.years,
                "place" => &mut form.place,
                "location" => &mut form.location,
                "industry" => &mut form.industry,
                "company_size" => &mut form.company_size,
                "work_arrangement" => &mut form.work_arrangement,
                "employment" => &mut form.employment,
                "amount" => &mut form.amount,
                "period" => &mut form.period,
                "bonus" => &mut form.bonus,
                "token" => &mut form.token,
                HONEYPOT => &mut form.honeypot,
                _ => continue,
            };
            if slot.is_empty() {
                // Long enough for any real value; a flood stays out of the page.
                *slot = value.chars().take(200).collect();
            }
        }
        form
    }

    /// The profile as the calculator would read it.
    fn query(&self) -> ProfileQuery {
        let some = |text: &str| (!text.trim().is_empty()).then(|| text.trim().to_owned());
        ProfileQuery {
            years: some(&self.years),
            place: some(&self.place),
            location: some(&self.location),
            industry: some(&self.industry),
            company_size: some(&self.company_size),
            work_arrangement: some(&self.work_arrangement),
            employment: some(&self.employment),
            ..ProfileQuery::default()
        }
    }
}

/// One field's message.
type FieldErrors = Vec<(Cow<'static, str>, String)>;

#[derive(Template)]
#[template(path = "pages/share.html")]
struct SharePage<'a> {
    head: Head,
    current: &'static str,
    years: String,
    years_error: Option<String>,
    /// A ZIP code or city; when found, it sets the location.
    place: PlaceField,
    selects: Vec<ChoiceField<'a>>,
    work: ChoiceField<'a>,
    employment: ChoiceField<'a>,
    period: ChoiceField<'a>,
    amount: String,
    amount_error: Option<String>,
    bonus: String,
    bonus_error: Option<String>,
    token: String,
    honeypot: &'static str,
    notice: Option<String>,
    errors: FieldErrors,
    hours_per_year: f64,
    /// Reports a group needs before it is shown (from the data file).
    min_reports: u32,
}

#[derive(Template)]
#[template(path = "pages/share_receipt.html")]
struct ReceiptPage {
    head: Head,
    current: &'static str,
    receipt: String,
    yearly: i64,
    model_median: i64,
    /// Report over estimate, as a signed percentage.
    difference_percent: i64,
    /// Reports a group needs before it is shown (from the data file).
    min_reports: u32,
}

/// What went wrong with a whole submission rather than one field.
enum Refusal {
    /// The form or some fields need fixing (422).
    Fields(FieldErrors),
    /// The whole form: a message above it, and the status to send.
    Form(StatusCode, String),
}

fn no_store(mut response: HttpResponse) -> HttpResponse {
    // Forms carry a single-use token and receipts are shown once: never cached.
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    response
}

pub(super) fn html(status: StatusCode, body: String) -> HttpResponse {
    no_store(
        HttpResponse::build(status)
            .insert_header((header::CONTENT_TYPE, HTML))
            .body(body),
    )
}

fn now() -> (Timestamp, Date) {
    let now = Timestamp::now();
    (now, now.to_zoned(TimeZone::UTC).date())
}

/// `GET /share`: the empty form with a fresh token.
pub async fn share_form(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    state.store()?;
    let token = issue_token(&state);
    let site = state.site();
    let page = form_page(&state, &site.model, &ShareForm::default(), token, None, &[]);
    Ok(html(StatusCode::OK, page.render()?))
}

/// A fresh token for the report form; writes nothing.
fn issue_token(state: &AppState) -> String {
    let (now, today) = now();
    FormToken::issue(now.as_second()).encode(&state.form_key(FormKind::Share, today))
}

/// `POST /share`: validates, checks, limits and stores a report; the receipt.
pub async fn share_submit(
    state: web::Data<AppState>,
    request: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let store = state.store()?;
    let body = read_body(&request, payload).await?;
    let site = state.site();
    let model = &site.model;
    let form = ShareForm::from_body(&body);
    match accept(&state, store, model, &form, &request).await? {
        Ok(page) => Ok(html(StatusCode::OK, page.render()?)),
        Err(refusal) => {
            let token = issue_token(&state);
            let (status, notice, errors) = match refusal {
                Refusal::Fields(errors) => (StatusCode::UNPROCESSABLE_ENTITY, None, errors),
                Refusal::Form(status, message) => (status, Some(message), Vec::new()),
            };
            let page = form_page(&state, model, &form, token, notice, &errors);
            Ok(html(status, page.render()?))
        }
    }
}

/// The report's checks in order: cheap and private first, the database last.
async fn accept(
    state: &AppState,
    store: &Store,
    model: &SalaryModel,
    form: &ShareForm,
    request: &HttpRequest,
) -> Result<Result<ReceiptPage, Refusal>, AppError> {
    if super::moderate::cross_site(request, state) {
        return Ok(Err(Refusal::Form(
            StatusCode::FORBIDDEN,
            "This form was sent from another site, so nothing was stored. To report your pay, use the form on this page.".to_owned(),
        )));
    }
    if !form.honeypot.is_empty() {
        return Ok(Err(Refusal::Form(
            StatusCode::UNPROCESSABLE_ENTITY,
            "This report could not be accepted. If you are a person, leave the field marked “leave empty” blank and send again.".to_owned(),
        )));
    }
    let (now, today) = now();
    let token = match share_gate::check_token(state, &form.token, now.as_second()) {
        Ok(token) => token,
        Err(message) => {
            return Ok(Err(Refusal::Form(
                StatusCode::UNPROCESSABLE_ENTITY,
                message.to_owned(),
            )));
        }
    };
    let (report, pay) = match validate(model, form) {
        Ok(valid) => valid,
        Err(errors) => return Ok(Err(Refusal::Fields(errors))),
    };
    let flags = match model.reports.check(&pay) {
        Ok(flags) => flags,
        Err(problem) => {
            return Ok(Err(Refusal::Fields(vec![(
                problem.field().into(),
                problem_text(problem),
            )])));
        }
    };
    let cap = model.reports.pending_cap;
    let closed = || {
        Refusal::Form(
            StatusCode::SERVICE_UNAVAILABLE,
            "So many reports are waiting for review that the form is closed for now, and this report was not stored. Please try again in a few days.".to_owned(),
        )
    };
    // Cheap and early; the insert below checks again, exactly.
    if store.pending_count().await.map_err(storage_failed)? >= i64::from(cap) {
        return Ok(Err(closed()));
    }
    // Spent before counting, so a reload is told so and not counted again.
    let spent = store
        .spend_form_token(&token.nonce, today)
        .await
        .map_err(storage_failed)?;
    if !spent {
        return Ok(Err(Refusal::Form(
            StatusCode::CONFLICT,
            "This form was already sent, so the report is in: nothing was sent twice. To report again, fill in this fresh form.".to_owned(),
        )));
    }
    let refusal = match share_gate::limit(state, store, request, today, cap).await? {
        Some((status, message)) => Some(Refusal::Form(status, message)),
        None => {
            let receipt = Receipt::new();
            let flags: Vec<&str> = flags.iter().map(|f| f.code()).collect();
            let mut new = NewReport {
                flags: flags.join(" "),
                receipt_hash: receipt.hash(),
                ..report
            };
            new.facts.week = week_of(today);
            if store
                .add_report_if_room(&new, cap)
                .await
                .map_err(storage_failed)?
            {
                return Ok(Ok(receipt_page(state, model, &receipt, &pay)));
            }
            Some(closed())
        }
    };
    // Nothing was stored: the form may be sent again and judged again,
    // rather than be told its report is in.
    store
        .unspend_form_token(&token.nonce)
        .await
        .map_err(storage_failed)?;
    Ok(Err(refusal.unwrap_or_else(closed)))
}

fn receipt_page(
    state: &AppState,
    model: &SalaryModel,
    receipt: &Receipt,
    pay: &ReportedPay,
) -> ReceiptPage {
    let difference = (pay.yearly as f64 / pay.model_median.max(1) as f64 - 1.0) * 100.0;
    ReceiptPage {
        head: Head::new(
            &state.config,
            "/share",
            "Thank you: your report is in",
            SHARE_DESCRIPTION,
        )
        .noindex(),
        current: "share",
        receipt: receipt.as_str().to_owned(),
        yearly: pay.yearly,
        model_median: pay.model_median,
        difference_percent: difference.round() as i64,
        min_reports: model.reports.min_reports_median,
    }
}

fn problem_text(problem: ReportProblem) -> String {
    problem.to_string()
}

/// Checks every field, as the calculator does, and computes the model's
/// median for the same profile.
fn validate(
    model: &SalaryModel,
    form: &ShareForm,
) -> Result<(NewReport, ReportedPay), FieldErrors> {
    let query = form.query();
    let mut errors: FieldErrors = Vec::new();
    let input = match query.validate(model) {
        Ok(input) => Some(input),
        Err(error) => {
            errors.extend(
                error
                    .errors
                    .iter()
                    .map(|f| (f.field.clone(), f.error.to_string())),
            );
            None
        }
    };
    if form.work_arrangement.trim().is_empty() {
        errors.push((
            "work_arrangement".into(),
            "Choose how you work: on-site, hybrid or remote.".to_owned(),
        ));
    }
    if form.employment.trim().is_empty() {
        errors.push((
            "employment".into(),
            "Choose salaried or freelance.".to_owned(),
        ));
    }
    let period = PayPeriod::from_key(form.period.trim());
    if period.is_none() {
        errors.push((
            "period".into(),
            "Choose whether the amount is for a year, a month or an hour.".to_owned(),
        ));
    }
    let amount = match parse_whole_dollars(&form.amount) {
        Ok(Some(amount)) if amount > 0 => Some(amount),
        Ok(_) => {
            errors.push((
                "amount".into(),
                "Enter your base pay in dollars, such as 120000.".to_owned(),
            ));
            None
        }
        Err(message) => {
            errors.push(("amount".into(), message.to_owned()));
            None
        }
    };
    let bonus = match parse_whole_dollars(&form.bonus) {
        Ok(bonus) => bonus,
        Err(message) => {
            errors.push(("bonus".into(), message.to_owned()));
            None
        }
    };
    let (Some(input), Some(period), Some(amount), true) =
        (input, period, amount, errors.is_empty())
    else {
        return Err(errors);
    };
    let estimate = estimator::estimate(model, &input).map_err(|error| {
        error
            .errors
            .iter()
            .map(|f| (f.field.clone(), f.error.to_string()))
            .collect::<FieldErrors>()
    })?;
    let yearly = period.to_yearly(amount, model.hourly.hours_per_year);
    let optional = |kind: FactorKind, id: &Option<String>| {
        id.clone()
            .filter(|id| Some(id) != model.factor(kind).default.as_ref())
    };
    let choices = &input.choices;
    let report = NewReport {
        id: random_id(),
        facts: ReportFacts {
            week: Date::default(),
            // Whole years: finer would only help pick a person out.
            years: input.years.floor() as i32,
            location: choices
                .location
                .clone()
                .or_else(|| model.factor(FactorKind::Location).default.clone())
                .unwrap_or_default(),
            industry: optional(FactorKind::Industry, &choices.industry),
            company_size: optional(FactorKind::CompanySize, &choices.company_size),
            work_arrangement: choices.work_arrangement.clone().unwrap_or_default(),
            employment: input.employment.key().to_owned(),
            amount_entered: amount,
            period_entered: period.key().to_owned(),
            base_annual: yearly,
            bonus_annual: bonus.filter(|b| *b > 0),
            model_median: estimate.base.median,
        },
        model_version: model.version.clone(),
        flags: String::new(),
        receipt_hash: Vec::new(),
    };
    let pay = ReportedPay {
        amount,
        period,
        yearly,
        bonus: report.facts.bonus_annual,
        model_median: estimate.base.median,
    };
    Ok((report, pay))
}

/// Whole dollars as people type them ("120000", "$120,000"); cents dropped.
fn parse_whole_dollars(text: &str) -> Result<Option<i64>, &'static str> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let cleaned: String = text
        .strip_prefix('$')
        .unwrap_or(text)
        .chars()
        .filter(|c| *c != ',' && !c.is_whitespace())
        .collect();
    let value: f64 = cleaned
        .parse()
        .map_err(|_| "Enter the amount in dollars as digits, such as 120000 or $120,000.")?;
    if !value.is_finite() || !(0.0..=100_000_000.0).contains(&value) {
        return Err("Enter an amount in dollars between $1 and $100,000,000.");
    }
    Ok(Some(value.round() as i64))
}

const SHARE_DESCRIPTION: &str = "Report your pay anonymously: no name, e-mail or employer. Reports are checked by a moderator and shown only as rounded figures for groups, never one by one.";

fn form_page<'a>(
    state: &AppState,
    model: &'a SalaryModel,
    form: &ShareForm,
    token: String,
    notice: Option<String>,
    errors: &[(Cow<'static, str>, String)],
) -> SharePage<'a> {
    let message = |field: &str| {
        errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.clone())
    };
    let choices = |kind: FactorKind, chosen: &str, blank: Option<&'static str>| {
        let factor = model.factor(kind);
        let mut list: Vec<Choice<'_>> = Vec::new();
        if let Some(blank) = blank {
            list.push(Choice {
                id: Text(""),
                label: Text(blank),
                selected: chosen.is_empty(),
            });
        }
        let mut values: Vec<Choice<'_>> = factor
            .values
            .iter()
            .filter(|v| blank.is_none() || Some(&v.id) != factor.default.as_ref())
            .map(|v| Choice {
                id: Text(&v.id),
                label: Text(&v.label),
                selected: v.id == chosen
                    || (chosen.is_empty()
                        && blank.is_none()
                        && Some(&v.id) == factor.default.as_ref()),
            })
            .collect();
        if kind == FactorKind::Location {
            values[1..].sort_by(|a, b| a.label.cmp(&b.label));
        }
        list.extend(values);
        ChoiceField {
            name: kind.key(),
            label: factor.label.clone(),
            choices: list,
            error: message(kind.key()),
        }
    };
    let radios =
        |name: &'static str, label: &str, options: Vec<(&'a str, &'a str)>, chosen: &str| {
            ChoiceField {
                name,
                label: label.to_owned(),
                choices: options
                    .into_iter()
                    .map(|(id, label)| Choice {
                        selected: id == chosen,
                        id: Text(id),
                        label: Text(label),
                    })
                    .collect(),
                error: message(name),
            }
        };
    let work_factor = model.factor(FactorKind::WorkArrangement);
    let work = radios(
        "work_arrangement",
        &work_factor.label,
        work_factor
            .values
            .iter()
            .map(|v| (v.id.as_str(), v.label.as_str()))
            .collect(),
        form.work_arrangement.trim(),
    );
    let employment = radios(
        "employment",
        "Kind of work",
        vec![
            ("salaried", "Salaried employee"),
            ("freelance", "Freelance or contract"),
        ],
        form.employment.trim(),
    );
    let period = radios(
        "period",
        "The amount is for",
        vec![
            ("year", "a year"),
            ("month", "a month"),
            ("hour", "an hour"),
        ],
        if form.period.is_empty() {
            "year"
        } else {
            form.period.trim()
        },
    );
    let summary: FieldErrors = errors.to_vec();
    let query = form.query();
    let location = located(model, &query).unwrap_or_default();
    SharePage {
        head: Head::new(
            &state.config,
            "/share",
            "Share your salary",
            SHARE_DESCRIPTION,
        ),
        current: "share",
        years: form.years.clone(),
        years_error: message("years"),
        place: PlaceField::new(model, &query, None, PlaceRole::Pay, message("place")),
        selects: vec![
            choices(FactorKind::Location, &location, None),
            choices(
                FactorKind::Industry,
                form.industry.trim(),
                Some("Prefer not to say"),
            ),
            choices(
                FactorKind::CompanySize,
                form.company_size.trim(),
                Some("Prefer not to say"),
            ),
        ],
        work,
        employment,
        period,
        amount: form.amount.clone(),
        amount_error: message("amount"),
        bonus: form.bonus.clone(),
        bonus_error: message("bonus"),
        token,
        honeypot: HONEYPOT,
        notice,
        errors: summary,
        hours_per_year: model.hourly.hours_per_year,
        min_reports: model.reports.min_reports_median,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_keeps_only_the_monday_of_its_week() {
        assert_eq!(
            week_of(jiff::civil::date(2026, 11, 30)),
            jiff::civil::date(2026, 11, 30)
        );
        assert_eq!(
            week_of(jiff::civil::date(2026, 12, 6)),
            jiff::civil::date(2026, 11, 30)
        );
        assert_eq!(
            week_of(jiff::civil::date(2026, 12, 2)),
            jiff::civil::date(2026, 11, 30)
        );
    }

    #[test]
    fn dollars_read_as_people_type_them() {
        assert_eq!(parse_whole_dollars("$120,000"), Ok(Some(120_000)));
        assert_eq!(parse_whole_dollars(" 95000.40 "), Ok(Some(95_000)));
        assert_eq!(parse_whole_dollars(""), Ok(None));
        assert!(parse_whole_dollars("120k").is_err());
        assert!(parse_whole_dollars("1e300").is_err());
    }
}
