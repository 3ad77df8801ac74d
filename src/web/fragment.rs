//! The parts of a page its live script asks for (`static/js/live.js`): a
//! calculator result or a comparison, rendered alone from the page's own
//! template blocks, so the page and its live update have one renderer.
//!
//! A fragment has its own address, the page's path and `/result` with the
//! page's very query (`/calculator/result?years=4`), rather than the page's
//! address and a header: every cache on the way (the browser's, a CDN's, ours
//! in `front.rs`) then keeps page and fragment apart by URL alone, with no
//! `Vary` to honour (several CDNs ignore it), and the query stays the form's
//! own, with no field name set aside for the switch.
//!
//! The body is a small HTML document: the page's `<title>`, the form with
//! its messages when there are any (status 422) or else the place fields'
//! hints (where a typed place was found, and the location it chose), and the
//! result section, each exactly as the full page renders them. Being a part of a page, not
//! a page, it asks search engines not to index it ([`ResultKind::mark`]).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use askama::{DynTemplate, Template};

use super::cache::{ResultCache, ResultKind};
use super::error::AppError;
use super::meta::Head;

/// The title the page would have, so the script can follow it.
#[derive(Template)]
#[template(source = "<!DOCTYPE html>\n<title>{{ title }}</title>\n", ext = "html")]
struct Envelope<'a> {
    title: &'a str,
}

/// A page's fragment, from the page's own `form` and `result` blocks.
pub struct Fragment<'a> {
    /// The page's head, for its title.
    pub head: &'a Head,
    /// The form, sent only when the page has messages (not 200).
    pub form: &'a dyn DynTemplate,
    /// The result section.
    pub result: &'a dyn DynTemplate,
    /// The place fields' hints, sent when the form is not: where each typed
    /// place was found and the location it chose, which the page's form shows
    /// only after a full render otherwise.
    pub places: &'a dyn DynTemplate,
    /// Room for the usual body, as it is rendered.
    pub expected_bytes: usize,
}

impl Fragment<'_> {
    /// Renders the fragment for a page of `status` and answers it as result
    /// pages are answered: kept by query when it is a result, once otherwise.
    pub fn answer(
        &self,
        results: &ResultCache,
        kind: ResultKind,
        request: &HttpRequest,
        status: StatusCode,
    ) -> Result<HttpResponse, AppError> {
        let mut html = String::with_capacity(self.expected_bytes);
        Envelope {
            title: &self.head.title_tag(),
        }
        .render_into(&mut html)?;
        if status == StatusCode::OK {
            self.places.dyn_render_into(&mut html)?;
        } else {
            self.form.dyn_render_into(&mut html)?;
        }
        self.result.dyn_render_into(&mut html)?;
        html.shrink_to_fit();
        Ok(results.answer(kind, request, status, HTML, html))
    }
}

const HTML: &str = "text/html; charset=utf-8";
