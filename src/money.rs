//! Money as readers see it. Amounts are whole dollars (`i64`) everywhere; this is
//! the one place they become text.

/// Formats whole US dollars: 123456 → "$123,456", -2500 → "−$2,500".
pub fn usd(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if amount < 0 {
        format!("−${grouped}")
    } else {
        format!("${grouped}")
    }
}

/// A change in dollars with its sign: 2500 → "+$2,500", -800 → "−$800", 0 → "$0".
pub fn signed_usd(amount: i64) -> String {
    if amount > 0 {
        format!("+{}", usd(amount))
    } else {
        usd(amount)
    }
}

/// Whole hours with thousands grouped and a true minus: 1595 → "1,595 hours",
/// -204 → "−204 hours".
pub fn hours(amount: i64) -> String {
    format!("{} hours", usd(amount).replacen('$', "", 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_read_like_money_without_the_sign() {
        assert_eq!(hours(2_080), "2,080 hours");
        assert_eq!(hours(-204), "−204 hours");
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(usd(0), "$0");
        assert_eq!(usd(999), "$999");
        assert_eq!(usd(1_000), "$1,000");
        assert_eq!(usd(123_456), "$123,456");
        assert_eq!(usd(1_234_567), "$1,234,567");
        assert_eq!(usd(-2_500), "−$2,500");
        assert_eq!(usd(i64::MIN), "−$9,223,372,036,854,775,808");
    }

    #[test]
    fn signs_changes() {
        assert_eq!(signed_usd(2_500), "+$2,500");
        assert_eq!(signed_usd(-800), "−$800");
        assert_eq!(signed_usd(0), "$0");
    }
}
