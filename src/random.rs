//! Secure random bytes, for the reports' ids, nonces and day keys and for the
//! moderators' sessions: below both the reports domain and the store, which
//! makes a day's key when none is kept yet.

/// `N` bytes from the operating system's secure random source.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    // The OS source only fails on exotic platforms before boot entropy;
    // a server cannot run safely without it.
    #[expect(clippy::expect_used, reason = "no safe way on without OS randomness")]
    getrandom::fill(&mut bytes).expect("the operating system's random source failed");
    bytes
}
