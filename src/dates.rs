//! TOML dates to calendar dates.
//!
//! TOML has a native date type (`updated = 2026-11-20`) that serde sees as a
//! TOML datetime, not a string; this converts it to a `jiff` date, refusing a
//! value with a time or offset because every date on the site is a plain day.

use jiff::civil::Date;
use serde::{Deserialize, Deserializer, de::Error as _};

/// Deserializes a bare TOML date (`2026-11-20`) into a calendar date.
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
    let value = toml::value::Datetime::deserialize(deserializer)?;
    match (value.date, value.time, value.offset) {
        (Some(date), None, None) => {
            Date::new(date.year as i16, date.month as i8, date.day as i8).map_err(D::Error::custom)
        }
        _ => Err(D::Error::custom(format!(
            "expected a date such as 2026-11-20, found {value}"
        ))),
    }
}

/// Formats a date for readers: "November 20, 2026".
pub fn long(date: Date) -> String {
    date.strftime("%B %-d, %Y").to_string()
}
