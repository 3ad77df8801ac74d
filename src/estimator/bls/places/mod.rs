//! Where a ZIP code or a city name lies: HUD's ZIP-CBSA crosswalk, reduced by
//! the import to BLS's metropolitan areas.
//!
//! Start-up checks every row of `zips.tsv` and keeps nothing; the index is
//! built when a place is first looked up ([`Bls::places`]), from the file
//! read again ([`build`]). Most visits never type a place, and the index is
//! 0.85 MB.
//!
//! 40,000 ZIP codes must not cost a visitor memory: a ZIP is 8 bytes (the
//! code, its city and its area or split), city names share one string, and the
//! 4,000 ZIPs split across areas keep their shares in one flat list. A ZIP
//! outside every BLS metro lies in one of BLS's nonmetropolitan areas, which are
//! defined by county; without a county crosswalk the honest answer is the
//! state's own figures, and the match says so.

mod build;

use super::{Area, AreaKind, Bls};

pub(super) use build::LazyPlaces;
pub use build::ZipsReader;

/// Areas are indexed by `u16` below this; `OUTSIDE` and the split flag use the rest.
pub const MAX_AREAS: u16 = OUTSIDE;
/// A ZIP (or a part of one) outside every BLS metropolitan area.
const OUTSIDE: u16 = 0x7FFF;
/// Set on a ZIP's place when it indexes `splits` rather than an area.
const SPLIT: u16 = 0x8000;
/// A part of a ZIP with fewer of its homes than this (per mille) is not
/// offered as a choice: 59715 (Bozeman) has 0.4% of its homes outside the metro.
const SMALLEST_PART: u16 = 100;
/// A city's area is offered when it holds at least this share (per mille) of
/// the city's ZIP codes.
const SMALLEST_CITY_PART: u32 = 250;

const HEADER: [&str; 4] = ["zip", "state", "city", "areas"];

#[derive(Debug, Clone, Copy)]
struct Zip {
    code: u32,
    city: u16,
    place: u16,
}

#[derive(Debug, Clone, Copy)]
struct City {
    start: u32,
    len: u8,
    state: [u8; 2],
    /// How many ZIP codes it has (at most 255): a suggestion offers big
    /// places first, in the byte the struct's alignment leaves free.
    zips: u8,
}

/// ZIP codes and city names to BLS areas.
#[derive(Debug, Clone, Default)]
pub struct PlaceIndex {
    /// Sorted by code.
    zips: Vec<Zip>,
    /// `parts[splits[i]..splits[i + 1]]` are split `i`'s (area, per mille).
    splits: Vec<u32>,
    parts: Vec<(u16, u16)>,
    /// Sorted by name, then state.
    cities: Vec<City>,
    names: String,
}

/// One answer to "where is this place?".
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate<'a> {
    /// The area whose figures apply: a metro, or the state's own area when
    /// the place lies outside every BLS metro.
    pub area: &'a Area,
    /// The place as found: "98101 (Seattle, WA)" or "Springfield, IL".
    pub place: String,
    /// The share of the place in that area, per mille: of a ZIP's homes, or
    /// of a city's ZIP codes.
    pub share: u16,
    /// The place lies outside every BLS metro, so its state's figures stand in.
    pub state_fallback: bool,
}

/// What a typed place resolves to.
#[derive(Debug, Clone, PartialEq)]
pub enum PlaceMatch<'a> {
    /// One area.
    One(Candidate<'a>),
    /// Several: a ZIP split between areas, or a city name in several places.
    Several(Vec<Candidate<'a>>),
    /// No ZIP code or city of that name, or none BLS publishes figures for.
    Unknown,
}

impl PlaceIndex {
    /// How many ZIP codes the index holds.
    pub fn zip_count(&self) -> usize {
        self.zips.len()
    }

    fn city_name(&self, city: u16) -> &str {
        let c = self.cities[usize::from(city)];
        let start = c.start as usize;
        &self.names[start..start + usize::from(c.len)]
    }

    fn city_state(&self, city: u16) -> &str {
        std::str::from_utf8(&self.cities[usize::from(city)].state).unwrap_or("")
    }

    /// A ZIP's areas with their shares of its homes, per mille.
    fn parts_of(&self, zip: &Zip) -> Vec<(u16, u16)> {
        if zip.place & SPLIT == 0 {
            return vec![(zip.place, 1000)];
        }
        let i = usize::from(zip.place & !SPLIT);
        let (from, to) = (self.splits[i] as usize, self.splits[i + 1] as usize);
        self.parts[from..to].to_vec()
    }
}

impl Bls {
    /// Resolves a ZIP code or a city name ("Boise", "Springfield, IL",
    /// "St. Louis, Missouri") to the areas whose figures apply.
    pub fn find_place(&self, query: &str) -> PlaceMatch<'_> {
        let query = query.trim();
        if query.len() == 5 && query.bytes().all(|b| b.is_ascii_digit()) {
            self.find_zip(query)
        } else {
            self.find_city(query)
        }
    }

    fn find_zip(&self, query: &str) -> PlaceMatch<'_> {
        let index = self.places();
        let Ok(code) = query.parse::<u32>() else {
            return PlaceMatch::Unknown;
        };
        let Ok(found) = index.zips.binary_search_by_key(&code, |z| z.code) else {
            return PlaceMatch::Unknown;
        };
        let zip = index.zips[found];
        let city = title_case(index.city_name(zip.city));
        let state = index.city_state(zip.city);
        let place = format!("{query} ({city}, {state})");
        let parts = index.parts_of(&zip);
        let largest = parts.iter().map(|p| p.1).max().unwrap_or(0);
        let mut candidates: Vec<Candidate<'_>> = parts
            .iter()
            .filter(|(_, share)| *share >= SMALLEST_PART.min(largest))
            .filter_map(|&(area, share)| self.candidate(area, state, place.clone(), share))
            .collect();
        candidates.sort_by(|a, b| b.share.cmp(&a.share).then(a.area.name.cmp(&b.area.name)));
        settle(candidates)
    }

    fn find_city(&self, query: &str) -> PlaceMatch<'_> {
        let (name, state) = self.split_state(query);
        let name = normalize_city(name);
        if name.is_empty() {
            return PlaceMatch::Unknown;
        }
        let index = self.places();
        let from = index
            .cities
            .partition_point(|c| index.city_name_of(c) < name.as_str());
        let cities: Vec<u16> = (from..index.cities.len())
            .take_while(|&i| index.city_name_of(&index.cities[i]) == name)
            .map(|i| i as u16)
            .filter(|&i| state.is_none_or(|s| index.city_state(i) == s))
            .collect();
        let mut candidates = Vec::new();
        for city in cities {
            let state = index.city_state(city);
            let place = format!("{}, {state}", title_case(index.city_name(city)));
            // Each ZIP counts once, shared among its areas by its homes.
            let mut weights: Vec<(u16, u32)> = Vec::new();
            let mut total = 0;
            for zip in index.zips.iter().filter(|z| z.city == city) {
                for (area, share) in index.parts_of(zip) {
                    total += u32::from(share);
                    match weights.iter_mut().find(|(a, _)| *a == area) {
                        Some(weight) => weight.1 += u32::from(share),
                        None => weights.push((area, u32::from(share))),
                    }
                }
            }
            let largest = weights.iter().map(|w| w.1).max().unwrap_or(0);
            for (area, weight) in weights {
                let share = (weight * 1000 / total.max(1)) as u16;
                if u32::from(share) >= SMALLEST_CITY_PART || weight == largest {
                    candidates.extend(self.candidate(area, state, place.clone(), share));
                }
            }
        }
        candidates.sort_by(|a, b| {
            (&a.place, b.share, &a.area.name).cmp(&(&b.place, a.share, &b.area.name))
        });
        settle(candidates)
    }

    /// "Springfield, IL" → ("Springfield", Some("IL")); also "Boise ID" and
    /// "Saint Louis, Missouri". A trailing word that is no state stays in the name.
    fn split_state<'q>(&self, query: &'q str) -> (&'q str, Option<&str>) {
        let (name, tail) = match query.rsplit_once(',') {
            Some((name, tail)) => (name, tail.trim()),
            None => match query.trim_end().rsplit_once(' ') {
                Some((name, tail)) if tail.len() == 2 => (name, tail),
                _ => return (query, None),
            },
        };
        let state = self
            .areas
            .iter()
            .filter(|a| a.kind == AreaKind::State)
            .find(|a| a.state.eq_ignore_ascii_case(tail) || a.name.eq_ignore_ascii_case(tail));
        match state {
            Some(state) => (name, Some(state.state.as_str())),
            None if query.contains(',') => (name, Some("")),
            None => (query, None),
        }
    }

    fn candidate(
        &self,
        area: u16,
        state: &str,
        place: String,
        share: u16,
    ) -> Option<Candidate<'_>> {
        let (area, state_fallback) = match area {
            OUTSIDE => (self.state(state)?, true),
            area => (self.areas.get(usize::from(area))?, false),
        };
        Some(Candidate {
            area,
            place,
            share,
            state_fallback,
        })
    }
}

/// Most suggestions one beginning gets.
pub const MAX_SUGGESTIONS: usize = 8;

/// A place a typed beginning may be, for the place field's suggestions.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion<'a> {
    /// What to type to get it: "Boise, ID" or "83702".
    pub value: String,
    /// The place as found: "Boise, ID" or "83702 (Boise, ID)".
    pub place: String,
    /// The area that holds most of it (its state's when outside every metro).
    pub area: &'a Area,
    /// It lies outside every BLS metro, so its state's figures stand in.
    pub state_fallback: bool,
    /// It lies in more than one area, so typing it asks which.
    pub several: bool,
}

impl Bls {
    /// Places that begin as typed: ZIP codes from three digits, cities from
    /// two letters ("boi", "springfield, i"), whole names first, then the
    /// cities with most ZIP codes; at most `limit` ([`MAX_SUGGESTIONS`]).
    pub fn suggest_places(&self, typed: &str, limit: usize) -> Vec<Suggestion<'_>> {
        let typed = typed.trim();
        let limit = limit.min(MAX_SUGGESTIONS);
        if !typed.is_empty() && typed.bytes().all(|b| b.is_ascii_digit()) {
            self.suggest_zips(typed, limit)
        } else {
            self.suggest_cities(typed, limit)
        }
    }

    fn suggest_zips(&self, typed: &str, limit: usize) -> Vec<Suggestion<'_>> {
        let Ok(prefix) = typed.parse::<u32>() else {
            return Vec::new();
        };
        if !(3..=5).contains(&typed.len()) {
            return Vec::new();
        }
        let scale = 10u32.pow(5 - typed.len() as u32);
        let (low, high) = (prefix * scale, (prefix + 1) * scale);
        let zips = &self.places().zips;
        let from = zips.partition_point(|z| z.code < low);
        zips[from..]
            .iter()
            .take_while(|z| z.code < high)
            .take(limit)
            .filter_map(|zip| {
                let code = format!("{:05}", zip.code);
                let found = self.find_zip(&code);
                suggestion(code, found)
            })
            .collect()
    }

    fn suggest_cities(&self, typed: &str, limit: usize) -> Vec<Suggestion<'_>> {
        let (name, state) = match typed.split_once(',') {
            Some((name, state)) => (name, state.trim()),
            None => (typed, ""),
        };
        let name = normalize_city(name);
        if name.len() < 2 {
            return Vec::new();
        }
        let index = self.places();
        let from = index
            .cities
            .partition_point(|c| index.city_name_of(c) < name.as_str());
        let mut matches: Vec<u16> = (from..index.cities.len())
            .take_while(|&i| {
                index
                    .city_name_of(&index.cities[i])
                    .starts_with(name.as_str())
            })
            .map(|i| i as u16)
            .filter(|&i| state.is_empty() || self.state_begins(index.city_state(i), state))
            .collect();
        // A stable sort: among equals, the alphabetical order stays.
        matches.sort_by_key(|&i| {
            let city = &index.cities[usize::from(i)];
            (
                index.city_name_of(city) != name,
                std::cmp::Reverse(city.zips),
            )
        });
        matches
            .into_iter()
            .take(limit)
            .filter_map(|city| {
                let value = format!(
                    "{}, {}",
                    title_case(index.city_name(city)),
                    index.city_state(city)
                );
                let found = self.find_city(&value);
                suggestion(value, found)
            })
            .collect()
    }

    /// Whether a state's USPS code or name begins as typed ("i", "Ida").
    fn state_begins(&self, usps: &str, typed: &str) -> bool {
        let begins = |whole: &str| {
            whole
                .get(..typed.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(typed))
        };
        begins(usps) || self.state(usps).is_some_and(|state| begins(&state.name))
    }
}

/// A suggestion from what typing `value` resolves to: its largest area.
fn suggestion(value: String, found: PlaceMatch<'_>) -> Option<Suggestion<'_>> {
    let (first, several) = match found {
        PlaceMatch::One(candidate) => (candidate, false),
        PlaceMatch::Several(mut candidates) => {
            // Sorted largest share first (one place, so one run).
            candidates.sort_by_key(|c| std::cmp::Reverse(c.share));
            (candidates.swap_remove(0), true)
        }
        PlaceMatch::Unknown => return None,
    };
    Some(Suggestion {
        value,
        place: first.place,
        area: first.area,
        state_fallback: first.state_fallback,
        several,
    })
}

impl PlaceIndex {
    fn city_name_of(&self, c: &City) -> &str {
        let start = c.start as usize;
        &self.names[start..start + usize::from(c.len)]
    }
}

/// One candidate is an answer; none is unknown; several are a choice (the
/// same area reached twice, as from two parts of a city, counts once).
fn settle(mut candidates: Vec<Candidate<'_>>) -> PlaceMatch<'_> {
    let mut seen = Vec::new();
    candidates.retain(|c| {
        let key = (c.area.id.clone(), c.place.clone());
        let new = !seen.contains(&key);
        seen.push(key);
        new
    });
    match candidates.len() {
        0 => PlaceMatch::Unknown,
        1 => PlaceMatch::One(candidates.remove(0)),
        _ => PlaceMatch::Several(candidates),
    }
}

/// A typed city as USPS writes it: capitals, single spaces, no punctuation,
/// and "St." / "Ft." / "Mt." spelt out ("St. Louis" is "SAINT LOUIS").
fn normalize_city(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphabetic() {
                c.to_ascii_uppercase()
            } else {
                ' '
            }
        })
        .collect();
    let words: Vec<&str> = cleaned
        .split_whitespace()
        .enumerate()
        .map(|(i, word)| match word {
            "ST" if i == 0 => "SAINT",
            "FT" if i == 0 => "FORT",
            "MT" if i == 0 => "MOUNT",
            word => word,
        })
        .collect();
    words.join(" ")
}

/// "SALT LAKE CITY" → "Salt Lake City", for showing a USPS city name.
pub(super) fn title_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut start = true;
    for c in name.chars() {
        out.push(if start { c } else { c.to_ascii_lowercase() });
        start = c == ' ';
    }
    out
}
