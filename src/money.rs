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

/// "$0", "$1", … "$999", one after another: an amount's first group of digits
/// with the dollar sign before it, or (without its first byte) alone.
const LEADING: &str = {
    const BYTES: [u8; 3890] = {
        let mut bytes = [0; 3890];
        let mut at = 0;
        let mut number = 0;
        while number < 1000 {
            bytes[at] = b'$';
            at += 1;
            let mut place = if number >= 100 {
                100
            } else if number >= 10 {
                10
            } else {
                1
            };
            while place > 0 {
                bytes[at] = b'0' + (number / place % 10) as u8;
                at += 1;
                place /= 10;
            }
            number += 1;
        }
        bytes
    };
    match std::str::from_utf8(&BYTES) {
        Ok(text) => text,
        Err(_) => panic!("digits and dollar signs are ASCII"),
    }
};

/// ",000", ",001", … ",999": every group of an amount after its first.
const GROUPS: &str = {
    const BYTES: [u8; 4000] = {
        let mut bytes = [0; 4000];
        let mut number = 0;
        while number < 1000 {
            let at = number * 4;
            bytes[at] = b',';
            bytes[at + 1] = b'0' + (number / 100) as u8;
            bytes[at + 2] = b'0' + (number / 10 % 10) as u8;
            bytes[at + 3] = b'0' + (number % 10) as u8;
            number += 1;
        }
        bytes
    };
    match std::str::from_utf8(&BYTES) {
        Ok(text) => text,
        Err(_) => panic!("digits and commas are ASCII"),
    }
};

/// `number` (below 1,000) from [`LEADING`], after a "$" when `dollar`.
#[inline]
fn leading(number: u64, dollar: bool) -> &'static str {
    // Below 1,000, so far inside usize.
    let number = number as usize;
    let (start, len) = match number {
        0..=9 => (2 * number, 2),
        10..=99 => (20 + 3 * (number - 10), 3),
        _ => (290 + 4 * (number - 100), 4),
    };
    let skip = usize::from(!dollar);
    LEADING.get(start + skip..start + len).unwrap_or_default()
}

/// A number below 1,000 as its digits ("7", "42", "640"), from the table
/// amounts are written from: for other numbers written by the hundred (a
/// chart's coordinates). `None` from 1,000 up.
pub fn digits_below_thousand(number: u64) -> Option<&'static str> {
    (number < 1000).then(|| leading(number, false))
}

/// `number` (below 1,000) as three digits after a comma, from [`GROUPS`].
#[inline]
fn group(number: u64) -> &'static str {
    // Below 1,000, so far inside usize.
    let start = 4 * number as usize;
    GROUPS.get(start..start + 4).unwrap_or_default()
}

/// Writes `amount` with its thousands grouped, a "$" before the digits when
/// `dollar`, and a true minus before a negative amount: as slices of two
/// tables of every group of three digits, so an amount costs two or three
/// short writes and no digit arithmetic beyond splitting it in thousands
/// (a result page writes about 220 amounts).
fn write_grouped(amount: i64, dollar: bool, out: &mut (impl fmt::Write + ?Sized)) -> fmt::Result {
    if amount < 0 {
        out.write_str("−")?;
    }
    let mut rest = amount.unsigned_abs();
    // The later groups, last first: u64 has at most six after the first.
    let mut later = [0; 6];
    let mut count = 0;
    while rest >= 1000 {
        later[count] = rest % 1000;
        rest /= 1000;
        count += 1;
    }
    out.write_str(leading(rest, dollar))?;
    for &number in later[..count].iter().rev() {
        out.write_str(group(number))?;
    }
    Ok(())
}

/// Writes `amount` into the end of `buffer` as [`write_grouped`] writes it
/// with the dollar sign, and returns the text: for a formatter that pads,
/// which needs it in one piece.
fn grouped(amount: i64, buffer: &mut [u8; LONGEST]) -> &str {
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
    for part in ["$", if amount < 0 { "−" } else { "" }] {
        start -= part.len();
        buffer[start..start + part.len()].copy_from_slice(part.as_bytes());
    }
    // Only ASCII digits, commas, "$" and the whole UTF-8 of the minus.
    std::str::from_utf8(&buffer[start..]).unwrap_or_default()
}

impl Usd {
    /// Writes the amount without a formatter (pages write ~220 of them).
    pub fn write_to(self, out: &mut (impl fmt::Write + ?Sized)) -> fmt::Result {
        write_grouped(self.0, true, out)
    }
}

impl fmt::Display for Usd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.width().is_none() && f.precision().is_none() {
            return self.write_to(f);
        }
        let mut buffer = [0; LONGEST];
        f.pad(grouped(self.0, &mut buffer))
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
    let mut text = String::with_capacity(12);
    // Writing to a String cannot fail.
    let _ = Usd(amount).write_to(&mut text);
    text
}

/// A change in dollars with its sign: 2500 → "+$2,500", -800 → "−$800", 0 → "$0".
pub fn signed_usd(amount: i64) -> String {
    let mut text = String::with_capacity(12);
    // Writing to a String cannot fail.
    let _ = SignedUsd(amount).write_to(&mut text);
    text
}

/// A count with thousands grouped and a true minus: 1687890 → "1,687,890".
pub fn count(amount: i64) -> String {
    let mut text = String::with_capacity(12);
    // Writing to a String cannot fail.
    let _ = write_grouped(amount, false, &mut text);
    text
}

/// Whole hours with thousands grouped and a true minus: 1595 → "1,595 hours",
/// -204 → "−204 hours".
pub fn hours(amount: i64) -> String {
    let mut text = count(amount);
    text.push_str(" hours");
    text
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
        assert_eq!(count(1_687_890), "1,687,890");
        assert_eq!(count(-7), "−7");
    }

    #[test]
    fn table_written_amounts_match_digit_by_digit_ones() {
        // A width makes Display pad, which goes through `grouped`.
        let by_digits = |amount: i64| format!("{:1}", Usd(amount));
        let mut amounts: Vec<i64> = (0..=2_000).chain((0..=3_000_000).step_by(997)).collect();
        for power in 0..19 {
            let at = 10_i64.pow(power);
            amounts.extend([at - 1, at, at + 1, at * 9 + 99]);
        }
        amounts.extend([i64::MAX, i64::MIN, i64::MIN + 1]);
        for amount in amounts {
            for amount in [amount, amount.saturating_neg()] {
                assert_eq!(Usd(amount).to_string(), by_digits(amount), "{amount}");
                assert_eq!(
                    count(amount),
                    by_digits(amount).replacen('$', "", 1),
                    "{amount}"
                );
            }
        }
    }

    #[test]
    fn signs_changes() {
        assert_eq!(signed_usd(2_500), "+$2,500");
        assert_eq!(signed_usd(-800), "−$800");
        assert_eq!(signed_usd(0), "$0");
        assert_eq!(signed_usd(i64::MIN), "−$9,223,372,036,854,775,808");
    }
}
