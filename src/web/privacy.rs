//! Withdrawing a report with its receipt code, and `/privacy`, which says in
//! plain words what is kept, for how long, and how to withdraw.

use super::limits::read_body;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, CacheControl, CacheDirective};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::AppState;
use super::error::AppError;
use super::error::storage_failed;
use super::filters;
use super::meta::Head;
use super::share::html;
use crate::reports::Receipt;

const HTML: &str = "text/html; charset=utf-8";

#[derive(Template)]
#[template(path = "pages/share_withdraw.html")]
struct WithdrawPage {
    head: Head,
    current: &'static str,
    receipt: String,
    error: Option<String>,
    withdrawn: bool,
}

#[derive(Template)]
#[template(path = "pages/privacy.html")]
struct PrivacyPage {
    head: Head,
    current: &'static str,
    per_day: u32,
    window_months: u32,
    min_reports_median: u32,
    min_reports_quartiles: u32,
    round_to: i64,
    /// Reports one network may send over two days (its share of the queue).
    network_share: i64,
}

/// `GET /share/withdraw`: the form that takes a receipt code.
pub async fn withdraw_form(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    // A form that could not be sent is no use: say so now.
    state.store()?;
    let page = withdraw_page(&state, String::new(), None, false);
    Ok(html(StatusCode::OK, page.render()?))
}

fn withdraw_page(
    state: &AppState,
    receipt: String,
    error: Option<String>,
    withdrawn: bool,
) -> WithdrawPage {
    WithdrawPage {
        head: Head::new(
            &state.config,
            "/share/withdraw",
            "Withdraw a salary report",
            "Delete a salary report you made, with the receipt code it gave you.",
        ),
        current: "share",
        receipt,
        error,
        withdrawn,
    }
}

/// `POST /share/withdraw`: deletes the report whose receipt this is.
pub async fn withdraw_submit(
    state: web::Data<AppState>,
    request: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let store = state.store()?;
    let body = read_body(&request, payload).await?;
    let pairs: Vec<(String, String)> = serde_html_form::from_bytes(&body).unwrap_or_default();
    let typed: String = pairs
        .into_iter()
        .find(|(k, _)| k == "receipt")
        .map(|(_, v)| v.chars().take(100).collect())
        .unwrap_or_default();
    let Some(receipt) = Receipt::parse(&typed) else {
        let message = if typed.trim().is_empty() {
            "Enter the receipt code you were shown when you sent your report."
        } else {
            "A receipt code is 25 letters and digits in five groups, such as 7K3QM-…; check what you typed."
        };
        let page = withdraw_page(&state, typed, Some(message.to_owned()), false);
        return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, page.render()?));
    };
    if store
        .withdraw(&receipt.hash())
        .await
        .map_err(storage_failed)?
    {
        let page = withdraw_page(&state, String::new(), None, true);
        Ok(html(StatusCode::OK, page.render()?))
    } else {
        let page = withdraw_page(
            &state,
            typed,
            Some("No report has this receipt code: it may have been withdrawn already, or have left after 24 months.".to_owned()),
            false,
        );
        Ok(html(StatusCode::UNPROCESSABLE_ENTITY, page.render()?))
    }
}

/// `GET /privacy`: what is kept, for how long, and how to withdraw.
pub async fn privacy(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let site = state.site();
    let reports = &site.model.reports;
    let page = PrivacyPage {
        head: Head::new(
            &state.config,
            "/privacy",
            "Privacy",
            "What this site keeps when you report your salary, for how long, and how to withdraw a report.",
        ),
        current: "privacy",
        per_day: state.reports.submissions_per_day,
        window_months: reports.window_months,
        min_reports_median: reports.min_reports_median,
        min_reports_quartiles: reports.min_reports_quartiles,
        round_to: reports.round_to,
        network_share: state.reports.network_share(reports.pending_cap),
    };
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, HTML))
        .insert_header(CacheControl(vec![CacheDirective::NoCache]))
        .body(page.render()?))
}
