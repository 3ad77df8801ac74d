//! What moderation does, apart from how it is asked for: add a moderator,
//! check a moderator's password, decide a pending report (approve, or reject
//! for one of the known reasons), and the model ratio a moderator judges a
//! report by. The moderators' pages (`src/web/moderate.rs`) and the command
//! line (`salary-guide moderator`, `salary-guide reports`) both call these, so
//! the two cannot drift apart.

use std::sync::Mutex;

use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use jiff::{Timestamp, tz::TimeZone};
use tokio::sync::Semaphore;

use super::week_of;
use crate::store::{ReportStatus, Store, StoreError, StoredReport};

/// Password checks for the login form, bounded: Argon2id takes 19 MiB and
/// tens of milliseconds per check on purpose, and 150 wrong logins at once
/// used to take 1.75 GB that the allocator kept. At most [`Self::AT_ONCE`]
/// checks run together, each in a memory buffer kept and reused, so the
/// process holds at most that many buffers whatever arrives. A name that is
/// no moderator is checked against [`DUMMY_HASH`], with the same parameters,
/// so it costs the same time and a stranger cannot tell names from the clock.
pub struct PasswordChecks {
    slots: Semaphore,
    buffers: Mutex<Vec<Vec<Block>>>,
}

impl Default for PasswordChecks {
    fn default() -> Self {
        Self {
            slots: Semaphore::new(Self::AT_ONCE),
            buffers: Mutex::new(Vec::new()),
        }
    }
}

/// The stored hash a name that is no moderator is checked against: Argon2id
/// with [`hash_password`]'s parameters, of a password nobody is given. Fixed
/// here rather than made at start-up, which cost every start a 19 MiB peak
/// and tens of milliseconds; a test holds its parameters to
/// [`hash_password`]'s, so both cost the same to check.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$qm1dK7JqkK+MzgwaQ3anEA$UvQZpVHs68vdSWVKjN0RyOoY+ChdY/KN1WhWGPVMs+c";

impl std::fmt::Debug for PasswordChecks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordChecks")
    }
}

impl PasswordChecks {
    /// Checks running at once; the rest wait their turn. One: a check takes
    /// tens of milliseconds, so even a queue of them is short, and a second
    /// 19 MiB buffer measured 90 MB at peak under 150 logins at once.
    pub const AT_ONCE: usize = 1;

    /// Whether `password` matches `phc` (a moderator's stored hash), or, for
    /// `None` (no such moderator), false after the same work as a real check.
    pub async fn verify(&self, password: String, phc: Option<String>) -> bool {
        // The semaphore is never closed, so acquiring cannot fail.
        let Ok(_permit) = self.slots.acquire().await else {
            return false;
        };
        let taken = self.buffers.lock().ok().and_then(|mut pool| pool.pop());
        let mut buffer = taken.unwrap_or_default();
        let known = phc.is_some();
        let checked = tokio::task::spawn_blocking(move || {
            let valid = verify_in(&password, phc.as_deref().unwrap_or(DUMMY_HASH), &mut buffer);
            (valid, buffer)
        })
        .await;
        let Ok((valid, buffer)) = checked else {
            return false;
        };
        if let Ok(mut pool) = self.buffers.lock() {
            pool.push(buffer);
        }
        valid && known
    }
}

/// [`verify_password`] in a caller's memory buffer, grown once to the
/// hash's size and kept for the next check.
fn verify_in(password: &str, phc: &str, buffer: &mut Vec<Block>) -> bool {
    let Ok(hash) = PasswordHash::new(phc) else {
        return false;
    };
    let (Ok(algorithm), Ok(params), Some(salt), Some(expected)) = (
        Algorithm::new(hash.algorithm.as_str()),
        Params::try_from(&hash),
        hash.salt.as_ref(),
        hash.hash.as_ref(),
    ) else {
        return false;
    };
    let version = match hash.version.map(Version::try_from).transpose() {
        Ok(version) => version.unwrap_or_default(),
        Err(_) => return false,
    };
    buffer.resize(params.block_count(), Block::default());
    let mut out = vec![0u8; expected.len()];
    let argon2 = Argon2::new(algorithm, version, params);
    if argon2
        .hash_password_into_with_memory(password.as_bytes(), salt, &mut out, &mut buffer[..])
        .is_err()
    {
        return false;
    }
    // Compared as blake3 hashes, which compare in constant time.
    blake3::hash(&out) == blake3::hash(expected.as_bytes())
}

/// The reasons a report can be rejected for.
pub const REJECT_REASONS: [&str; 4] = ["implausible", "unit_confusion", "duplicate", "spam"];

/// Shortest moderator password accepted.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// Longest moderator name accepted, in bytes.
const MAX_NAME_BYTES: usize = 64;

/// Why a moderator could not be added; each message is shown as it is.
#[derive(Debug, thiserror::Error)]
pub enum ModeratorError {
    /// The name is empty, too long or has spaces.
    #[error("A moderator's name is 1 to 64 characters without spaces.")]
    InvalidName,
    /// The password is shorter than [`MIN_PASSWORD_CHARS`].
    #[error("The password must be at least {MIN_PASSWORD_CHARS} characters.")]
    PasswordTooShort,
    /// Argon2 refused to hash it (it does not for a valid password).
    #[error("Could not hash the password: {0}")]
    Hash(String),
}

/// A moderator's name, trimmed, if it is one: 1 to 64 bytes, no whitespace.
/// Checked before the password is asked for.
pub fn moderator_name(name: &str) -> Result<&str, ModeratorError> {
    let name = name.trim();
    if name.is_empty() || name.len() > MAX_NAME_BYTES || name.chars().any(char::is_whitespace) {
        return Err(ModeratorError::InvalidName);
    }
    Ok(name)
}

/// A moderator ready to be saved: a valid name and the hash of a long
/// enough password (the password itself is never kept).
#[derive(Debug)]
pub struct NewModerator {
    name: String,
    password_phc: String,
}

impl NewModerator {
    /// Checks the name and the password and hashes the password.
    pub fn new(name: &str, password: &str) -> Result<Self, ModeratorError> {
        let name = moderator_name(name)?;
        if password.chars().count() < MIN_PASSWORD_CHARS {
            return Err(ModeratorError::PasswordTooShort);
        }
        let password_phc = hash_password(password).map_err(ModeratorError::Hash)?;
        Ok(Self {
            name: name.to_owned(),
            password_phc,
        })
    }

    /// The name to log in with.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Creates the moderator, or sets the new password of one with this
    /// name; true when the moderator is new.
    pub async fn save(&self, store: &Store) -> Result<bool, StoreError> {
        store.set_moderator(&self.name, &self.password_phc).await
    }
}

/// Hashes a moderator's password as an Argon2id PHC string (RFC 9106 defaults).
pub fn hash_password(password: &str) -> Result<String, String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|error| error.to_string())
}

/// Whether `password` matches a stored PHC string. Argon2 is slow on
/// purpose: call it off an event loop.
pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|hash| {
        Argon2::default()
            .verify_password(password.as_bytes(), &hash)
            .is_ok()
    })
}

/// The report's pay over the model's median, to two decimals.
pub fn model_ratio(report: &StoredReport) -> f64 {
    (report.facts.base_annual as f64 / report.facts.model_median.max(1) as f64 * 100.0).round()
        / 100.0
}

/// Why a decision was refused before it reached the database; each message
/// is shown as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DecisionRefused {
    /// A rejection without one of [`REJECT_REASONS`].
    #[error("Choose a reason to reject a report.")]
    NoReason,
    /// Neither approve nor reject.
    #[error("Choose approve or reject.")]
    NoAction,
}

/// A moderator's decision on one report: approve, or reject for a known reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision<'a> {
    status: ReportStatus,
    reason: Option<&'a str>,
}

impl<'a> Decision<'a> {
    /// Approve the report: it counts in the aggregates.
    pub const APPROVE: Decision<'static> = Decision {
        status: ReportStatus::Approved,
        reason: None,
    };

    /// The decision an action (`approve` or `reject`) and a reason (needed to
    /// reject, one of [`REJECT_REASONS`]) describe.
    pub fn new(action: &str, reason: &'a str) -> Result<Self, DecisionRefused> {
        match action {
            "approve" => Ok(Decision {
                status: ReportStatus::Approved,
                reason: None,
            }),
            "reject" if REJECT_REASONS.contains(&reason) => Ok(Decision {
                status: ReportStatus::Rejected,
                reason: Some(reason),
            }),
            "reject" => Err(DecisionRefused::NoReason),
            _ => Err(DecisionRefused::NoAction),
        }
    }

    /// What the report becomes.
    pub fn status(&self) -> ReportStatus {
        self.status
    }
}

/// Decides one pending report, recording the week of the decision; false
/// when no pending report has this id (decided already, or withdrawn).
pub async fn decide(store: &Store, id: &str, decision: Decision<'_>) -> Result<bool, StoreError> {
    let today = Timestamp::now().to_zoned(TimeZone::UTC).date();
    store
        .decide(id, decision.status, decision.reason, week_of(today))
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dummy_hash_costs_what_a_real_one_does() {
        let real = hash_password("a long enough secret").unwrap();
        let (real, dummy) = (
            PasswordHash::new(&real).unwrap(),
            PasswordHash::new(DUMMY_HASH).unwrap(),
        );
        assert_eq!(dummy.algorithm, real.algorithm);
        assert_eq!(dummy.version, real.version);
        assert_eq!(Params::try_from(&dummy), Params::try_from(&real));
        assert_eq!(
            dummy.hash.map(|h| h.len()),
            real.hash.map(|h| h.len()),
            "the same output length"
        );
        // A well-formed hash, so the check runs to the end like a real one.
        assert!(verify_password(
            "no moderator has this password",
            DUMMY_HASH
        ));
    }

    #[tokio::test]
    async fn an_unknown_name_never_passes_even_with_the_dummy_password() {
        let checks = PasswordChecks::default();
        assert!(
            !checks
                .verify("no moderator has this password".to_owned(), None)
                .await
        );
        let real = hash_password("a long enough secret").unwrap();
        assert!(
            checks
                .verify("a long enough secret".to_owned(), Some(real))
                .await
        );
    }

    #[test]
    fn a_decision_is_approve_or_reject_with_a_known_reason() {
        assert_eq!(Decision::new("approve", ""), Ok(Decision::APPROVE));
        assert_eq!(Decision::new("approve", "spam"), Ok(Decision::APPROVE));
        for reason in REJECT_REASONS {
            let decision = Decision::new("reject", reason);
            assert_eq!(decision.map(|d| d.status()), Ok(ReportStatus::Rejected));
        }
        assert_eq!(
            Decision::new("reject", "dislike"),
            Err(DecisionRefused::NoReason)
        );
        assert_eq!(Decision::new("reject", ""), Err(DecisionRefused::NoReason));
        assert_eq!(Decision::new("delete", ""), Err(DecisionRefused::NoAction));
    }

    #[tokio::test]
    async fn a_bounded_check_agrees_with_argon2_and_refuses_unknown_names() {
        let checks = PasswordChecks::default();
        let phc = hash_password("a long enough secret").unwrap();
        assert!(verify_password("a long enough secret", &phc));
        assert!(
            checks
                .verify("a long enough secret".to_owned(), Some(phc.clone()))
                .await
        );
        assert!(!checks.verify("wrong guess".to_owned(), Some(phc)).await);
        assert!(
            !checks
                .verify("no moderator has this password".to_owned(), None)
                .await,
            "an unknown name never logs in, even with the dummy's password"
        );
        assert!(checks.buffers.lock().unwrap().len() <= PasswordChecks::AT_ONCE);
    }

    #[test]
    fn a_moderator_name_is_trimmed_and_has_no_spaces() {
        assert_eq!(moderator_name("  ada ").ok(), Some("ada"));
        for bad in ["", "   ", "ada lovelace", &"a".repeat(65)] {
            assert!(moderator_name(bad).is_err(), "{bad:?}");
        }
        assert!(moderator_name(&"a".repeat(64)).is_ok());
    }

    #[test]
    fn a_new_moderator_needs_a_password_of_twelve_characters() {
        assert!(matches!(
            NewModerator::new("ada", "eleven char"),
            Err(ModeratorError::PasswordTooShort)
        ));
        let moderator = NewModerator::new(" ada ", "twelve chars").ok();
        assert_eq!(moderator.as_ref().map(NewModerator::name), Some("ada"));
    }
}
