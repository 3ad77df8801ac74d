//! `/pay/` and `/pay/{area}`: a page for every area BLS publishes software
//! developers' pay for, and an index of them by state.
//!
//! Some 560 area pages would cost megabytes if rendered when content loads,
//! and most are read rarely, so each is rendered on its first request and
//! kept in the result cache beside calculator results (bounded by bytes, and
//! replaced with the content). The index is tried at load and kept from its
//! first request (see `pages::prerender`). Every figure comes from BLS's
//! files or the estimator; none is typed here.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::AppState;
use super::cache::{CachedResponse, PAGE_CACHE_CONTROL, ResultKind, render_sized};
use super::error::AppError;
use super::meta::{Head, SiteConfig};
use crate::content::Site;
use crate::estimator::bls::{Area, AreaKind, Bls, Cell, SOFTWARE_DEVELOPERS, Wages};
use crate::estimator::living::PricedAs;
use crate::estimator::{self, Choices, EstimateInput, FactorKind, SalaryModel};
use crate::money::{count, usd};

const HTML: &str = "text/html; charset=utf-8";

/// Room for an area page as it is rendered (about 20 KB).
const AREA_PAGE_BYTES: usize = 24 * 1024;

/// How many comparable areas each list shows.
const NEARBY: usize = 6;

/// `/pay/`: every area, state by state.
#[derive(Template)]
#[template(path = "pages/pay_index.html")]
struct PayIndexPage<'a> {
    current: &'static str,
    head: Head,
    release: &'a str,
    national: String,
    states: Vec<StateGroup<'a>>,
}

/// One state on the index: its own row, then its areas.
struct StateGroup<'a> {
    state: AreaLink<'a>,
    areas: Vec<AreaLink<'a>>,
}

/// An area as a link with its median for software developers.
struct AreaLink<'a> {
    id: &'a str,
    name: &'a str,
    /// BLS's median, or a dash when it was not released.
    median: String,
    /// Against the other area (the page's own, or the nation), signed.
    versus: String,
}

/// `/pay/{area}`: one area's figures.
#[derive(Template)]
#[template(path = "pages/pay_area.html")]
struct PayAreaPage<'a> {
    current: &'static str,
    head: Head,
    area: &'a Area,
    kind: &'static str,
    /// The state the area lies in, when it is not a state itself.
    state: Option<&'a Area>,
    release: &'a str,
    publisher: &'a str,
    release_url: &'a str,
    /// BLS's median here and how it stands against the national one.
    median: Option<String>,
    versus_national: Option<String>,
    national: String,
    /// The state whose figures stand in when BLS released no median here.
    stand_in: Option<&'a Area>,
    occupations: Vec<OccupationRow<'a>>,
    footnotes: Vec<(u8, &'a str)>,
    /// The calculator's estimate by level, when the area is a location.
    levels: Vec<LevelRow>,
    buying_power: Option<BuyingPower>,
    same_state: Vec<AreaLink<'a>>,
    closest_median: Vec<AreaLink<'a>>,
    calculator_href: String,
    compare_href: String,
}

/// BLS's figures for one occupation in the area.
struct OccupationRow<'a> {
    title: &'a str,
    soc: &'a str,
    employment: String,
    employment_rse: String,
    percentiles: [String; 5],
    wage_rse: String,
}

/// The calculator's band for one experience level here.
struct LevelRow {
    label: String,
    years: String,
    p25: String,
    median: String,
    p75: String,
    href: String,
}

/// What the typical level's median buys here, at BEA's price levels.
struct BuyingPower {
    level: String,
    median: String,
    price_level: String,
    housing_level: String,
    adjusted_median: String,
    year: u16,
    /// The state whose parity stands in for the area's own.
    stand_in_state: Option<String>,
    /// The state whose nonmetropolitan portion's parity this is (BLS's
    /// nonmetropolitan areas are parts of it).
    portion_state: Option<String>,
}

/// The index, for the page cache.
pub fn render_index(site: &Site, config: &SiteConfig) -> Result<String, AppError> {
    let bls = &site.model.bls;
    let national = bls.national_median();
    let states = bls
        .states()
        .into_iter()
        .map(|state| StateGroup {
            state: link(bls, state, national),
            areas: bls
                .areas_in(&state.state)
                .into_iter()
                .map(|area| link(bls, area, national))
                .collect(),
        })
        .collect();
    Ok(PayIndexPage {
        current: "pay",
        head: Head::new(
            config,
            "/pay/",
            "Software developer pay by area",
            format!(
                "BLS's {} pay for software developers in every state, metropolitan and \
                 nonmetropolitan area it publishes, with the calculator's estimate for each.",
                bls.release.release
            ),
        ),
        release: &bls.release.release,
        national: usd(national),
        states,
    }
    .render()?)
}

/// The ids of every area page, for the sitemap: every area but the nation.
pub fn area_ids(bls: &Bls) -> impl Iterator<Item = &str> {
    bls.areas
        .iter()
        .filter(|a| a.kind != AreaKind::National)
        .map(|a| a.id.as_str())
}

/// `GET /pay/{area}`: the area's page, rendered on its first request.
pub async fn area_page(
    state: web::Data<AppState>,
    request: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let loaded = state.loaded();
    if let Some(kept) = loaded.results.get(ResultKind::Area, &id) {
        return Ok(kept.respond(&request));
    }
    let body = render_area(&loaded.site, &state.config, &id)?;
    let page = CachedResponse::new(HTML, PAGE_CACHE_CONTROL, body.into());
    Ok(loaded
        .results
        .insert(ResultKind::Area, &id, page)
        .respond(&request))
}

/// `/pay`: the index lives at `/pay/`.
pub async fn index_redirect() -> HttpResponse {
    HttpResponse::PermanentRedirect()
        .insert_header((actix_web::http::header::LOCATION, "/pay/"))
        .finish()
}

/// One area's page; an id that is not an area (or is the nation) is not found.
pub fn render_area(site: &Site, config: &SiteConfig, id: &str) -> Result<String, AppError> {
    let model = &site.model;
    let bls = &model.bls;
    let area = bls
        .area(id)
        .filter(|a| a.kind != AreaKind::National)
        .ok_or(AppError::NotFound)?;
    let national = bls.national_median();
    let median = bls
        .wages(&area.id, SOFTWARE_DEVELOPERS)
        .and_then(Wages::median);
    let state = match area.kind {
        AreaKind::State | AreaKind::National => None,
        _ => bls.state(&area.state),
    };
    let stand_in = if median.is_none() { state } else { None };
    let occupations: Vec<_> = bls
        .occupations_in(&area.id)
        .into_iter()
        .map(|(occupation, wages)| OccupationRow {
            title: &occupation.title,
            soc: &occupation.soc,
            employment: shown(wages.employment, |v| count(v.round() as i64)),
            employment_rse: shown(wages.employment_rse, percent),
            percentiles: wages.percentiles.map(|cell| shown(cell, dollars)),
            wage_rse: shown(wages.wage_rse, percent),
        })
        .collect();
    let mut codes: Vec<u8> = bls
        .occupations_in(&area.id)
        .into_iter()
        .flat_map(|(_, w)| {
            [w.employment, w.employment_rse, w.mean, w.wage_rse]
                .into_iter()
                .chain(w.percentiles)
                .filter_map(|c| c.footnote())
        })
        .collect();
    codes.sort_unstable();
    codes.dedup();
    let footnotes = codes
        .into_iter()
        .filter_map(|code| Some((code, bls.footnote(code)?)))
        .collect();

    let is_location = model.factor(FactorKind::Location).value(&area.id).is_some();
    let (levels, buying_power) = if is_location {
        estimates(model, &area.id)?
    } else {
        (Vec::new(), None)
    };
    let typical_years = typical_level(model).map_or(0.0, |l| l.typical_years);
    let years = estimator::format_years(typical_years);
    let calculator_href = format!("/calculator?years={years}&location={}", area.id);
    let compare_href = format!(
        "/compare?a.years={years}&a.location={}&b.years={years}&b.location={}",
        bls.national().id,
        area.id
    );
    let reference =
        median.or_else(|| stand_in.and_then(|s| bls.wages(&s.id, SOFTWARE_DEVELOPERS)?.median()));
    let (same_state, closest_median) = comparable(bls, area, reference.unwrap_or(national));

    let title = format!("Software developer pay in {}", area.name);
    let description = match median {
        Some(m) => format!(
            "Software developers in {} earn a median {} a year (BLS, {}). Percentiles for \
             neighbouring roles, the calculator's estimate by level, buying power and \
             comparable areas.",
            area.name,
            usd(m),
            bls.release.release
        ),
        None => format!(
            "BLS's {} pay for software developers and neighbouring roles in {}, the \
             calculator's estimate by level, buying power and comparable areas.",
            bls.release.release, area.name
        ),
    };
    let page = PayAreaPage {
        current: "pay",
        head: Head::new(config, &format!("/pay/{}", area.id), title, description),
        area,
        kind: match area.kind {
            AreaKind::State => "State",
            AreaKind::Metro => "Metropolitan area",
            AreaKind::Nonmetro => "Nonmetropolitan area",
            AreaKind::National => "United States",
        },
        state,
        release: &bls.release.release,
        publisher: &bls.release.publisher,
        release_url: &bls.release.url,
        median: median.map(usd),
        versus_national: median.map(|m| versus(m, national)),
        national: usd(national),
        stand_in,
        occupations,
        footnotes,
        levels,
        buying_power,
        same_state,
        closest_median,
        calculator_href,
        compare_href,
    };
    Ok(render_sized(&page, AREA_PAGE_BYTES)?)
}

/// The level whose typical year stands for "a developer here": the middle one.
fn typical_level(model: &SalaryModel) -> Option<&estimator::Level> {
    model.levels.get(model.levels.len() / 2)
}

/// The calculator's band at each level here, and what the typical level's
/// median buys.
fn estimates(
    model: &SalaryModel,
    location: &str,
) -> Result<(Vec<LevelRow>, Option<BuyingPower>), AppError> {
    let typical = typical_level(model).map(|l| l.id.as_str());
    let mut rows = Vec::new();
    let mut buying_power = None;
    for level in &model.levels {
        let input = EstimateInput {
            years: level.typical_years,
            choices: Choices {
                location: Some(location.to_owned()),
                ..Choices::default()
            },
            ..EstimateInput::default()
        };
        // The location is one of the model's, so only a broken model fails here.
        let estimate = estimator::market_pay(model, &input)?;
        if Some(level.id.as_str()) == typical {
            let parity = model.cost_of_living.of(location);
            buying_power = Some(BuyingPower {
                level: level.label.clone(),
                median: usd(estimate.base.median),
                price_level: format!("{:.1}", estimate.cost_of_living.price_level),
                housing_level: format!("{:.1}", estimate.cost_of_living.housing_level),
                adjusted_median: usd(estimate.cost_of_living.adjusted_median),
                year: estimate.cost_of_living.year,
                stand_in_state: parity.and_then(|p| p.stand_in_state().map(str::to_owned)),
                portion_state: parity.and_then(|p| match &p.priced_as {
                    PricedAs::NonmetroPortion(state) => Some(state.clone()),
                    _ => None,
                }),
            });
        }
        let query = serde_html_form::to_string(input.query_pairs()).unwrap_or_default();
        rows.push(LevelRow {
            label: level.label.clone(),
            years: estimator::years_phrase(level.typical_years),
            p25: usd(estimate.base.p25),
            median: usd(estimate.base.median),
            p75: usd(estimate.base.p75),
            href: format!("/calculator?{query}"),
        });
    }
    Ok((rows, buying_power))
}

/// Areas to compare with: others in the same state (its own row first for a
/// metro), and areas elsewhere whose median is closest to `median`.
fn comparable<'a>(
    bls: &'a Bls,
    area: &'a Area,
    median: i64,
) -> (Vec<AreaLink<'a>>, Vec<AreaLink<'a>>) {
    let distance = |other: &Area| {
        bls.wages(&other.id, SOFTWARE_DEVELOPERS)
            .and_then(Wages::median)
            .map(|m| (m - median).abs())
    };
    let mut same: Vec<&Area> = bls
        .areas_in(&area.state)
        .into_iter()
        .filter(|a| a.id != area.id && distance(a).is_some())
        .collect();
    same.sort_by_key(|a| distance(a));
    let state_first = bls.state(&area.state).filter(|s| s.id != area.id);
    let same_state = state_first
        .into_iter()
        .chain(same.into_iter().take(NEARBY))
        .map(|a| link(bls, a, median))
        .collect();
    let mut elsewhere: Vec<(i64, &Area)> = bls
        .areas
        .iter()
        .filter(|a| a.kind == area.kind && a.state != area.state)
        .filter_map(|a| Some((distance(a)?, a)))
        .collect();
    elsewhere.sort_by(|x, y| (x.0, &x.1.name).cmp(&(y.0, &y.1.name)));
    let closest = elsewhere
        .into_iter()
        .take(NEARBY)
        .map(|(_, a)| link(bls, a, median))
        .collect();
    (same_state, closest)
}

fn link<'a>(bls: &'a Bls, area: &'a Area, against: i64) -> AreaLink<'a> {
    let median = bls
        .wages(&area.id, SOFTWARE_DEVELOPERS)
        .and_then(Wages::median);
    AreaLink {
        id: &area.id,
        name: &area.name,
        median: median.map_or_else(|| "—".to_owned(), usd),
        versus: median.map_or_else(String::new, |m| versus(m, against)),
    }
}

/// A median against another, as a signed whole percent: "+12%", "−4%".
fn versus(median: i64, against: i64) -> String {
    crate::content::shortcodes::signed_percent(median as f64 / against.max(1) as f64)
}

/// A published figure, or a dash with BLS's footnote number when there is none.
fn shown(cell: Cell, format: impl Fn(f64) -> String) -> String {
    match (cell.value(), cell.footnote()) {
        (Some(v), _) => format(v),
        (None, Some(code)) => format!("— ({code})"),
        (None, None) => "—".to_owned(),
    }
}

fn dollars(value: f64) -> String {
    usd(value.round() as i64)
}

/// A relative standard error, which BLS gives to a tenth of a percent.
fn percent(value: f64) -> String {
    format!("{value:.1}%")
}
