//! The front of every request: limits, answers already rendered, security
//! headers and the request log, in one middleware.
//!
//! Most requests ask for something rendered before: a guide, the home page, or
//! a calculator result or API answer someone asked for earlier. Those bodies
//! are already encoded and carry their own ETag, so they need none of the
//! routing, extractors, compression or error-page handling behind this layer:
//! [`Front`] answers a `GET` or `HEAD` of one straight from the caches in
//! [`super::Loaded`]. Everything else (first requests, other methods, escaped
//! addresses, errors) goes on to the route table, and its response comes back
//! through here for the same headers and log line.
//!
//! One hand-written middleware rather than a stack of `from_fn` layers and
//! `DefaultHeaders`: for a cached page the work around the body is most of the
//! cost, and the benchmark (tests/bench) showed the stack at about a sixth of
//! it.

use std::future::{Ready, ready};
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};
use std::time::Instant;

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform, forward_ready};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::{Error, HttpResponse, web};

use super::AppState;
use super::cache::ResultKind;
use super::limits;

/// Headers every response carries, as name and value.
pub type SecurityHeaders = Rc<[(HeaderName, HeaderValue)]>;

/// The middleware; see the module documentation.
pub struct Front {
    state: web::Data<AppState>,
    headers: SecurityHeaders,
}

impl Front {
    /// Answers from `state`'s caches and adds `headers` to every response.
    pub fn new(state: web::Data<AppState>, headers: SecurityHeaders) -> Self {
        Self { state, headers }
    }
}

impl<S, B> Transform<S, ServiceRequest> for Front
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
    B: MessageBody,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Transform = FrontService<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(FrontService {
            service,
            state: self.state.clone(),
            headers: self.headers.clone(),
        }))
    }
}

/// [`Front`] around the rest of the app.
pub struct FrontService<S> {
    service: S,
    state: web::Data<AppState>,
    headers: SecurityHeaders,
}

impl<S, B> Service<ServiceRequest> for FrontService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
    B: MessageBody,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Future = FrontFuture<S::Future>;

    forward_ready!(service);

    fn call(&self, request: ServiceRequest) -> Self::Future {
        let log = RequestLog::start(request.method());
        if let Some(refusal) = limits::refusal(&request) {
            let response = limits::refuse(request, refusal);
            return FrontFuture::answered(finish(
                response,
                &self.headers,
                log,
                "(refused)",
                Made::Here,
            ));
        }
        if let Some((route, answer)) = self.answer_from_cache(&request) {
            let response = request.into_response(answer);
            return FrontFuture::answered(finish(response, &self.headers, log, route, Made::Here));
        }
        FrontFuture::Routed {
            inner: self.service.call(request),
            headers: self.headers.clone(),
            log: Some(log),
        }
    }
}

impl<S> FrontService<S> {
    /// The answer kept for this request, with the route it belongs to, if it
    /// is a `GET` or `HEAD` of a page or result rendered before.
    ///
    /// Looked up by the address exactly as sent: one with needless escapes
    /// (`/guides/%6Futlook`) misses here and is decoded by the router as usual.
    fn answer_from_cache(&self, request: &ServiceRequest) -> Option<(&'static str, HttpResponse)> {
        if !matches!(*request.method(), Method::GET | Method::HEAD) {
            return None;
        }
        let loaded = self.state.loaded.load();
        let (path, query) = (request.path(), request.query_string());
        let http_request = request.request();
        let (route, kind) = match path {
            "/calculator" if !query.is_empty() => ("/calculator", ResultKind::Page),
            "/calculator/result" => ("/calculator/result", ResultKind::CalculatorFragment),
            "/compare/result" => ("/compare/result", ResultKind::CompareFragment),
            "/api/v1/estimate" => ("/api/v1/estimate", ResultKind::Json),
            _ => {
                let (route, page) = loaded.pages.lookup(path)?;
                return Some((route, page.respond(http_request)));
            }
        };
        let mut response = loaded.results.get(kind, query)?.respond(http_request);
        kind.mark(&mut response);
        Some((route, response))
    }
}

/// Who made a response, which decides how its security headers are added.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Made {
    /// Here, from the caches or a refusal: none of the headers is set yet.
    Here,
    /// By a handler, which may have set one of its own; that one is kept.
    ByHandler,
}

/// Adds the security headers to a response and writes its log line.
fn finish<B>(
    mut response: ServiceResponse<B>,
    headers: &[(HeaderName, HeaderValue)],
    log: RequestLog,
    route: &str,
    made: Made,
) -> ServiceResponse<B> {
    let response_headers = response.headers_mut();
    for (name, value) in headers {
        if made == Made::Here || !response_headers.contains_key(name) {
            response_headers.insert(name.clone(), value.clone());
        }
    }
    log.finish(route, response.status());
    response
}

pin_project_lite::pin_project! {
    /// A response from the cache (ready at once) or from the route table.
    #[project = FrontFutureProjection]
    pub enum FrontFuture<F> {
        Answered { response: Option<ServiceResponse<BoxBody>> },
        Routed {
            #[pin]
            inner: F,
            headers: SecurityHeaders,
            log: Option<RequestLog>,
        },
    }
}

impl<F> FrontFuture<F> {
    fn answered(response: ServiceResponse<BoxBody>) -> Self {
        FrontFuture::Answered {
            response: Some(response),
        }
    }
}

impl<F, B> std::future::Future for FrontFuture<F>
where
    F: std::future::Future<Output = Result<ServiceResponse<B>, Error>>,
    B: MessageBody,
{
    type Output = Result<ServiceResponse<EitherBody<B>>, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project() {
            FrontFutureProjection::Answered { response } => Poll::Ready(
                response
                    .take()
                    .map(ServiceResponse::map_into_right_body)
                    .ok_or_else(|| actix_web::error::ErrorInternalServerError("polled again")),
            ),
            FrontFutureProjection::Routed {
                inner,
                headers,
                log,
            } => {
                let response = std::task::ready!(inner.poll(cx))?;
                let route = response.request().match_pattern();
                let route = route.as_deref().unwrap_or("(unmatched)");
                let log = log.take().unwrap_or(RequestLog::OFF);
                Poll::Ready(Ok(finish(
                    response.map_into_left_body(),
                    headers,
                    log,
                    route,
                    Made::ByHandler,
                )))
            }
        }
    }
}

/// What the request log needs from the start of a request.
///
/// The log line names the route pattern (`/guides/{slug}`) rather than the
/// raw path, and only standard methods, so what a visitor typed never reaches
/// the logs. When the log level drops request lines, nothing is measured.
pub struct RequestLog {
    method: &'static str,
    started: Option<Instant>,
}

impl RequestLog {
    const OFF: RequestLog = RequestLog {
        method: "",
        started: None,
    };

    fn start(method: &Method) -> Self {
        if !tracing::enabled!(tracing::Level::INFO) {
            return Self::OFF;
        }
        let method = match *method {
            Method::GET => "GET",
            Method::HEAD => "HEAD",
            Method::POST => "POST",
            Method::PUT => "PUT",
            Method::DELETE => "DELETE",
            Method::OPTIONS => "OPTIONS",
            Method::PATCH => "PATCH",
            // Any other token is the client's own text.
            _ => "(other)",
        };
        Self {
            method,
            started: Some(Instant::now()),
        }
    }

    fn finish(self, route: &str, status: StatusCode) {
        let Some(started) = self.started else {
            return;
        };
        // Nothing about a report is logged, not even that one was sent or
        // decided when.
        if route.starts_with("/share") || route.starts_with("/moderate") {
            return;
        }
        tracing::info!(
            method = self.method,
            route,
            status = status.as_u16(),
            micros = started.elapsed().as_micros() as u64,
            "request"
        );
    }
}
