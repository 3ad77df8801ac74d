//! A factor's values by id and by label, for [`super::Factor::value`] and
//! [`super::Factor::value_labelled`].

use std::hash::{BuildHasher, Hasher};

use super::FactorValue;

/// Which text of a value an index finds it by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Key {
    /// Its id, exactly.
    Id,
    /// Its label, in any ASCII case: the location lists send the label of
    /// the option chosen, and a place field may hold one as typed.
    Label,
}

impl Key {
    fn of(self, value: &FactorValue) -> &str {
        match self {
            Key::Id => &value.id,
            Key::Label => &value.label,
        }
    }

    fn hash(self, text: &str) -> u64 {
        // Fixed, so a model indexes the same way every time; ids and labels
        // are ours.
        let state = foldhash::fast::FixedState::default();
        match self {
            Key::Id => state.hash_one(text),
            Key::Label => {
                let mut hasher = state.build_hasher();
                for byte in text.bytes() {
                    hasher.write_u8(byte.to_ascii_lowercase());
                }
                hasher.finish()
            }
        }
    }

    fn matches(self, value: &FactorValue, text: &str) -> bool {
        match self {
            Key::Id => value.id == text,
            Key::Label => value.label.eq_ignore_ascii_case(text),
        }
    }
}

/// A factor's values by one of their texts: an open-addressing table of
/// their indexes, placed by a hash of the text. A lookup reads one slot or
/// two where a binary search among 560 locations' ids compared ten strings,
/// with a mispredicted branch at most of them; an estimate and its page look
/// up about 35 ids.
#[derive(Debug, Clone)]
pub(super) struct ValueIndex {
    /// Indexes into the values, [`ValueIndex::EMPTY`] where none; a power of
    /// two in length, at most half full.
    slots: Vec<u16>,
    key: Key,
}

impl ValueIndex {
    const EMPTY: u16 = u16::MAX;

    pub(super) fn new(values: &[FactorValue], key: Key) -> Self {
        let mut index = Self {
            slots: vec![Self::EMPTY; (values.len() * 2).next_power_of_two().max(2)],
            key,
        };
        for (at, value) in values.iter().enumerate() {
            // Values are far fewer than the 65,535 a slot can name. Ids are
            // unique in a validated model; of two values with one label, the
            // first in the data is found, as a scan would find it.
            let Some(at) = u16::try_from(at).ok().filter(|&at| at != Self::EMPTY) else {
                break;
            };
            let mut slot = index.home(key.of(value));
            while index.slots[slot] != Self::EMPTY {
                slot = (slot + 1) & (index.slots.len() - 1);
            }
            index.slots[slot] = at;
        }
        index
    }

    /// The slot where a search for `text` starts.
    fn home(&self, text: &str) -> usize {
        // The table's length is a power of two below 2^17.
        (self.key.hash(text) as usize) & (self.slots.len() - 1)
    }

    pub(super) fn find<'v>(
        &self,
        values: &'v [FactorValue],
        text: &str,
    ) -> Option<&'v FactorValue> {
        let mut slot = self.home(text);
        loop {
            let value = values.get(usize::from(self.slots[slot]))?;
            if self.key.matches(value, text) {
                return Some(value);
            }
            slot = (slot + 1) & (self.slots.len() - 1);
        }
    }
}
