//! The gate of the report form, before a report is stored: its token
//! (signed for this form by the server secret, good once, within two hours)
//! and the network limits (a day's number, and a share of the pending
//! queue), counted under the client's keyed network bucket.

use actix_web::HttpRequest;
use actix_web::http::StatusCode;
use jiff::civil::Date;
use jiff::{Timestamp, tz::TimeZone};

use super::AppState;
use super::client::{Client, client};
use super::error::AppError;
use super::error::storage_failed;
use crate::reports::privacy::TokenProblem;
use crate::reports::{FormKind, FormToken, network_bucket, unknown_client_bucket};
use crate::store::Store;

pub(super) fn check_token(
    state: &AppState,
    encoded: &str,
    now: i64,
) -> Result<FormToken, &'static str> {
    const MISSING: &str = "This form arrived without its security code, so nothing was stored. Your answers are kept below: send them again from this page.";
    const NOT_OURS: &str = "This form's security code is not one this site gave out (it was changed, or the form came from elsewhere), so nothing was stored. Your answers are kept below: send them again from this page.";
    const EXPIRED: &str = "This form is too old to send (forms last two hours), so nothing was stored. Your answers are kept below: check them and send again.";
    if encoded.trim().is_empty() {
        return Err(MISSING);
    }
    let Some(day) = FormToken::issued_at(encoded)
        .and_then(|issued| Timestamp::from_second(issued).ok())
        .map(|issued| issued.to_zoned(TimeZone::UTC).date())
    else {
        return Err(NOT_OURS);
    };
    FormToken::verify(encoded, &state.form_key(FormKind::Share, day), now).map_err(|problem| {
        match problem {
            TokenProblem::TooSoon => {
                "That was sent faster than a person can fill in the form. Check your answers and send again."
            }
            TokenProblem::Invalid => NOT_OURS,
            TokenProblem::Expired => EXPIRED,
        }
    })
}

/// The network limits, counting this report: its day's number, and its
/// share of the pending queue over the two days counts are kept.
pub(super) async fn limit(
    state: &AppState,
    store: &Store,
    request: &HttpRequest,
    today: Date,
    pending_cap: u32,
) -> Result<Option<(StatusCode, String)>, AppError> {
    let settings = &state.reports;
    let client = client(request, &settings.proxy, settings.proxy_header);
    let bucket_on = |key: &[u8; 32]| match client {
        Client::Address(address) => network_bucket(key, address),
        Client::Unknown => unknown_client_bucket(key),
    };
    let key = state.day_key(store, today).await.map_err(storage_failed)?;
    let count = store
        .count_submission(&bucket_on(&key), today)
        .await
        .map_err(storage_failed)?;
    if count > i64::from(settings.submissions_per_day) {
        return Ok(Some((
            StatusCode::TOO_MANY_REQUESTS,
            format!(
                "Your network has sent {} reports today, the most we take in a day, so this one was not stored. Please come back tomorrow.",
                settings.submissions_per_day
            ),
        )));
    }
    let yesterday = today.yesterday().unwrap_or(today);
    let earlier = match state
        .existing_day_key(store, yesterday)
        .await
        .map_err(storage_failed)?
    {
        Some(key) => store
            .submissions(&bucket_on(&key), yesterday)
            .await
            .map_err(storage_failed)?,
        None => 0,
    };
    let share = settings.network_share(pending_cap);
    if count + earlier > share {
        return Ok(Some((
            StatusCode::TOO_MANY_REQUESTS,
            format!(
                "Your network has sent {share} reports in the last two days, as many as one network may have waiting for review, so this one was not stored. Please try again in a few days."
            ),
        )));
    }
    Ok(None)
}
