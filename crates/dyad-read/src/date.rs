//! Publication dates as found in inputs, normalised to one form.
//!
//! Inputs write dates in many ways (ISO dates, RFC 3339, RFC 2822 in feeds,
//! "November 4, 2025" in page metadata). Downstream stages resolve "on
//! Tuesday" against the publication date, and for that the *local* date of
//! publication matters, so a timestamp keeps the offset it was written with
//! rather than being moved to UTC.

use jiff::civil::Date;
use jiff::fmt::temporal::Pieces;

/// Normalises a publication date to `YYYY-MM-DD` (date only) or RFC 3339
/// with the offset as written (`2025-11-04T08:30:00+08:00`, `…Z` for UTC).
///
/// A date-time without an offset keeps only its date: without an offset its
/// instant is unknown, but its calendar date is what date resolution needs.
/// Returns a short reason when the text is not a date dyad understands.
pub fn normalize_published(raw: &str) -> Result<String, String> {
    let s = raw.trim();
    if s.is_empty() {
        return Err("empty date".into());
    }
    if let Ok(pieces) = Pieces::parse(s) {
        let date = pieces.date();
        return Ok(match (pieces.time(), pieces.offset()) {
            (Some(time), Some(offset)) => {
                let off = offset.to_numeric_offset();
                let secs = off.seconds();
                let offset_text = if secs == 0 {
                    "Z".to_string()
                } else {
                    let sign = if secs < 0 { '-' } else { '+' };
                    let a = secs.unsigned_abs();
                    format!("{sign}{:02}:{:02}", a / 3600, (a % 3600) / 60)
                };
                format!(
                    "{date}T{:02}:{:02}:{:02}{offset_text}",
                    time.hour(),
                    time.minute(),
                    time.second()
                )
            }
            _ => date.to_string(),
        });
    }
    if let Ok(zoned) = jiff::fmt::rfc2822::parse(s) {
        let offset = zoned.offset().seconds();
        let dt = zoned.datetime();
        let offset_text = if offset == 0 {
            "Z".to_string()
        } else {
            let sign = if offset < 0 { '-' } else { '+' };
            let a = offset.unsigned_abs();
            format!("{sign}{:02}:{:02}", a / 3600, (a % 3600) / 60)
        };
        return Ok(format!(
            "{}T{:02}:{:02}:{:02}{offset_text}",
            dt.date(),
            dt.hour(),
            dt.minute(),
            dt.second()
        ));
    }
    // "2025-11-04 08:30:00" and similar: a date followed by something else.
    if s.len() > 10 && s.is_char_boundary(10) {
        if let Ok(d) = s[..10].parse::<Date>() {
            let rest = s[10..].trim_start();
            if rest.starts_with(|c: char| c.is_ascii_digit()) || rest.is_empty() {
                return Ok(d.to_string());
            }
        }
    }
    human_date(s).ok_or_else(|| format!("not a date dyad understands: {s:?}"))
}

/// Dates written for people: "November 4, 2025", "Nov. 4, 2025",
/// "4 November 2025", "2025/11/04", "Tue, 4 Nov 2025" without time.
fn human_date(s: &str) -> Option<String> {
    let cleaned: String = s
        .chars()
        .map(|c| if c == ',' || c == '.' { ' ' } else { c })
        .collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    let mut year = None;
    let mut month = None;
    let mut day = None;
    for w in &words {
        if let Some(m) = month_number(w) {
            month.get_or_insert(m);
        } else if let Ok(n) = w
            .trim_end_matches(['s', 't', 'n', 'd', 'r', 'h'])
            .parse::<i16>()
        {
            if w.len() == 4 && (1900..=2100).contains(&n) {
                year.get_or_insert(n);
            } else if (1..=31).contains(&n) {
                day.get_or_insert(n as i8);
            }
        } else if w.contains('/') {
            let parts: Vec<&str> = w.split('/').collect();
            if parts.len() == 3 && parts[0].len() == 4 {
                let y = parts[0].parse().ok()?;
                let m = parts[1].parse().ok()?;
                let d = parts[2].parse().ok()?;
                return Date::new(y, m, d).ok().map(|d| d.to_string());
            }
        }
    }
    let date = Date::new(year?, month?, day?).ok()?;
    Some(date.to_string())
}

fn month_number(w: &str) -> Option<i8> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let lower = w.to_ascii_lowercase();
    if lower.len() < 3 {
        return None;
    }
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    MONTHS
        .iter()
        .zip(full.iter())
        .position(|(short, long)| {
            long.starts_with(lower.as_str()) && lower.starts_with(short) || lower == "sept"
        })
        .map(|i| if lower == "sept" { 9 } else { i as i8 + 1 })
}

#[cfg(test)]
mod tests {
    use super::normalize_published as n;

    #[test]
    fn iso_forms() {
        assert_eq!(n("2025-11-04").unwrap(), "2025-11-04");
        assert_eq!(n(" 2025-11-04T08:30:00Z ").unwrap(), "2025-11-04T08:30:00Z");
        assert_eq!(
            n("2025-11-04T01:00:00+08:00").unwrap(),
            "2025-11-04T01:00:00+08:00"
        );
        assert_eq!(
            n("2025-11-04T08:30:00.123-05:00").unwrap(),
            "2025-11-04T08:30:00-05:00"
        );
        assert_eq!(n("2025-11-04T08:30:00").unwrap(), "2025-11-04");
        assert_eq!(n("2025-11-04 08:30:00").unwrap(), "2025-11-04");
    }

    #[test]
    fn feed_and_human_forms() {
        assert_eq!(
            n("Tue, 04 Nov 2025 10:00:00 +0000").unwrap(),
            "2025-11-04T10:00:00Z"
        );
        assert_eq!(n("November 4, 2025").unwrap(), "2025-11-04");
        assert_eq!(n("Nov. 4, 2025").unwrap(), "2025-11-04");
        assert_eq!(n("4 November 2025").unwrap(), "2025-11-04");
        assert_eq!(n("Sept. 30, 2024").unwrap(), "2024-09-30");
        assert_eq!(n("2025/11/04").unwrap(), "2025-11-04");
    }

    #[test]
    fn rejects_non_dates() {
        assert!(n("").is_err());
        assert!(n("yesterday").is_err());
        assert!(n("2025-13-45").is_err());
        assert!(n("February 30, 2024").is_err());
    }
}
