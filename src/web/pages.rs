//! Reading pages: home, guides, sources, health check and static files.

//!
//! Every page here depends only on content, so each is rendered when content
//! loads, to prove it renders, and kept from its first request ([`prerender`]);
//! served from that cache, a request costs a lookup, an ETag comparison and
//! a copy of bytes.

use std::sync::Arc;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::cache::{CachedResponse, PAGE_CACHE_CONTROL, ResponseCache};
use super::choices::FormLists;
use super::error::AppError;
use super::meta::{Head, SITE_DESCRIPTION, SITE_NAME, SiteConfig};
use super::{AppState, Loaded, api, calculator, discovery, filters, pay};
use crate::content::{Guide, Section, Site};
use crate::estimator::bls::AreaKind;
use crate::estimator::{Evidence, FactorKind, FactorValue, SalaryModel, Source};

const HTML: &str = "text/html; charset=utf-8";

/// Renders every page that depends only on content.
///
/// A page that fails to render is logged and left out, so it answers 404
/// rather than taking the site down; the integration tests request every one.
/// Each guide's HTML body is taken from the site into its page's renderer.
///
/// Every page is rendered here, to prove it renders, but kept only from its
/// first request (once, however many ask at the same time), except the
/// calculator's empty form: an idle server holds about 0.35 MB less, and a
/// page's first visitor waits about a millisecond for it.
pub fn prerender(mut site: Site, config: &SiteConfig) -> Loaded {
    let bodies = site.take_guide_html();
    let site = Arc::new(site);
    let forms = FormLists::new(&site.model);
    let mut pages = ResponseCache::default();
    for (route, content_type, render) in DEFERRED {
        match render(&site, config) {
            Ok(_) => {
                let (site, config) = (site.clone(), config.clone());
                pages.insert_on_first_request(route, route, move || match render(&site, &config) {
                    Ok(body) => Some(kept(content_type, body)),
                    Err(error) => {
                        tracing::error!(%error, path = route, "page failed to render");
                        None
                    }
                });
            }
            Err(error) => tracing::error!(%error, path = route, "page failed to render"),
        }
    }
    // Each guide's page is deferred too; its body, taken from the site, waits
    // in the page's renderer.
    for (index, body) in bodies.into_iter().enumerate() {
        let guide = &site.guides[index];
        let path = format!("/guides/{}", guide.slug);
        let Some(body) = body else {
            tracing::error!(
                slug = guide.slug,
                "guide page not rendered: its body was already taken into another page"
            );
            continue;
        };
        if let Err(error) = render_guide(&site, config, guide, &body) {
            tracing::error!(%error, path, "page failed to render");
            continue;
        }
        let (site, config) = (site.clone(), config.clone());
        pages.insert_on_first_request(path, "/guides/{slug}", move || {
            let guide = &site.guides[index];
            match render_guide(&site, &config, guide, &body) {
                Ok(page) => Some(kept(HTML, page)),
                Err(error) => {
                    tracing::error!(%error, slug = guide.slug, "page failed to render");
                    None
                }
            }
        });
    }
    // The calculator's empty form is the one page held from the start: its
    // lists live in `forms`, which the loaded content owns.
    match calculator::render_empty(&site, &forms, config) {
        Ok(body) => pages.insert("/calculator", "/calculator", kept(HTML, body)),
        Err(error) => tracing::error!(%error, path = "/calculator", "page failed to render"),
    }
    pages.insert(
        "/robots.txt",
        "/robots.txt",
        kept(
            "text/plain; charset=utf-8",
            discovery::render_robots(config),
        ),
    );
    Loaded {
        site,
        pages,
        results: Default::default(),
        forms,
    }
}

/// A page rendered from content alone.
type Render = fn(&Site, &SiteConfig) -> Result<String, AppError>;

/// The pages rendered on their first request (with each guide's): route,
/// type, renderer.
const DEFERRED: [(&str, &str, Render); 7] = [
    ("/", HTML, render_home),
    ("/guides/", HTML, render_guide_index),
    ("/sources", HTML, render_sources),
    (
        "/feed.xml",
        "application/atom+xml; charset=utf-8",
        discovery::render_feed,
    ),
    ("/pay/", HTML, pay::render_index),
    (
        "/sitemap.xml",
        "application/xml; charset=utf-8",
        discovery::render_sitemap,
    ),
    ("/api/v1/options", "application/json", |site, _| {
        api::render_options(&site.model)
    }),
];

/// A rendered body as the page cache keeps it until content changes:
/// without the room left to grow (a guide page's buffer ends up to twice
/// its length).
fn kept(content_type: &'static str, mut body: String) -> CachedResponse {
    body.shrink_to_fit();
    CachedResponse::new(content_type, PAGE_CACHE_CONTROL, body.into())
}

/// Every page of the page cache (home, guides, sources, feed, sitemap,
/// robots.txt...), by the request's own path: the route table decides which
/// paths come here, the cache holds their bodies.
pub async fn rendered(
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, AppError> {
    // The path as the router matched it: percent-escapes of plain characters
    // decoded (`/guides/%6Futlook` is `/guides/outlook`), as for any route.
    super::cache::cached(&state, &request, request.match_info().as_str())
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

fn render_home(site: &Site, config: &SiteConfig) -> Result<String, AppError> {
    Ok(HomePage {
        current: "home",
        head: Head::new(config, "/", SITE_NAME, SITE_DESCRIPTION),
        guides: &site.guides,
        model: &site.model,
    }
    .render()?)
}

/// The guides, grouped by section.
#[derive(Template)]
#[template(path = "pages/guide_index.html")]
struct GuideIndexPage<'a> {
    current: &'static str,
    head: Head,
    sections: Vec<Section<'a>>,
    /// Every guide's slug in reading order, so each is numbered as on the
    /// home page whatever section it is listed under.
    reading_order: Vec<&'a str>,
}

impl GuideIndexPage<'_> {
    /// A guide's number in reading order, from 1, as the home page shows it.
    fn number(&self, slug: &str) -> usize {
        self.reading_order
            .iter()
            .position(|s| *s == slug)
            .map_or(0, |i| i + 1)
    }
}

fn render_guide_index(site: &Site, config: &SiteConfig) -> Result<String, AppError> {
    Ok(GuideIndexPage {
        current: "guides",
        head: Head::new(
            config,
            "/guides/",
            "Guides",
            "Guides to backend developer pay: by experience, location and industry, skills and certifications, offers, negotiation and the outlook.",
        ),
        sections: site.sections(),
        reading_order: site.guides.iter().map(|g| g.slug.as_str()).collect(),
    }
    .render()?)
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
    /// The guide's body as HTML (see [`Site::take_guide_html`]).
    body: &'a str,
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

fn render_guide(
    site: &Site,
    config: &SiteConfig,
    guide: &Guide,
    body: &str,
) -> Result<String, AppError> {
    let (previous, next) = site.neighbours(&guide.slug);
    Ok(GuidePage {
        current: "guides",
        head: Head::new(
            config,
            &format!("/guides/{}", guide.slug),
            guide.meta.title.as_str(),
            guide.meta.description.as_str(),
        )
        .article(),
        guide,
        body,
        previous,
        next,
        related: site.related(guide),
        model: &site.model,
    }
    .render()?)
}

/// Every source, and how the estimate is made.
#[derive(Template)]
#[template(path = "pages/sources.html")]
struct SourcesPage<'a> {
    current: &'static str,
    head: Head,
    model: &'a SalaryModel,
    factors: Vec<&'a crate::estimator::Factor>,
    /// The tax tables behind take-home pay: their notes and sources.
    tax: &'a crate::tax::TaxTables,
}

impl SourcesPage<'_> {
    /// The method's calibration paragraph: the bands the experience curve is
    /// set to, read back from the calculator, and where they sit against the
    /// two published checks. Computed, so it stays true when the data changes.
    fn calibration(&self) -> Vec<String> {
        let model = self.model;
        let usd = crate::money::usd;
        let band = |years: f64| {
            let input = crate::estimator::EstimateInput {
                years,
                ..Default::default()
            };
            crate::estimator::estimate(model, &input)
                .map(|e| e.base)
                .ok()
        };
        let mut bands = Vec::new();
        for level in model.levels.iter().filter(|l| l.id != "staff") {
            if let Some(b) = band(level.typical_years) {
                bands.push((level, b));
            }
        }
        let [p10, p25, median, p75, _] = model.cross_check.values;
        let check = &model.cross_check;
        let survey = &check.survey;
        let mut text = vec![format!(
            "The experience curve is calibrated to one stated reference, a 2026 career guide's pay bands: {}, each as the middle half of pay (25th to 75th percentile). No published figure we found breaks backend pay down by year, so the curve between and beyond those points is our own smooth fit.",
            bands
                .iter()
                .map(|(level, b)| format!(
                    "{} at {}, {}–{}",
                    level.label.to_lowercase(),
                    crate::estimator::years_phrase(level.typical_years),
                    usd(b.p25),
                    usd(b.p75)
                ))
                .collect::<Vec<_>>()
                .join("; ")
        )];
        if let (Some((_, entry)), Some((_, senior))) = (bands.first(), bands.last()) {
            let entry_side = if entry.p25 < p10 { "below" } else { "above" };
            let senior_side = if senior.p75 < p75 { "below" } else { "above" };
            let survey_side = if survey.median > senior.p75 {
                "above"
            } else {
                "below"
            };
            text.push(format!(
                "Against BLS figures for all US software developers ({}: 10th percentile {}, middle half {}–{}, median {}), the guide's entry band starts {entry_side} the 10th percentile and its senior band ends at {}, {senior_side} the 75th percentile. Stack Overflow's median for US back-end developers ({}) is {}, {survey_side} the top of the senior band; it is total pay that respondents reported themselves, and back-end respondents in every country averaged {} years of experience (the survey gives no US figure). So the calculator's base salaries run on the cautious side of both checks, and every estimate shows both beside it.",
                check.period,
                usd(p10),
                usd(p25),
                usd(p75),
                usd(median),
                usd(senior.p75),
                survey.period,
                usd(survey.median),
                crate::estimator::format_years(survey.mean_years),
            ));
        }
        text
    }

    /// The source of the location factor's BLS figures.
    fn location_source(&self) -> Option<&Source> {
        let location = self.model.factor(FactorKind::Location);
        let id = location.values.first()?.sources.first()?;
        self.model.source(id)
    }

    /// Whether a location has its own page under `/pay/`: every BLS area
    /// but the nation does.
    fn has_area_page(&self, id: &str) -> bool {
        let bls = &self.model.bls;
        bls.area(id).is_some() && id != bls.national().id
    }

    /// The locations in the data's order, grouped: the nation alone, then
    /// each state with its metropolitan and nonmetropolitan areas.
    fn location_groups(&self) -> Vec<(&FactorValue, Vec<&FactorValue>)> {
        let bls = &self.model.bls;
        let mut groups: Vec<(&FactorValue, Vec<&FactorValue>)> = Vec::new();
        for value in &self.model.factor(FactorKind::Location).values {
            let kind = bls.area(&value.id).map(|area| area.kind);
            match groups.last_mut() {
                Some((_, areas)) if matches!(kind, Some(AreaKind::Metro | AreaKind::Nonmetro)) => {
                    areas.push(value);
                }
                _ => groups.push((value, Vec::new())),
            }
        }
        groups
    }

    /// A location's evidence when it is weaker than BLS's own median there.
    fn weaker_evidence(&self, value: &FactorValue) -> Option<&'static str> {
        match value.evidence {
            Evidence::Strong => None,
            Evidence::Moderate => Some("moderate"),
            Evidence::Weak => Some("weak"),
        }
    }

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
        let model = self.model;
        let cites = |ids: &[String]| ids.contains(&source.id);
        let costs = &model.freelance_costs;
        for (used, what) in [
            (cites(&model.total_pay.sources), "total pay"),
            (
                cites(&model.hourly.sources)
                    || cites(&costs.tax_sources)
                    || cites(&costs.benefit_sources)
                    || cites(&costs.unbilled_sources),
                "hourly and freelance rates",
            ),
            (
                cites(&model.negotiation.sources)
                    || model
                        .negotiation
                        .positions
                        .iter()
                        .any(|p| cites(&p.sources)),
                "offer advice",
            ),
            (
                cites(&model.cross_check.sources) || cites(&model.cross_check.survey.sources),
                "the published figures beside every estimate",
            ),
        ] {
            if used {
                users.push(what.to_owned());
            }
        }
        if users.is_empty() && model.figures.iter().any(|f| f.sources.contains(&source.id)) {
            users.push("figures quoted in the guides".to_owned());
        }
        if users.is_empty() {
            "guides".to_owned()
        } else {
            users.join(", ")
        }
    }
}

fn render_sources(site: &Site, config: &SiteConfig) -> Result<String, AppError> {
    let model = &site.model;
    Ok(SourcesPage {
        current: "sources",
        head: Head::new(
            config,
            "/sources",
            "Sources and method",
            "Where every figure on Backend Salary Guide comes from, how the salary estimate is computed from them, and what changed in each version of the data.",
        ),
        model,
        factors: FactorKind::ALL
            .into_iter()
            .map(|k| model.factor(k))
            .collect(),
        tax: &model.tax,
    }
    .render()?)
}

/// For load balancers: the process is up and its content loaded.
pub async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body({
            let site = state.site();
            // 200 whatever the database does: content is served either way.
            // The second line is the readiness of what needs the database.
            let database = state
                .database()
                .map_or("none", |database| database.state().as_str());
            format!(
                "ok: {} guides, data {}\ndatabase: {database}\n",
                site.guides.len(),
                site.model.version
            )
        })
}

pub async fn static_file(
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let file = state.statics.get(&path).ok_or(AppError::NotFound)?;
    Ok(file.response.respond(&request))
}
