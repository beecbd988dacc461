//! dyad's own dictionary format (see `data/actors/FORMAT.md`): pipe-separated
//! fields, `;`-separated values, `#` comments. Strict: a malformed line is
//! an error naming the file and line, because a silently skipped entry is a
//! silently missing actor.

use crate::actors::{ActorDict, ActorKind, DatedCode, PhraseRole};
use crate::{Day, DictError};

include!(concat!(env!("OUT_DIR"), "/builtin.rs"));

/// Loads one file into `dict`; its kind follows from its name.
pub(crate) fn load(dict: &mut ActorDict, file: &str, text: &str) -> Result<(), DictError> {
    let name = file
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(file)
        .to_ascii_lowercase();
    let kind = if name.starts_with("countr") {
        ActorKind::Country
    } else if name.starts_with("organi") {
        ActorKind::Organization
    } else if name.starts_with("agent") {
        ActorKind::Agent
    } else {
        ActorKind::Person
    };
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let err = |message: String| DictError::Syntax {
            file: file.to_string(),
            line: i + 1,
            message,
        };
        let fields: Vec<&str> = line.split('|').map(str::trim).collect();
        match kind {
            ActorKind::Country | ActorKind::Organization => {
                let max = if kind == ActorKind::Country { 4 } else { 3 };
                if fields.len() < 2 || fields.len() > max {
                    return Err(err(format!(
                        "expected `CODE | names{}`, found {} field(s)",
                        if max == 4 {
                            " | adjectives | capitals"
                        } else {
                            " | adjectives"
                        },
                        fields.len()
                    )));
                }
                let code = check_code(fields[0]).map_err(err)?;
                let names = values(fields[1]);
                let Some(first) = names.first() else {
                    return Err(err("no name given".into()));
                };
                let actor = dict.actor_for(kind, &format!("{code}\u{1}{first}"));
                dict.add_code(actor, undated(code));
                for n in names {
                    dict.add_phrase(actor, n, PhraseRole::Name);
                }
                for a in fields.get(2).map(|f| values(f)).unwrap_or_default() {
                    dict.add_phrase(actor, a, PhraseRole::Adjective);
                }
                for m in fields.get(3).map(|f| values(f)).unwrap_or_default() {
                    dict.add_phrase(actor, m, PhraseRole::Metonym);
                }
            }
            ActorKind::Agent => {
                if fields.len() < 2 || fields.len() > 3 {
                    return Err(err(format!(
                        "expected `terms | CODE | notes`, found {} field(s)",
                        fields.len()
                    )));
                }
                let code = check_code(fields[1]).map_err(err)?;
                let terms = values(fields[0]);
                if terms.is_empty() {
                    return Err(err("no term given".into()));
                }
                for t in terms {
                    let actor = dict.actor_for(kind, &format!("{code}\u{1}{t}"));
                    dict.add_code(actor, undated(code));
                    dict.add_phrase(actor, t, PhraseRole::Name);
                }
            }
            ActorKind::Person => {
                if fields.len() < 5 || fields.len() > 6 {
                    return Err(err(format!(
                        "expected `NAME | aliases | CODE | from | to | office`, found {} field(s)",
                        fields.len()
                    )));
                }
                let name = fields[0];
                if name.is_empty() {
                    return Err(err("no name given".into()));
                }
                let code = check_code(fields[2]).map_err(err)?;
                let date = |s: &str, what: &str| -> Result<Option<Day>, DictError> {
                    if s.is_empty() {
                        return Ok(None);
                    }
                    Day::parse(s).map(Some).ok_or_else(|| {
                        err(format!(
                            "`{what}`: {s:?} is not YYYY-MM-DD, YYYY-MM or YYYY"
                        ))
                    })
                };
                let from = date(fields[3], "from")?;
                let to = date(fields[4], "to")?;
                if let (Some(f), Some(t)) = (from, to) {
                    if f >= t {
                        return Err(err(format!("`from` {f} is not before `to` {t}")));
                    }
                }
                let office = fields
                    .get(5)
                    .filter(|o| !o.is_empty())
                    .map(|o| o.to_string());
                let actor = dict.actor_for(kind, name);
                dict.add_code(
                    actor,
                    DatedCode {
                        code: code.to_string(),
                        from,
                        to,
                        office,
                    },
                );
                dict.add_phrase(actor, name, PhraseRole::Name);
                for a in values(fields[1]) {
                    dict.add_phrase(actor, a, PhraseRole::Name);
                }
            }
        }
    }
    Ok(())
}

fn values(field: &str) -> Vec<&str> {
    field
        .split(';')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .collect()
}

fn undated(code: &str) -> DatedCode {
    DatedCode {
        code: code.to_string(),
        from: None,
        to: None,
        office: None,
    }
}

/// A code is 3 to 15 capital letters or digits.
fn check_code(code: &str) -> Result<&str, String> {
    if (3..=15).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    {
        Ok(code)
    } else {
        Err(format!(
            "{code:?} is not a CAMEO code (3 to 15 capital letters or digits)"
        ))
    }
}
