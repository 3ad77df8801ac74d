//! Visitors' salary reports, apart from storage and HTTP: receipt codes,
//! form tokens, the client-network bucket for the rate limit, the checks
//! that refuse unit mistakes and implausible figures, and what moderation
//! does ([`moderation`]), for the moderators' pages and the command line alike.

pub mod aggregate;
pub mod maintenance;
pub mod moderation;
pub mod privacy;
pub mod snapshot;

pub use privacy::{FormToken, Receipt, network_bucket, random_bytes, random_id};

use jiff::civil::Date;

/// The Monday of `day`'s week: the only date a report keeps.
pub fn week_of(day: Date) -> Date {
    let back = i64::from(day.weekday().to_monday_zero_offset());
    day.saturating_sub(jiff::Span::new().days(back))
}

#[cfg(test)]
mod tests {
    use super::week_of;
    use jiff::civil::date;

    #[test]
    fn a_report_keeps_only_the_monday_of_its_week() {
        assert_eq!(week_of(date(2026, 11, 30)), date(2026, 11, 30));
        assert_eq!(week_of(date(2026, 12, 6)), date(2026, 11, 30));
        assert_eq!(week_of(date(2026, 12, 2)), date(2026, 11, 30));
    }
}
