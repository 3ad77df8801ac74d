//! Reading pages: home, guides, sources, health check and static files.

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::AppState;
use super::error::AppError;
use super::filters;
use super::meta::{Head, SITE_DESCRIPTION, SITE_NAME};
use crate::content::{Guide, Section};
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
    head: Head,
    guides: &'a [Guide],
    model: &'a SalaryModel,
}

pub async fn home(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let site = state.site();
    html(&HomePage {
        current: "home",
        head: Head::new(&state.config, "/", SITE_NAME, SITE_DESCRIPTION),
        guides: &site.guides,
        model: &site.model,
    })
}

/// The guides, grouped by section.
#[derive(Template)]
#[template(path = "pages/guide_index.html")]
struct GuideIndexPage<'a> {
    current: &'static str,
    head: Head,
    sections: Vec<Section<'a>>,
}

pub async fn guide_index(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let site = state.site();
    html(&GuideIndexPage {
        current: "guides",
        head: Head::new(
            &state.config,
            "/guides/",
            "Guides",
            "Guides to backend developer pay: by experience, location and industry, skills and certifications, offers, negotiation and the outlook.",
        ),
        sections: site.sections(),
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
    head: Head,
    guide: &'a Guide,
    previous: Option<&'a Guide>,
    next: Option<&'a Guide>,
    related: Vec<&'a Guide>,
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
        head: Head::new(
            &state.config,
            &format!("/guides/{}", guide.slug),
            guide.meta.title.as_str(),
            guide.meta.description.as_str(),
        )
        .article(),
        guide,
        previous,
        next,
        related: site.related(guide),
        model: &site.model,
    })
}

/// Every source, and how the estimate is made.
#[derive(Template)]
#[template(path = "pages/sources.html")]
struct SourcesPage<'a> {
    current: &'static str,
    head: Head,
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
        head: Head::new(
            &state.config,
            "/sources",
            "Sources and method",
            "Where every figure on Backend Salary Guide comes from, how the salary estimate is computed from them, and what changed in each version of the data.",
        ),
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
