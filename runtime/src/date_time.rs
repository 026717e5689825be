//! A point in time, and the three text forms AWS protocols use for it.
//!
//! [`DateTime`] is seconds and nanoseconds since the Unix epoch (UTC). It reads and writes
//! RFC 3339 (`2026-11-22T11:45:01.123Z`, offsets and any number of fraction digits
//! accepted), epoch seconds (`1398796238.123`) and HTTP dates
//! (`Tue, 29 Apr 2014 18:30:38 GMT`), and converts to and from [`SystemTime`].

use std::fmt::{self, Write as _};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How a timestamp is written on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TimestampFormat {
    /// RFC 3339 / ISO 8601, the awsQuery default: `2014-04-29T18:30:38Z`.
    DateTime,
    /// Seconds since the epoch, with an optional fraction: `1398796238`.
    EpochSeconds,
    /// RFC 7231 IMF-fixdate: `Tue, 29 Apr 2014 18:30:38 GMT`.
    HttpDate,
}

/// A UTC instant with nanosecond precision.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime {
    seconds: i64,
    nanos: u32,
}

/// A timestamp that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateTimeParseError {
    format: TimestampFormat,
    input: String,
}

impl fmt::Display for DateTimeParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let expected = match self.format {
            TimestampFormat::DateTime => "an RFC 3339 date-time",
            TimestampFormat::EpochSeconds => "epoch seconds",
            TimestampFormat::HttpDate => "an HTTP date",
        };
        write!(f, "`{}` is not {expected}", self.input)
    }
}

impl std::error::Error for DateTimeParseError {}

/// A [`DateTime`] that another representation cannot hold (epoch milliseconds in an `i64`,
/// say), or a number of nanoseconds no `DateTime` can hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversionError(&'static str);

impl fmt::Display for ConversionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for ConversionError {}

/// A [`DateTime`] that a text format cannot write: RFC 3339 and HTTP dates have four-digit
/// years, 0001 to 9999.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateTimeFormatError {
    format: TimestampFormat,
    seconds: i64,
}

impl fmt::Display for DateTimeFormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} seconds since the epoch is not in years 0001 to 9999, as {:?} needs", self.seconds, self.format)
    }
}

impl std::error::Error for DateTimeFormatError {}

const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/// 0001-01-01 and 9999-12-31T23:59:59, the range RFC 3339 can write.
const MIN_SECONDS: i64 = -62_135_596_800;
const MAX_SECONDS: i64 = 253_402_300_799;

impl DateTime {
    /// The instant `seconds` (and `nanos`, below one second) after the epoch.
    /// Nanoseconds of a second or more carry into the seconds.
    pub const fn from_secs_and_nanos(seconds: i64, nanos: u32) -> Self {
        Self { seconds: seconds.saturating_add((nanos / 1_000_000_000) as i64), nanos: nanos % 1_000_000_000 }
    }

    /// The instant `seconds` after the epoch.
    pub const fn from_secs(seconds: i64) -> Self {
        Self { seconds, nanos: 0 }
    }

    /// Whole seconds since the epoch (negative before 1970).
    pub const fn secs(&self) -> i64 {
        self.seconds
    }

    /// Nanoseconds past [`secs`](Self::secs), always below one second.
    pub const fn subsec_nanos(&self) -> u32 {
        self.nanos
    }

    /// The instant `millis` milliseconds after the epoch.
    pub const fn from_millis(millis: i64) -> Self {
        Self { seconds: millis.div_euclid(1000), nanos: millis.rem_euclid(1000) as u32 * 1_000_000 }
    }

    /// The instant `nanos` nanoseconds after the epoch, or an error when that is beyond
    /// what a `DateTime` holds (an `i64` of seconds).
    pub fn from_nanos(nanos: i128) -> Result<Self, ConversionError> {
        let seconds = i64::try_from(nanos.div_euclid(1_000_000_000))
            .map_err(|_| ConversionError("the nanoseconds are beyond what a DateTime holds"))?;
        // Below one second: the cast cannot truncate.
        Ok(Self { seconds, nanos: nanos.rem_euclid(1_000_000_000) as u32 })
    }

    /// The instant `seconds` and `fraction` of a second (from 0 to 1) after the epoch.
    pub fn from_fractional_secs(seconds: i64, fraction: f64) -> Self {
        // A float cast saturates; a fraction that rounds to a whole second carries.
        Self::from_secs_and_nanos(seconds, (fraction * 1e9) as u32)
    }

    /// The instant `seconds` after the epoch, with a fraction (precision is a float's).
    pub fn from_secs_f64(seconds: f64) -> Self {
        let whole = seconds.floor();
        Self::from_fractional_secs(whole as i64, seconds - whole)
    }

    /// Nanoseconds since the epoch.
    pub fn as_nanos(&self) -> i128 {
        i128::from(self.seconds) * 1_000_000_000 + i128::from(self.nanos)
    }

    /// Seconds since the epoch, with the fraction (precision is a float's).
    pub fn as_secs_f64(&self) -> f64 {
        self.seconds as f64 + f64::from(self.nanos) / 1e9
    }

    /// Whole milliseconds since the epoch (rounded down), or an error when they do not fit
    /// in an `i64`.
    pub fn to_millis(self) -> Result<i64, ConversionError> {
        self.seconds
            .checked_mul(1000)
            .and_then(|millis| millis.checked_add(i64::from(self.nanos / 1_000_000)))
            .ok_or(ConversionError("the DateTime is beyond what i64 milliseconds hold"))
    }

    /// Whether there is a fraction of a second.
    pub const fn has_subsec_nanos(&self) -> bool {
        self.nanos != 0
    }

    /// Reads `input` in the given format: [`parse`](Self::parse) under the name
    /// aws-smithy-types gives it, for code written for `aws-sdk-sts`.
    pub fn from_str(input: &str, format: TimestampFormat) -> Result<Self, DateTimeParseError> {
        Self::parse(input, format)
    }

    /// Writes the instant in the given format, or an error when the format cannot write it
    /// (RFC 3339 and HTTP dates before year 1 or after 9999): [`format`](Self::format) as
    /// aws-smithy-types names it and checks it, for code written for `aws-sdk-sts`.
    pub fn fmt(&self, format: TimestampFormat) -> Result<String, DateTimeFormatError> {
        match format {
            TimestampFormat::DateTime | TimestampFormat::HttpDate if !self.has_four_digit_year() => {
                Err(DateTimeFormatError { format, seconds: self.seconds })
            }
            _ => Ok(self.format(format)),
        }
    }

    /// Whether the instant falls in years 0001 to 9999, what RFC 3339 and HTTP dates can
    /// write (Windows' `SystemTime` starts later, in 1601: see `TryFrom<DateTime>`).
    pub const fn has_four_digit_year(&self) -> bool {
        MIN_SECONDS <= self.seconds && self.seconds <= MAX_SECONDS
    }

    /// Now, from the system clock.
    pub fn now() -> Self {
        SystemTime::now().into()
    }

    /// Reads `input` in the given format.
    pub fn parse(input: &str, format: TimestampFormat) -> Result<Self, DateTimeParseError> {
        let parsed = match format {
            TimestampFormat::DateTime => parse_rfc3339(input),
            TimestampFormat::EpochSeconds => parse_epoch_seconds(input),
            TimestampFormat::HttpDate => parse_http_date(input),
        };
        parsed.ok_or_else(|| DateTimeParseError { format, input: input.chars().take(64).collect() })
    }

    /// Writes the instant in the given format.
    pub fn format(&self, format: TimestampFormat) -> String {
        match format {
            TimestampFormat::DateTime => self.to_string(),
            TimestampFormat::EpochSeconds => {
                let mut out = self.seconds.to_string();
                push_fraction(&mut out, self.nanos);
                out
            }
            TimestampFormat::HttpDate => {
                let [y, m, d, hh, mm, ss] = self.fields();
                let weekday = DAYS[self.seconds.div_euclid(86_400).rem_euclid(7) as usize];
                let month = MONTHS[(m - 1) as usize];
                format!("{weekday}, {d:02} {month} {y:04} {hh:02}:{mm:02}:{ss:02} GMT")
            }
        }
    }

    /// The instant to the second in SigV4's basic format, `20261122T120000Z`.
    pub(crate) fn to_amz_date(self) -> String {
        let [y, m, d, hh, mm, ss] = self.fields();
        let mut text = String::with_capacity(16);
        for (value, width) in [(y, 4), (m, 2), (d, 2)] {
            push_padded(&mut text, value, width);
        }
        text.push('T');
        for value in [hh, mm, ss] {
            push_padded(&mut text, value, 2);
        }
        text.push('Z');
        text
    }

    /// Year, month, day, hour, minute and second, in UTC.
    fn fields(&self) -> [i64; 6] {
        let (date, time) = split(self.seconds);
        let (y, m, d) = civil_from_days(date);
        [y, m, d, time / 3600, time / 60 % 60, time % 60]
    }
}

impl fmt::Display for DateTime {
    /// RFC 3339 in UTC, with as many fraction digits as needed (none for whole seconds).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [y, m, d, hh, mm, ss] = self.fields();
        let mut fraction = String::new();
        push_fraction(&mut fraction, self.nanos);
        write!(f, "{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}{fraction}Z")
    }
}

impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl From<SystemTime> for DateTime {
    fn from(time: SystemTime) -> Self {
        match time.duration_since(UNIX_EPOCH) {
            Ok(after) => Self::from_secs_and_nanos(after.as_secs() as i64, after.subsec_nanos()),
            Err(before) => {
                let before = before.duration();
                let (secs, nanos) = (-i128::from(before.as_secs()), before.subsec_nanos());
                let (secs, nanos) = if nanos == 0 { (secs, 0) } else { (secs - 1, 1_000_000_000 - nanos) };
                // Before `i64::MIN` seconds (a clock no platform has): the earliest instant.
                i64::try_from(secs).map_or(Self::from_secs(i64::MIN), |seconds| Self { seconds, nanos })
            }
        }
    }
}

/// Fails for an instant the platform's `SystemTime` cannot hold (beyond `i64` seconds on
/// Unix; before 1601 or after 30828 on Windows), as aws-smithy-types' conversion does.
impl TryFrom<DateTime> for SystemTime {
    type Error = ConversionError;

    fn try_from(time: DateTime) -> Result<Self, ConversionError> {
        let whole = Duration::from_secs(time.seconds.unsigned_abs());
        let at = if time.seconds >= 0 { UNIX_EPOCH.checked_add(whole) } else { UNIX_EPOCH.checked_sub(whole) };
        at.and_then(|at| at.checked_add(Duration::from_nanos(u64::from(time.nanos))))
            .ok_or(ConversionError("the instant is beyond what this platform's SystemTime holds"))
    }
}

/// Appends `value` as decimal digits, zero-padded to `width` (what `{value:0width$}`
/// writes, without the formatting machinery: this runs for every signed request).
fn push_padded(out: &mut String, value: i64, width: u32) {
    match 10_i64.checked_pow(width) {
        Some(limit) if (0..limit).contains(&value) => {
            for place in (0..width).rev() {
                // A single digit: the cast cannot truncate.
                out.push(char::from(b'0' + (value / 10_i64.pow(place) % 10) as u8));
            }
        }
        _ => {
            let _ = write!(out, "{value:0width$}", width = width as usize);
        }
    }
}

/// Appends `.fff` with trailing zeros removed, or nothing for a whole second.
fn push_fraction(out: &mut String, nanos: u32) {
    if nanos == 0 {
        return;
    }
    let digits = format!("{nanos:09}");
    out.push('.');
    out.push_str(digits.trim_end_matches('0'));
}

/// Splits epoch seconds into days since the epoch and seconds into the day.
fn split(seconds: i64) -> (i64, i64) {
    (seconds.div_euclid(86_400), seconds.rem_euclid(86_400))
}

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A fixed number of ASCII digits.
fn digits(s: &str) -> Option<i64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Nanoseconds from the digits after a decimal point (extra digits beyond nine are cut).
fn fraction_nanos(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut nanos = 0u32;
    for (i, b) in s.bytes().take(9).enumerate() {
        nanos += u32::from(b - b'0') * 10u32.pow(8 - i as u32);
    }
    Some(nanos)
}

fn from_fields(y: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64) -> Option<i64> {
    let valid = (1..=12).contains(&mo)
        && (1..=days_in_month(y, mo)).contains(&d)
        && (0..=23).contains(&h)
        && (0..=59).contains(&mi)
        && (0..=60).contains(&s);
    // A leap second is read as the last second of its minute.
    valid.then(|| days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s.min(59))
}

fn parse_rfc3339(input: &str) -> Option<DateTime> {
    let s = input.trim();
    if s.len() < 20 || !s.is_ascii() {
        return None;
    }
    let b = s.as_bytes();
    if b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let seconds = from_fields(
        digits(&s[0..4])?,
        digits(&s[5..7])?,
        digits(&s[8..10])?,
        digits(&s[11..13])?,
        digits(&s[14..16])?,
        digits(&s[17..19])?,
    )?;
    let mut rest = &s[19..];
    let mut nanos = 0;
    if let Some(after_dot) = rest.strip_prefix('.') {
        let end = after_dot.find(|c: char| !c.is_ascii_digit()).unwrap_or(after_dot.len());
        nanos = fraction_nanos(&after_dot[..end])?;
        rest = &after_dot[end..];
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ if rest.len() == 6 && rest.as_bytes()[3] == b':' => {
            let sign = match rest.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let (hours, minutes) = (digits(&rest[1..3])?, digits(&rest[4..6])?);
            if hours > 23 || minutes > 59 {
                return None;
            }
            sign * (hours * 3600 + minutes * 60)
        }
        _ => return None,
    };
    Some(DateTime { seconds: seconds - offset, nanos })
}

fn parse_epoch_seconds(input: &str) -> Option<DateTime> {
    let s = input.trim();
    let (negative, unsigned) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (unsigned, None),
    };
    let whole = digits(whole)?;
    if whole > MAX_SECONDS {
        return None;
    }
    let nanos = match fraction {
        Some(f) => fraction_nanos(f)?,
        None => 0,
    };
    let time = if negative {
        if nanos == 0 {
            DateTime::from_secs(-whole)
        } else {
            DateTime { seconds: -whole - 1, nanos: 1_000_000_000 - nanos }
        }
    } else {
        DateTime { seconds: whole, nanos }
    };
    (time.seconds >= MIN_SECONDS).then_some(time)
}

fn parse_http_date(input: &str) -> Option<DateTime> {
    // IMF-fixdate: `Tue, 29 Apr 2014 18:30:38 GMT`, optionally with a fraction of a second.
    let s = input.trim();
    let (_, rest) = s.split_once(", ")?;
    let mut parts = rest.split(' ');
    let day = digits(parts.next()?)?;
    let month_name = parts.next()?;
    let month = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(month_name))? as i64 + 1;
    let year = digits(parts.next()?)?;
    let clock = parts.next()?;
    if parts.next()? != "GMT" || parts.next().is_some() {
        return None;
    }
    let (clock, nanos) = match clock.split_once('.') {
        Some((c, f)) => (c, fraction_nanos(f)?),
        None => (clock, 0),
    };
    let mut hms = clock.split(':');
    let (h, m, sec) = (digits(hms.next()?)?, digits(hms.next()?)?, digits(hms.next()?)?);
    if hms.next().is_some() {
        return None;
    }
    let seconds = from_fields(year, month, day, h, m, sec)?;
    Some(DateTime { seconds, nanos })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_aws_smithy_types_conversions_round_trip_and_refuse_what_cannot_be_held() {
        let t = DateTime::from_millis(-1_500);
        assert_eq!((t.secs(), t.subsec_nanos()), (-2, 500_000_000));
        assert_eq!(t.to_millis(), Ok(-1_500));
        assert_eq!(DateTime::from_millis(1_398_796_238_123).to_string(), "2014-04-29T18:30:38.123Z");
        assert_eq!(DateTime::from_secs_and_nanos(1, 999_999).to_millis(), Ok(1_000), "rounded down");
        assert!(DateTime::from_secs(i64::MAX).to_millis().is_err());

        let nanos = -1_398_796_238_123_456_789_i128;
        assert_eq!(DateTime::from_nanos(nanos).map(|t| t.as_nanos()), Ok(nanos));
        assert_eq!(DateTime::from_nanos(nanos).map(|t| t.subsec_nanos()), Ok(876_543_211));
        assert!(DateTime::from_nanos(i128::MAX).is_err());

        assert_eq!(DateTime::from_fractional_secs(1, 0.5), DateTime::from_secs_and_nanos(1, 500_000_000));
        assert_eq!(DateTime::from_fractional_secs(1, 1.0), DateTime::from_secs(2), "carried");
        assert_eq!(DateTime::from_secs_f64(-1.25), DateTime::from_secs_and_nanos(-2, 750_000_000));
        assert_eq!(DateTime::from_secs_and_nanos(3, 250_000_000).as_secs_f64(), 3.25);
        assert!(DateTime::from_millis(1).has_subsec_nanos() && !DateTime::from_secs(1).has_subsec_nanos());
        assert_eq!(DateTime::from_secs_and_nanos(i64::MAX, 2_000_000_000).secs(), i64::MAX, "no overflow");
    }

    #[test]
    fn fmt_refuses_years_a_text_format_cannot_write_and_from_str_reads() {
        let t = DateTime::from_str("Tue, 29 Apr 2014 18:30:38 GMT", TimestampFormat::HttpDate).unwrap();
        assert_eq!(t.fmt(TimestampFormat::DateTime).as_deref(), Ok("2014-04-29T18:30:38Z"));
        assert_eq!(t.fmt(TimestampFormat::EpochSeconds).as_deref(), Ok("1398796238"));
        for (seconds, allowed) in
            [(MAX_SECONDS, true), (MAX_SECONDS + 1, false), (MIN_SECONDS, true), (MIN_SECONDS - 1, false)]
        {
            let t = DateTime::from_secs(seconds);
            assert_eq!(t.has_four_digit_year(), allowed, "{seconds}");
            for format in [TimestampFormat::DateTime, TimestampFormat::HttpDate] {
                assert_eq!(t.fmt(format).is_ok(), allowed, "{seconds} as {format:?}");
            }
            assert!(t.fmt(TimestampFormat::EpochSeconds).is_ok(), "any number of seconds is written");
        }
        let err = DateTime::from_secs(i64::MAX).fmt(TimestampFormat::DateTime).unwrap_err();
        assert!(err.to_string().contains("years 0001 to 9999"), "{err}");
        assert!(DateTime::from_str("yesterday", TimestampFormat::DateTime).is_err());
    }

    #[test]
    fn rfc3339_round_trips_with_fractions_and_offsets() {
        let t = DateTime::parse("2014-04-29T18:30:38Z", TimestampFormat::DateTime).unwrap();
        assert_eq!(t.secs(), 1_398_796_238);
        assert_eq!(t.to_string(), "2014-04-29T18:30:38Z");
        let t = DateTime::parse("2014-04-29T18:30:38.123456789Z", TimestampFormat::DateTime).unwrap();
        assert_eq!(t.subsec_nanos(), 123_456_789);
        assert_eq!(t.to_string(), "2014-04-29T18:30:38.123456789Z");
        let t = DateTime::parse("2014-04-29T20:30:38.5+02:00", TimestampFormat::DateTime).unwrap();
        assert_eq!((t.secs(), t.subsec_nanos()), (1_398_796_238, 500_000_000));
        assert_eq!(t.to_string(), "2014-04-29T18:30:38.5Z");
    }

    #[test]
    fn amz_dates_are_padded_as_the_formatter_pads_them() {
        assert_eq!(DateTime::from_secs_and_nanos(1_398_796_238, 0).to_amz_date(), "20140429T183038Z");
        // Years of one to five digits, and before year 0, written as `{:04}` writes them.
        for secs in
            [0, 1_398_796_238, -62_000_000_000, -62_198_755_200, -70_000_000_000, 253_402_300_800, 300_000_000_000]
        {
            let t = DateTime::from_secs_and_nanos(secs, 0);
            let [y, m, d, hh, mm, ss] = t.fields();
            assert_eq!(t.to_amz_date(), format!("{y:04}{m:02}{d:02}T{hh:02}{mm:02}{ss:02}Z"), "{secs}");
        }
    }

    #[test]
    fn invalid_dates_are_errors() {
        for bad in [
            "",
            "2014-02-30T00:00:00Z",
            "2014-04-29T24:00:00Z",
            "2014-04-29 18:30:38",
            "x014-04-29T18:30:38Z",
            "2014-04-29T18:30:38+2:00",
        ] {
            assert!(DateTime::parse(bad, TimestampFormat::DateTime).is_err(), "{bad}");
        }
        assert!(DateTime::parse("abc", TimestampFormat::EpochSeconds).is_err());
        assert!(DateTime::parse("Tue, 29 Foo 2014 18:30:38 GMT", TimestampFormat::HttpDate).is_err());
    }

    #[test]
    fn epoch_seconds_and_http_dates() {
        let t = DateTime::parse("1398796238.25", TimestampFormat::EpochSeconds).unwrap();
        assert_eq!(t.format(TimestampFormat::EpochSeconds), "1398796238.25");
        assert_eq!(t.format(TimestampFormat::HttpDate), "Tue, 29 Apr 2014 18:30:38 GMT");
        let h = DateTime::parse("Tue, 29 Apr 2014 18:30:38 GMT", TimestampFormat::HttpDate).unwrap();
        assert_eq!(h.secs(), 1_398_796_238);
        let before = DateTime::parse("-1.5", TimestampFormat::EpochSeconds).unwrap();
        assert_eq!((before.secs(), before.subsec_nanos()), (-2, 500_000_000));
        assert_eq!(before.to_string(), "1969-12-31T23:59:58.5Z");
    }

    #[test]
    fn system_time_conversions_round_trip() {
        for t in [DateTime::from_secs_and_nanos(1_700_000_000, 42), DateTime { seconds: -5, nanos: 7 }] {
            assert_eq!(SystemTime::try_from(t).map(DateTime::from), Ok(t));
        }
    }

    /// The extremes convert both ways without a panic: on Unix, where `SystemTime` holds
    /// every `i64` second, exactly; elsewhere (Windows: 1601 to 30828) as a conversion error.
    #[test]
    fn the_extremes_convert_or_are_a_conversion_error() {
        let extremes = [
            DateTime::from_secs(i64::MAX),
            DateTime::from_secs(i64::MIN),
            DateTime { seconds: i64::MIN, nanos: 1 },
            DateTime::from_secs_and_nanos(i64::MAX, 999_999_999),
        ];
        for t in extremes {
            match SystemTime::try_from(t) {
                Ok(system) => assert_eq!(DateTime::from(system), t),
                Err(e) => assert!(!cfg!(unix) && e.to_string().contains("SystemTime"), "{t:?}: {e}"),
            }
        }
    }
}
