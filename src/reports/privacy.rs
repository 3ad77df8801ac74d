//! What keeps a reporter anonymous and a form honest: random ids, receipt
//! codes stored only as hashes, a keyed hash of the client's network for the
//! rate limit, and single-use, time-limited form tokens.
//!
//! A day's key needs two halves: a random salt per day in the database, so
//! every server sharing it computes the same buckets and accepts the same
//! tokens, and the [`ServerSecret`], which the database never holds (a key
//! file, or an environment variable every replica is given). Whoever reads
//! the database alone cannot recompute a bucket from an address (issue 18:
//! with the key beside the counts, all of IPv4 took 24 seconds); whoever
//! holds the secret alone cannot either once the day's salt is deleted,
//! after two days.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

pub use crate::random::random_bytes;

/// A random 128-bit id as 32 lower-case hex digits.
pub fn random_id() -> String {
    hex(&random_bytes::<16>())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// This server's secret half of every day's key, shared by the replicas of
/// one database and never stored in it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct ServerSecret([u8; 32]);

impl std::fmt::Debug for ServerSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never printed, not even in a debug dump of the settings.
        f.write_str("ServerSecret(***)")
    }
}

/// Why a server secret could not be read or made.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    /// The text is not 64 hexadecimal digits.
    #[error(
        "{origin} does not hold a server secret: it must be 64 hexadecimal digits (32 random bytes), such as the output of `openssl rand -hex 32`"
    )]
    Malformed {
        /// The file or variable read.
        origin: String,
    },
    /// The key file could not be read or written.
    #[error("could not {doing} the key file {}: {source}", .path.display())]
    Io {
        /// "read" or "create".
        doing: &'static str,
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

impl ServerSecret {
    /// A fresh random secret.
    pub fn random() -> Self {
        Self(random_bytes())
    }

    /// Reads a secret written as 64 hex digits (surrounding space ignored);
    /// `origin` names the file or variable in the error.
    pub fn parse(text: &str, origin: &str) -> Result<Self, SecretError> {
        unhex(text.trim())
            .and_then(|bytes| bytes.try_into().ok())
            .map(Self)
            .ok_or_else(|| SecretError::Malformed {
                origin: origin.to_owned(),
            })
    }

    /// Reads the key file at `path`.
    pub fn from_file(path: &Path) -> Result<Self, SecretError> {
        let text = std::fs::read_to_string(path).map_err(|source| SecretError::Io {
            doing: "read",
            path: path.to_owned(),
            source,
        })?;
        Self::parse(&text, &path.display().to_string())
    }

    /// Reads the key file at `path`, or creates it with a fresh secret
    /// (readable by this user only) when there is none; whether it was made.
    pub fn load_or_create(path: &Path) -> Result<(Self, bool), SecretError> {
        use std::io::Write as _;
        use std::os::unix::fs::OpenOptionsExt as _;

        if path.exists() {
            return Self::from_file(path).map(|secret| (secret, false));
        }
        let secret = Self::random();
        let create = |source| SecretError::Io {
            doing: "create",
            path: path.to_owned(),
            source,
        };
        // create_new: two servers starting at once cannot both write one.
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
            .map_err(create)?;
        writeln!(file, "{}", hex(&secret.0)).map_err(create)?;
        file.sync_all().map_err(create)?;
        Ok((secret, true))
    }

    /// The key that signs `form`'s tokens issued on `day`: from the secret
    /// alone, so showing a form writes nothing anywhere (the token needs a
    /// row only once spent), and per form, so a token from one form is
    /// refused by another.
    pub fn form_key(&self, form: FormKind, day: jiff::civil::Date) -> [u8; 32] {
        let mut hasher = blake3::Hasher::new_keyed(&self.0);
        hasher.update(b"form key\0");
        hasher.update(form.name().as_bytes());
        hasher.update(b"\0");
        hasher.update(day.to_string().as_bytes());
        *hasher.finalize().as_bytes()
    }

    /// The key of a day: the database's random salt for the day under this
    /// secret. Neither half alone gives it.
    pub fn day_key(&self, day_salt: &[u8; 32]) -> [u8; 32] {
        let mut hasher = blake3::Hasher::new_keyed(&self.0);
        hasher.update(b"day key\0");
        hasher.update(day_salt);
        *hasher.finalize().as_bytes()
    }
}

/// The forms that carry a [`FormToken`], each signed with its own key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    /// The report form, `/share`.
    Share,
    /// The moderators' login form.
    ModeratorLogin,
}

impl FormKind {
    fn name(self) -> &'static str {
        match self {
            FormKind::Share => "share",
            FormKind::ModeratorLogin => "moderator login",
        }
    }
}

/// The letters of a receipt code: Crockford's base 32 (no I, L, O or U, so
/// nothing reads as another letter or a word).
const RECEIPT_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A receipt code: 125 random bits as 25 letters in five groups, shown once;
/// only its hash is stored. Its entropy makes a slow hash unnecessary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt(String);

impl Receipt {
    /// A new random code.
    pub fn new() -> Self {
        let bytes = random_bytes::<25>();
        let letters: Vec<char> = bytes
            .iter()
            .map(|b| char::from(RECEIPT_ALPHABET[usize::from(b % 32)]))
            .collect();
        let groups: Vec<String> = letters.chunks(5).map(|c| c.iter().collect()).collect();
        Self(groups.join("-"))
    }

    /// The code as typed back, if it can be one: case, spaces and dashes do
    /// not matter, and the look-alikes I, L and O read as 1, 1 and 0.
    pub fn parse(text: &str) -> Option<Self> {
        let letters: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| match c.to_ascii_uppercase() {
                'I' | 'L' => '1',
                'O' => '0',
                other => other,
            })
            .collect();
        let valid = letters.len() == 25 && letters.bytes().all(|b| RECEIPT_ALPHABET.contains(&b));
        if !valid {
            return None;
        }
        let groups: Vec<&str> = (0..5).map(|i| &letters[i * 5..i * 5 + 5]).collect();
        Some(Self(groups.join("-")))
    }

    /// The code as shown.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What is stored: the code's hash.
    pub fn hash(&self) -> Vec<u8> {
        blake3::hash(self.0.as_bytes()).as_bytes().to_vec()
    }
}

impl Default for Receipt {
    fn default() -> Self {
        Self::new()
    }
}

/// The rate limit's bucket for a client: a keyed hash of its network (an IPv4
/// /24 or an IPv6 /48, so one household or office counts once) under the
/// day's key. The address itself is never stored or logged.
pub fn network_bucket(day_key: &[u8; 32], address: IpAddr) -> Vec<u8> {
    let network: Vec<u8> = match address {
        IpAddr::V4(v4) => {
            let [a, b, c, _] = v4.octets();
            vec![4, a, b, c]
        }
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => {
                let [a, b, c, _] = v4.octets();
                vec![4, a, b, c]
            }
            None => {
                let mut prefix = vec![6];
                prefix.extend_from_slice(&v6.octets()[..6]);
                prefix
            }
        },
    };
    let mut hasher = blake3::Hasher::new_keyed(day_key);
    hasher.update(b"rate-limit bucket\0");
    hasher.update(&network);
    hasher.finalize().as_bytes()[..16].to_vec()
}

/// The bucket of a client whose address could not be read (a proxy header
/// with garbage in it): all such requests share this one, so an unreadable
/// address is limited together, never not at all.
pub fn unknown_client_bucket(day_key: &[u8; 32]) -> Vec<u8> {
    let mut hasher = blake3::Hasher::new_keyed(day_key);
    hasher.update(b"rate-limit bucket\0unknown client");
    hasher.finalize().as_bytes()[..16].to_vec()
}

/// A form token: the second it was issued, a random nonce and a keyed hash
/// of both under the issuing day's key. Good once, from a few seconds after
/// it was issued (a person reads the form; a script posting blind does not)
/// until two hours after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormToken {
    /// Seconds since the Unix epoch when the form was shown.
    pub issued: i64,
    /// Random, and what marks the token spent.
    pub nonce: [u8; 16],
}

/// Why a form token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenProblem {
    /// Not a token we issued (missing, altered or its day's key is gone).
    Invalid,
    /// Sent back faster than a person can fill in the form.
    TooSoon,
    /// Older than two hours.
    Expired,
}

impl FormToken {
    /// Shortest time between showing the form and accepting it.
    pub const MIN_AGE_SECS: i64 = 3;
    /// Longest time a form stays good.
    pub const MAX_AGE_SECS: i64 = 2 * 60 * 60;

    /// A new token issued at `now` (seconds since the epoch).
    pub fn issue(now: i64) -> Self {
        Self {
            issued: now,
            nonce: random_bytes(),
        }
    }

    fn mac(&self, key: &[u8; 32]) -> [u8; 32] {
        let mut hasher = blake3::Hasher::new_keyed(key);
        hasher.update(b"share form token\0");
        hasher.update(&self.issued.to_le_bytes());
        hasher.update(&self.nonce);
        *hasher.finalize().as_bytes()
    }

    /// The token as the form carries it, signed with the issuing day's key.
    pub fn encode(&self, key: &[u8; 32]) -> String {
        format!(
            "{}.{}.{}",
            self.issued,
            hex(&self.nonce),
            hex(&self.mac(key))
        )
    }

    /// The issue time written in an encoded token, to find its day's key;
    /// nothing in it is trusted until [`FormToken::verify`].
    pub fn issued_at(encoded: &str) -> Option<i64> {
        encoded.split('.').next()?.parse().ok()
    }

    /// Checks an encoded token against its day's key and the clock.
    pub fn verify(encoded: &str, key: &[u8; 32], now: i64) -> Result<Self, TokenProblem> {
        let mut parts = encoded.split('.');
        let (Some(issued), Some(nonce), Some(mac), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(TokenProblem::Invalid);
        };
        let issued: i64 = issued.parse().map_err(|_| TokenProblem::Invalid)?;
        let nonce: [u8; 16] = unhex(nonce)
            .and_then(|n| n.try_into().ok())
            .ok_or(TokenProblem::Invalid)?;
        let mac: [u8; 32] = unhex(mac)
            .and_then(|m| m.try_into().ok())
            .ok_or(TokenProblem::Invalid)?;
        let token = Self { issued, nonce };
        // blake3's Hash compares in constant time.
        if blake3::Hash::from(token.mac(key)) != blake3::Hash::from(mac) {
            return Err(TokenProblem::Invalid);
        }
        let age = now - issued;
        if age < Self::MIN_AGE_SECS {
            Err(TokenProblem::TooSoon)
        } else if age > Self::MAX_AGE_SECS {
            Err(TokenProblem::Expired)
        } else {
            Ok(token)
        }
    }
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.is_ascii() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_receipt_reads_back_whatever_the_case_and_spacing() {
        let receipt = Receipt::new();
        let sloppy = receipt.as_str().to_lowercase().replace('-', " ");
        assert_eq!(Receipt::parse(&sloppy), Some(receipt.clone()));
        assert_eq!(
            Receipt::parse(&sloppy).map(|r| r.hash()),
            Some(receipt.hash())
        );
        assert_eq!(Receipt::parse("not a code"), None);
        assert_eq!(receipt.as_str().len(), 29);
    }

    #[test]
    fn two_receipts_differ() {
        assert_ne!(Receipt::new(), Receipt::new());
    }

    #[test]
    fn one_network_shares_a_bucket_and_another_key_unlinks_it() {
        let key = [7u8; 32];
        let a = network_bucket(&key, "203.0.113.5".parse().unwrap());
        let b = network_bucket(&key, "203.0.113.200".parse().unwrap());
        let c = network_bucket(&key, "203.0.114.5".parse().unwrap());
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_ne!(
            a,
            network_bucket(&[8u8; 32], "203.0.113.5".parse().unwrap())
        );
        let v6a = network_bucket(&key, "2001:db8:1::1".parse().unwrap());
        let v6b = network_bucket(&key, "2001:db8:1:ffff::2".parse().unwrap());
        assert_eq!(v6a, v6b);
        let mapped = network_bucket(&key, "::ffff:203.0.113.9".parse().unwrap());
        assert_eq!(mapped, a);
    }

    #[test]
    fn a_day_key_needs_both_the_secret_and_the_days_salt() {
        let secret = ServerSecret::parse(&"ab".repeat(32), "test").unwrap();
        let other = ServerSecret::random();
        let salt = [3u8; 32];
        assert_eq!(secret.day_key(&salt), secret.day_key(&salt));
        assert_ne!(secret.day_key(&salt), other.day_key(&salt));
        assert_ne!(secret.day_key(&salt), secret.day_key(&[4u8; 32]));
        assert_ne!(secret.day_key(&salt), salt);
        assert!(ServerSecret::parse("not hex", "the variable").is_err());
        assert_eq!(format!("{secret:?}"), "ServerSecret(***)");
        let day = jiff::civil::date(2026, 12, 3);
        assert_ne!(
            secret.form_key(FormKind::Share, day),
            secret.form_key(FormKind::ModeratorLogin, day),
            "a token for one form is refused by another"
        );
    }

    #[test]
    fn a_key_file_is_made_once_for_this_user_only_and_read_back() {
        use std::os::unix::fs::PermissionsExt as _;

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("salary-guide.key");
        let (made, created) = ServerSecret::load_or_create(&path).unwrap();
        assert!(created);
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let (read, created) = ServerSecret::load_or_create(&path).unwrap();
        assert!(!created);
        assert_eq!(made, read);
        std::fs::write(&path, "short").unwrap();
        let error = ServerSecret::from_file(&path).unwrap_err().to_string();
        assert!(error.contains("64 hexadecimal digits"), "{error}");
    }

    #[test]
    fn a_form_token_is_good_only_in_its_window_and_unaltered() {
        let key = [1u8; 32];
        let token = FormToken::issue(1_000_000);
        let encoded = token.encode(&key);
        assert_eq!(FormToken::issued_at(&encoded), Some(1_000_000));
        assert_eq!(FormToken::verify(&encoded, &key, 1_000_010), Ok(token));
        assert_eq!(
            FormToken::verify(&encoded, &key, 1_000_001),
            Err(TokenProblem::TooSoon)
        );
        assert_eq!(
            FormToken::verify(&encoded, &key, 1_000_000 + 2 * 3600 + 1),
            Err(TokenProblem::Expired)
        );
        assert_eq!(
            FormToken::verify(&encoded, &[2u8; 32], 1_000_010),
            Err(TokenProblem::Invalid)
        );
        let altered = encoded.replacen("1000000", "1000005", 1);
        assert_eq!(
            FormToken::verify(&altered, &key, 1_000_010),
            Err(TokenProblem::Invalid)
        );
        assert_eq!(
            FormToken::verify("garbage", &key, 1_000_010),
            Err(TokenProblem::Invalid)
        );
    }
}
