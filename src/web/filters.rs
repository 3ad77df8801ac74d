//! Custom Askama filters, shared by every template.

use std::fmt;

use askama::FastWritable;
use askama::filters::HtmlSafe;

use crate::estimator::round_half_away;
use crate::money::{self, SignedUsd, Usd};

// Amounts are digits, commas, "$", "+" and "−": nothing to escape, so pages
// write them straight out.
impl HtmlSafe for Usd {}
impl HtmlSafe for SignedUsd {}

/// Writes values a page shows by the hundred straight into the page, without
/// `fmt`'s formatter: through it, writing a short label cost more than
/// escaping it.
macro_rules! fast_writable {
    ($($ty:ty),*) => {$(
        impl FastWritable for $ty {
            fn write_into(&self, dest: &mut dyn fmt::Write, _: &dyn askama::Values) -> askama::Result<()> {
                Ok(self.write_to(dest)?)
            }
        }
    )*};
}

fast_writable!(Usd, SignedUsd, Text<'_>, Tenths, Fixed);

/// Whole dollars as "$123,456".
#[askama::filter_fn]
pub fn usd(amount: &i64, _: &dyn askama::Values) -> askama::Result<Usd> {
    Ok(Usd(*amount))
}

/// A change in dollars with its sign: "+$2,500", "−$800".
#[askama::filter_fn]
pub fn signed_usd(amount: &i64, _: &dyn askama::Values) -> askama::Result<SignedUsd> {
    Ok(SignedUsd(*amount))
}

/// Text from the data file written into a page, escaped as askama escapes
/// (`"`, `&`, `'`, `<`, `>`), but found eight bytes at a time: a calculator
/// form writes about 340 ids and labels, and askama's byte-by-byte escaper
/// was a fifth of the cost of a new result. Text without those characters,
/// nearly all of it, is written in one piece.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Text<'a>(pub &'a str);

impl PartialEq<str> for Text<'_> {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl Text<'_> {
    fn write_to(self, f: &mut (impl fmt::Write + ?Sized)) -> fmt::Result {
        let text = self.0;
        let mut written = 0;
        while let Some(at) = next_special(text.as_bytes(), written) {
            // The five are ASCII, so `at` is a character boundary.
            f.write_str(&text[written..at])?;
            f.write_str(match text.as_bytes()[at] {
                b'"' => "&#34;",
                b'&' => "&#38;",
                b'\'' => "&#39;",
                b'<' => "&#60;",
                _ => "&#62;",
            })?;
            written = at + 1;
        }
        f.write_str(&text[written..])
    }
}

impl fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_to(f)
    }
}

// It escapes itself.
impl HtmlSafe for Text<'_> {}

/// A byte in each of eight lanes.
const ONES: u64 = u64::from_le_bytes([0x01; 8]);

/// The high bit of the first byte of `word` (in memory order, read little
/// endian) that is one of the five, and perhaps of bytes after it; 0 when
/// there is none. Each test zeroes the bytes it looks for and finds the first
/// zero byte exactly: a false positive needs a borrow from a zero byte below
/// it. `&` and `'` (0x26, 0x27) differ only in the lowest bit, `<` and `>`
/// (0x3C, 0x3E) only in the second, so three tests find all five.
fn specials_in(word: u64) -> u64 {
    let zero_bytes = |lanes: u64| lanes.wrapping_sub(ONES) & !lanes;
    let quotes = word ^ (ONES * u64::from(b'"'));
    let amps_and_apostrophes = (word | ONES) ^ (ONES * u64::from(b'\''));
    let angles = (word | (ONES * 0x02)) ^ (ONES * u64::from(b'>'));
    (zero_bytes(quotes) | zero_bytes(amps_and_apostrophes) | zero_bytes(angles)) & (ONES * 0x80)
}

/// The byte offset in its word of the first special [`specials_in`] found.
fn first_in(found: u64) -> usize {
    // At most 63 / 8.
    (found.trailing_zeros() / 8) as usize
}

/// The position of the first character to escape at or after `from`.
fn next_special(bytes: &[u8], from: usize) -> Option<usize> {
    let rest = bytes.get(from..)?;
    let mut chunks = rest.chunks_exact(8);
    let mut start = from;
    for chunk in &mut chunks {
        let Ok(eight) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let found = specials_in(u64::from_le_bytes(eight));
        if found != 0 {
            return Some(start + first_in(found));
        }
        start += 8;
    }
    let tail = chunks.remainder();
    if tail.is_empty() {
        return None;
    }
    // The last bytes in one word, in its low lanes and zeros (not special)
    // above: the last eight of a longer text, shifted down past those already
    // read, or a short text byte by byte.
    let word = match bytes.len().checked_sub(8).and_then(|at| bytes.get(at..)) {
        Some(last) => {
            let eight = <[u8; 8]>::try_from(last).unwrap_or_default();
            u64::from_le_bytes(eight) >> (8 * (8 - tail.len()))
        }
        None => tail
            .iter()
            .rev()
            .fold(0, |word, &byte| (word << 8) | u64::from(byte)),
    };
    let found = specials_in(word);
    (found != 0).then(|| start + first_in(found))
}

/// A number to one decimal place, as `{:.1}` writes it but by way of whole
/// tenths: the projection chart writes about 150 coordinates, and formatting
/// each as a float cost more than the rest of the chart. Halves round away
/// from zero, which in a coordinate is the same point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tenths(pub f64);

impl fmt::Display for Tenths {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_to(f)
    }
}

impl Tenths {
    /// Writes the number without a formatter.
    pub fn write_to(self, f: &mut (impl fmt::Write + ?Sized)) -> fmt::Result {
        const POINT_TENTHS: [&str; 10] =
            [".0", ".1", ".2", ".3", ".4", ".5", ".6", ".7", ".8", ".9"];
        let scaled = round_half_away(self.0 * 10.0);
        // Beyond 19 digits of tenths (never a chart's), as floats do.
        if scaled.is_nan() || scaled.abs() >= 1.0e18 {
            return write!(f, "{:.1}", self.0);
        }
        let tenths = scaled as i64;
        let (whole, tenth) = (tenths.unsigned_abs() / 10, tenths.unsigned_abs() % 10);
        if tenths < 0 {
            f.write_str("-")?;
        }
        // A chart's coordinates are below 1,000: their digits come ready made.
        if let Some(digits) = money::digits_below_thousand(whole) {
            f.write_str(digits)?;
        } else {
            // Digits from the right.
            let mut buffer = [0_u8; 20];
            let mut start = buffer.len();
            let mut rest = whole;
            loop {
                start -= 1;
                // A remainder of ten is below 10: one ASCII digit.
                buffer[start] = b'0' + (rest % 10) as u8;
                rest /= 10;
                if rest == 0 {
                    break;
                }
            }
            // Only ASCII digits.
            f.write_str(std::str::from_utf8(&buffer[start..]).unwrap_or_default())?;
        }
        // Below 10.
        f.write_str(POINT_TENTHS[tenth as usize])
    }
}

impl HtmlSafe for Tenths {}

/// A number to a fixed number of decimals (at most three), exactly as
/// `{:.N}` writes it: a number well away from a tie in its last place is
/// written from whole units of that place; a near tie, a negative or a huge
/// number goes through the formatter, whose exact decimal rounding decides.
/// Through the formatter each cost about a thousand instructions, and a
/// result writes a dozen (multipliers, price levels, tax rates).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fixed {
    pub value: f64,
    pub decimals: u8,
}

impl fmt::Display for Fixed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_to(f)
    }
}

impl Fixed {
    /// Writes the number without a formatter where that is exact.
    pub fn write_to(self, f: &mut (impl fmt::Write + ?Sized)) -> fmt::Result {
        const SCALES: [f64; 4] = [1.0, 10.0, 100.0, 1000.0];
        // 2^40: the product below is then off by at most 2^-13 from the exact
        // one, far inside the margin kept from a tie.
        const SMALL: f64 = 1_099_511_627_776.0;
        let decimals = usize::from(self.decimals);
        let Some(&scale) = SCALES.get(decimals) else {
            return write!(f, "{:.*}", decimals, self.value);
        };
        let scaled = self.value * scale;
        let units = round_half_away(scaled);
        let clear_of_a_tie = (scaled - units).abs() < 0.4;
        if !(self.value.is_sign_positive() && scaled < SMALL && clear_of_a_tie) {
            return write!(f, "{:.*}", decimals, self.value);
        }
        // Whole and below 2^40.
        let mut rest = units as u64;
        let mut buffer = [0_u8; 20];
        let mut start = buffer.len();
        let mut place = 0;
        loop {
            if place == decimals && decimals > 0 {
                start -= 1;
                buffer[start] = b'.';
            }
            start -= 1;
            // A remainder of ten is below 10: one ASCII digit.
            buffer[start] = b'0' + (rest % 10) as u8;
            rest /= 10;
            place += 1;
            if rest == 0 && place > decimals {
                break;
            }
        }
        // Only ASCII digits and a point.
        f.write_str(std::str::from_utf8(&buffer[start..]).unwrap_or_default())
    }
}

impl HtmlSafe for Fixed {}

/// A number to `decimals` places, as `{:.N}` writes it (see [`Fixed`]).
#[askama::filter_fn]
pub fn fixed(number: &f64, _: &dyn askama::Values, decimals: u8) -> askama::Result<Fixed> {
    Ok(Fixed {
        value: *number,
        decimals,
    })
}

/// A coordinate or level to one decimal place: "123.4".
#[askama::filter_fn]
pub fn tenths(number: &f64, _: &dyn askama::Values) -> askama::Result<Tenths> {
    Ok(Tenths(*number))
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
    use super::{Fixed, Tenths, Text, ordinal_text};

    #[test]
    fn text_is_escaped_as_askama_escapes_it() {
        let samples = [
            "",
            "Seattle, WA",
            "AT&T",
            "<script>alert('x')</script>",
            "\"quoted\" & 'single'",
            "exactly8",
            "sixteen bytes ok",
            "a long label with no specials at all, then one at the end>",
            "Zürich & São Paulo <über>",
            "&&&&&&&&&&&&&&&&&",
        ];
        for sample in samples {
            let ours = Text(sample).to_string();
            let askama = askama::filters::escape(sample, askama::filters::Html)
                .unwrap()
                .to_string();
            assert_eq!(ours, askama, "{sample}");
        }
        // Every length up to three words, every special at every position,
        // and pairs whose second byte a borrow could mistake for a special
        // ('#' after '"', '=' and '?' after '<' or '>'), over ASCII and not.
        for filler in ['x', 'é', '#', '='] {
            for len in 0..24 {
                for special in ['"', '&', '\'', '<', '>'] {
                    for at in 0..len {
                        let mut sample: Vec<char> = vec![filler; len];
                        sample[at] = special;
                        if at + 1 < len {
                            sample[at + 1] = if special == '"' { '#' } else { '=' };
                        }
                        let sample: String = sample.into_iter().collect();
                        let askama = askama::filters::escape(&sample, askama::filters::Html)
                            .unwrap()
                            .to_string();
                        assert_eq!(Text(&sample).to_string(), askama, "{sample}");
                    }
                }
            }
        }
        for sample in ["\"#", "<=", ">?", "&'", "<>", "'\"&<>#=?", "a<=b>?c\"#d"] {
            let askama = askama::filters::escape(sample, askama::filters::Html)
                .unwrap()
                .to_string();
            assert_eq!(Text(sample).to_string(), askama, "{sample}");
        }
        // Every position of every special in a long string.
        for special in ['"', '&', '\'', '<', '>'] {
            for at in 0..40 {
                let mut sample = "x".repeat(40);
                sample.replace_range(at..=at, &special.to_string());
                let askama = askama::filters::escape(&sample, askama::filters::Html)
                    .unwrap()
                    .to_string();
                assert_eq!(Text(&sample).to_string(), askama, "{sample}");
            }
        }
    }

    #[test]
    fn tenths_read_as_one_decimal_place() {
        for (number, text) in [
            (0.0, "0.0"),
            (56.0, "56.0"),
            (203.14, "203.1"),
            (203.16, "203.2"),
            (99.96, "100.0"),
            (-12.34, "-12.3"),
            (-0.04, "0.0"),
            (0.05, "0.1"),
            (7.0, "7.0"),
            (123_456_789.25, "123456789.3"),
            (999.94, "999.9"),
            (999.96, "1000.0"),
            (1000.0, "1000.0"),
            (-999.96, "-1000.0"),
            (-0.05, "-0.1"),
            (-5.0, "-5.0"),
            (640.0, "640.0"),
            (1e300, &format!("{:.1}", 1e300)),
            (f64::NAN, "NaN"),
        ] {
            assert_eq!(Tenths(number).to_string(), text, "{number}");
        }
    }

    #[test]
    fn fixed_decimals_read_as_the_formatter_writes_them() {
        let mut numbers = vec![
            0.0,
            -0.0,
            0.05,
            0.15,
            0.25,
            0.35,
            1.0005,
            2.5,
            110.423,
            211.901,
            99.95,
            1e12,
            1e300,
            -7.25,
            f64::NAN,
            f64::INFINITY,
        ];
        for thousandths in 0..5_000 {
            numbers.push(f64::from(thousandths) / 1000.0);
            numbers.push(f64::from(thousandths) * 0.0137);
        }
        for number in numbers {
            for decimals in 0..=4 {
                assert_eq!(
                    Fixed {
                        value: number,
                        decimals
                    }
                    .to_string(),
                    format!("{number:.*}", usize::from(decimals)),
                    "{number} to {decimals}"
                );
            }
        }
    }

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

/// An id, name or label written with [`Text`]'s quicker escaping: a form
/// writes each field's name eight times and its labels and hints once, and
/// through askama's own escaper those 400 short strings cost a tenth of a
/// new result.
#[askama::filter_fn]
pub fn text<'a, T: AsRef<str> + ?Sized>(
    value: &'a T,
    _: &dyn askama::Values,
) -> askama::Result<Text<'a>> {
    Ok(Text(value.as_ref()))
}
