//! Custom Askama filters, shared by every template.

use crate::money;

/// Whole dollars as "$123,456".
#[askama::filter_fn]
pub fn usd(amount: &i64, _: &dyn askama::Values) -> askama::Result<String> {
    Ok(money::usd(*amount))
}

/// A change in dollars with its sign: "+$2,500", "−$800".
#[askama::filter_fn]
pub fn signed_usd(amount: &i64, _: &dyn askama::Values) -> askama::Result<String> {
    Ok(money::signed_usd(*amount))
}

/// A date as "November 20, 2026".
#[askama::filter_fn]
pub fn long_date(date: &jiff::civil::Date, _: &dyn askama::Values) -> askama::Result<String> {
    Ok(crate::dates::long(*date))
}
