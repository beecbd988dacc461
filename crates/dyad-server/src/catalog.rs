//! The names behind the codes: actor names for the dashboard's search boxes
//! and CAMEO code names for its labels. The server does not read
//! dictionaries; whoever starts it (`dyad serve`) hands it a [`Catalog`]
//! built from the coder's own dictionaries, so that a user's `--actors`
//! files show up too.

use serde::Serialize;

/// One searchable actor name.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CatalogActor {
    /// The code to filter on (`CHN`, `IGOUNO`, `RUSGOV`).
    pub code: String,
    /// A name for it (`China`, `United Nations`, `Mikhail Mishustin`).
    pub name: String,
    /// `country`, `organisation` or `person`.
    pub kind: String,
}

/// One CAMEO event code.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CameoEntry {
    /// The code (`042`); roots have two digits.
    pub code: String,
    /// Its name (`Make a visit`).
    pub name: String,
    /// Its root (`04`).
    pub root: String,
    /// QuadClass, 1 to 4.
    pub quad_class: u8,
    /// Goldstein value.
    pub goldstein: f32,
    /// PLOVER event type, when CAMEO maps to one.
    pub plover_type: Option<String>,
}

/// What the dashboard needs to show names instead of codes.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    actors: Vec<CatalogActor>,
    /// Lower-cased names, parallel to `actors`.
    folded: Vec<String>,
    cameo: Vec<CameoEntry>,
}

fn kind_rank(kind: &str) -> u8 {
    match kind {
        "country" => 0,
        "organisation" => 1,
        _ => 2,
    }
}

impl Catalog {
    /// A catalogue of `actors` (duplicates of code and name dropped) and
    /// CAMEO `codes` (kept in code order).
    pub fn new(mut actors: Vec<CatalogActor>, mut codes: Vec<CameoEntry>) -> Catalog {
        actors.retain(|a| !a.code.trim().is_empty() && !a.name.trim().is_empty());
        actors.sort_by(|a, b| {
            (kind_rank(&a.kind), &a.name, &a.code).cmp(&(kind_rank(&b.kind), &b.name, &b.code))
        });
        actors.dedup_by(|a, b| a.code == b.code && a.name == b.name);
        codes.sort_by(|a, b| a.code.cmp(&b.code));
        codes.dedup_by(|a, b| a.code == b.code);
        let folded = actors.iter().map(|a| a.name.to_lowercase()).collect();
        Catalog {
            actors,
            folded,
            cameo: codes,
        }
    }

    /// Every CAMEO code, in code order.
    pub fn cameo(&self) -> &[CameoEntry] {
        &self.cameo
    }

    /// The name of a CAMEO code.
    pub fn code_name(&self, code: &str) -> Option<&str> {
        self.cameo
            .binary_search_by(|c| c.code.as_str().cmp(code))
            .ok()
            .map(|i| self.cameo[i].name.as_str())
    }

    /// Actors whose code starts with `q` or whose name contains it (case
    /// folded), best first: the exact code, then code prefixes, then
    /// names that start with `q`, then names with a word that does, then
    /// the rest; countries before organisations before persons within each.
    pub fn search(&self, q: &str, limit: usize) -> Vec<&CatalogActor> {
        let q = q.trim();
        if q.is_empty() {
            return self
                .actors
                .iter()
                .filter(|a| a.kind == "country")
                .take(limit)
                .collect();
        }
        let upper = q.to_uppercase();
        let lower = q.to_lowercase();
        let mut hits: Vec<(u8, usize)> = Vec::new();
        for (i, a) in self.actors.iter().enumerate() {
            let name = &self.folded[i];
            let score = if a.code == upper {
                0
            } else if a.code.starts_with(&upper) {
                1
            } else if name.starts_with(&lower) {
                2
            } else if name
                .match_indices(&lower)
                .any(|(at, _)| !name[..at].ends_with(|c: char| c.is_alphanumeric()))
            {
                3
            } else if name.contains(&lower) {
                4
            } else {
                continue;
            };
            hits.push((score, i));
        }
        // `actors` is sorted by kind then name, so a stable sort on the
        // score keeps that order within a score.
        hits.sort_by_key(|h| h.0);
        hits.into_iter()
            .take(limit)
            .map(|(_, i)| &self.actors[i])
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(code: &str, name: &str, kind: &str) -> CatalogActor {
        CatalogActor {
            code: code.into(),
            name: name.into(),
            kind: kind.into(),
        }
    }

    #[test]
    fn search_ranks_codes_then_names() {
        let c = Catalog::new(
            vec![
                a("RUSGOV", "Mikhail Mishustin", "person"),
                a("CHN", "China", "country"),
                a("CHN", "China", "country"),
                a("RUS", "Russia", "country"),
                a(
                    "IGOASAEAS",
                    "Association of Southeast Asian Nations",
                    "organisation",
                ),
                a("TWN", "Republic of China", "country"),
            ],
            vec![],
        );
        let codes = |q: &str| -> Vec<String> {
            c.search(q, 10)
                .iter()
                .map(|a| format!("{}:{}", a.code, a.name))
                .collect()
        };
        assert_eq!(codes("chn"), ["CHN:China"]);
        assert_eq!(codes("china"), ["CHN:China", "TWN:Republic of China"]);
        assert_eq!(codes("rus"), ["RUS:Russia", "RUSGOV:Mikhail Mishustin"]);
        assert_eq!(codes("mish"), ["RUSGOV:Mikhail Mishustin"]);
        assert_eq!(
            codes("asia"),
            ["IGOASAEAS:Association of Southeast Asian Nations"]
        );
        assert!(codes("zzz").is_empty());
        assert_eq!(c.search("", 2).len(), 2);
        assert_eq!(c.search("", 10).len(), 3);
    }

    #[test]
    fn code_names() {
        let e = |code: &str, name: &str| CameoEntry {
            code: code.into(),
            name: name.into(),
            root: code[..2].into(),
            quad_class: 1,
            goldstein: 1.0,
            plover_type: None,
        };
        let c = Catalog::new(vec![], vec![e("042", "Make a visit"), e("04", "Consult")]);
        assert_eq!(c.code_name("04"), Some("Consult"));
        assert_eq!(c.code_name("042"), Some("Make a visit"));
        assert_eq!(c.code_name("999"), None);
        assert_eq!(c.cameo()[0].code, "04");
    }
}
