//! Where each item of a list is, by its id: the data file's and the tax
//! file's sources are cited by id and shared by position (an estimate lists
//! the positions of the sources it cites).

use std::collections::HashMap;

/// Positions in one list, by id; ids are unique once the list is validated.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Positions {
    by_id: HashMap<Box<str>, usize, foldhash::fast::RandomState>,
}

impl Positions {
    /// The positions of `ids`, in order; a repeated id keeps its last.
    pub fn of<'a>(ids: impl IntoIterator<Item = &'a str>) -> Self {
        Self {
            by_id: ids
                .into_iter()
                .enumerate()
                .map(|(at, id)| (id.into(), at))
                .collect(),
        }
    }

    /// Where the item with this id is.
    pub fn get(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::Positions;

    #[test]
    fn each_id_finds_its_place_and_no_other_id_finds_one() {
        let positions = Positions::of(["bls", "bea", "irs"]);
        assert_eq!(positions.get("bls"), Some(0));
        assert_eq!(positions.get("irs"), Some(2));
        assert_eq!(positions.get("ir"), None);
        assert_eq!(positions.get(""), None);
    }
}
