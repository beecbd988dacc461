//! Cursor pagination of `/api/events` over the store's `events()`, which
//! orders by day (the first day of the event date's period) then event key
//! and takes a `from` date and a `limit`, but has no "after this row"
//! filter.
//!
//! A cursor names the last row of a page: its day (or none for an undated
//! event), its key, and a hint `skip`, how many rows of the query anchored
//! at that day (`from` = the day) come at or before it. The next page asks
//! the store for `from = day`, `limit = skip + page + 1`, streams the rows,
//! drops those at or before the cursor's position (compared, not counted,
//! so a stale hint costs time, never correctness) and keeps at most
//! `page + 1`. Memory is one page whatever the store's size; the time of a
//! page is that of `skip + page` rows, and `skip` is at most the events of
//! one day matching the filter. When the hint proves too small (events were
//! added meanwhile) the query is repeated with twice the limit.
//!
//! Undated events sort first on SQLite and last on PostgreSQL. A
//! day-anchored query excludes them, so on PostgreSQL, once the dated rows
//! run out, the scan continues over the query without an anchor (the
//! user's own `from`), skipping every dated row: slow for a store with many
//! events, but undated events only come from documents without a
//! publication date, and the store could order them first (see the patch
//! proposed in the crate README).
//!
//! A cursor also carries a hash of the filter it was made for: used with
//! other filters it is a 400, not a silently wrong page.

use dyad_store::{Backend, EventFilter, EventRow, Store};

use crate::dates;
use crate::error::ApiError;

/// A row's place in the store's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pos {
    day: Option<i64>,
    key: i64,
}

impl Pos {
    fn of(row: &EventRow) -> Pos {
        Pos {
            day: row.date.as_deref().and_then(dates::day_key),
            key: row.event_key,
        }
    }

    fn rank(&self, nulls_first: bool) -> (i64, i64) {
        let day = match self.day {
            Some(d) => d,
            None if nulls_first => i64::MIN,
            None => i64::MAX,
        };
        (day, self.key)
    }
}

/// Where the next page starts (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cursor {
    pos: Pos,
    skip: u64,
    filter: u64,
}

const VERSION: &str = "c1";

fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// A hash of what a filter selects (not of its limit).
pub(crate) fn filter_hash(f: &EventFilter) -> u64 {
    let mut f = f.clone();
    f.limit = None;
    fnv(serde_json::to_string(&f).unwrap_or_default().as_bytes())
}

impl Cursor {
    /// The opaque form: hex of `c1:day:key:skip:filter`.
    pub(crate) fn encode(&self) -> String {
        let day = self.pos.day.map_or("n".to_string(), |d| d.to_string());
        let text = format!(
            "{VERSION}:{day}:{}:{}:{:016x}",
            self.pos.key, self.skip, self.filter
        );
        text.bytes().map(|b| format!("{b:02x}")).collect()
    }

    /// Reads a cursor made by [`Cursor::encode`] for `filter`.
    pub(crate) fn decode(s: &str, filter: u64) -> Result<Cursor, ApiError> {
        let bad = || ApiError::bad("cursor", "not a cursor given by this API");
        let s = s.trim();
        if s.len() % 2 != 0 || s.len() > 200 {
            return Err(bad());
        }
        let bytes: Vec<u8> = (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(s.get(i..i + 2).unwrap_or("zz"), 16))
            .collect::<Result<_, _>>()
            .map_err(|_| bad())?;
        let text = String::from_utf8(bytes).map_err(|_| bad())?;
        let parts: Vec<&str> = text.split(':').collect();
        let [v, day, key, skip, hash] = parts.as_slice() else {
            return Err(bad());
        };
        if *v != VERSION {
            return Err(bad());
        }
        let day = match *day {
            "n" => None,
            d => Some(d.parse::<i64>().map_err(|_| bad())?),
        };
        if let Some(d) = day {
            if dates::day_key(&dates::format_key(d)) != Some(d) {
                return Err(bad());
            }
        }
        let cursor = Cursor {
            pos: Pos {
                day,
                key: key.parse().map_err(|_| bad())?,
            },
            skip: skip.parse().map_err(|_| bad())?,
            filter: u64::from_str_radix(hash, 16).map_err(|_| bad())?,
        };
        if cursor.filter != filter {
            return Err(ApiError::bad(
                "cursor",
                "this cursor was made for other filters; repeat the first request's filters",
            ));
        }
        Ok(cursor)
    }
}

/// One page of events matching `filter` after `cursor`, at most `limit`,
/// and the cursor of the next page when there are more.
pub(crate) fn page(
    store: &mut Store,
    filter: &EventFilter,
    limit: usize,
    cursor: Option<Cursor>,
) -> Result<(Vec<EventRow>, Option<Cursor>), ApiError> {
    let nulls_first = store.backend() == Backend::Sqlite;
    let hash = filter_hash(filter);
    let need = limit + 1;
    // Rows kept, each with the `skip` of a cursor placed on it.
    let mut out: Vec<(EventRow, u64)> = Vec::with_capacity(need.min(1024));
    let mut after = cursor.as_ref().map(|c| c.pos);
    let mut anchor = after.and_then(|p| p.day);
    let mut hint = cursor.as_ref().map_or(0, |c| c.skip);
    // Each round keeps rows, grows the hint or leaves the dated rows
    // (PostgreSQL); 64 rounds are far more than any of these needs.
    for _ in 0..64 {
        let want = need - out.len();
        let sql_limit = hint.saturating_add(want as u64);
        let mut f = filter.clone();
        if let Some(d) = anchor {
            f.from = Some(dates::format_key(d));
        }
        f.limit = Some(sql_limit);
        let mut streamed = 0u64;
        let mut run: (Option<Option<i64>>, u64) = (None, 0);
        let mut kept = 0usize;
        store
            .for_each_event(&f, |row| {
                streamed += 1;
                let pos = Pos::of(&row);
                if run.0 == Some(pos.day) {
                    run.1 += 1;
                } else {
                    run = (Some(pos.day), 1);
                }
                if kept >= want {
                    return Ok(());
                }
                if let Some(a) = after {
                    if pos.rank(nulls_first) <= a.rank(nulls_first) {
                        return Ok(());
                    }
                }
                let skip = if pos.day == anchor {
                    streamed
                } else if pos.day.is_some() {
                    run.1
                } else {
                    0
                };
                out.push((row, skip));
                kept += 1;
                Ok(())
            })
            .map_err(ApiError::store)?;
        if out.len() >= need {
            break;
        }
        if let Some((row, skip)) = out.last().filter(|_| kept > 0) {
            let pos = Pos::of(row);
            after = Some(pos);
            anchor = pos.day;
            hint = *skip;
        }
        if streamed < sql_limit {
            // This query is exhausted.
            if anchor.is_some() && !nulls_first {
                // PostgreSQL: undated events come after every dated one,
                // outside a day-anchored query.
                anchor = None;
                hint = 0;
                continue;
            }
            break;
        }
        if kept == 0 {
            hint = sql_limit.saturating_mul(2);
        }
    }
    let next = if out.len() > limit {
        out.truncate(limit);
        out.last().map(|(row, skip)| Cursor {
            pos: Pos::of(row),
            skip: *skip,
            filter: hash,
        })
    } else {
        None
    };
    Ok((out.into_iter().map(|(r, _)| r).collect(), next))
}

/// The date of the first and of the last dated event: the first is one
/// query (`from` = year 0000, limit 1); the last is found by bisecting on
/// year, then month, then day with such queries (about 23 of them, each an
/// index lookup).
pub(crate) fn date_range(store: &mut Store) -> Result<(Option<String>, Option<String>), ApiError> {
    let first_from = |store: &mut Store, from: String| -> Result<Option<EventRow>, ApiError> {
        let f = EventFilter {
            from: Some(from),
            limit: Some(1),
            ..EventFilter::default()
        };
        Ok(store
            .events(&f)
            .map_err(ApiError::store)?
            .into_iter()
            .next())
    };
    let Some(first) = first_from(store, "0000".into())? else {
        return Ok((None, None));
    };
    let first_key = Pos::of(&first).day.unwrap_or(0);
    // Largest value in lo..=hi for which `has` holds, given it holds at lo.
    let bisect = |store: &mut Store,
                  lo: i64,
                  hi: i64,
                  from: &dyn Fn(i64) -> String|
     -> Result<i64, ApiError> {
        let (mut lo, mut hi) = (lo, hi);
        while lo < hi {
            let mid = lo + (hi - lo + 1) / 2;
            if first_from(store, from(mid))?.is_some() {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        Ok(lo)
    };
    let y0 = first_key / 10_000;
    let y = bisect(store, y0, 9999, &|y| format!("{y:04}"))?;
    let m0 = if y == y0 { first_key / 100 % 100 } else { 1 };
    let m = bisect(store, m0, 12, &|m| format!("{y:04}-{m:02}"))?;
    let d0 = if y == y0 && m == first_key / 100 % 100 {
        first_key % 100
    } else {
        1
    };
    let d = bisect(store, d0, dates::days_in_month(y, m), &|d| {
        format!("{y:04}-{m:02}-{d:02}")
    })?;
    let last = first_from(store, format!("{y:04}-{m:02}-{d:02}"))?;
    Ok((first.date, last.and_then(|r| r.date)))
}
