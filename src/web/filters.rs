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

/// A number of hours as "1,595 hours", "−204 hours".
#[askama::filter_fn]
pub fn hours(amount: &i64, _: &dyn askama::Values) -> askama::Result<String> {
    Ok(money::hours(*amount))
}

/// A date as "November 20, 2026".
#[askama::filter_fn]
pub fn long_date(date: &jiff::civil::Date, _: &dyn askama::Values) -> askama::Result<String> {
    Ok(crate::dates::long(*date))
}

/// A whole number as an English ordinal: 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st.
#[askama::filter_fn]
pub fn ordinal(number: &u8, _: &dyn askama::Values) -> askama::Result<String> {
    Ok(ordinal_text(u32::from(*number)))
}

fn ordinal_text(number: u32) -> String {
    let suffix = match (number % 10, number % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{number}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::ordinal_text;

    #[test]
    fn ordinals_take_the_english_suffix() {
        let cases = [
            (0, "0th"),
            (1, "1st"),
            (2, "2nd"),
            (3, "3rd"),
            (4, "4th"),
            (11, "11th"),
            (12, "12th"),
            (13, "13th"),
            (21, "21st"),
            (22, "22nd"),
            (43, "43rd"),
            (99, "99th"),
            (100, "100th"),
            (101, "101st"),
            (111, "111th"),
        ];
        for (number, text) in cases {
            assert_eq!(ordinal_text(number), text);
        }
    }
}
