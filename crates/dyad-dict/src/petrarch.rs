//! Loaders for PETRARCH/Phoenix (TABARI-style) actor and agent dictionaries.
//!
//! Actor files list a phrase per line with words joined by `_`, synonyms on
//! `+` lines, and codes in brackets on the same line or on indented lines
//! below, optionally date-restricted: `[EGYGOV >140608]` (from),
//! `[USRARM <900823]` (until), `[AFGGOV 950101-960626]` (a range), dates as
//! `YYMMDD` or `YYYYMMDD`. Consecutive phrases without a code share the codes
//! that follow them. Agent files hold `TERM [~SECTOR]` lines, with macros
//! (`!PERSON! = MAN, MEN, …`) and plural forms in braces (`{TERMS}`).
//!
//! These files were curated by hand over decades and contain typos, so the
//! loader is lenient: a line it cannot use becomes a [`DictWarning`] naming
//! the file and line, and loading goes on.

use std::collections::HashMap;

use crate::actors::{ActorDict, ActorKind, DatedCode, PhraseRole};
use crate::{Day, DictWarning};

/// Whether a file looks like a PETRARCH dictionary rather than dyad's own:
/// it has bracketed codes and no pipe-separated fields.
pub fn looks_like_petrarch(text: &str) -> bool {
    let content = text
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty());
    let mut brackets = 0;
    for l in content.take(200) {
        if l.contains(" | ") {
            return false;
        }
        if l.contains('[') && l.contains(']') {
            brackets += 1;
        }
    }
    brackets > 0
}

/// Loads a PETRARCH actor or agent file into `dict` (agent files are
/// recognised by their `[~…]` codes) and returns the lines it skipped.
pub fn load(dict: &mut ActorDict, file: &str, text: &str) -> Vec<DictWarning> {
    if text.contains("[~") {
        load_agents(dict, file, text)
    } else {
        load_actors(dict, file, text)
    }
}

/// Turns `UNITED_NATIONS_` into "UNITED NATIONS".
fn phrase_words(raw: &str) -> String {
    raw.split('_')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Parses one `CODE [>|<]DATE` or `CODE DATE-DATE` bracket body.
fn parse_code(body: &str) -> Result<DatedCode, String> {
    let mut parts = body.split_whitespace();
    let code = parts.next().ok_or("empty code")?.to_string();
    let mut dated = DatedCode {
        code,
        from: None,
        to: None,
        office: None,
    };
    // `> 140608` (with a space) means the same as `>140608`.
    let rest: String = parts.collect::<Vec<_>>().join("");
    if !rest.is_empty() {
        let restriction = rest.as_str();
        let bad = || format!("unreadable date restriction {restriction:?}");
        if let Some(d) = restriction.strip_prefix('>') {
            dated.from = Some(Day::parse_compact(d).ok_or_else(bad)?);
        } else if let Some(d) = restriction.strip_prefix('<') {
            dated.to = Some(Day::parse_compact(d).ok_or_else(bad)?);
        } else if let Some((a, b)) = restriction.split_once('-') {
            dated.from = Some(Day::parse_compact(a).ok_or_else(bad)?);
            dated.to = Some(Day::parse_compact(b).ok_or_else(bad)?);
        } else {
            return Err(bad());
        }
    }
    Ok(dated)
}

/// The bracketed codes in a line, and the line without them.
fn split_codes(line: &str) -> (&str, Vec<&str>) {
    let head = line.split('[').next().unwrap_or("").trim();
    let codes = line
        .split('[')
        .skip(1)
        .filter_map(|p| p.split(']').next())
        .map(str::trim)
        .collect();
    (head, codes)
}

fn load_actors(dict: &mut ActorDict, file: &str, text: &str) -> Vec<DictWarning> {
    let mut warnings = Vec::new();
    // Phrases waiting for their codes, and the actor of the last coded group.
    let mut group: Vec<String> = Vec::new();
    let mut actor = None;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.split('#').next().unwrap_or("");
        if line.trim().is_empty() {
            continue;
        }
        let warn = |message: String| DictWarning {
            file: file.to_string(),
            line: i + 1,
            message,
        };
        let indented = line.starts_with([' ', '\t']);
        let (head, codes) = split_codes(line.trim());
        if !indented && !head.is_empty() {
            let phrase = phrase_words(head.trim_start_matches('+'));
            if !head.starts_with('+') && actor.is_some() {
                // A new primary phrase: the previous entry is complete.
                actor = None;
            }
            if let Some(a) = actor {
                dict.add_phrase_case(a, &phrase, PhraseRole::Name, false);
            } else if !phrase.is_empty() {
                group.push(phrase);
            }
        }
        for body in codes {
            match parse_code(body) {
                Ok(code) => {
                    let a = match actor {
                        Some(a) => a,
                        None => {
                            let Some(first) = group.first() else {
                                warnings.push(warn("a code with no phrase before it".into()));
                                continue;
                            };
                            let kind = if first.contains(' ') || code.code.len() > 3 {
                                ActorKind::Person
                            } else {
                                ActorKind::Country
                            };
                            let a =
                                dict.actor_for(kind, &format!("{file}\u{1}{}\u{1}{first}", i + 1));
                            for p in group.drain(..) {
                                dict.add_phrase_case(a, &p, PhraseRole::Name, false);
                            }
                            actor = Some(a);
                            a
                        }
                    };
                    dict.add_code(a, code);
                }
                Err(e) => warnings.push(warn(format!("code [{body}] skipped: {e}"))),
            }
        }
    }
    if !group.is_empty() {
        warnings.push(DictWarning {
            file: file.to_string(),
            line: text.lines().count(),
            message: format!("{} phrase(s) at the end have no code", group.len()),
        });
    }
    warnings
}

fn load_agents(dict: &mut ActorDict, file: &str, text: &str) -> Vec<DictWarning> {
    let mut warnings = Vec::new();
    let mut macros: HashMap<String, Vec<String>> = HashMap::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let warn = |message: String| DictWarning {
            file: file.to_string(),
            line: i + 1,
            message,
        };
        if line.starts_with('!') && line.contains('=') {
            let (name, values) = line.split_once('=').unwrap_or_default();
            macros.insert(
                name.trim().to_string(),
                values
                    .split(',')
                    .map(|v| v.trim().to_string())
                    .filter(|v| !v.is_empty())
                    .collect(),
            );
            continue;
        }
        let (head, codes) = split_codes(line);
        let Some(code) = codes.first() else {
            warnings.push(warn("agent line without a [~CODE]".into()));
            continue;
        };
        let sector = code.trim_matches('~').trim();
        if sector.is_empty() || !sector.bytes().all(|b| b.is_ascii_alphanumeric()) {
            warnings.push(warn(format!("agent code [{code}] skipped")));
            continue;
        }
        // `TERM {PLURAL_1 PLURAL_2}`: the term and its listed plural forms;
        // `TERM {}`: no plural; `TERM`: the regular plural, as TABARI forms it.
        let (term, plurals) = match head.split_once('{') {
            Some((t, rest)) => (t.trim(), Some(rest.split('}').next().unwrap_or(""))),
            None => (head, None),
        };
        let mut forms = vec![term.to_string()];
        match plurals {
            Some(listed) => forms.extend(listed.split_whitespace().map(str::to_string)),
            None if !term.ends_with('!') => forms.push(plural(term.trim_end_matches('_'))),
            None => {}
        }
        for form in forms {
            for expanded in expand(&form, &macros) {
                let words = phrase_words(&expanded);
                if words.is_empty() {
                    continue;
                }
                let actor = dict.actor_for(ActorKind::Agent, &format!("{sector}\u{1}{words}"));
                dict.add_code(
                    actor,
                    DatedCode {
                        code: sector.to_string(),
                        from: None,
                        to: None,
                        office: None,
                    },
                );
                dict.add_phrase_case(actor, &words, PhraseRole::Name, false);
            }
        }
    }
    warnings
}

/// The regular English plural of a phrase's last word (`FARMER` →
/// `FARMERS`, `DEPUTY` → `DEPUTIES`, `BOSS` → `BOSSES`).
fn plural(term: &str) -> String {
    let upper = term.to_ascii_uppercase();
    if upper.ends_with('Y')
        && !upper.ends_with("AY")
        && !upper.ends_with("EY")
        && !upper.ends_with("OY")
    {
        format!("{}IES", &term[..term.len() - 1])
    } else if ["S", "X", "CH", "SH", "Z"]
        .iter()
        .any(|e| upper.ends_with(e))
    {
        format!("{term}ES")
    } else {
        format!("{term}S")
    }
}

/// Expands `!MACRO!` references into every combination of their values.
fn expand(form: &str, macros: &HashMap<String, Vec<String>>) -> Vec<String> {
    let Some(start) = form.find('!') else {
        return vec![form.to_string()];
    };
    let Some(len) = form[start + 1..].find('!') else {
        return vec![form.to_string()];
    };
    let name = &form[start..start + len + 2];
    let rest = &form[start + len + 2..];
    let Some(values) = macros.get(name) else {
        return vec![form.replace(name, "")];
    };
    let mut out = Vec::new();
    for v in values {
        for tail in expand(rest, macros) {
            out.push(format!("{}{v}{tail}", &form[..start]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_restrictions() {
        let c = parse_code("EGYGOV >140608").unwrap();
        assert_eq!(
            (c.code.as_str(), c.from, c.to),
            ("EGYGOV", Some(Day::new(2014, 6, 8)), None)
        );
        let c = parse_code("EGYGOV > 140608").unwrap();
        assert_eq!(c.from, Some(Day::new(2014, 6, 8)));
        let c = parse_code("USRARM <900823").unwrap();
        assert_eq!(c.to, Some(Day::new(1990, 8, 23)));
        let c = parse_code("AFGGOV 950101-960626").unwrap();
        assert_eq!(
            (c.from, c.to),
            (Some(Day::new(1995, 1, 1)), Some(Day::new(1996, 6, 26)))
        );
        assert!(parse_code("KORGOVBUS 2004017-20061201").is_err());
    }

    #[test]
    fn plurals() {
        assert_eq!(plural("FARMER"), "FARMERS");
        assert_eq!(plural("DEPUTY"), "DEPUTIES");
        assert_eq!(plural("BOSS"), "BOSSES");
        assert_eq!(plural("ATTORNEY"), "ATTORNEYS");
    }

    #[test]
    fn macros_expand() {
        let mut m = HashMap::new();
        m.insert(
            "!PERSON!".to_string(),
            vec!["MAN".to_string(), "WOMAN".to_string()],
        );
        assert_eq!(expand("DAIRY!PERSON!", &m), ["DAIRYMAN", "DAIRYWOMAN"]);
        assert_eq!(expand("FARMER", &m), ["FARMER"]);
    }
}
