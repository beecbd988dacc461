//! Calendar days as plain integers, for comparing office dates with a
//! document's publication date without a calendar library.

use std::fmt;

/// A calendar day stored as `yyyymmdd`, so that ordering is date ordering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub u32);

impl Day {
    /// The day `y-m-d` (no validation beyond ranges; `Day::new(2020, 1, 16)`).
    pub fn new(y: u32, m: u32, d: u32) -> Day {
        Day(y * 10_000 + m * 100 + d)
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM` or `YYYY`. An imprecise date stands
    /// for its first day. Also accepts an RFC 3339 timestamp (its date part),
    /// so a document's `published` can be passed as is.
    pub fn parse(s: &str) -> Option<Day> {
        let s = s.trim();
        let date = s
            .get(..10)
            .filter(|d| s.len() > 10 && d.as_bytes()[4] == b'-')
            .unwrap_or(s);
        let mut parts = date.split('-');
        let y: u32 = num(parts.next()?, 4)?;
        let m: u32 = match parts.next() {
            Some(p) => num(p, 2)?,
            None => 1,
        };
        let d: u32 = match parts.next() {
            Some(p) => num(p, 2)?,
            None => 1,
        };
        if parts.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
            return None;
        }
        Some(Day::new(y, m, d))
    }

    /// Parses the compact dates of TABARI/PETRARCH dictionaries: `YYMMDD`
    /// (years 00–29 are 2000s, the others 1900s, as those files use them)
    /// or `YYYYMMDD`.
    pub fn parse_compact(s: &str) -> Option<Day> {
        if !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let (y, rest) = match s.len() {
            6 => {
                let yy: u32 = s[..2].parse().ok()?;
                (if yy < 30 { 2000 + yy } else { 1900 + yy }, &s[2..])
            }
            8 => (s[..4].parse().ok()?, &s[4..]),
            _ => return None,
        };
        let m: u32 = rest[..2].parse().ok()?;
        let d: u32 = rest[2..].parse().ok()?;
        ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| Day::new(y, m, d))
    }
}

fn num(s: &str, len: usize) -> Option<u32> {
    (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.0 / 10_000,
            self.0 / 100 % 100,
            self.0 % 100
        )
    }
}

#[cfg(test)]
mod tests {
    use super::Day;

    #[test]
    fn parses_our_dates_and_timestamps() {
        assert_eq!(Day::parse("2020-01-16"), Some(Day::new(2020, 1, 16)));
        assert_eq!(Day::parse("2020-01"), Some(Day::new(2020, 1, 1)));
        assert_eq!(Day::parse("2020"), Some(Day::new(2020, 1, 1)));
        assert_eq!(
            Day::parse("2025-11-04T01:00:00+08:00"),
            Some(Day::new(2025, 11, 4))
        );
        assert_eq!(Day::parse("2020-13-01"), None);
        assert_eq!(Day::parse("20-01-01"), None);
        assert_eq!(Day::new(2020, 1, 16).to_string(), "2020-01-16");
    }

    #[test]
    fn parses_compact_dates() {
        assert_eq!(Day::parse_compact("140608"), Some(Day::new(2014, 6, 8)));
        assert_eq!(Day::parse_compact("620101"), Some(Day::new(1962, 1, 1)));
        assert_eq!(Day::parse_compact("20041207"), Some(Day::new(2004, 12, 7)));
        assert_eq!(Day::parse_compact("2004017"), None);
    }
}
