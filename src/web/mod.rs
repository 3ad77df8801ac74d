//! The actix-web application: one factory, one route table.
//!
//! [`build_app`] is the only way an `App` is made, by `main` and by every
//! integration test, so tests exercise the same middleware and error handling
//! that production runs.

mod answers;
mod api;
mod api_params;
mod assets;
pub mod cache;
mod calculator;
mod choices;
pub mod client;
mod compare;
mod discovery;
pub mod error;
mod filters;
mod fragment;
mod front;
pub mod limits;
pub mod meta;
mod moderate;
mod openapi;
mod option_lists;
mod pages;
pub mod pay;
mod place;
mod privacy;
mod read_next;
mod reports;
mod search;
mod share;
mod share_gate;
pub mod watch;

use arc_swap::ArcSwap;
use std::sync::Arc;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::{Compress, ErrorHandlers};
use actix_web::{App, HttpRequest, HttpResponse, web};

pub use assets::{StaticFile, StaticFiles};
pub use cache::{ResponseCache, ResultCache};
use error::{ApiError, AppError};
pub use meta::{AssetUrls, BaseUrl, SiteConfig};
pub use reports::refresh_forever;

use crate::content::Site;
use crate::reports::moderation::PasswordChecks;
use crate::reports::snapshot::ReportsSnapshot;
use crate::reports::{FormKind, ServerSecret};
use crate::store::{Database, Store, StoreError};
use client::{ProxyHeader, ProxyTrust};
use jiff::civil::Date;

/// Content and the pages rendered from it, replaced together so a reader never
/// sees a page from one version of the content beside data from another.
#[derive(Debug)]
pub struct Loaded {
    /// Guides and the salary model.
    pub site: Arc<Site>,
    /// Every page that depends only on content, rendered once.
    pub pages: ResponseCache,
    /// Calculator results and API answers, rendered on first request.
    pub results: ResultCache,
    /// The forms' lists of choices, written once.
    pub forms: choices::FormLists,
}

/// What every request handler shares: content, its rendered pages, static
/// files and settings, all prepared once.
///
/// Content sits behind an atomic pointer so `serve --watch` can swap in freshly
/// loaded content without a restart; a request keeps the version it started with.
#[derive(Debug)]
pub struct AppState {
    loaded: ArcSwap<Loaded>,
    /// Static files.
    pub statics: StaticFiles,
    /// Settings read at start-up, such as the public base URL.
    pub config: SiteConfig,
    /// The reports database, when this server takes reports: reached in
    /// the background, so it may not have answered yet.
    database: Option<Database>,
    /// Published report aggregates, refreshed from the database each minute.
    reports_snapshot: ArcSwap<ReportsSnapshot>,
    /// Limits of the report form.
    pub reports: ReportSettings,
    /// This server's half of every day's key (the database holds the
    /// other): the replicas of one database must share it.
    secret: ServerSecret,
    /// Moderators' password checks, a few at a time.
    pub passwords: PasswordChecks,
}

/// Settings of the report form, read at start-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportSettings {
    /// Reports accepted per client network a day.
    pub submissions_per_day: u32,
    /// The most of the pending queue (the data file's `pending_cap`) one
    /// network may fill, in percent, over the two days its counts are kept.
    pub pending_share_percent: u32,
    /// The proxies in front whose address headers are believed; none by
    /// default, when the connection's peer is the client.
    pub proxy: ProxyTrust,
    /// The header those proxies write.
    pub proxy_header: ProxyHeader,
}

impl ReportSettings {
    /// Three a day per network, as small salary-sharing sites allow
    /// (research: submissions.md, 6.13).
    pub const DEFAULT_PER_DAY: u32 = 3;
    /// A tenth of the queue per network: ten networks at least to close it.
    pub const DEFAULT_PENDING_SHARE_PERCENT: u32 = 10;

    /// How many reports one network may send over two days before its share
    /// of a queue of `pending_cap` is full; at least one.
    pub fn network_share(&self, pending_cap: u32) -> i64 {
        (i64::from(pending_cap) * i64::from(self.pending_share_percent) / 100).max(1)
    }
}

impl Default for ReportSettings {
    fn default() -> Self {
        Self {
            submissions_per_day: Self::DEFAULT_PER_DAY,
            pending_share_percent: Self::DEFAULT_PENDING_SHARE_PERCENT,
            proxy: ProxyTrust::None,
            proxy_header: ProxyHeader::XForwardedFor,
        }
    }
}

impl AppState {
    /// State over loaded content and static files; renders every content page
    /// and points the pages at the static files' content-hashed names.
    pub fn new(site: Site, statics: StaticFiles, mut config: SiteConfig) -> Self {
        config.assets = Arc::new(AssetUrls::from_statics(&statics));
        let loaded = pages::prerender(site, &config);
        Self {
            loaded: ArcSwap::from_pointee(loaded),
            statics,
            config,
            database: None,
            reports_snapshot: ArcSwap::from_pointee(ReportsSnapshot::default()),
            reports: ReportSettings::default(),
            // `salary-guide serve` always reads its secret (`with_secret`);
            // a fresh one suits a test's single app.
            secret: ServerSecret::random(),
            passwords: PasswordChecks::default(),
        }
    }

    /// The published report aggregates; hold the `Arc` for the whole request.
    pub fn reports_snapshot(&self) -> Arc<ReportsSnapshot> {
        self.reports_snapshot.load_full()
    }

    /// Swaps in a new build of the aggregates; kept answers that may show the
    /// old one are forgotten. Nothing happens when it did not change.
    pub fn replace_reports(&self, snapshot: ReportsSnapshot) {
        if *self.reports_snapshot.load_full() == snapshot {
            return;
        }
        self.reports_snapshot.store(Arc::new(snapshot));
        self.loaded.load().results.clear();
    }

    /// The same state over a reports database already connected.
    pub fn with_store(self, store: Store, reports: ReportSettings) -> Self {
        self.with_database(Database::connected(store), reports)
    }

    /// The same state over a reports database that may not answer yet.
    pub fn with_database(mut self, database: Database, reports: ReportSettings) -> Self {
        self.database = Some(database);
        self.reports = reports;
        self
    }

    /// The reports database, whether or not it has answered yet.
    pub fn database(&self) -> Option<&Database> {
        self.database.as_ref()
    }

    /// The reports store, for a page that reads or writes reports: a 503
    /// page or problem while the database has not answered yet
    /// ([`AppError::StorageUnavailable`]), or when this server has none.
    pub fn store(&self) -> Result<&Store, AppError> {
        let database = self.database.as_ref().ok_or(AppError::ReportsUnavailable)?;
        Ok(database.store()?)
    }

    /// The key of `day` for form tokens and rate-limit buckets: the
    /// database's salt for the day (made if missing) under this server's
    /// secret.
    pub async fn day_key(&self, store: &Store, day: Date) -> Result<[u8; 32], StoreError> {
        let salt = store.day_salt(day).await?;
        Ok(self.secret.day_key(&salt))
    }

    /// The key that signs `form`'s tokens issued on `day` (no database).
    pub fn form_key(&self, form: FormKind, day: Date) -> [u8; 32] {
        self.secret.form_key(form, day)
    }

    /// The key of `day` if its salt is still kept (a form token names its
    /// day; after two days the salt and with it the key are gone).
    pub async fn existing_day_key(
        &self,
        store: &Store,
        day: Date,
    ) -> Result<Option<[u8; 32]>, StoreError> {
        let salt = store.existing_day_salt(day).await?;
        Ok(salt.map(|salt| self.secret.day_key(&salt)))
    }

    /// The same state with this server's secret, which every replica of
    /// one database must share.
    pub fn with_secret(mut self, secret: ServerSecret) -> Self {
        self.secret = secret;
        self
    }

    /// The current content; hold the `Arc` for the whole request.
    pub fn site(&self) -> Arc<Site> {
        self.loaded.load().site.clone()
    }

    /// The current content with its rendered pages.
    pub fn loaded(&self) -> Arc<Loaded> {
        self.loaded.load_full()
    }

    /// Replaces the content (after a watched file changed and reloaded
    /// cleanly), rendering its pages before anyone can see it.
    pub fn replace_site(&self, site: Site) {
        let loaded = pages::prerender(site, &self.config);
        self.loaded.store(Arc::new(loaded));
    }
}

/// Builds the application over loaded state.
pub fn build_app(
    state: web::Data<AppState>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let front = front::Front::new(state.clone(), security_headers(&state.config));
    App::new()
        .app_data(state)
        .configure(routes)
        .default_service(web::to(not_found))
        .wrap(ErrorHandlers::new().default_handler(error::page_with_head))
        // Compresses one-off bodies (search and error pages, POSTed estimates);
        // cached pages and results arrive already encoded.
        .wrap(Compress::default())
        // Limits, cached answers, security headers and the request log.
        .wrap(front)
}

/// The Content-Security-Policy of every response. Nothing inline is allowed:
/// styles and scripts come only from our own static files, so an injected
/// `<script>` or `style=` attribute does nothing. The calculator's script talks
/// only to our own API.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'; manifest-src 'self'";

/// Headers every response carries.
fn security_headers(config: &SiteConfig) -> front::SecurityHeaders {
    let mut headers = vec![
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static(
                "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
            ),
        ),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ),
    ];
    if config.hsts {
        // Only behind HTTPS: a browser that sees this over plain HTTP ignores it,
        // but one that sees it over HTTPS refuses plain HTTP for a year.
        headers.push((
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        ));
    }
    headers.into()
}

/// The route table: every URL the site answers.
///
/// A `GET` or `HEAD` of a page or result already rendered is answered from the
/// cache in front of this table ([`front`]) with the very response the route's
/// handler would give; the routes here serve everything else.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(page("/", pages::rendered))
        .service(page("/guides/", pages::rendered))
        .service(page("/guides", pages::guide_index_redirect))
        .service(page("/guides/{slug}", pages::rendered))
        .service(page("/calculator", calculator::calculator))
        .service(page("/calculator/result", calculator::result_fragment))
        .service(page("/compare", compare::compare_page))
        .service(page("/compare/result", compare::comparison_fragment))
        .service(page("/sources", pages::rendered))
        .service(page("/pay/", pages::rendered))
        .service(page("/pay", pay::index_redirect))
        .service(page("/pay/{area}", pay::area_page))
        .service(page("/search", search::search))
        .service(page("/feed.xml", pages::rendered))
        .service(page("/sitemap.xml", pages::rendered))
        .service(page("/robots.txt", pages::rendered))
        .service(page("/healthz", pages::healthz))
        .service(page("/static/{path:.*}", pages::static_file))
        .service(page("/privacy", privacy::privacy))
        .service(page("/moderate", moderate::moderate))
        .service(
            web::resource("/moderate/login")
                .route(web::post().to(moderate::login))
                .default_service(refuse_other_methods("POST")),
        )
        .service(
            web::resource("/moderate/decide")
                .route(web::post().to(moderate::decide))
                .default_service(refuse_other_methods("POST")),
        )
        .service(
            web::resource("/moderate/logout")
                .route(web::post().to(moderate::logout))
                .default_service(refuse_other_methods("POST")),
        )
        .service(
            web::resource("/share")
                .route(web::get().to(share::share_form))
                .route(web::head().to(share::share_form))
                .route(web::post().to(share::share_submit))
                .default_service(refuse_other_methods("GET, HEAD, POST")),
        )
        .service(
            web::resource("/share/withdraw")
                .route(web::get().to(privacy::withdraw_form))
                .route(web::head().to(privacy::withdraw_form))
                .route(web::post().to(privacy::withdraw_submit))
                .default_service(refuse_other_methods("GET, HEAD, POST")),
        )
        .service(
            web::resource("/api/v1/estimate")
                .route(web::get().to(api::estimate_from_query))
                .route(web::head().to(api::estimate_from_query))
                .route(web::post().to(api::estimate_from_json))
                .default_service(refuse_other_api_methods("GET, HEAD, POST")),
        )
        .service(
            web::resource("/api/v1/compare")
                .route(web::get().to(api::compare_from_query))
                .route(web::head().to(api::compare_from_query))
                .default_service(refuse_other_api_methods("GET, HEAD")),
        )
        .service(
            web::resource("/api/v1/openapi.json")
                .route(web::get().to(openapi::openapi_json))
                .route(web::head().to(openapi::openapi_json))
                .default_service(refuse_other_api_methods("GET, HEAD")),
        )
        .service(
            web::resource("/api/v1/reports")
                .route(web::get().to(reports::reports_api))
                .route(web::head().to(reports::reports_api))
                .default_service(refuse_other_api_methods("GET, HEAD")),
        )
        .service(
            web::resource("/api/v1/places")
                .route(web::get().to(place::suggestions))
                .route(web::head().to(place::suggestions))
                .default_service(refuse_other_api_methods("GET, HEAD")),
        )
        .service(
            web::resource("/api/v1/options")
                .route(web::get().to(pages::rendered))
                .route(web::head().to(pages::rendered))
                .default_service(refuse_other_api_methods("GET, HEAD")),
        );
}

/// A resource that answers GET (and HEAD) and refuses other methods in our words.
fn page<F, Args>(path: &str, handler: F) -> actix_web::Resource
where
    F: actix_web::Handler<Args>,
    Args: actix_web::FromRequest + 'static,
    F::Output: actix_web::Responder + 'static,
{
    web::resource(path)
        .route(web::get().to(handler.clone()))
        .route(web::head().to(handler))
        .default_service(refuse_other_methods("GET, HEAD"))
}

async fn not_found(request: HttpRequest) -> Result<HttpResponse, actix_web::Error> {
    // Returned as errors, not responses, so the error-page middleware can give
    // the HTML one its canonical URL and the API one stays JSON.
    if request.path().starts_with("/api/") {
        Err(ApiError(AppError::NotFound).into())
    } else {
        Err(AppError::NotFound.into())
    }
}

/// Answers any method but those in `allow` with a 405 page and an `Allow` header.
fn refuse_other_methods(allow: &'static str) -> actix_web::Route {
    web::to(move || async move { Err::<HttpResponse, _>(AppError::MethodNotAllowed { allow }) })
}

/// The same for an API address, as a problem.
fn refuse_other_api_methods(allow: &'static str) -> actix_web::Route {
    web::to(move || async move {
        Err::<HttpResponse, _>(ApiError(AppError::MethodNotAllowed { allow }))
    })
}
