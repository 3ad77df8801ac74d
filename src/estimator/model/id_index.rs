//! A factor's values by id, for [`super::Factor::value`].

use super::FactorValue;

/// A factor's values by id: an open-addressing table of their indexes,
/// placed by a hash of the id. A lookup reads one slot or two where a binary
/// search among 560 locations' ids compared ten strings, with a mispredicted
/// branch at most of them; an estimate and its page look up about 35 ids.
#[derive(Debug, Clone)]
pub(super) struct IdIndex {
    /// Indexes into the values, [`IdIndex::EMPTY`] where none; a power of
    /// two in length, at most half full.
    slots: Vec<u16>,
}

impl IdIndex {
    const EMPTY: u16 = u16::MAX;

    pub(super) fn new(values: &[FactorValue]) -> Self {
        let mut index = Self {
            slots: vec![Self::EMPTY; (values.len() * 2).next_power_of_two().max(2)],
        };
        for (at, value) in values.iter().enumerate() {
            // Ids are unique in a validated model, and values far fewer
            // than the 65,535 a slot can name.
            let Some(at) = u16::try_from(at).ok().filter(|&at| at != Self::EMPTY) else {
                break;
            };
            let mut slot = index.home(&value.id);
            while index.slots[slot] != Self::EMPTY {
                slot = (slot + 1) & (index.slots.len() - 1);
            }
            index.slots[slot] = at;
        }
        index
    }

    /// The slot where a search for `id` starts.
    fn home(&self, id: &str) -> usize {
        use std::hash::BuildHasher;
        // Fixed, so a model indexes the same way every time; ids are ours.
        let hash = foldhash::fast::FixedState::default().hash_one(id);
        // The table's length is a power of two below 2^17.
        (hash as usize) & (self.slots.len() - 1)
    }

    pub(super) fn find<'v>(&self, values: &'v [FactorValue], id: &str) -> Option<&'v FactorValue> {
        let mut slot = self.home(id);
        loop {
            let value = values.get(usize::from(self.slots[slot]))?;
            if value.id == id {
                return Some(value);
            }
            slot = (slot + 1) & (self.slots.len() - 1);
        }
    }
}
