//! BLS's own rows inside guides: `bls` prints one published figure for an
//! occupation in an area, `bls_table` every occupation's row in an area. The
//! figures are read from the OEWS files, never typed, and link to the area's
//! page (or, for the nation, to the release's source entry).

use askama::Template;

use super::{Expanded, Shortcode, table_id};
use crate::estimator::SalaryModel;
use crate::estimator::bls::{AreaKind, Bls, Cell, SOFTWARE_DEVELOPERS, Wages};
use crate::money::{count, usd};

/// The model's source entry for the release, where national figures link.
const SOURCE: &str = "bls-oews-2025";

/// `{{ bls area=boise-city-id soc=15-1253 stat=median }}`: one figure.
pub(super) fn figure(model: &SalaryModel, code: &Shortcode<'_>) -> Expanded {
    code.allow_only(&["area", "soc", "stat"])?;
    let bls = &model.bls;
    let (area_id, wages, title) = row(bls, code)?;
    let stat = code.get("stat").unwrap_or("median");
    let cell = match stat {
        "p10" => wages.percentiles[0],
        "p25" => wages.percentiles[1],
        "median" => wages.percentiles[2],
        "p75" => wages.percentiles[3],
        "p90" => wages.percentiles[4],
        "mean" => wages.mean,
        "employment" => wages.employment,
        other => {
            return Err(format!(
                "stat `{other}` must be p10, p25, median, p75, p90, mean or employment"
            ));
        }
    };
    let value = cell
        .whole()
        .ok_or_else(|| format!("BLS published no {stat} for {title} in area `{area_id}`"))?;
    let text = if stat == "employment" {
        count(value)
    } else {
        usd(value)
    };
    let area = bls.area(&area_id).map_or("", |a| a.name.as_str());
    Ok(BlsFigure {
        text,
        href: href(bls, &area_id),
        title: format!("{title}, {area}, {stat}: BLS OEWS {}", bls.release.release),
    }
    .render())
}

/// `{{ bls_table area=us }}`: every occupation's row in an area.
pub(super) fn table(model: &SalaryModel, code: &Shortcode<'_>) -> Expanded {
    code.allow_only(&["area"])?;
    let bls = &model.bls;
    let id = code.get("area").unwrap_or(&bls.national().id);
    let area = bls
        .area(id)
        .ok_or_else(|| format!("unknown BLS area `{id}`"))?;
    let rows = bls
        .occupations_in(&area.id)
        .into_iter()
        .map(|(occupation, wages)| BlsRow {
            title: occupation.title.clone(),
            soc: occupation.soc.clone(),
            employment: shown(wages.employment, count),
            percentiles: wages.percentiles.map(|c| shown(c, usd)),
        })
        .collect();
    Ok(BlsTable {
        id: table_id(code),
        area: if area.kind == AreaKind::National {
            "the United States".to_owned()
        } else {
            area.name.clone()
        },
        release: bls.release.release.clone(),
        href: href(bls, &area.id),
        rows,
    }
    .render())
}

/// The area and occupation a shortcode names, with the occupation's title.
fn row<'m>(bls: &'m Bls, code: &Shortcode<'_>) -> Result<(String, &'m Wages, String), String> {
    let area = code.get("area").unwrap_or(&bls.national().id);
    if bls.area(area).is_none() {
        return Err(format!("unknown BLS area `{area}`"));
    }
    let soc = code.get("soc").unwrap_or(SOFTWARE_DEVELOPERS);
    let occupation = bls
        .release
        .occupations
        .iter()
        .find(|o| o.soc == soc)
        .ok_or_else(|| format!("occupation `{soc}` is not in BLS's files here"))?;
    let wages = bls
        .wages(area, soc)
        .ok_or_else(|| format!("BLS has no row for `{soc}` in area `{area}`"))?;
    Ok((area.to_owned(), wages, occupation.title.clone()))
}

/// An area's page, or the release's source entry for the nation.
fn href(bls: &Bls, area: &str) -> String {
    if area == bls.national().id {
        format!("/sources#{SOURCE}")
    } else {
        format!("/pay/{area}")
    }
}

fn shown(cell: Cell, format: fn(i64) -> String) -> String {
    cell.whole().map_or_else(|| "—".to_owned(), format)
}

#[derive(Template)]
/// A published BLS figure: cited, like `figure`, not a calculator result, so
/// it links to the area's page or the release and is styled as a citation.
#[template(path = "shortcodes/bls_figure.html")]
struct BlsFigure {
    text: String,
    href: String,
    title: String,
}

#[derive(Template)]
#[template(path = "shortcodes/bls_table.html")]
struct BlsTable {
    id: String,
    area: String,
    release: String,
    href: String,
    rows: Vec<BlsRow>,
}

struct BlsRow {
    title: String,
    soc: String,
    employment: String,
    percentiles: [String; 5],
}
