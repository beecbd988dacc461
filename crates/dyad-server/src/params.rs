//! Query strings: decoding (`application/x-www-form-urlencoded`, `+` is a
//! space), and checking each parameter so that a bad one is a 400 naming
//! it. Unknown parameters are rejected too: a misspelt filter (`sorce=USA`)
//! silently matching everything would be worse than an error. An empty
//! value (`from=`) is the same as no value.

use dyad_store::{Bucket, EventFilter, Period};

use crate::dates;
use crate::error::ApiError;

/// The decoded `name=value` pairs of a query string, in order.
pub(crate) struct Params {
    pairs: Vec<(String, String)>,
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Percent-decodes one name or value; `None` for a malformed escape or
/// bytes that are not UTF-8.
fn decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let h = hex(*b.get(i + 1)?)?;
                let l = hex(*b.get(i + 2)?)?;
                out.push(h * 16 + l);
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

impl Params {
    /// Parses `query` and checks that every name is in `allowed`.
    pub(crate) fn parse(query: Option<&str>, allowed: &[&'static str]) -> Result<Params, ApiError> {
        let mut pairs = Vec::new();
        for part in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
            let (n, v) = part.split_once('=').unwrap_or((part, ""));
            let name = decode(n).ok_or_else(|| {
                ApiError::bad("query", "malformed percent-encoding in a parameter name")
            })?;
            let Some(known) = allowed.iter().find(|a| **a == name) else {
                let shown: String = name.chars().take(40).collect();
                return Err(ApiError::bad(
                    "query",
                    format!(
                        "unknown parameter {shown:?}; this endpoint takes {}",
                        allowed.join(", ")
                    ),
                ));
            };
            let value = decode(v).ok_or_else(|| {
                ApiError::bad(known, "malformed percent-encoding or invalid UTF-8")
            })?;
            pairs.push((name, value));
        }
        Ok(Params { pairs })
    }

    /// The last non-empty value of `name`.
    pub(crate) fn get(&self, name: &str) -> Option<String> {
        self.pairs
            .iter()
            .rev()
            .find(|(n, v)| n == name && !v.trim().is_empty())
            .map(|(_, v)| v.clone())
    }

    /// Every value of `name`, comma lists split, blanks dropped.
    fn all(&self, name: &str) -> Vec<String> {
        self.pairs
            .iter()
            .filter(|(n, _)| n == name)
            .flat_map(|(_, v)| v.split(','))
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .collect()
    }

    /// A date parameter (`YYYY-MM-DD`, `YYYY-MM`, `YYYY`), checked.
    pub(crate) fn date(&self, name: &'static str) -> Result<Option<String>, ApiError> {
        match self.get(name) {
            None => Ok(None),
            Some(v) if dates::day_key(&v).is_some() => Ok(Some(v.trim().to_string())),
            Some(v) => Err(ApiError::bad(
                name,
                format!(
                    "{name} {:?} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)",
                    short(&v)
                ),
            )),
        }
    }

    /// `limit`: an integer from 1 to `max`, `default` when absent.
    pub(crate) fn limit(&self, default: usize, max: usize) -> Result<usize, ApiError> {
        let Some(v) = self.get("limit") else {
            return Ok(default.min(max));
        };
        match v.trim().parse::<u64>() {
            Ok(n) if n >= 1 && n <= max as u64 => Ok(n as usize),
            Ok(_) => Err(ApiError::bad(
                "limit",
                format!("limit must be between 1 and {max}"),
            )),
            Err(_) => Err(ApiError::bad(
                "limit",
                format!("limit {:?} is not a whole number (1 to {max})", short(&v)),
            )),
        }
    }

    /// A boolean: `true`/`false`/`1`/`0`.
    pub(crate) fn flag(&self, name: &'static str, default: bool) -> Result<bool, ApiError> {
        match self.get(name).as_deref().map(str::trim) {
            None => Ok(default),
            Some("true" | "1") => Ok(true),
            Some("false" | "0") => Ok(false),
            Some(v) => Err(ApiError::bad(
                name,
                format!("{name} {:?} is not true or false", short(v)),
            )),
        }
    }

    /// `from` and `to` as a period.
    pub(crate) fn period(&self) -> Result<Period, ApiError> {
        Ok(Period {
            from: self.date("from")?,
            to: self.date("to")?,
        })
    }

    /// `by`: day, week or month (default month).
    pub(crate) fn bucket(&self) -> Result<Bucket, ApiError> {
        match self.get("by") {
            None => Ok(Bucket::Month),
            Some(v) => v.trim().parse().map_err(|_| {
                ApiError::bad(
                    "by",
                    format!("by {:?} is not day, week or month", short(&v)),
                )
            }),
        }
    }
}

/// At most 40 characters of a value, for messages.
fn short(v: &str) -> String {
    v.chars().take(40).collect()
}

/// The parameters of `/api/events`.
/// The event filters, shared by `/api/events` and `/api/places`.
const FILTER_PARAMS: &[&str] = &[
    "from",
    "to",
    "source",
    "target",
    "both_directions",
    "actor",
    "source_country",
    "target_country",
    "code",
    "root",
    "quad_class",
    "plover",
    "place",
    "place_country",
    "text",
];

/// The parameters of `/api/events`: the filters, `limit` and `cursor`.
pub(crate) fn event_params() -> Vec<&'static str> {
    [FILTER_PARAMS, &["limit", "cursor"]].concat()
}

/// The parameters of `/api/places`: the filters and `limit`.
pub(crate) fn place_params() -> Vec<&'static str> {
    [FILTER_PARAMS, &["limit"]].concat()
}

/// The event filter of `/api/events` (without `limit` and `cursor`).
pub(crate) fn event_filter(p: &Params) -> Result<EventFilter, ApiError> {
    let mut quad_class = Vec::new();
    for q in p.all("quad_class") {
        match q.parse::<u8>() {
            Ok(n @ 1..=4) => {
                if !quad_class.contains(&n) {
                    quad_class.push(n);
                }
            }
            _ => {
                return Err(ApiError::bad(
                    "quad_class",
                    format!("quad_class {:?} is not 1, 2, 3 or 4", short(&q)),
                ))
            }
        }
    }
    quad_class.sort_unstable();
    Ok(EventFilter {
        from: p.date("from")?,
        to: p.date("to")?,
        source: p.get("source"),
        target: p.get("target"),
        actor: p.get("actor"),
        source_country: p.get("source_country"),
        target_country: p.get("target_country"),
        code: p.get("code"),
        root: p.get("root"),
        quad_class,
        plover_type: p.get("plover"),
        place: p.get("place"),
        place_country: p.get("place_country"),
        text: p.get("text"),
        both_directions: p.flag("both_directions", false)?,
        ..EventFilter::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding() {
        assert_eq!(decode("a+b%20c%27").as_deref(), Some("a b c'"));
        assert_eq!(decode("%zz"), None);
        assert_eq!(decode("%e2%82"), None);
        assert_eq!(decode("%"), None);
    }

    #[test]
    fn quad_classes() {
        let p = Params::parse(Some("quad_class=4,1&quad_class=1"), &event_params()).unwrap();
        assert_eq!(event_filter(&p).unwrap().quad_class, vec![1, 4]);
        let p = Params::parse(Some("quad_class=5"), &event_params()).unwrap();
        assert_eq!(event_filter(&p).unwrap_err().field, Some("quad_class"));
        assert!(Params::parse(Some("sorce=USA"), &event_params()).is_err());
    }
}
