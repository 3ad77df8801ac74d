//! Reading `zips.tsv`: the check at start-up, which keeps only counts, and
//! the index built from a second read on the first place lookup. Both
//! stream the file a line at a time: its 1 MB of text is never held.

use std::collections::HashMap;
use std::io::BufRead;
use std::sync::{Arc, OnceLock};

use super::super::{Bls, BlsError, ZIPS, table};
use super::{City, HEADER, OUTSIDE, PlaceIndex, SPLIT, Zip};

/// Opens `zips.tsv` as a stream: the loader's business (from the binary, or
/// the content folder), so the estimator reads no files. It is read at
/// start-up, to check it, and again by the first place lookup, to index it;
/// an error (the file could not be opened, or it changed since it was
/// checked) leaves the index empty, so no place is found.
pub type ZipsReader = Arc<dyn Fn() -> Result<Box<dyn BufRead>, String> + Send + Sync>;

/// What start-up's check counted, to size the build's lists exactly.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Sizes {
    rows: usize,
    splits: usize,
    parts: usize,
    /// The city names' bytes, row by row.
    city_bytes: usize,
}

/// The ZIP index, built once on first use.
#[derive(Clone)]
pub(crate) struct LazyPlaces {
    index: OnceLock<PlaceIndex>,
    reread: ZipsReader,
    sizes: Sizes,
}

impl std::fmt::Debug for LazyPlaces {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LazyPlaces")
            .field("built", &self.index.get().is_some())
            .field("sizes", &self.sizes)
            .finish_non_exhaustive()
    }
}

impl LazyPlaces {
    pub(crate) fn new(reread: ZipsReader, sizes: Sizes) -> Self {
        Self {
            index: OnceLock::new(),
            reread,
            sizes,
        }
    }
}

/// A ZIP's city while the index is built: where its name is in the names
/// as read, its state, and which ZIP it is.
struct RowCity {
    start: u32,
    zip: u32,
    len: u8,
    state: [u8; 2],
}

impl RowCity {
    fn name<'a>(&self, read: &'a str) -> &'a str {
        &read[self.start as usize..][..usize::from(self.len)]
    }
}

/// One checked row of `zips.tsv`; a split ZIP's parts are handed beside it.
struct Row<'t> {
    code: u32,
    state: [u8; 2],
    city: &'t str,
    /// Its area, or [`OUTSIDE`]; unused when the ZIP is split.
    area: u16,
}

/// Reads and checks every row, handing each good one to `each` with its
/// parts (area, per mille) when the ZIP is split between areas, and none
/// otherwise. `areas` maps BLS area codes to area indices.
fn read_rows(
    stream: impl BufRead,
    areas: &HashMap<&str, u16>,
    errors: &mut Vec<BlsError>,
    mut each: impl FnMut(Row<'_>, &[(u16, u16)]),
) {
    let mut last = None;
    // One split's parts at a time, reused from row to row.
    let mut parts: Vec<(u16, u16)> = Vec::new();
    table::for_each_read(
        ZIPS,
        stream,
        HEADER,
        errors,
        |line, [zip, state, city, where_], errors| {
            let bad = |problem: String| BlsError::new(ZIPS, Some(line), problem);
            let code = match zip.parse::<u32>() {
                Ok(code) if zip.len() == 5 => code,
                _ => return errors.push(bad(format!("ZIP {zip:?} must be five digits"))),
            };
            if last.is_some_and(|last| last >= code) {
                return errors.push(bad(format!("ZIP {zip} is out of order or repeated")));
            }
            let Ok(state) = <[u8; 2]>::try_from(state.as_bytes()) else {
                return errors.push(bad(format!("state {state:?} must be a USPS code")));
            };
            if city.is_empty() || city.len() > usize::from(u8::MAX) || !is_city_name(city) {
                return errors.push(bad(format!(
                    "city {city:?} must be capital letters and spaces"
                )));
            }
            let area_of = |code: &str| match code {
                "-" => Some(OUTSIDE),
                code => areas.get(code).copied(),
            };
            parts.clear();
            let area = if where_.contains('=') {
                let mut total = 0;
                for part in where_.split(',') {
                    let parsed = part.split_once('=').and_then(|(area, share)| {
                        let share = (share.parse::<f64>().ok()? * 1000.0).round() as u16;
                        Some((area_of(area)?, share))
                    });
                    match parsed {
                        Some(part) => {
                            total += u32::from(part.1);
                            parts.push(part);
                        }
                        None => {
                            return errors.push(bad(format!(
                                "part {part:?} is not AREA=SHARE with a known area"
                            )));
                        }
                    }
                }
                if !(990..=1010).contains(&total) {
                    return errors.push(bad(format!("the shares of {where_:?} must add up to 1")));
                }
                OUTSIDE
            } else {
                match area_of(where_) {
                    Some(area) => area,
                    None => {
                        return errors.push(bad(format!("area {where_:?} is not in areas.tsv")));
                    }
                }
            };
            last = Some(code);
            each(
                Row {
                    code,
                    state,
                    city,
                    area,
                },
                &parts,
            );
        },
    );
}

/// The index numbers cities and splits with `u16`s: a file with more
/// rows than a `u16` counts (the US has some 42,000 ZIP codes, of 100,000
/// possible) or too many split ZIPs cannot be indexed.
fn check_limits(sizes: &Sizes, errors: &mut Vec<BlsError>) {
    if sizes.rows > usize::from(u16::MAX) || sizes.splits >= usize::from(OUTSIDE) {
        errors.push(BlsError::new(
            ZIPS,
            None,
            "too many ZIP codes or split ZIP codes to index",
        ));
    }
}

impl PlaceIndex {
    /// Checks every row of `zips.tsv` and that the index can be built from
    /// it, keeping nothing but counts: start-up refuses a bad file, and the
    /// index itself waits for the first place lookup.
    pub(crate) fn check(
        stream: impl BufRead,
        areas: &HashMap<&str, u16>,
        errors: &mut Vec<BlsError>,
    ) -> Sizes {
        let mut sizes = Sizes::default();
        read_rows(stream, areas, errors, |row, parts| {
            sizes.rows += 1;
            sizes.city_bytes += row.city.len();
            if !parts.is_empty() {
                sizes.splits += 1;
                sizes.parts += parts.len();
            }
        });
        check_limits(&sizes, errors);
        sizes
    }

    /// Builds the index from `zips.tsv` as start-up checked it and counted.
    ///
    /// A visitor waits for it, and what it needs only for a moment the
    /// allocator may keep, so it reads the file in one pass and sorts once,
    /// with every list sized beforehand: beside what the index keeps, 12
    /// bytes a row and the city names as read.
    fn build(
        stream: impl BufRead,
        areas: &HashMap<&str, u16>,
        sizes: &Sizes,
    ) -> Result<Self, Vec<BlsError>> {
        let mut errors = Vec::new();
        let mut index = PlaceIndex {
            zips: Vec::with_capacity(sizes.rows),
            splits: Vec::with_capacity(sizes.splits + 1),
            parts: Vec::with_capacity(sizes.parts),
            ..PlaceIndex::default()
        };
        index.splits.push(0);
        // Every ZIP's city, sorted below to number the cities in name order
        // (a sort of 40,000 rows instead of a hash table of cities), its
        // name in `read`: a run of ZIPs of one city shares one copy.
        let mut read = String::with_capacity(sizes.city_bytes);
        let mut by_city: Vec<RowCity> = Vec::with_capacity(sizes.rows);
        read_rows(stream, areas, &mut errors, |row, parts| {
            let place = if parts.is_empty() {
                row.area
            } else {
                index.parts.extend_from_slice(parts);
                index.splits.push(index.parts.len() as u32);
                SPLIT | (index.splits.len() - 2) as u16
            };
            let start = match by_city.last() {
                Some(last) if last.state == row.state && last.name(&read) == row.city => last.start,
                _ => {
                    read.push_str(row.city);
                    (read.len() - row.city.len()) as u32
                }
            };
            by_city.push(RowCity {
                start,
                zip: index.zips.len() as u32,
                // At most 255 bytes: `read_rows` refuses longer names.
                len: row.city.len() as u8,
                state: row.state,
            });
            index.zips.push(Zip {
                code: row.code,
                city: 0,
                place,
            });
        });
        check_limits(
            &Sizes {
                rows: index.zips.len(),
                splits: index.splits.len() - 1,
                ..Sizes::default()
            },
            &mut errors,
        );
        if !errors.is_empty() {
            return Err(errors);
        }
        let city = |c: &RowCity| (c.name(&read), c.state);
        by_city.sort_unstable_by(|a, b| city(a).cmp(&city(b)));
        let new_city = |i: usize| i == 0 || city(&by_city[i - 1]) != city(&by_city[i]);
        let firsts = || (0..by_city.len()).filter(|&i| new_city(i));
        index.cities.reserve_exact(firsts().count());
        index
            .names
            .reserve_exact(firsts().map(|i| usize::from(by_city[i].len)).sum());
        for (i, row) in by_city.iter().enumerate() {
            if new_city(i) {
                index.cities.push(City {
                    start: index.names.len() as u32,
                    len: row.len,
                    state: row.state,
                    zips: 0,
                });
                index.names.push_str(row.name(&read));
            }
            let id = index.cities.len() - 1;
            let city = &mut index.cities[id];
            city.zips = city.zips.saturating_add(1);
            index.zips[row.zip as usize].city = id as u16;
        }
        Ok(index)
    }
}

impl Bls {
    /// The ZIP index, built by the first call from `zips.tsv` read again.
    /// Start-up checked that file, so it builds; one that can no longer be
    /// read as it was leaves the index empty (the reader says why), and no
    /// place is found.
    pub fn places(&self) -> &PlaceIndex {
        self.places.index.get_or_init(|| {
            let Ok(stream) = (self.places.reread)() else {
                return PlaceIndex::default();
            };
            let areas = super::super::areas_by_code(&self.areas);
            PlaceIndex::build(stream, &areas, &self.places.sizes).unwrap_or_default()
        })
    }

    /// Whether a place has been looked up yet, so the ZIP index is built.
    pub fn places_built(&self) -> bool {
        self.places.index.get().is_some()
    }
}

fn is_city_name(name: &str) -> bool {
    name.bytes().all(|b| b.is_ascii_uppercase() || b == b' ')
}
