//! The API's query parameters described for the OpenAPI document: the
//! handlers read a raw query string, so these types exist only to be named by
//! each handler's `#[utoipa::path(params(...))]`. They sit below both the
//! handlers and the document, which lists the handlers.

use utoipa::IntoParams;

/// The query of `GET /api/v1/estimate`, as the calculator form sends it.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(
    dead_code,
    reason = "describes the query for the document; never built"
)]
pub struct EstimateParams {
    /// Years of professional experience, 0 to 50; fractions allowed.
    years: String,
    /// Location where pay is set: its id or its label (`/api/v1/options`,
    /// `locations`), as the calculator's list sends it.
    location: Option<String>,
    /// A ZIP code or a US city name ("98101", "Boise, ID"), or a location's
    /// label ("Boise City, ID"), resolved by the server to its BLS area; it
    /// sets `location`. A place in several areas
    /// is refused with `ambiguous_place` naming them, an unknown one with
    /// `unknown_place`; outside every BLS metro, the state's figures apply.
    place: Option<String>,
    /// Location id of where the person lives, when it is not where pay is
    /// set: it sets buying power and the home state of take-home pay.
    home: Option<String>,
    /// Where the person lives as a ZIP code or a US city name ("80202",
    /// "Denver, CO"), or a location's label ("Denver-Aurora-Centennial, CO"),
    /// resolved as `place` is; when given, it wins over `home`. Refused with
    /// `unknown_place` or `ambiguous_place` for the field `home_place`.
    home_place: Option<String>,
    /// Industry id.
    industry: Option<String>,
    /// Company size id.
    company_size: Option<String>,
    /// Main language id.
    language: Option<String>,
    /// Work arrangement id.
    work_arrangement: Option<String>,
    /// Skill ids; the key repeats.
    #[param(style = Form, explode)]
    skills: Option<Vec<String>>,
    /// Certification ids; the key repeats.
    #[param(style = Form, explode)]
    certifications: Option<Vec<String>>,
    /// `salaried` (default) or `freelance`.
    employment: Option<String>,
    /// Offered yearly base salary in dollars ("120000" or "$120,000").
    offer: Option<String>,
    /// Offered yearly target bonus.
    offer_bonus: Option<String>,
    /// Offered yearly equity value (or give `offer_grant`).
    offer_equity: Option<String>,
    /// Offered one-time signing bonus.
    offer_signing: Option<String>,
    /// Offered equity grant, its whole value.
    offer_grant: Option<String>,
    /// Vesting schedule id of the grant (`/api/v1/options`, `vesting_schedules`).
    offer_vesting: Option<String>,
    /// What the offer's equity is (`/api/v1/options`, `equity_kinds`):
    /// `public` stock counts as cash as it vests, `private` company equity is
    /// shown but not counted, `none`. Without it, equity is read as `public`
    /// and the answer's `offer.equity_kind_given` is false.
    offer_equity_kind: Option<String>,
    /// For take-home pay: `single` (default) or `joint`, married filing
    /// jointly with one earner (`/api/v1/options`, `filings`); anything
    /// else is refused with `invalid_filing`.
    filing: Option<String>,
    /// A city or county with a wage tax where the person lives
    /// (`/api/v1/options`, `home_cities`); its state becomes the home state.
    home_city: Option<String>,
    /// The home state's two-letter code (`NJ`), for an area that spans
    /// states; otherwise taxes are those of the principal state of `home`,
    /// or of `location` when there is no `home`. The whole country has no
    /// state: its `take_home` is null until one is given.
    home_state: Option<String>,
}

/// The query of `GET /api/v1/compare`: each scenario's calculator fields
/// with its prefix. Scenario `c` counts once its years or an offer are given.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(
    dead_code,
    reason = "describes the query for the document; never built"
)]
pub struct CompareParams {
    /// Scenario A: years of experience.
    #[param(rename = "a.years")]
    a_years: String,
    /// Scenario A: location id (or label) where pay is set.
    #[param(rename = "a.location")]
    a_location: Option<String>,
    /// Scenario A: a ZIP code or city name, resolved as `place` is for an
    /// estimate; it sets `a.location` (`ambiguous_place`, `unknown_place`).
    #[param(rename = "a.place")]
    a_place: Option<String>,
    /// Scenario A: location id of where the person lives.
    #[param(rename = "a.home")]
    a_home: Option<String>,
    /// Scenario A: where the person lives as a ZIP code or city name,
    /// resolved as `home_place` is for an estimate; it wins over `a.home`.
    #[param(rename = "a.home_place")]
    a_home_place: Option<String>,
    /// Scenario A: work arrangement id.
    #[param(rename = "a.work_arrangement")]
    a_work_arrangement: Option<String>,
    /// Scenario A: offered base salary.
    #[param(rename = "a.offer")]
    a_offer: Option<String>,
    /// Scenario A: offered equity grant.
    #[param(rename = "a.offer_grant")]
    a_offer_grant: Option<String>,
    /// Scenario A: what the equity is, `public`, `private` or `none`.
    #[param(rename = "a.offer_equity_kind")]
    a_offer_equity_kind: Option<String>,
    /// Scenario A: `single` (default) or `joint`, for take-home pay.
    #[param(rename = "a.filing")]
    a_filing: Option<String>,
    /// Scenario A: a city with a wage tax where the person lives.
    #[param(rename = "a.home_city")]
    a_home_city: Option<String>,
    /// Scenario A: the home state's two-letter code.
    #[param(rename = "a.home_state")]
    a_home_state: Option<String>,
    /// Scenario B: years of experience.
    #[param(rename = "b.years")]
    b_years: String,
    /// Scenario B: location id (or label) where pay is set.
    #[param(rename = "b.location")]
    b_location: Option<String>,
    /// Scenario B: a ZIP code or city name, resolved as `place` is for an
    /// estimate; it sets `b.location` (`ambiguous_place`, `unknown_place`).
    #[param(rename = "b.place")]
    b_place: Option<String>,
    /// Scenario B: location id of where the person lives.
    #[param(rename = "b.home")]
    b_home: Option<String>,
    /// Scenario B: where the person lives as a ZIP code or city name,
    /// resolved as `home_place` is for an estimate; it wins over `b.home`.
    #[param(rename = "b.home_place")]
    b_home_place: Option<String>,
    /// Scenario B: work arrangement id.
    #[param(rename = "b.work_arrangement")]
    b_work_arrangement: Option<String>,
    /// Scenario B: offered base salary.
    #[param(rename = "b.offer")]
    b_offer: Option<String>,
    /// Scenario B: offered equity grant.
    #[param(rename = "b.offer_grant")]
    b_offer_grant: Option<String>,
    /// Scenario B: what the equity is, `public`, `private` or `none`.
    #[param(rename = "b.offer_equity_kind")]
    b_offer_equity_kind: Option<String>,
    /// Scenario B: `single` (default) or `joint`, for take-home pay.
    #[param(rename = "b.filing")]
    b_filing: Option<String>,
    /// Scenario B: a city with a wage tax where the person lives.
    #[param(rename = "b.home_city")]
    b_home_city: Option<String>,
    /// Scenario B: the home state's two-letter code.
    #[param(rename = "b.home_state")]
    b_home_state: Option<String>,
    /// Scenario C (optional): years of experience.
    #[param(rename = "c.years")]
    c_years: Option<String>,
    /// Scenario C: location id (or label) where pay is set.
    #[param(rename = "c.location")]
    c_location: Option<String>,
    /// Scenario C: a ZIP code or city name, resolved as `place` is for an
    /// estimate; it sets `c.location` (`ambiguous_place`, `unknown_place`).
    #[param(rename = "c.place")]
    c_place: Option<String>,
    /// Scenario C: offered base salary.
    #[param(rename = "c.offer")]
    c_offer: Option<String>,
}

/// The query of `GET /api/v1/reports`: the profile whose cell is asked for.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(
    dead_code,
    reason = "describes the query for the document; never built"
)]
pub struct ReportsParams {
    /// Years of professional experience, 0 to 50; picks the experience band.
    years: String,
    /// Location id (`/api/v1/options`, `locations`); the national cell when absent.
    location: Option<String>,
    /// `salaried` (default) or `freelance`.
    employment: Option<String>,
}

/// The query of `GET /api/v1/places`: what was typed in a place field.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(
    dead_code,
    reason = "describes the query for the document; never built"
)]
pub struct PlacesParams {
    /// The beginning of a ZIP code (three digits or more) or of a US city
    /// name (two letters or more), with a state after a comma if wished
    /// ("springfield, il").
    q: Option<String>,
}
