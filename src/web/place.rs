//! The place fields of the calculator, comparison and report forms: a ZIP
//! code or a city name, for where pay is set (`place`) or where the person
//! lives (`home_place`), resolved by the server through the estimator's one
//! resolver ([`ProfileQuery::found_place`]) and shown again with where it was
//! found, or with the message beside it. With JavaScript, `static/js/place.js`
//! makes each a combobox that suggests places from `/api/v1/places`.

use std::borrow::Cow;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Serialize;

use super::AppState;
use super::cache::PAGE_CACHE_CONTROL;
use super::error::{ApiError, AppError};
use super::filters;
use crate::estimator::bls::{MAX_SUGGESTIONS, Suggestion};
use crate::estimator::{
    FactorKind, PlaceRole, ProfileQuery, SalaryModel, listed_location, place_text,
};

/// What the place field's hint says before anything is typed.
const PLACE_HINT: &str = "Such as 83702 or Boise, ID: it chooses the location below.";

/// What the home field's hint says before anything is typed.
const HOME_HINT: &str = "For remote work and take-home pay, such as 80202 or Denver, CO: pay comes from where it is set, buying power and taxes from where you live. Empty means you live where pay is set.";

/// One place field: its name (`place`, or `b.home_place` in a comparison),
/// the id its label, hint and message are found by, what was typed, and what
/// the server made of it.
pub(super) struct PlaceField {
    pub(super) name: String,
    pub(super) id: String,
    /// What the field asks for, before "(optional)".
    pub(super) label: &'static str,
    pub(super) value: String,
    /// Where the typed place was found, or what to type.
    pub(super) hint: String,
    pub(super) error: Option<String>,
    /// The id of the location list a found place chooses in
    /// (`field-location`, `field-b-location`); `None` for where the person
    /// lives, which has no list.
    pub(super) chooses: Option<String>,
    /// The label of the location the typed place was found in, which is its
    /// option's value in the list (the options carry no `value`); empty when
    /// nothing was typed or found, or when the field chooses no list.
    pub(super) chosen: String,
}

impl PlaceField {
    /// The field for `query`'s place for `role`; `scenario` prefixes its name
    /// and id (`a.place`, `a-place`) on the comparison. `error` is the message
    /// for the field's own name; for where the person lives it may also be
    /// about `home`, which this field shows.
    pub(super) fn new(
        model: &SalaryModel,
        query: &ProfileQuery,
        scenario: Option<&str>,
        role: PlaceRole,
        error: Option<String>,
    ) -> Self {
        let key = role.key();
        let (name, id) = match scenario {
            Some(label) => (format!("{label}.{key}"), format!("{label}-{key}")),
            None => (key.to_owned(), key.to_owned()),
        };
        let found = query.found_place(model, role).and_then(Result::ok);
        let hint = found
            .as_ref()
            .map(|found| ProfileQuery::note_for(model, found));
        let typed = match role {
            PlaceRole::Pay => &query.place,
            PlaceRole::Home => &query.home_place,
        };
        match role {
            PlaceRole::Pay => Self {
                name,
                id,
                label: "ZIP code or city",
                value: typed.clone().unwrap_or_default(),
                hint: hint.unwrap_or_else(|| PLACE_HINT.to_owned()),
                error,
                chooses: Some(match scenario {
                    Some(label) => format!("field-{label}-location"),
                    None => "field-location".to_owned(),
                }),
                chosen: found
                    .and_then(|found| model.factor(FactorKind::Location).value(&found.area.id))
                    .map(|value| value.label.clone())
                    .unwrap_or_default(),
            },
            PlaceRole::Home => Self {
                name,
                id,
                label: "Where you live: ZIP code or city",
                value: match query.typed_place(role) {
                    Some(_) => typed.clone().unwrap_or_default(),
                    None => home_shown(model, query.home.as_deref().unwrap_or_default()),
                },
                hint: hint.unwrap_or_else(|| HOME_HINT.to_owned()),
                error,
                chooses: None,
                chosen: String::new(),
            },
        }
    }
}

/// Where the person lives, as the home field shows a `home` location id
/// (from an older link, or one the site builds from a result, such as its
/// comparison): text the resolver finds the same location by when the form
/// is sent ([`place_text`]), or an unknown id as sent, beside its message.
fn home_shown(model: &SalaryModel, home: &str) -> String {
    let home = home.trim();
    place_text(model, home).unwrap_or_else(|| home.to_owned())
}

/// The field a form shows a problem beside: a `home` location id has no list
/// of its own in the forms, so its problem is shown by the home place field
/// (`home` → `home_place`, `b.home` → `b.home_place`); every other field is
/// its own.
pub(super) fn shown_at(field: &str) -> Cow<'_, str> {
    match field.strip_suffix("home") {
        Some(scenario) if scenario.is_empty() || scenario.ends_with('.') => {
            Cow::Owned(format!("{scenario}{}", PlaceRole::Home.key()))
        }
        _ => Cow::Borrowed(field),
    }
}

/// The place fields' hints alone, for a live update whose form is not sent
/// (a result, status 200): from the same macro as the form's, so the script
/// can put where each place was found, and the location it chose, in place.
#[derive(Template)]
#[template(path = "partials/place_hints.html")]
pub(super) struct PlaceHints<'a> {
    pub(super) fields: Vec<&'a PlaceField>,
}

/// The location a form shows chosen: the typed place's area when it was
/// found, so the list shows what was used, else the list's own choice.
pub(super) fn located(model: &SalaryModel, query: &ProfileQuery) -> Option<String> {
    query
        .found_place(model, PlaceRole::Pay)
        .and_then(Result::ok)
        .map(|found| found.area.id.clone())
        .or_else(|| {
            let listed = query.location.as_deref()?;
            Some(listed_location(model, listed).to_owned())
        })
}

/// One place suggested for what was typed.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PlaceSuggestion<'a> {
    /// What to send as `place` for it: "Boise, ID" or "83702".
    value: String,
    /// The place as found: "Boise, ID" or "83702 (Boise, ID)".
    place: String,
    /// The location id whose figures apply (`/api/v1/options`, `locations`).
    location: &'a str,
    /// Where its figures come from, in words, to show beside the place.
    description: String,
    /// It lies outside every BLS metropolitan area, so its state's figures apply.
    state_fallback: bool,
    /// It lies in more than one area; `location` is the largest, and an
    /// estimate for it answers `ambiguous_place` with the choices.
    several: bool,
}

/// The places that begin as typed, for the place field's suggestions.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PlaceSuggestions<'a> {
    /// At most eight, whole names first, then the places with most ZIP codes.
    places: Vec<PlaceSuggestion<'a>>,
}

/// `GET /api/v1/places?q=boi`: ZIP codes (from three digits) and cities
/// (from two letters) that begin as typed, with the area each lies in.
/// Depends only on content, so browsers and proxies may keep an answer.
#[utoipa::path(
    get,
    path = "/api/v1/places",
    params(super::api_params::PlacesParams),
    responses(
        (status = 200, description = "Up to eight places, none when too little was typed or nothing matches", body = PlaceSuggestions<'static>),
        (status = 400, description = "The query string could not be read", content_type = "application/problem+json", body = super::error::Problem),
        (status = 414, description = "The address is too long", content_type = "application/problem+json", body = super::error::Problem),
    )
)]
pub async fn suggestions(
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let pairs: Vec<(String, String)> = serde_html_form::from_str(request.query_string())
        .map_err(|error| AppError::BadQuery(error.to_string()))?;
    let typed = pairs
        .into_iter()
        .find(|(key, _)| key == "q")
        .map(|(_, value)| value)
        .unwrap_or_default();
    let site = state.site();
    let model = &site.model;
    let locations = model.factor(FactorKind::Location);
    // Longer than any place name: nothing to look up.
    let typed = if typed.len() > 60 { "" } else { typed.as_str() };
    let places = model
        .bls
        .suggest_places(typed, MAX_SUGGESTIONS)
        .into_iter()
        .filter(|s| locations.value(&s.area.id).is_some())
        .map(|s| PlaceSuggestion {
            description: describe(&s),
            value: s.value,
            place: s.place,
            location: &s.area.id,
            state_fallback: s.state_fallback,
            several: s.several,
        })
        .collect();
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, PAGE_CACHE_CONTROL))
        .json(PlaceSuggestions { places }))
}

/// Where a suggestion's figures come from, in words.
fn describe(suggestion: &Suggestion<'_>) -> String {
    let area = &suggestion.area.name;
    if suggestion.state_fallback {
        format!("outside BLS's metropolitan areas: {area}'s figures")
    } else if suggestion.several {
        format!("mostly in {area}, partly elsewhere: you choose")
    } else {
        format!("in {area}")
    }
}
