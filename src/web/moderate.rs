//! `/moderate`: the moderators' login and queue of pending reports, oldest
//! first, with the model ratio and flags, to approve or reject with a reason.
//!
//! A session is a random token in a `__Host-` cookie (Secure, HttpOnly,
//! SameSite=Strict) whose hash, moderator and CSRF token live in the database,
//! so every server sharing it honours it and logout ends it everywhere. Every
//! POST carries a CSRF token (a signed form token before login, the session's
//! synchronizer token after) and is refused from another site. Failed logins
//! are limited per network and per name.

use super::limits::read_body;
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use jiff::{Timestamp, tz::TimeZone};

use super::AppState;
use super::client::{Client, client};
use super::error::AppError;
use super::filters;
use super::meta::Head;
use crate::estimator::{FactorKind, SalaryModel};
use crate::reports::moderation::{self, Decision, REJECT_REASONS, model_ratio};
use crate::reports::privacy::{network_bucket, unknown_client_bucket};
use crate::reports::{FormKind, FormToken, random_bytes};
use crate::store::{ModeratorSession, ReportFacts, Store, StoreError, StoredReport};

/// The session cookie's name; `__Host-` makes browsers insist on Secure,
/// Path=/ and no Domain.
const COOKIE: &str = "__Host-moderator";
/// How long a session lasts.
const SESSION_SECS: i64 = 8 * 60 * 60;
/// Login attempts allowed per network in a window: a guesser on one
/// network gets five.
const MAX_PER_NETWORK: i64 = 5;
/// Failed logins allowed per name in a window, from every network together:
/// high enough that a stranger cannot lock a moderator out with a few
/// guesses, low enough to stop guessing from many networks at once.
const MAX_PER_NAME: i64 = 50;
/// The window of the login limit.
const WINDOW_SECS: i64 = 15 * 60;

const HTML: &str = "text/html; charset=utf-8";

#[derive(Template)]
#[template(path = "pages/moderate_login.html")]
struct LoginPage {
    head: Head,
    current: &'static str,
    token: String,
    name: String,
    error: Option<String>,
    per_network: i64,
    per_name: i64,
    window_minutes: i64,
}

/// One report in the queue, ready to show.
struct QueueRow {
    report: StoredReport,
    ratio: String,
    /// The report's profile in words, with the factors' labels.
    profile: String,
}

#[derive(Template)]
#[template(path = "pages/moderate_queue.html")]
struct QueuePage {
    head: Head,
    current: &'static str,
    moderator: String,
    csrf: String,
    rows: Vec<QueueRow>,
    reasons: &'static [&'static str],
    notice: Option<String>,
}

fn failed(error: StoreError) -> AppError {
    tracing::error!(%error, "moderation database");
    AppError::ReportsUnavailable
}

fn now() -> i64 {
    Timestamp::now().as_second()
}

fn page(status: StatusCode, body: String) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header((header::CONTENT_TYPE, HTML))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body)
}

fn head(state: &AppState, title: &str) -> Head {
    Head::new(
        &state.config,
        "/moderate",
        title,
        "Moderators review visitors' salary reports here.",
    )
    .noindex()
}

fn token_hash(token: &str) -> Vec<u8> {
    blake3::hash(token.as_bytes()).as_bytes().to_vec()
}

async fn current_session(
    store: &Store,
    request: &HttpRequest,
) -> Result<Option<ModeratorSession>, AppError> {
    let Some(cookie) = request.cookie(COOKIE) else {
        return Ok(None);
    };
    store
        .session(&token_hash(cookie.value()), now())
        .await
        .map_err(failed)
}

/// A POST from another site (by Fetch Metadata, else by Origin) is refused.
pub(super) fn cross_site(request: &HttpRequest, state: &AppState) -> bool {
    let headers = request.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return !matches!(site, "same-origin" | "none");
    }
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        Some(origin) => origin != state.config.base_url.join("").trim_end_matches('/'),
        None => false,
    }
}

fn form(body: &[u8]) -> Vec<(String, String)> {
    serde_html_form::from_bytes(body).unwrap_or_default()
}

fn field<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

/// `GET /moderate`: the queue when logged in, else the login form.
pub async fn moderate(
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let store = state.store()?;
    match current_session(store, &request).await? {
        Some(session) => queue(&state, store, &session, None, StatusCode::OK).await,
        None => login_page(&state, String::new(), None, StatusCode::OK).await,
    }
}

async fn login_page(
    state: &AppState,
    name: String,
    error: Option<String>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let today = Timestamp::now().to_zoned(TimeZone::UTC).date();
    let key = state.form_key(FormKind::ModeratorLogin, today);
    let page_ = LoginPage {
        head: head(state, "Moderators: log in"),
        current: "moderate",
        token: FormToken::issue(now() - FormToken::MIN_AGE_SECS).encode(&key),
        name,
        error,
        per_network: MAX_PER_NETWORK,
        per_name: MAX_PER_NAME,
        window_minutes: WINDOW_SECS / 60,
    };
    Ok(page(status, page_.render()?))
}

async fn queue(
    state: &AppState,
    store: &Store,
    session: &ModeratorSession,
    notice: Option<String>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let site = state.site();
    let rows = store
        .pending()
        .await
        .map_err(failed)?
        .into_iter()
        .map(|report| QueueRow {
            ratio: format!("{:.2}", model_ratio(&report)),
            profile: profile_in_words(&site.model, &report.facts),
            report,
        })
        .collect();
    let page_ = QueuePage {
        head: head(state, "Moderators: pending reports"),
        current: "moderate",
        moderator: session.name.clone(),
        csrf: session.csrf.clone(),
        rows,
        reasons: &REJECT_REASONS,
        notice,
    };
    Ok(page(status, page_.render()?))
}

/// `POST /moderate/login`.
pub async fn login(
    state: web::Data<AppState>,
    request: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let store = state.store()?;
    let body = read_body(&request, payload).await?;
    let pairs = form(&body);
    let name: String = field(&pairs, "name").trim().chars().take(64).collect();
    let password = field(&pairs, "password").to_owned();
    let refuse =
        |message: &str, status| login_page(&state, name.clone(), Some(message.to_owned()), status);
    if cross_site(&request, &state) {
        return refuse("Log in from this site's own page.", StatusCode::FORBIDDEN).await;
    }
    // The login form's CSRF token: signed by the server, two hours at most.
    let token = field(&pairs, "token");
    let issued_day = FormToken::issued_at(token)
        .and_then(|s| Timestamp::from_second(s).ok())
        .map(|t| t.to_zoned(TimeZone::UTC).date());
    let key = issued_day.map(|day| state.form_key(FormKind::ModeratorLogin, day));
    let fresh = key.is_some_and(|key| FormToken::verify(token, &key, now()).is_ok());
    if !fresh {
        return refuse(
            "This login form has expired. Please log in again.",
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let today = Timestamp::now().to_zoned(TimeZone::UTC).date();
    let day_key = state.day_key(store, today).await.map_err(failed)?;
    let slot = now() / WINDOW_SECS;
    let network = match client(&request, &state.reports.proxy, state.reports.proxy_header) {
        Client::Address(address) => network_bucket(&day_key, address),
        Client::Unknown => unknown_client_bucket(&day_key),
    };
    let mut name_key = blake3::Hasher::new_keyed(&day_key);
    name_key.update(b"moderator login name\0");
    name_key.update(name.to_lowercase().as_bytes());
    let name_bucket = name_key.finalize().as_bytes()[..16].to_vec();
    // Counted before the password is checked, in one step each: 150 logins
    // at once used to be checked 103 times against a limit of 5.
    let from_network = store
        .count_login_failure(&network, slot)
        .await
        .map_err(failed)?;
    let for_name = store
        .count_login_failure(&name_bucket, slot)
        .await
        .map_err(failed)?;
    if from_network > MAX_PER_NETWORK || for_name > MAX_PER_NAME {
        return refuse(
            "Too many logins have failed: wait 15 minutes and try again.",
            StatusCode::TOO_MANY_REQUESTS,
        )
        .await;
    }
    let phc = store.moderator_password(&name).await.map_err(failed)?;
    if !state.passwords.verify(password, phc).await {
        return refuse(
            "That name and password do not match a moderator.",
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    // The right password costs the moderator nothing from either limit.
    for bucket in [&network, &name_bucket] {
        store.uncount_login(bucket, slot).await.map_err(failed)?;
    }
    let session_token = hex(&random_bytes::<32>());
    let csrf = hex(&random_bytes::<32>());
    store
        .open_session(
            &token_hash(&session_token),
            &name,
            &csrf,
            now() + SESSION_SECS,
        )
        .await
        .map_err(failed)?;
    let cookie = Cookie::build(COOKIE, session_token)
        .path("/")
        .secure(true)
        .http_only(true)
        .same_site(SameSite::Strict)
        .max_age(CookieDuration::seconds(SESSION_SECS))
        .finish();
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, "/moderate"))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .cookie(cookie)
        .finish())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Checks the session and its CSRF token for a POST.
async fn authorised(
    state: &AppState,
    store: &Store,
    request: &HttpRequest,
    pairs: &[(String, String)],
) -> Result<Option<ModeratorSession>, AppError> {
    if cross_site(request, state) {
        return Ok(None);
    }
    let Some(session) = current_session(store, request).await? else {
        return Ok(None);
    };
    let sent = blake3::hash(field(pairs, "csrf").as_bytes());
    // blake3 hashes compare in constant time.
    Ok((sent == blake3::hash(session.csrf.as_bytes())).then_some(session))
}

/// `POST /moderate/decide`: approve or reject one report.
pub async fn decide(
    state: web::Data<AppState>,
    request: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let store = state.store()?;
    let body = read_body(&request, payload).await?;
    let pairs = form(&body);
    let Some(session) = authorised(&state, store, &request, &pairs).await? else {
        return login_page(&state,
            String::new(),
            Some("Your session has ended, or the form did not come from this site. Please log in again.".to_owned()),
            StatusCode::FORBIDDEN,
        )
        .await;
    };
    let id = field(&pairs, "id");
    let decision = match Decision::new(field(&pairs, "action"), field(&pairs, "reason")) {
        Ok(decision) => decision,
        Err(refused) => {
            return queue(
                &state,
                store,
                &session,
                Some(refused.to_string()),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let done = moderation::decide(store, id, decision)
        .await
        .map_err(failed)?;
    let notice = if done {
        format!("Report {} {}.", short(id), decision.status().key())
    } else {
        "That report is no longer pending: another moderator decided it, or it was withdrawn."
            .to_owned()
    };
    queue(&state, store, &session, Some(notice), StatusCode::OK).await
}

fn short(id: &str) -> &str {
    id.get(..8).unwrap_or(id)
}

/// `POST /moderate/logout`.
pub async fn logout(
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let store = state.store()?;
    // Whatever else the request carries (its CSRF token, its origin):
    // ending a session can harm nobody, and a logout that only cleared the
    // cookie left the session usable to whoever had copied it.
    if let Some(cookie) = request.cookie(COOKIE) {
        store
            .close_session(&token_hash(cookie.value()), now())
            .await
            .map_err(failed)?;
    }
    let mut gone = Cookie::build(COOKIE, "")
        .path("/")
        .secure(true)
        .http_only(true)
        .same_site(SameSite::Strict)
        .finish();
    gone.make_removal();
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, "/moderate"))
        .cookie(gone)
        .finish())
}

/// A report's profile as a moderator reads it: "5 years · Seattle-Tacoma-Bellevue,
/// WA · On-site · Salaried employee", with the data file's labels (ids it no
/// longer knows are shown as they are).
fn profile_in_words(model: &SalaryModel, report: &ReportFacts) -> String {
    let label = |kind: FactorKind, id: &str| {
        model
            .factor(kind)
            .value(id)
            .map_or_else(|| id.to_owned(), |value| value.label.clone())
    };
    let mut parts = vec![
        format!("{} years", report.years),
        label(FactorKind::Location, &report.location),
    ];
    parts.extend(
        report
            .industry
            .as_deref()
            .map(|id| label(FactorKind::Industry, id)),
    );
    parts.extend(
        report
            .company_size
            .as_deref()
            .map(|id| label(FactorKind::CompanySize, id)),
    );
    parts.push(label(FactorKind::WorkArrangement, &report.work_arrangement));
    parts.push(match report.employment.as_str() {
        "freelance" => "Freelance".to_owned(),
        _ => "Salaried".to_owned(),
    });
    parts.join(" · ")
}
