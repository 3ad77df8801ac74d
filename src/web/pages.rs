//! Reading pages: home, guides, sources, health check and static files.

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::AppState;
use super::error::AppError;
use super::filters;
use crate::content::Guide;
use crate::estimator::{FactorKind, SalaryModel, Source};

fn html(page: &impl Template) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(page.render()?))
}

/// The home page.
#[derive(Template)]
#[template(path = "pages/home.html")]
struct HomePage<'a> {
    current: &'static str,
    guides: &'a [Guide],
    model: &'a SalaryModel,
}

pub async fn home(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let site = state.site();
    html(&HomePage {
        current: "home",
        guides: &site.guides,
        model: &site.model,
    })
}

/// The list of guides.
#[derive(Template)]
#[template(path = "pages/guide_index.html")]
struct GuideIndexPage<'a> {
    current: &'static str,
    guides: &'a [Guide],
}

pub async fn guide_index(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let site = state.site();
    html(&GuideIndexPage {
        current: "guides",
        guides: &site.guides,
    })
}

pub async fn guide_index_redirect() -> HttpResponse {
    HttpResponse::PermanentRedirect()
        .insert_header((header::LOCATION, "/guides/"))
        .finish()
}

/// One guide.
#[derive(Template)]
#[template(path = "pages/guide.html")]
struct GuidePage<'a> {
    current: &'static str,
    guide: &'a Guide,
    previous: Option<&'a Guide>,
    next: Option<&'a Guide>,
    model: &'a SalaryModel,
}

impl GuidePage<'_> {
    /// Second-level headings make the table of contents; deeper ones would crowd it.
    fn toc(&self) -> impl Iterator<Item = &crate::content::markdown::Heading> {
        self.guide.headings.iter().filter(|h| h.level == 2)
    }
}

pub async fn guide(
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let site = state.site();
    let guide = site.guide(&slug).ok_or(AppError::NotFound)?;
    let (previous, next) = site.neighbours(&slug);
    html(&GuidePage {
        current: "guides",
        guide,
        previous,
        next,
        model: &site.model,
    })
}

/// Every source, and how the estimate is made.
#[derive(Template)]
#[template(path = "pages/sources.html")]
struct SourcesPage<'a> {
    current: &'static str,
    model: &'a SalaryModel,
    factors: Vec<&'a crate::estimator::Factor>,
}

impl SourcesPage<'_> {
    /// Which factors cite a source, in words, for the source list.
    fn used_by(&self, source: &Source) -> String {
        let mut users = Vec::new();
        if self.model.experience_sources.contains(&source.id) {
            users.push("experience curve".to_owned());
        }
        for factor in &self.factors {
            if factor.values.iter().any(|v| v.sources.contains(&source.id)) {
                users.push(factor.label.to_lowercase());
            }
        }
        if self
            .model
            .figures
            .iter()
            .any(|f| f.sources.contains(&source.id))
        {
            users.push("published figures".to_owned());
        }
        if users.is_empty() {
            "guides".to_owned()
        } else {
            users.join(", ")
        }
    }
}

pub async fn sources(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let site = state.site();
    let model = &site.model;
    html(&SourcesPage {
        current: "sources",
        model,
        factors: FactorKind::ALL
            .into_iter()
            .map(|k| model.factor(k))
            .collect(),
    })
}

/// For load balancers: the process is up and its content loaded.
pub async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body({
            let site = state.site();
            format!(
                "ok: {} guides, data {}\n",
                site.guides.len(),
                site.model.version
            )
        })
}

pub async fn static_file(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let file = state.statics.get(&path).ok_or(AppError::NotFound)?;
    Ok(HttpResponse::Ok()
        .content_type(file.content_type.as_str())
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(file.body.clone()))
}
