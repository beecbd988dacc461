//! Calendar arithmetic the store needs, on proleptic Gregorian dates: event
//! dates of day, month or year precision, period buckets, ISO weeks, and the
//! ingestion timestamp. Small enough to own rather than depend on.

use std::time::{SystemTime, UNIX_EPOCH};

/// How precisely an event date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Precision {
    Day,
    Month,
    Year,
}

impl Precision {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Month => "month",
            Precision::Year => "year",
        }
    }
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

pub(crate) fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(y) => 29,
        _ => 28,
    }
}

fn digits(s: &str) -> Option<i64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// `2025-11-04`, `2022-02` or `2022` into (year, month, day, precision);
/// month and day default to 1. `None` for anything else or an impossible
/// date.
pub(crate) fn parse(s: &str) -> Option<(i64, u32, u32, Precision)> {
    let parts: Vec<&str> = s.trim().split('-').collect();
    let y = digits(parts.first().filter(|p| p.len() == 4)?)?;
    let (m, d, p) = match parts.len() {
        1 => (1, 1, Precision::Year),
        2 if parts[1].len() == 2 => (digits(parts[1])? as u32, 1, Precision::Month),
        3 if parts[1].len() == 2 && parts[2].len() == 2 => (
            digits(parts[1])? as u32,
            digits(parts[2])? as u32,
            Precision::Day,
        ),
        _ => return None,
    };
    if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return None;
    }
    Some((y, m, d, p))
}

/// The date part of a publication date (`YYYY-MM-DD` or RFC 3339): the
/// local date it was written with.
pub(crate) fn published_day(published: &str) -> Option<String> {
    let day = published.get(..10)?;
    match parse(day) {
        Some((_, _, _, Precision::Day)) => Some(day.to_string()),
        _ => None,
    }
}

/// `YYYYMMDD` of the first day of the date's period.
pub(crate) fn day_key(s: &str) -> Option<i64> {
    let (y, m, d, _) = parse(s)?;
    Some(y * 10_000 + i64::from(m) * 100 + i64::from(d))
}

/// `YYYYMMDD` of the last day of the date's period (for inclusive `to`).
pub(crate) fn last_day_key(s: &str) -> Option<i64> {
    let (y, m, d, p) = parse(s)?;
    let (m, d) = match p {
        Precision::Day => (m, d),
        Precision::Month => (m, days_in_month(y, m)),
        Precision::Year => (12, 31),
    };
    Some(y * 10_000 + i64::from(m) * 100 + i64::from(d))
}

pub(crate) fn split_key(key: i64) -> (i64, u32, u32) {
    (key / 10_000, ((key / 100) % 100) as u32, (key % 100) as u32)
}

/// Days since 1970-01-01 (negative before).
pub(crate) fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
pub(crate) fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Monday = 0 … Sunday = 6.
fn weekday(days: i64) -> i64 {
    (days + 3).rem_euclid(7)
}

/// The ISO week (year, week number) and the day number of its Monday.
pub(crate) fn iso_week(days: i64) -> (i64, u32, i64) {
    let monday = days - weekday(days);
    let thursday = monday + 3;
    let (year, _, _) = civil_from_days(thursday);
    let jan1 = days_from_civil(year, 1, 1);
    let week = (thursday - jan1) / 7 + 1;
    (year, week as u32, monday)
}

pub(crate) fn format_day(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The current UTC time as RFC 3339 (`2025-11-04T06:30:00Z`).
pub(crate) fn now_rfc3339() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// `2025-11-04T06:30:00Z` (or a plain date) as GDELT's `YYYYMMDDHHMMSS`.
pub(crate) fn gdelt_timestamp(rfc3339: &str) -> String {
    let digits: String = rfc3339
        .chars()
        .filter(|c| c.is_ascii_digit())
        .take(14)
        .collect();
    format!("{digits:0<14}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_three_precisions() {
        assert_eq!(parse("2025-11-04"), Some((2025, 11, 4, Precision::Day)));
        assert_eq!(parse("2022-02"), Some((2022, 2, 1, Precision::Month)));
        assert_eq!(parse("2022"), Some((2022, 1, 1, Precision::Year)));
        assert_eq!(parse("2023-02-29"), None);
        assert_eq!(parse("2024-02-29").map(|p| p.2), Some(29));
        assert_eq!(parse("22-02"), None);
        assert_eq!(parse("2022-1"), None);
        assert_eq!(parse("tomorrow"), None);
        assert_eq!(last_day_key("2024-02"), Some(20240229));
        assert_eq!(last_day_key("2022"), Some(20221231));
        assert_eq!(
            published_day("2025-08-12T06:30:00+08:00").as_deref(),
            Some("2025-08-12")
        );
    }

    #[test]
    fn civil_days_round_trip() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(civil_from_days(days_from_civil(2000, 2, 29)), (2000, 2, 29));
        for z in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
    }

    #[test]
    fn iso_weeks() {
        // 2021-01-03 is a Sunday in week 53 of 2020.
        assert_eq!(iso_week(days_from_civil(2021, 1, 3)).0, 2020);
        assert_eq!(iso_week(days_from_civil(2021, 1, 3)).1, 53);
        // 2024-12-30 (Monday) starts week 1 of 2025.
        let (y, w, monday) = iso_week(days_from_civil(2025, 1, 1));
        assert_eq!((y, w), (2025, 1));
        assert_eq!(format_day(monday), "2024-12-30");
        assert_eq!(gdelt_timestamp("2025-11-04T06:30:01Z"), "20251104063001");
        assert_eq!(gdelt_timestamp("2025-11-04"), "20251104000000");
    }
}
