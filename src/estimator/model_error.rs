//! A problem in the data file, shared by the model and by the modules that
//! own a section of the file (living costs, vesting, reports) and validate it:
//! it sits below all of them so none has to import the model for it.

/// A problem in the data file: which entry, and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{entry}: {problem}")]
pub struct ModelError {
    /// Where in the file, e.g. `location.values[3] (id "seattle")`.
    pub entry: String,
    /// What is wrong, in words an author can act on.
    pub problem: String,
}

impl ModelError {
    pub(crate) fn new(entry: impl Into<String>, problem: impl Into<String>) -> Self {
        Self {
            entry: entry.into(),
            problem: problem.into(),
        }
    }
}

/// Checks that an entry's source ids exist, recording a problem if not.
pub(crate) type SourceCheck<'a> = dyn Fn(&str, &[String], &mut Vec<ModelError>) + 'a;
