//! The date forms the store accepts in filters (`2025-11-04`, `2025-11`,
//! `2025`), checked here so that a bad one is a 400 naming its parameter,
//! and the store's day numbers (`YYYYMMDD` of the first day of a date's
//! period), which event cursors and `/api/stats` need.

fn digits(s: &str, len: usize) -> Option<i64> {
    if s.len() != len || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

pub(crate) fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// `YYYYMMDD` of the first day of `s` (a day, month or year), as the store
/// computes its `day` column; `None` when `s` is not such a date.
pub(crate) fn day_key(s: &str) -> Option<i64> {
    let parts: Vec<&str> = s.trim().split('-').collect();
    let y = digits(parts.first()?, 4)?;
    let (m, d) = match parts.len() {
        1 => (1, 1),
        2 => (digits(parts[1], 2)?, 1),
        3 => (digits(parts[1], 2)?, digits(parts[2], 2)?),
        _ => return None,
    };
    if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return None;
    }
    Some(y * 10_000 + m * 100 + d)
}

/// `YYYY-MM-DD` of a `YYYYMMDD` day key.
pub(crate) fn format_key(key: i64) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        key / 10_000,
        key / 100 % 100,
        key % 100
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        assert_eq!(day_key("2025-11-04"), Some(20251104));
        assert_eq!(day_key("2025-11"), Some(20251101));
        assert_eq!(day_key("2024"), Some(20240101));
        assert_eq!(day_key("2025-02-29"), None);
        assert_eq!(day_key("2025-1"), None);
        assert_eq!(day_key("20251"), None);
        assert_eq!(day_key("' OR 1=1 --"), None);
        assert_eq!(format_key(20251104), "2025-11-04");
    }
}
