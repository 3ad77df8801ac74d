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
//! its messages when there are any (status 422), and the result section,
//! each exactly as the full page renders them.

use askama::Template;

/// The title the page would have, so the script can follow it.
#[derive(Template)]
#[template(source = "<!DOCTYPE html>\n<title>{{ title }}</title>\n", ext = "html")]
struct Envelope<'a> {
    title: &'a str,
}

/// Renders a fragment: `title`, then `form` (given only when it carries
/// messages), then `result`.
pub fn render(
    title: &str,
    form: Option<&dyn askama::DynTemplate>,
    result: &dyn askama::DynTemplate,
    expected: usize,
) -> askama::Result<String> {
    let mut html = String::with_capacity(expected);
    Envelope { title }.render_into(&mut html)?;
    if let Some(form) = form {
        form.dyn_render_into(&mut html)?;
    }
    result.dyn_render_into(&mut html)?;
    html.shrink_to_fit();
    Ok(html)
}
