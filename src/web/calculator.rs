//! The salary calculator page: a GET form, so every result is a shareable URL.
//!
//! With no query the form is shown empty; with one it is shown again with the
//! values kept and either the explained result beside it, or a message beside
//! each bad field (status 422).

use std::fmt;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use jiff::civil::Date;

use super::AppState;
use super::cache::ResultKind;
use super::choices::{
    EQUITY_KIND_HINT, FILING_HINT, FormLists, HOME_CITY_HINT, HOME_STATE_HINT, ListField,
    employment, factor_value, factor_values,
};
use super::error::AppError;
use super::filters::{self, Fixed, Tenths, Text};
use super::meta::{Head, SiteConfig};
use super::option_lists::{LocationLists, SelectedOptions};
use super::place::{PlaceField, located, shown_at};
use super::read_next::{self, ReadNext};
use crate::content::Site;
use crate::estimator::{
    self, EquityKind, Estimate, EstimateError, FactorKind, PlaceRole, ProfileQuery, SalaryModel,
    Source,
};
use crate::reports::snapshot::ReportsSnapshot;

/// Decodes a request's query string into a profile query; never fails, because
/// form decoding replaces bad percent-escapes rather than refusing them.
/// Decoded pair by pair (the decoder serde_html_form itself uses), so keys
/// and the values a query does not keep are never copied.
pub fn profile_query(request: &HttpRequest) -> Result<ProfileQuery, AppError> {
    Ok(ProfileQuery::from_pairs(form_urlencoded::parse(
        request.query_string().as_bytes(),
    )))
}

/// A select whose options are one of the long location lists, after any
/// options of its own (`field.options`).
pub(super) struct LocationField<'a> {
    pub(super) field: ListField<'a>,
    pub(super) locations: SelectedOptions<'a>,
}

/// One line of the "how we got there" table, beside the estimate's own
/// step (`Estimate::factors`), which gives the answer in words.
struct BreakdownRow<'a> {
    factor: &'a str,
    /// What the step multiplies by; none for the starting figure.
    multiplier: Option<Fixed>,
    effect: i64,
    is_start: bool,
    sources: Vec<&'a Source>,
}

/// The result beside the form.
struct ResultView<'a> {
    estimate: Estimate,
    rows: Vec<BreakdownRow<'a>>,
    location: String,
    /// Where the person lives, in words: their `home`, or the pay location.
    home: String,
    /// `/compare` with this result as scenario `a` and a copy as `b`.
    compare_href: String,
    /// This result with the offer's equity read as private, for a result
    /// whose address did not say which kind it is.
    private_href: Option<String>,
    /// The answers behind the result, in words, for the printed brief.
    answers: Vec<(&'static str, String)>,
    chart: ProjectionChart,
}

/// The career projection as an SVG drawn on the server: no JavaScript needed.
struct ProjectionChart {
    /// Points of the p25–p75 band polygon: digits, dots, commas and spaces,
    /// written into the page as they are.
    band: String,
    /// Points of the median line, the same way.
    median: String,
    /// Gridlines of the money axis, with their labels in thousands of dollars.
    y_ticks: Vec<(f64, i64)>,
    /// Labels of the years axis.
    x_ticks: Vec<(f64, u8)>,
    /// The person's own year on the median line, if it is on the chart.
    marker: Option<(f64, f64)>,
}

const CHART_WIDTH: f64 = 640.0;
const CHART_HEIGHT: f64 = 300.0;
const CHART_LEFT: f64 = 72.0;
const CHART_RIGHT: f64 = 16.0;
const CHART_TOP: f64 = 16.0;
const CHART_BOTTOM: f64 = 40.0;

impl ProjectionChart {
    fn new(estimate: &Estimate) -> Self {
        let points = &estimate.projection;
        let last_year = points.last().map_or(1.0, |p| f64::from(p.years)).max(1.0);
        let low = points.iter().map(|p| p.p25).min().unwrap_or(0);
        let high = points.iter().map(|p| p.p75).max().unwrap_or(1);
        let step = [10_000, 20_000, 25_000, 50_000, 100_000]
            .into_iter()
            .find(|step| (high - low) / step <= 5)
            .unwrap_or(200_000);
        let axis_low = low / step * step;
        let axis_high = (high + step - 1) / step * step;
        let x =
            |years: f64| CHART_LEFT + years / last_year * (CHART_WIDTH - CHART_LEFT - CHART_RIGHT);
        let y = |amount: i64| {
            let share = (amount - axis_low) as f64 / (axis_high - axis_low).max(1) as f64;
            CHART_HEIGHT - CHART_BOTTOM - share * (CHART_HEIGHT - CHART_TOP - CHART_BOTTOM)
        };
        // Written straight into two strings (about 60 points each): see `Tenths`.
        let mut band = String::with_capacity(points.len() * 2 * 12);
        let mut median = String::with_capacity(points.len() * 12);
        let point = |into: &mut String, years: u8, amount: i64| {
            if !into.is_empty() {
                into.push(' ');
            }
            // Writing to a String cannot fail.
            let _ = Tenths(x(f64::from(years))).write_to(into);
            into.push(',');
            let _ = Tenths(y(amount)).write_to(into);
        };
        for p in points {
            point(&mut band, p.years, p.p75);
        }
        for p in points.iter().rev() {
            point(&mut band, p.years, p.p25);
        }
        for p in points {
            point(&mut median, p.years, p.median);
        }
        let y_ticks = (0..)
            .map(|i| axis_low + i * step)
            .take_while(|amount| *amount <= axis_high)
            .map(|amount| (y(amount), amount / 1000))
            .collect();
        let x_ticks = points
            .iter()
            .filter(|p| p.years % 5 == 0)
            .map(|p| (x(f64::from(p.years)), p.years))
            .collect();
        let years = estimate.input.years;
        let marker = (years <= last_year).then(|| (x(years), y(estimate.base.median)));
        Self {
            band,
            median,
            y_ticks,
            x_ticks,
            marker,
        }
    }
}

/// Rendered for every new result, so runs of whitespace between tags shrink
/// to one (`minimize`): a result is a twentieth smaller, with less to write,
/// hash and send, and reads the same. Its form and result are also rendered
/// alone, for the live update ([`super::fragment`]).
#[derive(Template)]
#[template(
    path = "pages/calculator.html",
    whitespace = "minimize",
    blocks = ["calculator_form", "result"]
)]
struct CalculatorPage<'a> {
    head: Head,
    current: &'static str,
    years: String,
    years_error: Option<String>,
    /// A ZIP code or city as typed; the server sets the location from it.
    place: PlaceField,
    /// Where pay is set, grouped by state.
    location: LocationField<'a>,
    selects: Vec<ListField<'a>>,
    checkboxes: Vec<ListField<'a>>,
    work: ListField<'a>,
    /// Where the person lives, when it is not where pay is set: a ZIP code
    /// or city, as `place` is.
    home: PlaceField,
    /// For take-home pay: how the return is filed, a home city with a wage
    /// tax and a home state.
    tax_fields: [ListField<'a>; 3],
    employment: ListField<'a>,
    offer: String,
    offer_bonus: String,
    offer_equity: String,
    offer_signing: String,
    offer_grant: String,
    /// The grant's vesting schedule.
    offer_vesting: ListField<'a>,
    /// What the offer's equity is.
    offer_equity_kind: ListField<'a>,
    offer_error: Option<String>,
    offer_bonus_error: Option<String>,
    offer_equity_error: Option<String>,
    offer_signing_error: Option<String>,
    offer_grant_error: Option<String>,
    errors: Vec<(String, String)>,
    result: Option<ResultView<'a>>,
    data_version: String,
    data_updated: Date,
    /// Published bounds of freelance rates, for the note beside a freelance
    /// rate.
    rate_floor: i64,
    rate_ceiling: i64,
    /// How far back visitors' reports count, for the reports box.
    reports_window_months: u32,
    /// Guides that answer the question the result raises.
    read_next: Vec<ReadNext>,
}

impl ResultView<'_> {
    /// A source cited by the result, as "Publisher (year)"; the id itself if
    /// the estimate does not list it (it always does).
    fn source_name<'s>(&'s self, id: &'s str) -> SourceName<'s> {
        SourceName {
            source: self.estimate.sources.iter().find(|s| s.id == id),
            id,
        }
    }
}

/// A cited source's name as [`ResultView::source_name`] gives it, written
/// (escaped) straight into the page.
struct SourceName<'s> {
    source: Option<&'s std::sync::Arc<Source>>,
    id: &'s str,
}

impl SourceName<'_> {
    fn write_to(&self, dest: &mut (impl fmt::Write + ?Sized)) -> fmt::Result {
        match self.source {
            Some(source) => write!(dest, "{} ({})", Text(&source.publisher), source.year),
            None => write!(dest, "{}", Text(self.id)),
        }
    }
}

impl fmt::Display for SourceName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_to(f)
    }
}

impl askama::FastWritable for SourceName<'_> {
    fn write_into(&self, dest: &mut dyn fmt::Write, _: &dyn askama::Values) -> askama::Result<()> {
        Ok(self.write_to(dest)?)
    }
}

// It escapes itself.
impl askama::filters::HtmlSafe for SourceName<'_> {}

pub async fn calculator(
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let query = profile_query(&request)?;
    if query.is_empty() {
        // The empty form depends only on content: rendered once, at load.
        return super::cache::cached(&state, &request, "/calculator");
    }
    // A result is the same for the same query until content changes: kept
    // once rendered and answered from then on by the front middleware before
    // this handler runs (a form with errors is not kept; it repeats the input).
    let loaded = state.loaded();
    let (status, page) = page(
        &loaded.site,
        &loaded.forms,
        &state.config,
        &query,
        &state.reports_snapshot(),
    );
    let body = super::cache::render_sized(&page, page_bytes(&loaded.forms.locations))?;
    Ok(loaded
        .results
        .answer(ResultKind::Page, &request, status, HTML, body))
}

/// `/calculator/result?…`: what the live calculator swaps in for the same
/// query, the result section (and the form, when it has messages) rendered
/// by the page's own template; cached like the result page.
pub async fn result_fragment(
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let query = profile_query(&request)?;
    let loaded = state.loaded();
    let (status, page) = page(
        &loaded.site,
        &loaded.forms,
        &state.config,
        &query,
        &state.reports_snapshot(),
    );
    super::fragment::Fragment {
        head: &page.head,
        form: &page.as_calculator_form(),
        result: &page.as_result(),
        places: &super::place::PlaceHints {
            fields: vec![&page.place, &page.home],
        },
        expected_bytes: RESULT_FRAGMENT_BYTES,
    }
    .answer(
        &loaded.results,
        ResultKind::CalculatorFragment,
        &request,
        status,
    )
}

const HTML: &str = "text/html; charset=utf-8";

/// Room for a result page as it is rendered: about 48 KB with an offer, and
/// the location list (33 KB). Growing the buffer twice on the way had cost a
/// seventh of a new result.
fn page_bytes(locations: &LocationLists) -> usize {
    56 * 1024 + locations.by_state.byte_len()
}

/// Room for a result alone (about 26 KB with an offer).
const RESULT_FRAGMENT_BYTES: usize = 32 * 1024;

/// The empty calculator, for the page cache.
pub fn render_empty(
    site: &Site,
    lists: &FormLists,
    config: &SiteConfig,
) -> Result<String, AppError> {
    let (_, page) = page(
        site,
        lists,
        config,
        &ProfileQuery::default(),
        &ReportsSnapshot::default(),
    );
    Ok(super::cache::render_sized(
        &page,
        page_bytes(&lists.locations),
    )?)
}

/// The calculator for a query: the form with its values, and the result or
/// the messages beside each bad field (422).
fn page<'a>(
    site: &'a Site,
    lists: &'a FormLists,
    config: &SiteConfig,
    query: &ProfileQuery,
    reports: &ReportsSnapshot,
) -> (StatusCode, CalculatorPage<'a>) {
    let model = &site.model;
    let outcome = if query.is_empty() {
        None
    } else {
        Some(query.validate(model).and_then(|input| {
            let cell = reports.cell_for_input(model, &input);
            estimator::estimate_with_reports(model, &input, cell)
        }))
    };
    let (status, result, error) = match outcome {
        None => (StatusCode::OK, None, None),
        Some(Ok(estimate)) => (StatusCode::OK, Some(result_view(model, estimate)), None),
        Some(Err(error)) => (StatusCode::UNPROCESSABLE_ENTITY, None, Some(error)),
    };
    // Every result shares the calculator's canonical address: results are
    // shareable, but only the empty calculator is a page worth indexing.
    let title = match &result {
        Some(r) => format!(
            "{} median: your estimate",
            crate::money::Usd(r.estimate.base.median)
        ),
        None => "Salary calculator".to_owned(),
    };
    let head = Head::new(config, "/calculator", title, CALCULATOR_DESCRIPTION);
    let read_next = result
        .as_ref()
        .map(|r| read_next::for_estimate(site, &r.estimate))
        .unwrap_or_default();
    let mut page = form_page(head, model, lists, query, error.as_ref(), result);
    page.read_next = read_next;
    (status, page)
}

/// What the calculator is, for search results and link previews.
const CALCULATOR_DESCRIPTION: &str = "Estimate a backend developer's yearly base pay from experience, location, industry, company size, language, skills, certifications and work arrangement, with every factor explained and sourced.";

fn form_page<'a>(
    head: Head,
    model: &'a SalaryModel,
    lists: &'a FormLists,
    query: &ProfileQuery,
    error: Option<&EstimateError>,
    result: Option<ResultView<'a>>,
) -> CalculatorPage<'a> {
    let message = |field: &str| error.and_then(|e| e.message_for(field));
    let field = |name: &'static str, label: String, hint: String, options| ListField {
        name,
        label,
        hint,
        options,
        error: message(name),
    };
    let factor = |kind: FactorKind, hint: String, options| {
        field(kind.key(), model.factor(kind).label.clone(), hint, options)
    };
    let single = |kind: FactorKind, list, chosen: Option<&String>| {
        let options = factor_value(list, model.factor(kind), chosen.map(String::as_str));
        factor(kind, String::new(), options)
    };
    let calculator = &lists.calculator;
    let location_factor = model.factor(FactorKind::Location);
    let located = located(model, query);
    let location = LocationField {
        field: factor(
            FactorKind::Location,
            "Every area BLS publishes software developers' pay for, by state; an area without its own median uses its state's.".to_owned(),
            SelectedOptions::default(),
        ),
        locations: lists.locations.by_state.selecting(
            located
                .as_deref()
                .filter(|id| !id.is_empty())
                .or(location_factor.default.as_deref()),
        ),
    };
    let selects = vec![
        single(
            FactorKind::Industry,
            &calculator.industry,
            query.industry.as_ref(),
        ),
        single(
            FactorKind::CompanySize,
            &calculator.company_size,
            query.company_size.as_ref(),
        ),
        single(
            FactorKind::Language,
            &calculator.language,
            query.language.as_ref(),
        ),
    ];
    let checkboxes = vec![
        factor(
            FactorKind::Skills,
            format!(
                "Tick the ones you use at work. Together with certifications they add at most {}%.",
                (model.premium_cap * 100.0).round()
            ),
            factor_values(&calculator.skills, &query.skills),
        ),
        factor(
            FactorKind::Certifications,
            String::new(),
            factor_values(&calculator.certifications, &query.certifications),
        ),
    ];
    let work = single(
        FactorKind::WorkArrangement,
        &calculator.work_arrangement,
        query.work_arrangement.as_ref(),
    );
    let home = PlaceField::new(
        model,
        query,
        None,
        PlaceRole::Home,
        message(PlaceRole::Home.key()).or_else(|| message("home")),
    );
    fn text(value: &Option<String>) -> &str {
        value.as_deref().unwrap_or_default()
    }
    let tax_fields = [
        field(
            "filing",
            "Filing status".to_owned(),
            FILING_HINT.to_owned(),
            lists.filing(text(&query.filing)),
        ),
        field(
            "home_city",
            "City tax where you live".to_owned(),
            HOME_CITY_HINT.to_owned(),
            lists.home_city(text(&query.home_city)),
        ),
        field(
            "home_state",
            "Home state".to_owned(),
            HOME_STATE_HINT.to_owned(),
            lists.home_state(text(&query.home_state)),
        ),
    ];
    let offer_vesting = field(
        "offer_vesting",
        "How the grant vests".to_owned(),
        String::new(),
        lists.offer_vesting(model, text(&query.offer_vesting)),
    );
    let offer_equity_kind = field(
        "offer_equity_kind",
        "What the equity is".to_owned(),
        EQUITY_KIND_HINT.to_owned(),
        lists.offer_equity_kind(text(&query.offer_equity_kind)),
    );
    let employment = field(
        "employment",
        "Kind of work".to_owned(),
        String::new(),
        employment(&calculator.employment, query.employment.as_deref()),
    );
    let errors = error
        .map(|e| {
            e.errors
                .iter()
                .map(|f| (shown_at(&f.field).into_owned(), f.error.to_string()))
                .collect()
        })
        .unwrap_or_default();
    CalculatorPage {
        head,
        current: "calculator",
        years: query.years.clone().unwrap_or_default(),
        years_error: message("years"),
        place: PlaceField::new(model, query, None, PlaceRole::Pay, message("place")),
        location,
        selects,
        checkboxes,
        work,
        home,
        tax_fields,
        employment,
        offer: query.offer.clone().unwrap_or_default(),
        offer_bonus: query.offer_bonus.clone().unwrap_or_default(),
        offer_equity: query.offer_equity.clone().unwrap_or_default(),
        offer_signing: query.offer_signing.clone().unwrap_or_default(),
        offer_grant: query.offer_grant.clone().unwrap_or_default(),
        offer_vesting,
        offer_equity_kind,
        offer_error: message("offer"),
        offer_bonus_error: message("offer_bonus"),
        offer_equity_error: message("offer_equity"),
        offer_signing_error: message("offer_signing"),
        offer_grant_error: message("offer_grant"),
        errors,
        result,
        data_version: model.version.clone(),
        data_updated: model.updated,
        rate_floor: model.hourly.min_rate,
        rate_ceiling: model.hourly.max_rate,
        reports_window_months: model.reports.window_months,
        read_next: Vec::new(),
    }
}

fn result_view(model: &SalaryModel, estimate: Estimate) -> ResultView<'_> {
    let rows = estimate
        .factors
        .iter()
        .enumerate()
        .map(|(i, effect)| {
            let factor = match FactorKind::from_key(effect.factor) {
                Some(kind) => model.factor(kind).label.as_str(),
                None if effect.factor == "experience" => "Experience",
                None if effect.factor == "reports" => "Visitors' reports",
                None => "Premium cap",
            };
            BreakdownRow {
                factor,
                multiplier: (i > 0).then_some(Fixed {
                    value: effect.multiplier,
                    decimals: 3,
                }),
                effect: effect.effect,
                is_start: i == 0,
                sources: effect
                    .sources
                    .iter()
                    .filter_map(|id| model.source(id))
                    .collect(),
            }
        })
        .collect();
    // The breakdown already names the location in words.
    let location = estimate
        .factors
        .iter()
        .find(|row| row.factor == FactorKind::Location.key())
        .map(|row| row.label.clone())
        .unwrap_or_default();
    let home = model
        .factor(FactorKind::Location)
        .value(estimate.input.living_place())
        .map(|value| value.label.clone())
        .unwrap_or_default();
    let private_href = estimate
        .input
        .offer
        .as_ref()
        .filter(|offer| offer.has_equity() && !offer.equity_kind_given)
        .map(|_| {
            let mut input = estimate.input.clone();
            if let Some(offer) = input.offer.as_mut() {
                offer.equity_kind = EquityKind::Private;
                offer.equity_kind_given = true;
            }
            let query = serde_html_form::to_string(input.query()).unwrap_or_default();
            format!("/calculator?{query}#offer-heading")
        });
    ResultView {
        compare_href: super::compare::compare_href(&estimate.input.query()),
        private_href,
        answers: super::answers::answers(model, &estimate),
        home,
        chart: ProjectionChart::new(&estimate),
        estimate,
        rows,
        location,
    }
}
