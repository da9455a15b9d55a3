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
/// The default is the epoch, `1970-01-01T00:00:00Z`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct DateTime {
    secs: i64,
    nanos: u32,
}

const NANOS_PER_SECOND: u32 = 1_000_000_000;

/// The form services send, read at once: up to 18 digits, then up to 9 decimals
/// (`1326585031.619`), no sign and no exponent; `None` for anything else.
fn plain_epoch_seconds(bytes: &[u8]) -> Option<DateTime> {
    let (int, frac) = match bytes.iter().position(|&b| b == b'.') {
        Some(at) => (&bytes[..at], &bytes[at + 1..]),
        None => (bytes, &[][..]),
    };
    if int.is_empty() || int.len() > 18 || frac.len() > 9 {
        return None;
    }
    let mut secs: i64 = 0;
    for &b in int {
        if !b.is_ascii_digit() {
            return None;
        }
        secs = secs * 10 + i64::from(b - b'0');
    }
    let mut nanos: u32 = 0;
    for &b in frac {
        if !b.is_ascii_digit() {
            return None;
        }
        nanos = nanos * 10 + u32::from(b - b'0');
    }
    Some(DateTime { secs, nanos: nanos * 10u32.pow(9 - frac.len() as u32) })
}

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
        match plain_epoch_seconds(text.as_bytes()) {
            Some(value) => Ok(value),
            None => Self::from_any_epoch_seconds(text),
        }
    }

    /// [`DateTime::from_epoch_seconds_str`] for every form: a sign, an exponent, any number of
    /// digits.
    pub(crate) fn from_any_epoch_seconds(text: &str) -> Result<Self, ParseDateTimeError> {
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
        // Move the decimal point by the exponent, then split into seconds and nanoseconds. The
        // digits are read in place (`digit(i)` is the i-th digit of integer and fraction part
        // together), so parsing allocates nothing.
        let total = (int_part.len() + frac_part.len()) as i64;
        // Clamped so a huge negative exponent costs no more work than the digits themselves.
        let point = (int_part.len() as i64 + i64::from(exponent)).max(-total - 10);
        if point > 40 {
            return Err(error());
        }
        let digit = |i: i64| -> u8 {
            let i = match usize::try_from(i) {
                Ok(i) => i,
                Err(_) => return 0,
            };
            let byte = if i < int_part.len() { int_part.as_bytes().get(i) } else { frac_part.as_bytes().get(i - int_part.len()) };
            byte.map_or(0, |b| b - b'0')
        };
        // Whole seconds as a magnitude: `-9223372036854775808` is in range, its magnitude is not
        // an `i64`.
        let mut secs: u64 = 0;
        for i in point.min(0)..point {
            secs = secs.checked_mul(10).and_then(|s| s.checked_add(u64::from(digit(i)))).ok_or_else(error)?;
        }
        let mut nanos: u32 = 0;
        for i in point..point + 9 {
            nanos = nanos * 10 + u32::from(digit(i));
        }
        let rest_nonzero = (point + 9..total).any(|i| digit(i) != 0);
        let secs = i128::from(secs);
        let (secs, nanos) = if !negative {
            (secs, nanos)
        } else {
            // -1.5 is -2 s plus 0.5 s; dropped digits round the fraction towards the past too.
            match nanos + u32::from(rest_nonzero) {
                0 => (-secs, 0),
                NANOS_PER_SECOND => (-secs - 1, 0),
                up => (-secs - 1, NANOS_PER_SECOND - up),
            }
        };
        Ok(DateTime { secs: i64::try_from(secs).map_err(|_| error())?, nanos })
    }

    /// Decimal epoch seconds, never in exponent form, without trailing zeros:
    /// `1326585031.619`, `1326585031`, `-1.5`.
    pub fn to_epoch_seconds_string(&self) -> String {
        self.epoch_seconds_text(&mut [0; EPOCH_SECONDS_MAX]).to_owned()
    }

    /// [`DateTime::to_epoch_seconds_string`] written into `buffer`, without allocating.
    pub(crate) fn epoch_seconds_text<'b>(&self, buffer: &'b mut [u8; EPOCH_SECONDS_MAX]) -> &'b str {
        let (negative, secs, nanos) = if self.secs < 0 && self.nanos > 0 {
            (true, (-(self.secs + 1)) as u64, NANOS_PER_SECOND - self.nanos)
        } else {
            (self.secs < 0, self.secs.unsigned_abs(), self.nanos)
        };
        // Filled from the end: the fraction (trailing zeros left out), the seconds, the sign.
        let mut at = buffer.len();
        if nanos != 0 {
            let (mut fraction, mut digits) = (nanos, 9);
            while fraction % 10 == 0 {
                fraction /= 10;
                digits -= 1;
            }
            for _ in 0..digits {
                at -= 1;
                buffer[at] = b'0' + (fraction % 10) as u8;
                fraction /= 10;
            }
            at -= 1;
            buffer[at] = b'.';
        }
        at = digits_before(secs, buffer, at);
        if negative {
            at -= 1;
            buffer[at] = b'-';
        }
        std::str::from_utf8(&buffer[at..]).unwrap_or("0")
    }
}

/// Writes the decimal digits of `n` into `buffer` so that they end before `end`; returns where
/// they start.
pub(crate) fn digits_before(mut n: u64, buffer: &mut [u8], end: usize) -> usize {
    let mut at = end;
    loop {
        at -= 1;
        buffer[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return at;
        }
    }
}

/// The longest epoch-seconds text: a sign, 20 digits of seconds, a point and 9 of fraction.
pub(crate) const EPOCH_SECONDS_MAX: usize = 31;

/// Days since 1970-01-01 of a proleptic Gregorian date (negative before).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    // Count years from March, so the leap day is the last day of a year.
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let month_from_march = i64::from((month + 9) % 12);
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The proleptic Gregorian date of a day number from [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_from_march + 2) / 5 + 1) as u32;
    let month = if month_from_march < 10 { month_from_march + 3 } else { month_from_march - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Reads a fixed number of ASCII digits.
fn digits(text: &str, at: usize, count: usize) -> Option<u32> {
    let part = text.get(at..at + count)?;
    part.bytes().all(|b| b.is_ascii_digit()).then(|| part.parse().ok())?
}

/// Reads `.123456789` (any number of digits, kept to nanoseconds) at `at`; returns the nanos and
/// where the fraction ends.
fn fraction(text: &str, at: usize) -> Option<(u32, usize)> {
    if text.as_bytes().get(at) != Some(&b'.') {
        return Some((0, at));
    }
    let digits_len = text[at + 1..].bytes().take_while(u8::is_ascii_digit).count();
    if digits_len == 0 {
        return None;
    }
    let mut nanos = 0u32;
    for (i, b) in text[at + 1..at + 1 + digits_len].bytes().enumerate().take(9) {
        nanos += u32::from(b - b'0') * 10u32.pow(8 - i as u32);
    }
    Some((nanos, at + 1 + digits_len))
}

impl DateTime {
    fn from_civil(year: i64, month: u32, day: u32, hour: u32, minute: u32, second: u32, nanos: u32) -> Option<Self> {
        let valid = (1..=12).contains(&month)
            && (1..=days_in_month(year, month)).contains(&day)
            && hour < 24
            && minute < 60
            && second < 61;
        if !valid {
            return None;
        }
        // A leap second (`:60`) reads as the first second of the next minute.
        let secs = days_from_civil(year, month, day) * 86_400 + i64::from(hour * 3600 + minute * 60 + second);
        Some(DateTime { secs, nanos })
    }

    fn civil(&self) -> (i64, u32, u32, u32, u32, u32) {
        let days = self.secs.div_euclid(86_400);
        let of_day = self.secs.rem_euclid(86_400) as u32;
        let (year, month, day) = civil_from_days(days);
        (year, month, day, of_day / 3600, of_day / 60 % 60, of_day % 60)
    }

    /// RFC 3339 in UTC (`2019-12-16T23:48:18Z`, `2019-12-16T23:48:18.52Z`): Smithy's `date-time`.
    /// Its years have four digits, so instants before 0000 or after 9999 cannot be written.
    pub fn to_date_time_string(&self) -> Result<String, FormatDateTimeError> {
        let (year, month, day, hour, minute, second) = self.civil_in_range("date-time")?;
        let mut text = format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}");
        if self.nanos > 0 {
            let fraction = format!("{:09}", self.nanos);
            text.push('.');
            text.push_str(fraction.trim_end_matches('0'));
        }
        text.push('Z');
        Ok(text)
    }

    /// The civil time, when its year has four digits.
    fn civil_in_range(&self, format: &'static str) -> Result<(i64, u32, u32, u32, u32, u32), FormatDateTimeError> {
        let civil = self.civil();
        if (0..=9999).contains(&civil.0) {
            Ok(civil)
        } else {
            Err(FormatDateTimeError { format })
        }
    }

    /// Parses RFC 3339 (`2019-12-16T23:48:18Z`, `...18.123+01:00`, lower-case `t` and `z` too).
    pub fn from_date_time_str(text: &str) -> Result<Self, ParseDateTimeError> {
        Self::parse_date_time(text).ok_or_else(|| ParseDateTimeError { input: text.chars().take(64).collect() })
    }

    fn parse_date_time(text: &str) -> Option<Self> {
        let b = text.as_bytes();
        let separators = b.get(4) == Some(&b'-') && b.get(7) == Some(&b'-') && matches!(b.get(10), Some(b'T' | b't'))
            && b.get(13) == Some(&b':') && b.get(16) == Some(&b':');
        if !separators {
            return None;
        }
        let (year, month, day) = (digits(text, 0, 4)?, digits(text, 5, 2)?, digits(text, 8, 2)?);
        let (hour, minute, second) = (digits(text, 11, 2)?, digits(text, 14, 2)?, digits(text, 17, 2)?);
        let (nanos, at) = fraction(text, 19)?;
        let offset = match &text[at..] {
            "Z" | "z" => 0,
            zone if zone.len() == 6 && matches!(zone.as_bytes()[0], b'+' | b'-') && zone.as_bytes()[3] == b':' => {
                let (hours, minutes) = (digits(zone, 1, 2)?, digits(zone, 4, 2)?);
                if hours > 23 || minutes > 59 {
                    return None;
                }
                let seconds = i64::from(hours * 3600 + minutes * 60);
                if zone.starts_with('-') { -seconds } else { seconds }
            }
            _ => return None,
        };
        let local = Self::from_civil(i64::from(year), month, day, hour, minute, second, nanos)?;
        Some(DateTime { secs: local.secs - offset, nanos })
    }

    /// IMF-fixdate (`Tue, 29 Apr 2014 18:30:38 GMT`): Smithy's `http-date`. Fractions of a second
    /// are not part of the format and are left out (so an instant with one does not come back
    /// equal), and years have four digits (0000 to 9999).
    pub fn to_http_date_string(&self) -> Result<String, FormatDateTimeError> {
        let (year, month, day, hour, minute, second) = self.civil_in_range("http-date")?;
        let weekday = WEEKDAYS[self.secs.div_euclid(86_400).rem_euclid(7) as usize];
        Ok(format!("{weekday}, {day:02} {} {year:04} {hour:02}:{minute:02}:{second:02} GMT", MONTHS[month as usize - 1]))
    }

    /// Parses IMF-fixdate, with or without a fraction of a second.
    pub fn from_http_date_str(text: &str) -> Result<Self, ParseDateTimeError> {
        Self::parse_http_date(text).ok_or_else(|| ParseDateTimeError { input: text.chars().take(64).collect() })
    }

    fn parse_http_date(text: &str) -> Option<Self> {
        let b = text.as_bytes();
        let shape_ok = b.get(3) == Some(&b',') && b.get(4) == Some(&b' ') && b.get(7) == Some(&b' ') && b.get(11) == Some(&b' ')
            && b.get(16) == Some(&b' ') && b.get(19) == Some(&b':') && b.get(22) == Some(&b':');
        if !shape_ok || !WEEKDAYS.contains(&text.get(0..3)?) {
            return None;
        }
        let day = digits(text, 5, 2)?;
        let month = MONTHS.iter().position(|m| Some(*m) == text.get(8..11))? as u32 + 1;
        let year = digits(text, 12, 4)?;
        let (hour, minute, second) = (digits(text, 17, 2)?, digits(text, 20, 2)?, digits(text, 23, 2)?);
        let (nanos, at) = fraction(text, 25)?;
        if &text[at..] != " GMT" {
            return None;
        }
        Self::from_civil(i64::from(year), month, day, hour, minute, second, nanos)
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

/// A [`DateTime`] that a text format cannot write: `date-time` and `http-date` have four-digit
/// years (epoch seconds can write every instant).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormatDateTimeError {
    format: &'static str,
}

impl fmt::Display for FormatDateTimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the timestamp is outside the years 0000 to 9999 that {} can write", self.format)
    }
}

impl std::error::Error for FormatDateTimeError {}

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

        /// The default is zero.
        impl Default for $name {
            fn default() -> Self {
                $name("0".to_owned())
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

/// A string enum's conversions, from its variants and their values as sent on the wire:
/// `VALUES` (in model order), `as_str`, `From<&str>`, which keeps a value the model does not
/// list as an [`UnknownValue`] in the enum's `Unknown` variant, `FromStr`, which never fails,
/// `AsRef<str>` and `Display`, each the value as sent. The generated `types` modules invoke it
/// after each string enum: `string_enum!(Suit, Hearts = "HEARTS", Spades = "SPADES");`.
#[allow(unused_macros)] // Invoked by the generated `types` modules.
macro_rules! string_enum {
    ($name:ident $(, $variant:ident = $value:literal)* $(,)?) => {
        impl $name {
            /// The values this version of the model lists, in model order.
            pub const VALUES: &'static [&'static str] = &[$($value),*];

            /// The value as sent on the wire.
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Unknown(value) => value.as_str(),
                }
            }
        }

        impl ::core::convert::From<&str> for $name {
            #[inline]
            fn from(value: &str) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    other => Self::Unknown($crate::primitives::UnknownValue::new(other)),
                }
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = ::core::convert::Infallible;

            #[inline]
            fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                ::core::result::Result::Ok(Self::from(value))
            }
        }

        impl ::core::convert::AsRef<str> for $name {
            #[inline]
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::core::fmt::Display for $name {
            #[inline]
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
#[allow(unused_imports)] // Used by the generated `types` modules.
pub(crate) use string_enum;

/// An intEnum's conversions, from its variants and their values: `VALUES` (in model order),
/// `value`, and `From<i32>`, which keeps a value the model does not list as an
/// [`UnknownIntValue`] in the enum's `Unknown` variant. The generated `types` modules invoke it
/// after each intEnum: `int_enum!(Priority, Low = 1, High = 2);`.
#[allow(unused_macros)] // Invoked by the generated `types` modules.
macro_rules! int_enum {
    ($name:ident $(, $variant:ident = $value:literal)* $(,)?) => {
        impl $name {
            /// The values this version of the model lists, in model order.
            pub const VALUES: &'static [i32] = &[$($value),*];

            /// The value as sent on the wire.
            #[inline]
            pub fn value(&self) -> i32 {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Unknown(value) => value.value(),
                }
            }
        }

        impl ::core::convert::From<i32> for $name {
            #[inline]
            fn from(value: i32) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    other => Self::Unknown($crate::primitives::UnknownIntValue::new(other)),
                }
            }
        }
    };
}
#[allow(unused_imports)] // Used by the generated `types` modules.
pub(crate) use int_enum;

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
