//! Visitors' salary reports, apart from storage and HTTP: receipt codes,
//! form tokens, the client-network bucket for the rate limit, and the checks
//! that refuse unit mistakes and implausible figures.

pub mod aggregate;
pub mod commands;
pub mod maintenance;
pub mod privacy;
pub mod snapshot;

pub use privacy::{FormToken, Receipt, network_bucket, random_bytes, random_id};
