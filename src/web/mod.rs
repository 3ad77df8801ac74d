//! The actix-web application: one factory, one route table.
//!
//! [`build_app`] is the only way an `App` is made, by `main` and by every
//! integration test, so tests exercise the same middleware and error handling
//! that production runs.

mod api;
mod assets;
mod calculator;
mod discovery;
pub mod error;
mod filters;
pub mod meta;
mod pages;
mod search;
pub mod watch;

use std::sync::Arc;
use std::time::Instant;

use arc_swap::ArcSwap;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::{DefaultHeaders, ErrorHandlers, Next, from_fn};
use actix_web::{App, HttpRequest, HttpResponse, web};

pub use assets::{StaticFile, StaticFiles};
use error::{ApiError, AppError};
pub use meta::{BaseUrl, SiteConfig};

use crate::content::Site;

/// Largest JSON body the API reads; a real estimate request is a few hundred bytes.
pub const MAX_JSON_BODY: usize = 16 * 1024;

/// What every request handler shares: content and static files, loaded once.
///
/// The site sits behind an atomic pointer so `serve --watch` can swap in freshly
/// loaded content without a restart; a request keeps the version it started with.
#[derive(Debug)]
pub struct AppState {
    site: ArcSwap<Site>,
    /// Static files.
    pub statics: StaticFiles,
    /// Settings read at start-up, such as the public base URL.
    pub config: SiteConfig,
}

impl AppState {
    /// State over loaded content and static files.
    pub fn new(site: Site, statics: StaticFiles, config: SiteConfig) -> Self {
        Self {
            site: ArcSwap::from_pointee(site),
            statics,
            config,
        }
    }

    /// The current content; hold the `Arc` for the whole request.
    pub fn site(&self) -> Arc<Site> {
        self.site.load_full()
    }

    /// Replaces the content (after a watched file changed and reloaded cleanly).
    pub fn replace_site(&self, site: Site) {
        self.site.store(Arc::new(site));
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
    App::new()
        .app_data(state)
        .app_data(web::PayloadConfig::new(MAX_JSON_BODY))
        .configure(routes)
        .default_service(web::to(not_found))
        .wrap(ErrorHandlers::new().default_handler(error::page_with_head))
        .wrap(
            DefaultHeaders::new()
                .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
                .add((header::REFERRER_POLICY, "strict-origin-when-cross-origin")),
        )
        .wrap(from_fn(log_request))
}

/// The route table: every URL the site answers.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(page("/", pages::home))
        .service(page("/guides/", pages::guide_index))
        .service(page("/guides", pages::guide_index_redirect))
        .service(page("/guides/{slug}", pages::guide))
        .service(page("/calculator", calculator::calculator))
        .service(page("/sources", pages::sources))
        .service(page("/search", search::search))
        .service(page("/feed.xml", discovery::feed))
        .service(page("/sitemap.xml", discovery::sitemap))
        .service(page("/robots.txt", discovery::robots))
        .service(page("/healthz", pages::healthz))
        .service(page("/static/{path:.*}", pages::static_file))
        .service(
            web::resource("/api/v1/estimate")
                .route(web::get().to(api::estimate_from_query))
                .route(web::post().to(api::estimate_from_json))
                .default_service(web::to(api_method_not_allowed)),
        )
        .service(
            web::resource("/api/v1/options")
                .route(web::get().to(api::options))
                .default_service(web::to(api_method_not_allowed)),
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
        .default_service(web::to(method_not_allowed))
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

async fn method_not_allowed() -> Result<HttpResponse, AppError> {
    Err(AppError::MethodNotAllowed)
}

async fn api_method_not_allowed() -> Result<HttpResponse, ApiError> {
    Err(ApiError(AppError::MethodNotAllowed))
}

/// Logs one line per request: method, route pattern, status and latency.
///
/// The route pattern (`/guides/{slug}`) is logged rather than the raw path, so
/// what a visitor typed never reaches the logs.
async fn log_request(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let method = request.method().clone();
    let response = next.call(request).await?;
    let route = response
        .request()
        .match_pattern()
        .unwrap_or_else(|| "(unmatched)".to_owned());
    tracing::info!(
        %method,
        route,
        status = response.status().as_u16(),
        micros = started.elapsed().as_micros() as u64,
        "request"
    );
    Ok(response)
}
