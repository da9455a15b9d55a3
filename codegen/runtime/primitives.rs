//! Value types the generated shapes use: timestamps, documents, arbitrary-precision numbers, and
//! the holders of enum values and union members that this version of the model does not know.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// An instant, exact to the nanosecond: whole seconds since the Unix epoch (negative before
/// 1970) plus a nanosecond fraction in `0..1_000_000_000`.
///
/// Epoch-seconds text converts both ways without passing through floating point, so
/// `1326585031.619` reads and prints as exactly that (a parser going through `f64` would see
/// `1326585031.6189999580`). Digits past the ninth decimal are dropped, towards the past.
///
/// ```
/// use aws_lean_sdk::primitives::DateTime;
/// let t: DateTime = DateTime::from_epoch_seconds_str("1326585031.619").unwrap();
/// assert_eq!((t.secs(), t.subsec_nanos()), (1326585031, 619_000_000));
/// assert_eq!(t.to_epoch_seconds_string(), "1326585031.619");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DateTime {
    secs: i64,
    nanos: u32,
}

const NANOS_PER_SECOND: u32 = 1_000_000_000;

impl DateTime {
    /// Whole seconds since the epoch.
    pub const fn from_secs(secs: i64) -> Self {
        DateTime { secs, nanos: 0 }
    }

    /// Seconds since the epoch plus a fraction; `nanos` past a second carry into `secs`.
    pub const fn from_secs_and_nanos(secs: i64, nanos: u32) -> Self {
        DateTime {
            secs: secs.saturating_add((nanos / NANOS_PER_SECOND) as i64),
            nanos: nanos % NANOS_PER_SECOND,
        }
    }

    /// Milliseconds since the epoch.
    pub const fn from_millis(millis: i64) -> Self {
        DateTime {
            secs: millis.div_euclid(1000),
            nanos: (millis.rem_euclid(1000) as u32) * 1_000_000,
        }
    }

    /// The whole seconds since the epoch, rounded towards the past (`-1.5` s gives `-2`).
    pub const fn secs(&self) -> i64 {
        self.secs
    }

    /// The fraction of a second after [`secs`](Self::secs), in nanoseconds.
    pub const fn subsec_nanos(&self) -> u32 {
        self.nanos
    }

    /// Parses decimal epoch seconds (`1326585031`, `1326585031.619`, `-0.001`, `1.5e9`).
    pub fn from_epoch_seconds_str(text: &str) -> Result<Self, ParseDateTimeError> {
        let error = || ParseDateTimeError { input: text.chars().take(64).collect() };
        let (negative, unsigned) = match text.as_bytes().first() {
            Some(b'-') => (true, &text[1..]),
            Some(b'+') => (false, &text[1..]),
            _ => (false, text),
        };
        let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
            Some(at) => (&unsigned[..at], unsigned[at + 1..].parse::<i32>().map_err(|_| error())?),
            None => (unsigned, 0),
        };
        let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let digits_ok = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if (int_part.is_empty() && frac_part.is_empty()) || !digits_ok(int_part) || !digits_ok(frac_part) {
            return Err(error());
        }
        // Move the decimal point by the exponent, then split into seconds and nanoseconds.
        let all_digits: String = [int_part, frac_part].concat();
        // Clamped so a huge negative exponent costs no more work than the digits themselves.
        let point = (int_part.len() as i64 + i64::from(exponent)).max(-(all_digits.len() as i64) - 10);
        if point > 40 {
            return Err(error());
        }
        let digit = |i: i64| -> u8 {
            if i < 0 {
                0
            } else {
                all_digits.as_bytes().get(i as usize).map_or(0, |b| b - b'0')
            }
        };
        let mut secs: i64 = 0;
        for i in point.min(0)..point {
            secs = secs.checked_mul(10).and_then(|s| s.checked_add(i64::from(digit(i)))).ok_or_else(error)?;
        }
        let mut nanos: u32 = 0;
        for i in point..point + 9 {
            nanos = nanos * 10 + u32::from(digit(i));
        }
        let rest_nonzero = (point + 9..all_digits.len() as i64).any(|i| digit(i) != 0);
        if !negative {
            return Ok(DateTime { secs, nanos });
        }
        // -1.5 is -2 s plus 0.5 s; dropped digits round the fraction towards the past too.
        let nanos_up = nanos + u32::from(rest_nonzero);
        Ok(if nanos_up == 0 {
            DateTime { secs: -secs, nanos: 0 }
        } else if nanos_up == NANOS_PER_SECOND {
            DateTime { secs: -secs - 1, nanos: 0 }
        } else {
            DateTime { secs: -secs - 1, nanos: NANOS_PER_SECOND - nanos_up }
        })
    }

    /// Decimal epoch seconds, never in exponent form, without trailing zeros:
    /// `1326585031.619`, `1326585031`, `-1.5`.
    pub fn to_epoch_seconds_string(&self) -> String {
        let (negative, secs, nanos) = if self.secs < 0 && self.nanos > 0 {
            (true, (-(self.secs + 1)) as u64, NANOS_PER_SECOND - self.nanos)
        } else {
            (self.secs < 0, self.secs.unsigned_abs(), self.nanos)
        };
        let sign = if negative { "-" } else { "" };
        if nanos == 0 {
            return format!("{sign}{secs}");
        }
        let fraction = format!("{nanos:09}");
        format!("{sign}{secs}.{}", fraction.trim_end_matches('0'))
    }
}

impl From<SystemTime> for DateTime {
    fn from(time: SystemTime) -> Self {
        match time.duration_since(UNIX_EPOCH) {
            Ok(after) => DateTime::from_secs_and_nanos(after.as_secs() as i64, after.subsec_nanos()),
            Err(before) => {
                let before = before.duration();
                let nanos = before.subsec_nanos();
                let secs = -(before.as_secs() as i64);
                if nanos == 0 {
                    DateTime::from_secs(secs)
                } else {
                    DateTime { secs: secs - 1, nanos: NANOS_PER_SECOND - nanos }
                }
            }
        }
    }
}

impl TryFrom<DateTime> for SystemTime {
    type Error = DateTimeRangeError;

    /// Fails only for instants the platform's `SystemTime` cannot hold.
    fn try_from(time: DateTime) -> Result<Self, Self::Error> {
        let result = if time.secs >= 0 {
            UNIX_EPOCH.checked_add(Duration::new(time.secs as u64, time.nanos))
        } else {
            UNIX_EPOCH
                .checked_sub(Duration::from_secs(time.secs.unsigned_abs()))
                .and_then(|t| t.checked_add(Duration::from_nanos(u64::from(time.nanos))))
        };
        result.ok_or(DateTimeRangeError)
    }
}

/// Text that is not a timestamp in the expected format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseDateTimeError {
    input: String,
}

impl fmt::Display for ParseDateTimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a valid timestamp", self.input)
    }
}

impl std::error::Error for ParseDateTimeError {}

/// A [`DateTime`] outside the range of the platform's `SystemTime`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateTimeRangeError;

impl fmt::Display for DateTimeRangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("timestamp is outside the range of SystemTime")
    }
}

impl std::error::Error for DateTimeRangeError {}

/// An untyped JSON-like value (a Smithy `document`).
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Document {
    #[default]
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Document>),
    Object(BTreeMap<String, Document>),
}

/// A number inside a [`Document`], kept as an integer when it is one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    PosInt(u64),
    NegInt(i64),
    Float(f64),
}

/// Generates an arbitrary-precision number type kept as its decimal text.
macro_rules! decimal_text {
    ($(#[$doc:meta])* $name:ident, $fraction:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct $name(String);

        impl $name {
            /// The number's decimal text.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// For literals the generator has checked already.
            #[allow(dead_code)]
            pub(crate) fn from_checked(text: &str) -> Self {
                $name(text.to_owned())
            }
        }

        impl FromStr for $name {
            type Err = ParseNumberError;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                if is_decimal(text, $fraction) {
                    Ok($name(text.to_owned()))
                } else {
                    Err(ParseNumberError { input: text.chars().take(64).collect() })
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

decimal_text!(
    /// An integer of any size (a Smithy `bigInteger`), kept exactly as its decimal text.
    BigInteger,
    false
);
decimal_text!(
    /// A decimal number of any size and precision (a Smithy `bigDecimal`), kept exactly as
    /// its decimal text.
    BigDecimal,
    true
);

/// Whether `text` is a JSON-style number: an optional `-`, digits, and (when `fraction`) an
/// optional fraction and exponent.
fn is_decimal(text: &str, fraction: bool) -> bool {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) if fraction => (&unsigned[..at], Some(&unsigned[at + 1..])),
        _ => (unsigned, None),
    };
    let (int_part, frac_part) = match mantissa.split_once('.') {
        Some((i, f)) if fraction => (i, Some(f)),
        _ => (mantissa, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['+', '-']).unwrap_or(e)));
    digits(int_part) && frac_part.is_none_or(digits) && exponent_ok
}

/// Text that is not a number of the expected kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseNumberError {
    input: String,
}

impl fmt::Display for ParseNumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a valid number", self.input)
    }
}

impl std::error::Error for ParseNumberError {}

/// A string enum value that this version of the model does not list. A newer service may send
/// values an older model does not know; they are kept, not rejected.
///
/// It is created only through the enum's `From<&str>`, which gives the known variant for a
/// known value, so two equal values always compare equal.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(String);

impl UnknownValue {
    #[allow(dead_code)]
    pub(crate) fn new(value: &str) -> Self {
        UnknownValue(value.to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An intEnum value that this version of the model does not list; see [`UnknownValue`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownIntValue(i32);

impl UnknownIntValue {
    #[allow(dead_code)]
    pub(crate) fn new(value: i32) -> Self {
        UnknownIntValue(value)
    }

    pub fn value(&self) -> i32 {
        self.0
    }
}

/// A union member that this version of the model does not define, as the service sent it.
/// It can be read but not built, so it is never sent back.
#[derive(Debug, Clone, PartialEq)]
pub struct UnknownVariant {
    name: String,
    value: Document,
}

impl UnknownVariant {
    #[allow(dead_code)]
    pub(crate) fn new(name: &str, value: Document) -> Self {
        UnknownVariant { name: name.to_owned(), value }
    }

    /// The member name as the service sent it.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The member's value, untyped.
    pub fn value(&self) -> &Document {
        &self.value
    }
}
