//! `/compare`: two or three scenarios side by side, as one GET form whose
//! fields carry a scenario prefix (`a.years`, `b.location`), so every
//! comparison is a shareable address that works without JavaScript.
//!
//! With no query the form is shown empty; with one it is shown again with
//! the values kept and the comparison below it, or a message beside each bad
//! field of the scenario it belongs to (status 422).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::AppState;
use super::cache::{PAGE_CACHE_CONTROL, ResultKind};
use super::choices::{
    EQUITY_KIND_HINT, FILING_HINT, FormLists, HOME_CITY_HINT, HOME_STATE_HINT, employment,
    factor_value, factor_values,
};
use super::error::AppError;
use super::filters;
use super::meta::{Head, SiteConfig};
use super::option_lists::SelectedOptions;
use super::place::{PlaceField, located, shown_at};
use super::read_next::{self, ReadNext};
use crate::content::Site;
use crate::estimator::compare::{self, CompareQuery, Comparison, LABELS};
use crate::estimator::{EstimateError, FactorKind, PlaceRole, ProfileQuery, SalaryModel};
use crate::reports::snapshot::ReportsSnapshot;

/// Decodes a request's query string into a comparison query.
pub fn compare_query(request: &HttpRequest) -> Result<CompareQuery, AppError> {
    let pairs: Vec<(String, String)> = serde_html_form::from_str(request.query_string())
        .map_err(|error| AppError::BadQuery(error.to_string()))?;
    Ok(CompareQuery::from_pairs(pairs))
}

/// One control of a scenario: its prefixed name (`b.years`), the id it is
/// found by (`b-years`), and its message if it is bad.
struct Control<'a> {
    name: String,
    id: String,
    label: String,
    hint: &'static str,
    error: Option<String>,
    /// Typed text, for text fields.
    value: String,
    /// Options or checkboxes, for selects and checkbox groups.
    options: SelectedOptions<'a>,
    /// The long location list, after `options`, for the location select.
    locations: SelectedOptions<'a>,
}

/// One scenario's fieldset.
struct ScenarioForm<'a> {
    label: &'static str,
    title: String,
    hint: &'static str,
    years: Control<'a>,
    /// A ZIP code or city; when found, it sets the location.
    place: PlaceField,
    /// Where pay is set: every location, by name.
    location: Control<'a>,
    /// Where the person lives, if not where pay is set: a ZIP code or city.
    home: PlaceField,
    selects: Vec<Control<'a>>,
    checkboxes: Vec<Control<'a>>,
    /// Whether the skills and certifications start unfolded: when any is
    /// ticked or bad, so nothing chosen is hidden.
    more_open: bool,
    offer: Vec<Control<'a>>,
    /// The offer's selects: what the equity is, and how a grant vests.
    offer_selects: Vec<Control<'a>>,
}

/// One row of the side-by-side table: a figure for each scenario.
struct FigureRow {
    label: &'static str,
    cells: Vec<String>,
}

/// One measure's difference from `a`, for each later scenario, in words
/// ready to show.
struct DifferenceRow {
    label: &'static str,
    cells: Vec<String>,
}

/// The comparison below the form.
struct ComparisonView {
    titles: Vec<String>,
    rows: Vec<FigureRow>,
    links: Vec<(String, String)>,
    /// The scenarios compared with `a`, as column titles.
    difference_titles: Vec<String>,
    differences: Vec<DifferenceRow>,
    verdict: String,
    /// What the comparison leaves out, in one line.
    leaves_out: String,
    /// The data version every scenario was estimated with.
    data_version: String,
    /// Guides that answer the questions the scenarios raise.
    read_next: Vec<ReadNext>,
}

/// Rendered for every new comparison: whitespace minimized, as the
/// calculator's result is. Its form and comparison are also rendered alone,
/// for the live update ([`super::fragment`]).
#[derive(Template)]
#[template(
    path = "pages/compare.html",
    whitespace = "minimize",
    blocks = ["compare_form", "comparison"]
)]
struct ComparePage<'a> {
    head: Head,
    current: &'static str,
    scenarios: Vec<ScenarioForm<'a>>,
    errors: Vec<(String, String)>,
    result: Option<ComparisonView>,
}

const HTML: &str = "text/html; charset=utf-8";

pub async fn compare_page(
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, AppError> {
    if let Some(address) = without_empty_fields(request.query_string()) {
        // A browser keeps the form's #comparison across the redirect.
        return Ok(HttpResponse::SeeOther()
            .insert_header((actix_web::http::header::LOCATION, address))
            .finish());
    }
    let query = compare_query(&request)?;
    let loaded = state.loaded();
    let reports = state.reports_snapshot();
    let (status, page) = page(&loaded.site, &loaded.forms, &state.config, &reports, &query);
    // Each scenario lists the locations once, for where pay is set.
    let lists = page.scenarios.len() * loaded.forms.locations.by_name.byte_len();
    let body = super::cache::render_sized(&page, COMPARISON_PAGE_BYTES + lists)?;
    Ok(HttpResponse::build(status)
        .content_type(HTML)
        .insert_header((
            actix_web::http::header::CACHE_CONTROL,
            if status == StatusCode::OK {
                PAGE_CACHE_CONTROL
            } else {
                "no-store"
            },
        ))
        .body(body))
}

/// The comparison's address without its empty fields, when it has any: a GET
/// form sends every field, filled in or not, and a comparison's address is
/// for sharing. The server reads a missing field as an empty one, so the
/// shorter address is the same comparison.
fn without_empty_fields(query: &str) -> Option<String> {
    let pairs: Vec<_> = form_urlencoded::parse(query.as_bytes()).collect();
    if !pairs.iter().any(|(_, value)| value.is_empty()) {
        return None;
    }
    const START: &str = "/compare?";
    let mut address = form_urlencoded::Serializer::for_suffix(String::from(START), START.len());
    address.extend_pairs(pairs.iter().filter(|(_, value)| !value.is_empty()));
    let address = address.finish();
    Some(match address.strip_suffix('?') {
        Some(bare) => bare.to_owned(),
        None => address,
    })
}

/// `/compare/result?…`: what the live compare page swaps in for the same
/// query, the comparison (and the form, when it has messages) rendered by the
/// page's own template; kept once rendered, as calculator results are.
pub async fn comparison_fragment(
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let query = compare_query(&request)?;
    let loaded = state.loaded();
    let (status, page) = page(
        &loaded.site,
        &loaded.forms,
        &state.config,
        &state.reports_snapshot(),
        &query,
    );
    super::fragment::Fragment {
        head: &page.head,
        form: &page.as_compare_form(),
        result: &page.as_comparison(),
        places: &super::place::PlaceHints {
            fields: page
                .scenarios
                .iter()
                .flat_map(|s| [&s.place, &s.home])
                .collect(),
        },
        expected_bytes: COMPARISON_FRAGMENT_BYTES,
    }
    .answer(
        &loaded.results,
        ResultKind::CompareFragment,
        &request,
        status,
    )
}

/// What the compare page is, for search results and link previews.
const COMPARE_DESCRIPTION: &str = "Compare two or three backend jobs, cities or offers side by side: market pay, buying power after living costs, and four years of each offer's cash.";

/// The compare page for a query: the form with its values, and the
/// comparison or the messages beside each bad field (422).
fn page<'a>(
    site: &'a Site,
    lists: &'a FormLists,
    config: &SiteConfig,
    reports: &ReportsSnapshot,
    query: &CompareQuery,
) -> (StatusCode, ComparePage<'a>) {
    let model = &site.model;
    let outcome = (!query.is_empty()).then(|| {
        compare::compare_with_reports(model, query, |input| reports.cell_for_input(model, input))
    });
    let (status, result, error) = match outcome {
        None => (StatusCode::OK, None, None),
        Some(Ok(comparison)) => {
            let mut view = view(model, &comparison);
            view.read_next =
                read_next::for_estimates(site, comparison.scenarios.iter().map(|s| &s.estimate));
            (StatusCode::OK, Some(view), None)
        }
        Some(Err(error)) => (StatusCode::UNPROCESSABLE_ENTITY, None, Some(error)),
    };
    let title = if result.is_some() {
        "Your comparison"
    } else {
        "Compare jobs, cities and offers"
    };
    let head = Head::new(config, "/compare", title.to_owned(), COMPARE_DESCRIPTION);
    let scenarios = LABELS
        .iter()
        .zip(&query.scenarios)
        .map(|(label, scenario)| scenario_form(model, lists, label, scenario, error.as_ref()))
        .collect();
    let errors = error
        .map(|e| {
            e.errors
                .iter()
                .map(|f| {
                    // The summary names the scenario; beside the field it is clear.
                    let scenario = f.field.split_once('.').map_or("", |(label, _)| label);
                    (
                        shown_at(&f.field).replace('.', "-"),
                        format!("Scenario {}: {}", scenario.to_uppercase(), f.error),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let page = ComparePage {
        head,
        current: "compare",
        scenarios,
        errors,
        result,
    };
    (status, page)
}

/// Room for a comparison page (about 53 KB with three scenarios, besides the
/// location lists) as it is rendered.
const COMPARISON_PAGE_BYTES: usize = 64 * 1024;

/// Room for a comparison alone (about 6 KB).
const COMPARISON_FRAGMENT_BYTES: usize = 8 * 1024;

fn scenario_form<'a>(
    model: &'a SalaryModel,
    lists: &'a FormLists,
    label: &'static str,
    query: &ProfileQuery,
    error: Option<&EstimateError>,
) -> ScenarioForm<'a> {
    let message = |field: &str| error.and_then(|e| e.message_for(&format!("{label}.{field}")));
    let control = |field: &str, text: String, hint: &'static str, value: &Option<String>| Control {
        name: format!("{label}.{field}"),
        id: format!("{label}-{field}"),
        label: text,
        hint,
        error: message(field),
        value: value.clone().unwrap_or_default(),
        options: SelectedOptions::default(),
        locations: SelectedOptions::default(),
    };
    let factor = |kind: FactorKind, options| Control {
        options,
        ..control(kind.key(), model.factor(kind).label.clone(), "", &None)
    };
    let single = |kind: FactorKind, list, chosen: &Option<String>| {
        factor(
            kind,
            factor_value(list, model.factor(kind), chosen.as_deref()),
        )
    };
    let location_factor = model.factor(FactorKind::Location);
    let location = Control {
        locations: lists.locations.by_name.selecting(
            located(model, query)
                .as_deref()
                .filter(|id| !id.is_empty())
                .or(location_factor.default.as_deref()),
        ),
        ..control(
            FactorKind::Location.key(),
            location_factor.label.clone(),
            "",
            &None,
        )
    };
    let home = PlaceField::new(
        model,
        query,
        Some(label),
        PlaceRole::Home,
        message(PlaceRole::Home.key()).or_else(|| message("home")),
    );
    fn text(value: &Option<String>) -> &str {
        value.as_deref().unwrap_or_default()
    }
    let filing = Control {
        options: lists.filing(text(&query.filing)),
        ..control("filing", "Filing status".to_owned(), FILING_HINT, &None)
    };
    let home_city = Control {
        options: lists.home_city(text(&query.home_city)),
        ..control(
            "home_city",
            "City tax where you live".to_owned(),
            HOME_CITY_HINT,
            &None,
        )
    };
    let home_state = Control {
        options: lists.home_state(text(&query.home_state)),
        ..control(
            "home_state",
            "Home state".to_owned(),
            HOME_STATE_HINT,
            &None,
        )
    };
    let scenario = &lists.scenario;
    let employment = Control {
        options: employment(&scenario.employment, query.employment.as_deref()),
        ..control("employment", "Kind of work".to_owned(), "", &None)
    };
    let vesting = Control {
        options: lists.offer_vesting(model, text(&query.offer_vesting)),
        ..control("offer_vesting", "How the grant vests".to_owned(), "", &None)
    };
    let equity_kind = Control {
        options: lists.offer_equity_kind(text(&query.offer_equity_kind)),
        ..control(
            "offer_equity_kind",
            "What the equity is".to_owned(),
            EQUITY_KIND_HINT,
            &None,
        )
    };
    let checkboxes = match lists.scenario_checkboxes(label) {
        Some(groups) => vec![
            factor(
                FactorKind::Skills,
                factor_values(&groups.skills, &query.skills),
            ),
            factor(
                FactorKind::Certifications,
                factor_values(&groups.certifications, &query.certifications),
            ),
        ],
        // Every scenario label has its groups (`FormLists::new`).
        None => Vec::new(),
    };
    ScenarioForm {
        label,
        title: format!("Scenario {}", label.to_uppercase()),
        hint: match label {
            "a" => "Where you are now, or the first option.",
            "b" => "The option to weigh against it.",
            _ => "Optional: leave its years empty to compare two.",
        },
        years: control(
            "years",
            "Years of professional experience".to_owned(),
            "",
            &query.years,
        ),
        place: PlaceField::new(
            model,
            query,
            Some(label),
            PlaceRole::Pay,
            message(PlaceRole::Pay.key()),
        ),
        location,
        home,
        selects: vec![
            filing,
            home_city,
            home_state,
            single(FactorKind::Industry, &scenario.industry, &query.industry),
            single(
                FactorKind::CompanySize,
                &scenario.company_size,
                &query.company_size,
            ),
            single(FactorKind::Language, &scenario.language, &query.language),
            single(
                FactorKind::WorkArrangement,
                &scenario.work_arrangement,
                &query.work_arrangement,
            ),
            employment,
        ],
        more_open: !query.skills.is_empty()
            || !query.certifications.is_empty()
            || error.is_some_and(|e| {
                e.errors.iter().any(|f| {
                    f.field == format!("{label}.skills")
                        || f.field == format!("{label}.certifications")
                })
            }),
        checkboxes,
        offer: vec![
            control("offer", "Base salary offered".to_owned(), "", &query.offer),
            control(
                "offer_bonus",
                "Yearly bonus target".to_owned(),
                "",
                &query.offer_bonus,
            ),
            control(
                "offer_signing",
                "Signing bonus".to_owned(),
                "",
                &query.offer_signing,
            ),
            control(
                "offer_grant",
                "Equity grant, whole value".to_owned(),
                "",
                &query.offer_grant,
            ),
            control(
                "offer_equity",
                "Yearly equity, when there is no grant".to_owned(),
                "",
                &query.offer_equity,
            ),
        ],
        offer_selects: vec![equity_kind, vesting],
    }
}

fn view(model: &SalaryModel, comparison: &Comparison) -> ComparisonView {
    let usd = crate::money::usd;
    let scenarios = &comparison.scenarios;
    let place = |id: &str| {
        model
            .factor(FactorKind::Location)
            .value(id)
            .map_or_else(String::new, |v| v.label.clone())
    };
    let row = |label: &'static str, cell: &dyn Fn(&compare::Scenario) -> String| FigureRow {
        label,
        cells: scenarios.iter().map(cell).collect(),
    };
    let offer_cell = |pick: fn(&compare::ScenarioOffer) -> i64| {
        move |s: &compare::Scenario| {
            s.offer
                .as_ref()
                .map_or_else(|| "No offer".to_owned(), |o| usd(pick(o)))
        }
    };
    let take_home = |pick: fn(&compare::ScenarioTakeHome) -> Option<i64>| {
        move |s: &compare::Scenario| {
            s.take_home
                .as_ref()
                .and_then(pick)
                .map_or_else(|| "—".to_owned(), usd)
        }
    };
    let rows = vec![
        row("Pay set in", &|s| {
            place(
                s.estimate
                    .input
                    .choices
                    .location
                    .as_deref()
                    .unwrap_or_default(),
            )
        }),
        row("Living in", &|s| place(s.estimate.input.living_place())),
        row("Experience", &|s| {
            crate::estimator::years_phrase(s.estimate.input.years)
        }),
        row("Median base salary", &|s| usd(s.estimate.base.median)),
        row("Middle half", &|s| {
            format!(
                "{} – {}",
                usd(s.estimate.base.p25),
                usd(s.estimate.base.p75)
            )
        }),
        row("Price level (US = 100)", &|s| {
            format!("{:.1}", s.estimate.cost_of_living.price_level)
        }),
        row("Median in buying power", &|s| {
            usd(s.estimate.cost_of_living.adjusted_median)
        }),
        row("Taxes where you live", &|s| {
            s.estimate.take_home.as_ref().map_or_else(
                || "Choose a home state".to_owned(),
                |t| match &t.city_name {
                    Some(city) => format!("{city}, {}", t.state),
                    None => t.state_name.clone(),
                },
            )
        }),
        row(
            "Median take-home, a year",
            &take_home(|t| Some(t.median_year)),
        ),
        row(
            "Median take-home, a month",
            &take_home(|t| Some(t.median_month)),
        ),
        row(
            "Take-home in buying power",
            &take_home(|t| Some(t.adjusted_median)),
        ),
        row("Offer: base salary", &|s| {
            s.estimate
                .offer
                .as_ref()
                .map_or_else(|| "No offer".to_owned(), |o| usd(o.offer.base))
        }),
        row("Offer: first-year cash", &offer_cell(|o| o.first_year_cash)),
        row("Offer: four-year total", &offer_cell(|o| o.four_year_total)),
        row(
            "Four-year total in buying power",
            &offer_cell(|o| o.adjusted_four_year_total),
        ),
        row("Offer: equity over four years", &|s| s.equity_in_words()),
        row(
            "Offer: four-year take-home",
            &take_home(|t| t.offer_four_years),
        ),
        row(
            "Four-year take-home in buying power",
            &take_home(|t| t.adjusted_offer_four_years),
        ),
        row("Confidence", &|s| s.estimate.confidence.to_owned()),
    ];
    let change = compare::Change::in_words;
    let differences = compare::difference_measures()
        .into_iter()
        .map(|(label, pick)| DifferenceRow {
            label,
            cells: comparison
                .differences
                .iter()
                .map(|d| change(pick(d)))
                .collect(),
        })
        .collect();
    let links = scenarios
        .iter()
        .map(|s| {
            let encoded =
                serde_html_form::to_string(s.estimate.input.query_pairs()).unwrap_or_default();
            (
                format!("Scenario {}", s.label.to_uppercase()),
                format!("/calculator?{encoded}#result"),
            )
        })
        .collect();
    ComparisonView {
        titles: scenarios
            .iter()
            .map(|s| format!("Scenario {}", s.label.to_uppercase()))
            .collect(),
        rows,
        links,
        difference_titles: comparison
            .differences
            .iter()
            .map(|d| format!("Scenario {}", d.label.to_uppercase()))
            .collect(),
        differences,
        verdict: comparison.verdict.clone(),
        leaves_out: comparison.leaves_out.clone(),
        data_version: model.version.clone(),
        read_next: Vec::new(),
    }
}

/// The address of a comparison of a calculator result (`a`) with a copy of
/// itself (`b`), for the link under every result.
pub fn compare_href(pairs: &[(impl AsRef<str>, impl AsRef<str>)]) -> String {
    // Encoded straight into the address: every calculator result builds one.
    const START: &str = "/compare?";
    // Room for a long profile's pairs twice, so the address is not regrown.
    let mut start = String::with_capacity(512);
    start.push_str(START);
    let mut query = form_urlencoded::Serializer::for_suffix(start, START.len());
    let mut prefixed = String::new();
    for label in ["a", "b"] {
        for (key, value) in pairs {
            prefixed.clear();
            prefixed.push_str(label);
            prefixed.push('.');
            prefixed.push_str(key.as_ref());
            query.append_pair(&prefixed, value.as_ref());
        }
    }
    let mut href = query.finish();
    href.push_str("#comparison");
    href
}
