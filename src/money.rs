//! Money as readers see it. Amounts are whole dollars (`i64`) everywhere; this is
//! the one place they become text.

use std::fmt;

/// Whole US dollars as readers see them: `Usd(123456)` shows "$123,456",
/// `Usd(-2500)` "−$2,500". Written straight into the page or string being
/// built, without a string of its own: a calculator result shows about 150
/// amounts, and each used to cost three allocations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Usd(pub i64);

/// A change in dollars with its sign: `SignedUsd(2500)` shows "+$2,500",
/// `SignedUsd(-800)` "−$800", `SignedUsd(0)` "$0".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignedUsd(pub i64);

/// The longest amount: a true minus (3 bytes), "$", 19 digits and 6 commas.
const LONGEST: usize = 3 + 1 + 19 + 6;

/// Writes `amount` into the end of `buffer` with its thousands grouped,
/// `symbol` before the digits and a true minus before a negative amount, and
/// returns the text.
fn grouped<'b>(amount: i64, symbol: &str, buffer: &'b mut [u8; LONGEST]) -> &'b str {
    let mut rest = amount.unsigned_abs();
    let mut start = buffer.len();
    let mut digits = 0;
    loop {
        if digits > 0 && digits % 3 == 0 {
            start -= 1;
            buffer[start] = b',';
        }
        start -= 1;
        // A remainder of ten is below 10: one ASCII digit.
        buffer[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        digits += 1;
        if rest == 0 {
            break;
        }
    }
    for part in [symbol, if amount < 0 { "−" } else { "" }] {
        start -= part.len();
        buffer[start..start + part.len()].copy_from_slice(part.as_bytes());
    }
    // Only ASCII digits, commas and the whole UTF-8 of `symbol` and the minus.
    std::str::from_utf8(&buffer[start..]).unwrap_or_default()
}

impl Usd {
    /// Writes the amount without a formatter (pages write ~150 of them).
    pub fn write_to(self, out: &mut (impl fmt::Write + ?Sized)) -> fmt::Result {
        let mut buffer = [0; LONGEST];
        out.write_str(grouped(self.0, "$", &mut buffer))
    }
}

impl fmt::Display for Usd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buffer = [0; LONGEST];
        f.pad(grouped(self.0, "$", &mut buffer))
    }
}

impl SignedUsd {
    /// Writes the change without a formatter.
    pub fn write_to(self, out: &mut (impl fmt::Write + ?Sized)) -> fmt::Result {
        if self.0 > 0 {
            out.write_str("+")?;
        }
        Usd(self.0).write_to(out)
    }
}

impl fmt::Display for SignedUsd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_to(f)
    }
}

/// Formats whole US dollars: 123456 → "$123,456", -2500 → "−$2,500".
pub fn usd(amount: i64) -> String {
    Usd(amount).to_string()
}

/// A change in dollars with its sign: 2500 → "+$2,500", -800 → "−$800", 0 → "$0".
pub fn signed_usd(amount: i64) -> String {
    SignedUsd(amount).to_string()
}

/// A count with thousands grouped and a true minus: 1687890 → "1,687,890".
pub fn count(amount: i64) -> String {
    let mut buffer = [0; LONGEST];
    grouped(amount, "", &mut buffer).to_owned()
}

/// Whole hours with thousands grouped and a true minus: 1595 → "1,595 hours",
/// -204 → "−204 hours".
pub fn hours(amount: i64) -> String {
    let mut buffer = [0; LONGEST];
    format!("{} hours", grouped(amount, "", &mut buffer))
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
        assert_eq!(usd(i64::MAX), "$9,223,372,036,854,775,807");
        assert_eq!(format!("[{:>9}]", Usd(1_500)), "[   $1,500]");
    }

    #[test]
    fn signs_changes() {
        assert_eq!(signed_usd(2_500), "+$2,500");
        assert_eq!(signed_usd(-800), "−$800");
        assert_eq!(signed_usd(0), "$0");
        assert_eq!(signed_usd(i64::MIN), "−$9,223,372,036,854,775,808");
    }
}
