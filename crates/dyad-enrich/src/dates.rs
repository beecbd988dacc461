//! Time expressions, resolved against the publication date.
//!
//! An event is only useful to an analyst with a date, and news reports almost
//! never give one in full: they say "on Tuesday", "last month", "in
//! February". Those expressions only mean something relative to when the
//! report was published, so this module finds them in each sentence and
//! resolves them to a calendar value against the publication date.
//!
//! ## What is found
//!
//! * weekdays: `Tuesday`, `on Tuesday`, `Tuesday's`, `last Monday`,
//!   `next Friday`, and a weekday followed by a date (`Monday, Nov. 3`);
//! * `today`, `tonight`, `yesterday`, `tomorrow`, `last night`,
//!   `this morning`;
//! * `this/last/next week|month|year`, optionally with `earlier`, `later`,
//!   `early` or `late` in front (`earlier this month`, `late last year`);
//! * `two days ago`, `three weeks ago`, `a year ago`;
//! * month and day in either order, with or without a year:
//!   `Nov. 4`, `Nov 4`, `November 4th`, `4 November`, `the 4th of November`,
//!   `November 4, 2025`, `Nov. 4, '25`;
//! * month and year (`February 2022`, `February of 2022`, `June of last
//!   year`), and a month alone
//!   when something temporal stands before it (`in February`,
//!   `since March`, `last February`, `mid-February`);
//! * ISO dates (`2025-11-04`, `2025/11/04`);
//! * years, only in a temporal context: a number in 1900–2100 after `in`,
//!   `since`, `by`, `during`, `until`, `from`, `before`, `after`, `early`,
//!   `late`, … or before an event noun (`2022 election`), and two-digit
//!   years written with an apostrophe (`in '98`). Any other number is a
//!   quantity, not a year.
//!
//! Durations (`for two weeks`), decades (`the 1990s`) and centuries are not
//! points in time and are not reported; neither are vague expressions
//! (`a few days ago`, `recently`) nor dates relative to another event
//! (`two days later`).
//!
//! ## How relative expressions resolve
//!
//! The publication date is `YYYY-MM-DD` or an RFC 3339 timestamp, whose local
//! date part (the first ten characters) is used, since "today" means the
//! day where the report was written. Then:
//!
//! * a weekday is the most recent such day on or before publication (the same
//!   day counts), or the next one on or after it when the verb is future
//!   (`will meet on Tuesday`); `last Monday` is strictly before and
//!   `next Monday` strictly after;
//! * a month alone is the most recent such month on or before the
//!   publication month, or the next one when future;
//! * a month and day without a year take the latest year that puts the date
//!   no more than 31 days after publication: news mentions upcoming dates
//!   ("the vote on Nov. 5") far more often than dates almost a year ago,
//!   while a date more than a month ahead is almost always last year's;
//! * weeks (`last week`) resolve to the Monday that starts the week, with
//!   [`Precision::Week`].
//!
//! The future reading is chosen by a light look at the sentence (a `will`,
//! `'ll`, `shall` or `set to`/`due to`/`expected to` before the expression in
//! the same clause, or right after a fronted expression); a caller that knows
//! the tense of the verb better (the event coder) can re-resolve with
//! [`resolve_future`].
//!
//! Without a publication date, relative expressions are reported with no
//! value and the flag `no-publication-date`; absolute ones still resolve.
//! Impossible dates (`Feb 30`, `2025-13-01`) are reported with no value and
//! the flag `invalid-date`, so that a bad date is visible rather than lost.
//!
//! The scanner works on the tokens `dyad-text` already made, compares words
//! without allocating, and only allocates for the expressions it reports.

use dyad_text::{Analysis, Sentence, Token};
use serde::Serialize;

/// How precise a resolved value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// A single day: the value is `YYYY-MM-DD`.
    Day,
    /// A week (Monday to Sunday): the value is its Monday, `YYYY-MM-DD`.
    Week,
    /// A month: the value is `YYYY-MM`.
    Month,
    /// A year: the value is `YYYY`.
    Year,
}

/// One time expression found in a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimeExpr {
    /// The expression as it stands in the original text (`last Monday`,
    /// `Nov. 4, 2025`). Prepositions (`on`, `in`) are not part of it.
    pub text: String,
    /// First byte in the original text.
    pub start: usize,
    /// One past the last byte in the original text.
    pub end: usize,
    /// The sentence the expression is in (`Sentence::id`, from 1).
    pub sentence_id: usize,
    /// The resolved value (`2025-11-04`, `2022-02`, `2022`; for
    /// [`Precision::Week`] the Monday of the week), or `None` when it cannot
    /// be resolved (see `flag`).
    pub value: Option<String>,
    /// How precise `value` is.
    pub precision: Precision,
    /// Whether the value depends on the publication date.
    pub relative: bool,
    /// Why something is off: `no-publication-date` (a relative expression
    /// in a document without one), `invalid-date` (`Feb 30`), or
    /// `weekday-mismatch` (`Monday, Nov. 4` when Nov. 4 is not a Monday; the
    /// explicit date wins).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flag: Option<String>,
}

/// Finds and resolves the time expressions in every sentence of a document.
///
/// `published` is the publication date (`YYYY-MM-DD` or RFC 3339; anything
/// else counts as unknown). Headings and removed boilerplate are not
/// searched. Never panics.
pub fn find_dates(text: &str, analysis: &Analysis, published: Option<&str>) -> Vec<TimeExpr> {
    let pubd = published.and_then(parse_published);
    let mut out = Vec::new();
    for s in &analysis.sentences {
        scan_sentence(text, s, pubd, &mut out);
    }
    out
}

/// Finds and resolves the time expressions in one sentence of a document
/// whose original text is `text`. See [`find_dates`].
pub fn dates_in_sentence(
    text: &str,
    sentence: &Sentence,
    published: Option<&str>,
) -> Vec<TimeExpr> {
    let mut out = Vec::new();
    scan_sentence(
        text,
        sentence,
        published.and_then(parse_published),
        &mut out,
    );
    out
}

/// Re-resolves `expr` as if its verb were in the future tense: a weekday
/// becomes the next such day on or after publication, a month alone the next
/// such month, a month and day the next such date. Expressions whose value
/// does not depend on tense (`2022`, `yesterday`, `last week`) keep their
/// value. Returns `None` when the expression cannot be resolved.
pub fn resolve_future(expr: &TimeExpr, published: Option<&str>) -> Option<String> {
    resolve_tense(expr, published, true)
}

/// Re-resolves `expr` for a verb whose tense the caller knows (the event
/// coder reads it from the parse): `future` as [`resolve_future`], else
/// as past or present (a weekday is the most recent one on or before
/// publication). [`find_dates`] guesses the tense from nearby words only.
pub fn resolve_tense(expr: &TimeExpr, published: Option<&str>, future: bool) -> Option<String> {
    let pubd = published.and_then(parse_published);
    let toks = dyad_text::tokens::tokenize(&expr.text, 0, expr.text.len());
    let m = Matcher { toks: &toks };
    let mut i = 0;
    while i < toks.len() {
        // The text was matched in context once; a bare `February` stands.
        if let Some((_, end, kind)) = m.match_at(i, true) {
            if end > i {
                return resolve(kind, pubd, future).ok().map(|r| r.value);
            }
        }
        i += 1;
    }
    None
}

// ---------------------------------------------------------------------------
// Civil calendar arithmetic (proleptic Gregorian), on day numbers counted
// from 1970-01-01.

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Ymd {
    y: i32,
    m: u32,
    d: u32,
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Ymd {
    /// A valid date, or `None`.
    fn new(y: i32, m: u32, d: u32) -> Option<Ymd> {
        ((1..=9999).contains(&y) && d >= 1 && d <= days_in_month(y, m)).then_some(Ymd { y, m, d })
    }

    /// Days since 1970-01-01. The year is counted from March, so that the
    /// leap day falls at the end of the counting year and every month before
    /// it has a fixed offset; 400-year eras have exactly 146,097 days.
    fn days(self) -> i64 {
        let y = i64::from(self.y) - i64::from(self.m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400; // 0..=399
        let mp = i64::from((self.m + 9) % 12); // March = 0
        let doy = (153 * mp + 2) / 5 + i64::from(self.d) - 1; // 0..=365
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01 (inverse of [`Ymd::days`]).
    fn from_days(days: i64) -> Ymd {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097; // 0..=146096
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        Ymd {
            y: i32::try_from(y).unwrap_or(0),
            m: u32::try_from(m).unwrap_or(1),
            d: u32::try_from(d).unwrap_or(1),
        }
    }

    /// Day of the week, Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday).
    fn weekday(self) -> u32 {
        u32::try_from((self.days() + 3).rem_euclid(7)).unwrap_or(0)
    }

    fn add_days(self, n: i64) -> Ymd {
        Ymd::from_days(self.days() + n)
    }

    /// Year and month `n` months after this date's month.
    fn add_months(self, n: i64) -> (i32, u32) {
        let idx = i64::from(self.y) * 12 + i64::from(self.m) - 1 + n;
        (
            i32::try_from(idx.div_euclid(12)).unwrap_or(0),
            u32::try_from(idx.rem_euclid(12) + 1).unwrap_or(1),
        )
    }

    fn format(self) -> String {
        format!("{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }
}

fn fmt_month(y: i32, m: u32) -> String {
    format!("{y:04}-{m:02}")
}

fn fmt_year(y: i32) -> String {
    format!("{y:04}")
}

/// Parses `YYYY-MM-DD`, or the local date of an RFC 3339 timestamp.
fn parse_published(s: &str) -> Option<Ymd> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    if b.len() > 10 && !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let y = digits(s.get(0..4)?)?;
    let m = digits(s.get(5..7)?)?;
    let d = digits(s.get(8..10)?)?;
    Ymd::new(i32::try_from(y).ok()?, m, d)
}

/// The value of an all-ASCII-digit string of at most 9 digits.
fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

// ---------------------------------------------------------------------------
// Word lists.

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Month number of a capitalised full month name.
fn full_month(w: &str) -> Option<u32> {
    if !starts_upper(w) {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(w))
        .and_then(|p| u32::try_from(p + 1).ok())
}

/// Month number of a capitalised abbreviation (`Nov.`, `Nov`, `Sept.`).
fn abbrev_month(w: &str) -> Option<u32> {
    if !starts_upper(w) {
        return None;
    }
    let w = w.strip_suffix('.').unwrap_or(w);
    if w.eq_ignore_ascii_case("sept") {
        return Some(9);
    }
    if w.len() != 3 || w.eq_ignore_ascii_case("may") {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m[..3].eq_ignore_ascii_case(w))
        .and_then(|p| u32::try_from(p + 1).ok())
}

/// Weekday (Monday = 0) of a capitalised weekday name.
fn weekday_name(w: &str) -> Option<u32> {
    if !starts_upper(w) {
        return None;
    }
    WEEKDAYS
        .iter()
        .position(|d| d.eq_ignore_ascii_case(w))
        .and_then(|p| u32::try_from(p).ok())
}

fn starts_upper(w: &str) -> bool {
    w.as_bytes().first().is_some_and(u8::is_ascii_uppercase)
}

fn is(w: &str, list: &[&str]) -> bool {
    list.iter().any(|x| x.eq_ignore_ascii_case(w))
}

/// Words after which a bare year or month is a point in time.
#[rustfmt::skip]
const TIME_PREPS: &[&str] = &[
    "in", "since", "by", "during", "until", "till", "through", "throughout", "from", "before",
    "after", "early", "late", "mid", "between", "around", "circa", "as", "last", "next", "this",
    "year", "of", "spring", "summer", "autumn", "fall", "winter", "to", "and", "or",
];

/// Words after which a month name alone is a month (`in February`).
#[rustfmt::skip]
const MONTH_CONTEXT: &[&str] = &[
    "in", "since", "by", "during", "until", "till", "through", "throughout", "from", "before",
    "after", "early", "late", "mid", "between", "last", "next", "this", "around",
];

/// Words that may only introduce a year when they follow one of
/// [`OF_HEADS`] (`the summer of 2022`, not `of 2000 people`).
#[rustfmt::skip]
const OF_HEADS: &[&str] = &[
    "spring", "summer", "autumn", "fall", "winter", "end", "start", "beginning", "middle", "half",
    "quarter", "year", "months", "month", "class",
];

/// Verbs of change: `rose by 2000` is a quantity.
#[rustfmt::skip]
const CHANGE_VERBS: &[&str] = &[
    "rose", "risen", "rise", "rises", "increased", "increase", "increases", "fell", "fallen",
    "fall", "falls", "decreased", "decrease", "grew", "grown", "grow", "dropped", "drop",
    "declined", "decline", "up", "down", "cut", "reduced", "raised", "jumped", "climbed", "slipped",
    "gained", "lost", "plunged", "surged", "soared", "shrank", "expanded", "outnumbered", "won",
    "beat",
];

/// Nouns a year can modify directly (`the 2022 election`).
#[rustfmt::skip]
const EVENT_NOUNS: &[&str] = &[
    "election", "elections", "vote", "polls", "referendum", "census", "budget", "summit",
    "olympics", "games", "cup", "war", "crisis", "earthquake", "quake", "attack", "attacks",
    "invasion", "protests", "protest", "coup", "campaign", "season", "uprising", "revolution",
    "flood", "floods", "tsunami", "pandemic", "outbreak", "tournament", "championship",
    "championships", "final", "agreement", "accord", "deal", "treaty", "constitution", "midterms",
    "bombing", "bombings", "massacre", "riots", "unrest", "conflict", "ceasefire", "truce", "talks",
    "conference", "report", "law", "act", "hurricane", "cyclone", "typhoon", "fire", "fires",
    "wildfires", "crash", "shooting", "incident", "visit", "meeting", "amendment",
];

/// Adjectives between a year and an event noun (`2022 presidential election`).
#[rustfmt::skip]
const EVENT_ADJS: &[&str] = &[
    "presidential", "parliamentary", "general", "midterm", "legislative", "municipal", "local",
    "federal", "national", "regional", "world", "winter", "summer", "state", "provincial",
];

/// Words before a number that make it a quantity (`some 2000 troops`).
#[rustfmt::skip]
const QUANTIFIERS: &[&str] = &[
    "about", "some", "nearly", "almost", "over", "than", "around", "approximately", "only", "just",
    "least", "most", "$", "€", "£", "to", "of", "by", "and", "or",
];

/// Words in `-s` after a year that are not nouns it counts (`in 2020 elections`).
#[rustfmt::skip]
const NOT_COUNTED: &[&str] = &[
    "was", "has", "is", "his", "its", "as", "this", "thus", "always", "plus", "elections",
    "midterms", "olympics", "games", "protests", "attacks", "riots", "polls", "talks", "floods",
    "fires", "wildfires", "bombings", "championships",
];

/// Names in which a weekday is no date (`Bloody Sunday`, `the Sunday Times`).
const WEEKDAY_NAME_BEFORE: &[&str] = &["Bloody", "Good", "Holy", "Maundy", "Ash", "Palm", "Easter"];
#[rustfmt::skip]
const WEEKDAY_NAME_AFTER: &[&str] = &[
    "Times", "Telegraph", "Express", "Mirror", "Herald", "Post", "Independent", "Mail", "School",
    "Schools",
];

/// Words that mark the future before a time expression.
const FUTURE_MARKS: &[&str] = &["will", "'ll", "shall", "wo"];
/// Words before `to` that mark the future (`set to`, `due to`).
#[rustfmt::skip]
const FUTURE_TO: &[&str] = &[
    "set", "due", "expected", "scheduled", "slated", "planning", "plans", "plan", "going",
    "poised", "intends", "intend",
];
/// Words that end the backward search for a future marker: the expression
/// belongs to a past verb.
#[rustfmt::skip]
const PAST_STOPS: &[&str] = &[
    "said", "says", "told", "announced", "added", "stated", "reported", "was", "were", "had", "did",
    "confirmed", "claimed", "wrote", "tweeted",
];

/// A small number word or numeral, for `two days ago`.
fn small_number(w: &str) -> Option<i64> {
    #[rustfmt::skip]
    const WORDS: &[&str] = &[
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
        "twenty",
    ];
    if w.eq_ignore_ascii_case("a") || w.eq_ignore_ascii_case("an") {
        return Some(1);
    }
    if let Some(p) = WORDS.iter().position(|x| x.eq_ignore_ascii_case(w)) {
        return i64::try_from(p + 1).ok();
    }
    if w.len() <= 3 {
        return digits(w).map(i64::from);
    }
    None
}

/// A day of the month: `4`, `04`, `4th`, `1st`, `22nd`, `3rd`. Values above
/// 31 are returned too, so that `Feb 35` can be flagged rather than missed;
/// the caller checks the range.
fn day_number(w: &str) -> Option<u32> {
    let n = w.bytes().take_while(u8::is_ascii_digit).count();
    if n == 0 || n > 2 {
        return None;
    }
    let (num, suffix) = w.split_at(n);
    if !suffix.is_empty() && !is(suffix, &["st", "nd", "rd", "th"]) {
        return None;
    }
    let d = digits(num)?;
    (d >= 1).then_some(d)
}

/// A four-digit year in 1000–2999.
fn year4(w: &str) -> Option<i32> {
    if w.len() != 4 {
        return None;
    }
    let y = i32::try_from(digits(w)?).ok()?;
    (1000..=2999).contains(&y).then_some(y)
}

// ---------------------------------------------------------------------------
// Matching.

/// A modifier before a weekday or month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Modifier {
    None,
    Last,
    Next,
    This,
}

/// What an expression means, before resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A full date (`2025-11-04`, `November 4, 2025`), optionally with a
    /// weekday said alongside it.
    Date {
        y: i32,
        m: u32,
        d: u32,
        weekday: Option<u32>,
    },
    /// A month of a given year.
    MonthYear { y: i32, m: u32 },
    /// A year.
    Year(i32),
    /// A year written with two digits (`'98`).
    ShortYear(u32),
    /// A month and day, the year left to the publication date.
    MonthDay {
        m: u32,
        d: u32,
        weekday: Option<u32>,
    },
    /// A month and day with a two-digit year.
    MonthDayShortYear { m: u32, d: u32, yy: u32 },
    /// A month with a two-digit year (`June '98`).
    MonthShortYear { m: u32, yy: u32 },
    /// A month alone.
    Month(u32, Modifier),
    /// A weekday.
    Weekday(u32, Modifier),
    /// A month of a year counted from the publication year (`June of last
    /// year`).
    MonthOfYearOffset(u32, i64),
    /// Days from publication (`yesterday` = -1).
    DayOffset(i64),
    /// Weeks from the publication week.
    WeekOffset(i64),
    /// Months from the publication month.
    MonthOffset(i64),
    /// Years from the publication year.
    YearOffset(i64),
}

impl Kind {
    /// Whether the reading depends on the tense of the verb.
    fn tense_sensitive(self) -> bool {
        matches!(
            self,
            Kind::MonthDay { .. }
                | Kind::Month(_, Modifier::None | Modifier::This)
                | Kind::Weekday(_, Modifier::None | Modifier::This)
        )
    }
}

/// A matcher over one sentence's tokens.
struct Matcher<'a> {
    toks: &'a [Token],
}

impl<'a> Matcher<'a> {
    /// The normalised form of token `i`, or `""` past either end.
    fn w(&self, i: usize) -> &'a str {
        self.toks.get(i).map_or("", Token::form)
    }

    /// Form of the token before `i`, or `""`.
    fn prev(&self, i: usize) -> &'a str {
        i.checked_sub(1).map_or("", |j| self.w(j))
    }

    /// Whether tokens `i` and `i + 1` touch (no space between them).
    fn touching(&self, i: usize) -> bool {
        match (self.toks.get(i), self.toks.get(i + 1)) {
            (Some(a), Some(b)) => a.end == b.start,
            _ => false,
        }
    }

    /// A two-digit year written `'98` at token `i`: (value, next token).
    fn short_year(&self, i: usize) -> Option<(u32, usize)> {
        if self.w(i) == "'" && self.touching(i) {
            let w = self.w(i + 1);
            if w.len() == 2 {
                return digits(w).map(|yy| (yy, i + 2));
            }
        }
        None
    }

    /// A year after a month or day at token `i` (`2022`, `, 2022`, `of 2022`,
    /// `'22`): the year and the token after it.
    fn trailing_year(&self, i: usize) -> Option<(Result<i32, u32>, usize)> {
        let j = if self.w(i) == "," || self.w(i).eq_ignore_ascii_case("of") {
            i + 1
        } else {
            i
        };
        if let Some(y) = year4(self.w(j)) {
            return Some((Ok(y), j + 1));
        }
        self.short_year(j).map(|(yy, e)| (Err(yy), e))
    }

    /// Tries every pattern at token `i`: (first token, end token, meaning).
    fn match_at(&self, i: usize, ctx: bool) -> Option<(usize, usize, Kind)> {
        let w = self.w(i);
        let first = w.as_bytes().first().copied().unwrap_or(0);
        // Part-of-period words in front: `early`, `late`, `earlier`, `later`.
        if is(w, &["early", "late", "earlier", "later"]) {
            if let Some((_, e, k)) = self.core(i + 1, true) {
                if matches!(
                    k,
                    Kind::Month(..)
                        | Kind::MonthYear { .. }
                        | Kind::Year(_)
                        | Kind::ShortYear(_)
                        | Kind::WeekOffset(_)
                        | Kind::MonthOffset(_)
                        | Kind::YearOffset(_)
                ) {
                    return Some((i, e, k));
                }
            }
            return None;
        }
        if first.is_ascii_alphanumeric() || first == b'\'' {
            return self.core(i, ctx);
        }
        None
    }

    /// The patterns proper. `ctx` is true when a temporal word stands
    /// before token `i` (so that a bare month or year is a date).
    fn core(&self, i: usize, ctx: bool) -> Option<(usize, usize, Kind)> {
        let w = self.w(i);
        let lw = |x: &str| w.eq_ignore_ascii_case(x);

        // Modifiers: last / next / this (+ coming).
        let modifier = if lw("last") {
            Modifier::Last
        } else if lw("next") {
            Modifier::Next
        } else if lw("this") {
            Modifier::This
        } else {
            Modifier::None
        };
        if modifier != Modifier::None && self.prev(i).eq_ignore_ascii_case("the") {
            // `the last week`, `the next year`: durations or narrative time.
            return None;
        }
        if modifier != Modifier::None {
            let mut j = i + 1;
            if modifier == Modifier::This && self.w(j).eq_ignore_ascii_case("coming") {
                j += 1;
            }
            let n = self.w(j);
            let sign = match modifier {
                Modifier::Last => -1,
                Modifier::Next => 1,
                _ => 0,
            };
            if n.eq_ignore_ascii_case("week") {
                return Some((i, j + 1, Kind::WeekOffset(sign)));
            }
            if n.eq_ignore_ascii_case("month") {
                return Some((i, j + 1, Kind::MonthOffset(sign)));
            }
            if n.eq_ignore_ascii_case("year") {
                return Some((i, j + 1, Kind::YearOffset(sign)));
            }
            if modifier == Modifier::Last && n.eq_ignore_ascii_case("night") {
                return Some((i, j + 1, Kind::DayOffset(-1)));
            }
            if modifier == Modifier::This && is(n, &["morning", "afternoon", "evening"]) {
                return Some((i, j + 1, Kind::DayOffset(0)));
            }
            if let Some(wd) = weekday_name(n) {
                if let Some(hit) = self.weekday_date(i, j) {
                    return Some(hit);
                }
                return Some((i, j + 1, Kind::Weekday(wd, modifier)));
            }
            if let Some(m) = full_month(n) {
                return Some((i, j + 1, Kind::Month(m, modifier)));
            }
            return None;
        }

        // today, yesterday, tomorrow, tonight.
        if (lw("today") || lw("tonight"))
            && !(starts_upper(w) && i > 0 && starts_upper(self.prev(i)))
        {
            // Not `USA Today`, `Russia Today`.
            return Some((i, i + 1, Kind::DayOffset(0)));
        }
        if lw("yesterday") {
            return Some((i, i + 1, Kind::DayOffset(-1)));
        }
        if lw("tomorrow") {
            return Some((i, i + 1, Kind::DayOffset(1)));
        }

        // N days / weeks / months / years ago.
        if let Some(n) = small_number(w) {
            let unit = self.w(i + 1);
            if self.w(i + 2).eq_ignore_ascii_case("ago") {
                let k = if is(unit, &["day", "days"]) {
                    Some(Kind::DayOffset(-n))
                } else if is(unit, &["week", "weeks"]) {
                    Some(Kind::WeekOffset(-n))
                } else if is(unit, &["month", "months"]) {
                    Some(Kind::MonthOffset(-n))
                } else if is(unit, &["year", "years"]) {
                    Some(Kind::YearOffset(-n))
                } else {
                    None
                };
                // `a day ago` reads fine; `1 days ago` is taken as written.
                if let Some(k) = k {
                    return Some((i, i + 3, k));
                }
            }
        }

        // ISO dates.
        if let Some(k) = iso_date(w) {
            return Some((i, i + 1, k));
        }

        // Weekdays, alone or with a date.
        if let Some(wd) = weekday_name(w) {
            if WEEKDAY_NAME_BEFORE.contains(&self.prev(i))
                || WEEKDAY_NAME_AFTER.contains(&self.w(i + 1))
            {
                return None;
            }
            if let Some(hit) = self.weekday_date(i, i) {
                return Some(hit);
            }
            return Some((i, i + 1, Kind::Weekday(wd, Modifier::None)));
        }

        // Month first: `Nov. 4`, `November 4, 2025`, `February 2022`, `in February`.
        if let Some(hit) = self.month_first(i, ctx) {
            return Some(hit);
        }

        // Day first: `4 November`, `4th of November 2025`.
        if let Some(hit) = self.day_first(i) {
            return Some(hit);
        }

        // `mid-February`, `mid-2022`, `early-2022`.
        if let Some((head, rest)) = w.split_once('-') {
            if is(head, &["mid", "early", "late"]) {
                if let Some(m) = full_month(rest) {
                    return Some((i, i + 1, Kind::Month(m, Modifier::None)));
                }
                if let Some(y) = year4(rest).filter(|y| (1900..=2100).contains(y)) {
                    return Some((i, i + 1, Kind::Year(y)));
                }
            }
        }

        // Years in a temporal context.
        if let Some(y) = year4(w) {
            if (1900..=2100).contains(&y) && (ctx || self.year_context(i)) {
                return Some((i, i + 1, Kind::Year(y)));
            }
            return None;
        }
        if let Some((yy, e)) = self.short_year(i) {
            if ctx || self.year_context(i) {
                return Some((i, e, Kind::ShortYear(yy)));
            }
        }
        None
    }

    /// A weekday at `wd_tok` followed by a date (`Monday, Nov. 3`,
    /// `Monday 3 November 2025`); the match starts at `start`.
    fn weekday_date(&self, start: usize, wd_tok: usize) -> Option<(usize, usize, Kind)> {
        let wd = weekday_name(self.w(wd_tok))?;
        let mut j = wd_tok + 1;
        if self.w(j) == "," {
            j += 1;
        }
        let (_, e, k) = self.month_first(j, false).or_else(|| self.day_first(j))?;
        let k = match k {
            Kind::Date { y, m, d, .. } => Kind::Date {
                y,
                m,
                d,
                weekday: Some(wd),
            },
            Kind::MonthDay { m, d, .. } => Kind::MonthDay {
                m,
                d,
                weekday: Some(wd),
            },
            _ => return None,
        };
        Some((start, e, k))
    }

    /// Month first: `Nov. 4`, `November 4th, 2025`, `Feb. 2022`, and a
    /// month alone after a temporal word.
    fn month_first(&self, i: usize, ctx: bool) -> Option<(usize, usize, Kind)> {
        let w = self.w(i);
        let full = full_month(w);
        let m = full.or_else(|| abbrev_month(w))?;
        // `Theresa May`, `May's`: the name, not the month.
        let p = self.prev(i);
        if m == 5 && (self.w(i + 1) == "'s" || starts_upper(p) && !is(p, MONTH_CONTEXT)) {
            return None;
        }
        if let Some(d) = day_number(self.w(i + 1)).filter(|d| *d <= 31) {
            // `Nov. 4`, `Nov. 4, 2025`; not `May 2022` (handled below).
            if let Some((y, e)) = self.trailing_year(i + 2) {
                return Some((i, e, date_kind(y, m, d)));
            }
            return Some((
                i,
                i + 2,
                Kind::MonthDay {
                    m,
                    d,
                    weekday: None,
                },
            ));
        }
        // `June of this year`, `March of last year`.
        if self.w(i + 1).eq_ignore_ascii_case("of") && self.w(i + 3).eq_ignore_ascii_case("year") {
            let n = self.w(i + 2);
            let off = if n.eq_ignore_ascii_case("this") {
                Some(0)
            } else if n.eq_ignore_ascii_case("last") {
                Some(-1)
            } else if n.eq_ignore_ascii_case("next") {
                Some(1)
            } else {
                None
            };
            if let Some(off) = off {
                return Some((i, i + 4, Kind::MonthOfYearOffset(m, off)));
            }
        }
        if let Some((y, e)) = self.trailing_year(i + 1) {
            // `February 2022`, `Feb. 2022`, `February of 2022`, `June '98`.
            if self.w(i + 1) == "," {
                // `in February, 2022 was …` is too rare to risk `, 2022 people`.
                return None;
            }
            return Some((
                i,
                e,
                match y {
                    Ok(y) => Kind::MonthYear { y, m },
                    Err(yy) => Kind::MonthShortYear { m, yy },
                },
            ));
        }
        // A month alone: full names only, after a temporal word.
        if full.is_some() && (ctx || self.month_context(i)) {
            return Some((i, i + 1, Kind::Month(m, Modifier::None)));
        }
        None
    }

    /// Whether the month name at token `i` stands after a temporal word
    /// (`in February`, `the end of February`, `from January to March`).
    fn month_context(&self, i: usize) -> bool {
        let p = self.prev(i);
        let pp = self.prev(i.wrapping_sub(1));
        if p.eq_ignore_ascii_case("of") {
            return is(pp, OF_HEADS);
        }
        if is(p, &["to", "and", "or", "-", "--", "through"]) {
            return full_month(pp).is_some();
        }
        is(p, MONTH_CONTEXT)
    }

    /// Day first: `4 November`, `4th of November`, `4 November 2025`.
    fn day_first(&self, i: usize) -> Option<(usize, usize, Kind)> {
        let d = day_number(self.w(i)).filter(|d| *d <= 31)?;
        let mut j = i + 1;
        if self.w(j).eq_ignore_ascii_case("of") {
            j += 1;
        }
        let w = self.w(j);
        let m = full_month(w).or_else(|| abbrev_month(w))?;
        // `5 May` is fine; `5 May's` is not a thing worth a guess.
        if let Some((y, e)) = self.trailing_year(j + 1).filter(|_| self.w(j + 1) != ",") {
            return Some((i, e, date_kind(y, m, d)));
        }
        // `4 November`, possibly `the 4th of November`.
        Some((
            i,
            j + 1,
            Kind::MonthDay {
                m,
                d,
                weekday: None,
            },
        ))
    }

    /// Whether the year-like token `i` stands in a temporal context.
    fn year_context(&self, i: usize) -> bool {
        let p = self.prev(i);
        let next = self.w(i + 1);
        // A year is not followed by a noun it counts (`in 2000 homes`).
        let counts_noun = next.as_bytes().first().is_some_and(u8::is_ascii_lowercase)
            && next.len() > 2
            && next.ends_with('s')
            && !is(next, NOT_COUNTED);
        if counts_noun {
            return false;
        }
        let event =
            is(next, EVENT_NOUNS) || (is(next, EVENT_ADJS) && is(self.w(i + 2), EVENT_NOUNS));
        if event && !is(p, QUANTIFIERS) {
            // `the 2022 election`.
            return true;
        }
        if p.eq_ignore_ascii_case("by") {
            return !is(self.prev(i.wrapping_sub(1)), CHANGE_VERBS);
        }
        if p.eq_ignore_ascii_case("of") {
            return is(self.prev(i.wrapping_sub(1)), OF_HEADS);
        }
        if is(p, &["to", "and", "or", "-", "--"]) {
            // Second year of a range: `from 2019 to 2022`, `between 2019 and 2022`.
            let q = i.wrapping_sub(2);
            return year4(self.w(q)).is_some_and(|y| (1900..=2100).contains(&y))
                && is(self.prev(q), &["from", "between", "in", "since"]);
        }
        if is(p, &["as", "around", "circa"]) {
            // `as early as 2019` is found through `early`; `around 2000` is
            // more often a number.
            return false;
        }
        is(p, TIME_PREPS)
    }
}

/// A day-precision kind from a month, day and a four- or two-digit year.
fn date_kind(y: Result<i32, u32>, m: u32, d: u32) -> Kind {
    match y {
        Ok(y) => Kind::Date {
            y,
            m,
            d,
            weekday: None,
        },
        Err(yy) => Kind::MonthDayShortYear { m, d, yy },
    }
}

/// `2025-11-04` or `2025/11/04` (month and day of one or two digits).
fn iso_date(w: &str) -> Option<Kind> {
    if w.len() < 8 || w.len() > 10 || !w.as_bytes().first()?.is_ascii_digit() {
        return None;
    }
    let sep = if w.contains('-') { '-' } else { '/' };
    let mut parts = w.split(sep);
    let y = parts.next().filter(|p| p.len() == 4).and_then(digits)?;
    let m = parts
        .next()
        .filter(|p| !p.is_empty() && p.len() <= 2)
        .and_then(digits)?;
    let d = parts
        .next()
        .filter(|p| !p.is_empty() && p.len() <= 2)
        .and_then(digits)?;
    if parts.next().is_some() {
        return None;
    }
    Some(Kind::Date {
        y: i32::try_from(y).ok()?,
        m,
        d,
        weekday: None,
    })
}

// ---------------------------------------------------------------------------
// Resolution.

/// A resolved value.
struct Resolved {
    value: String,
    precision: Precision,
    flag: Option<&'static str>,
}

/// Why an expression has no value.
#[derive(Debug, Clone, Copy)]
enum Unresolved {
    NoPublication,
    Invalid,
}

/// Two-digit year: the century that puts it no later than ten years after
/// publication (or before 2050 when the publication date is unknown).
fn expand_year(yy: u32, pubd: Option<Ymd>) -> i32 {
    let yy = i32::try_from(yy % 100).unwrap_or(0);
    let limit = pubd.map_or(2050, |p| p.y + 10);
    let mut y = (limit / 100) * 100 + yy;
    if y > limit {
        y -= 100;
    }
    y
}

/// Precision of a kind.
fn precision_of(kind: Kind) -> Precision {
    match kind {
        Kind::Date { .. }
        | Kind::MonthDay { .. }
        | Kind::MonthDayShortYear { .. }
        | Kind::Weekday(..)
        | Kind::DayOffset(_) => Precision::Day,
        Kind::WeekOffset(_) => Precision::Week,
        Kind::MonthYear { .. }
        | Kind::MonthShortYear { .. }
        | Kind::Month(..)
        | Kind::MonthOfYearOffset(..)
        | Kind::MonthOffset(_) => Precision::Month,
        Kind::Year(_) | Kind::ShortYear(_) | Kind::YearOffset(_) => Precision::Year,
    }
}

/// Whether resolving a kind needs the publication date.
fn is_relative(kind: Kind) -> bool {
    !matches!(
        kind,
        Kind::Date { .. }
            | Kind::MonthYear { .. }
            | Kind::MonthShortYear { .. }
            | Kind::Year(_)
            | Kind::ShortYear(_)
            | Kind::MonthDayShortYear { .. }
    )
}

fn resolve(kind: Kind, pubd: Option<Ymd>, future: bool) -> Result<Resolved, Unresolved> {
    let day = |d: Ymd| Resolved {
        value: d.format(),
        precision: Precision::Day,
        flag: None,
    };
    let month = |y: i32, m: u32| Resolved {
        value: fmt_month(y, m),
        precision: Precision::Month,
        flag: None,
    };
    let year = |y: i32| Resolved {
        value: fmt_year(y),
        precision: Precision::Year,
        flag: None,
    };
    let checked_month = |m: u32| {
        if (1..=12).contains(&m) {
            Ok(m)
        } else {
            Err(Unresolved::Invalid)
        }
    };
    let p = || pubd.ok_or(Unresolved::NoPublication);
    match kind {
        Kind::Date { y, m, d, weekday } => {
            let date = Ymd::new(y, m, d).ok_or(Unresolved::Invalid)?;
            let mut r = day(date);
            if weekday.is_some_and(|wd| wd != date.weekday()) {
                r.flag = Some("weekday-mismatch");
            }
            Ok(r)
        }
        Kind::MonthDayShortYear { m, d, yy } => Ymd::new(expand_year(yy, pubd), m, d)
            .map(day)
            .ok_or(Unresolved::Invalid),
        Kind::MonthShortYear { m, yy } => Ok(month(expand_year(yy, pubd), checked_month(m)?)),
        Kind::MonthYear { y, m } => Ok(month(y, checked_month(m)?)),
        Kind::Year(y) => Ok(year(y)),
        Kind::ShortYear(yy) => Ok(year(expand_year(yy, pubd))),
        Kind::MonthDay { m, d, weekday } => {
            // Impossible in every year (`Feb 30`, `Apr 31`): invalid even
            // without a publication date.
            if d == 0 || d > days_in_month(2000, m) {
                return Err(Unresolved::Invalid);
            }
            let pd = p()?;
            let cands = (pd.y - 4..=pd.y + 4).filter_map(|y| Ymd::new(y, m, d));
            let pick = if future {
                cands.filter(|c| *c >= pd).min()
            } else {
                let limit = pd.days() + 31;
                cands.filter(|c| c.days() <= limit).max()
            };
            let date = pick.ok_or(Unresolved::Invalid)?;
            let mut r = day(date);
            if weekday.is_some_and(|wd| wd != date.weekday()) {
                r.flag = Some("weekday-mismatch");
            }
            Ok(r)
        }
        Kind::Month(m, modifier) => {
            let pd = p()?;
            let y = match (modifier, future) {
                (Modifier::Last, _) => {
                    if m < pd.m {
                        pd.y
                    } else {
                        pd.y - 1
                    }
                }
                (Modifier::Next, _) => {
                    if m > pd.m {
                        pd.y
                    } else {
                        pd.y + 1
                    }
                }
                (Modifier::This, _) => pd.y,
                (Modifier::None, false) => {
                    if m <= pd.m {
                        pd.y
                    } else {
                        pd.y - 1
                    }
                }
                (Modifier::None, true) => {
                    if m >= pd.m {
                        pd.y
                    } else {
                        pd.y + 1
                    }
                }
            };
            Ok(month(y, m))
        }
        Kind::Weekday(wd, modifier) => {
            let pd = p()?;
            let pw = i64::from(pd.weekday());
            let wd = i64::from(wd);
            let offset = match (modifier, future) {
                (Modifier::Last, _) => -((pw - wd + 6).rem_euclid(7) + 1),
                (Modifier::Next, _) => (wd - pw + 6).rem_euclid(7) + 1,
                (_, false) => -(pw - wd).rem_euclid(7),
                (_, true) => (wd - pw).rem_euclid(7),
            };
            Ok(day(pd.add_days(offset)))
        }
        Kind::MonthOfYearOffset(m, n) => {
            let y = i64::from(p()?.y) + n;
            Ok(month(
                i32::try_from(y).map_err(|_| Unresolved::Invalid)?,
                checked_month(m)?,
            ))
        }
        Kind::DayOffset(n) => Ok(day(p()?.add_days(n))),
        Kind::WeekOffset(n) => {
            let pd = p()?;
            let monday = pd.add_days(-i64::from(pd.weekday()) + 7 * n);
            Ok(Resolved {
                value: monday.format(),
                precision: Precision::Week,
                flag: None,
            })
        }
        Kind::MonthOffset(n) => {
            let (y, m) = p()?.add_months(n);
            Ok(month(y, m))
        }
        Kind::YearOffset(n) => {
            let y = i64::from(p()?.y) + n;
            Ok(year(i32::try_from(y).map_err(|_| Unresolved::Invalid)?))
        }
    }
}

/// Whether the clause around tokens `start..end` reads as future.
fn future_context(m: &Matcher<'_>, start: usize, end: usize) -> bool {
    // Backwards to the start of the clause.
    let mut j = start;
    while j > 0 {
        j -= 1;
        let w = m.w(j);
        if is(w, FUTURE_MARKS) {
            return true;
        }
        if w.eq_ignore_ascii_case("to") && j > 0 && is(m.w(j - 1), FUTURE_TO) {
            return true;
        }
        if is(w, PAST_STOPS) || matches!(w, "," | ";" | ":" | "--") {
            return false;
        }
    }
    // A fronted expression (`On Tuesday, leaders will meet`): the verb
    // follows, within a few words.
    for k in end..(end + 8).min(m.toks.len()) {
        let w = m.w(k);
        if is(w, FUTURE_MARKS) {
            return true;
        }
        if is(w, PAST_STOPS) || matches!(w, ";" | ":" | "--") {
            return false;
        }
    }
    false
}

fn scan_sentence(text: &str, s: &Sentence, pubd: Option<Ymd>, out: &mut Vec<TimeExpr>) {
    let m = Matcher { toks: &s.tokens };
    let n = s.tokens.len();
    let mut i = 0;
    while i < n {
        let Some((a, b, kind)) = m.match_at(i, false) else {
            i += 1;
            continue;
        };
        if b <= a || b > n {
            i += 1;
            continue;
        }
        let start = s.tokens[a].start;
        let end = s.tokens[b - 1].end;
        let Some(span) = text.get(start..end) else {
            i = b;
            continue;
        };
        let future = kind.tense_sensitive() && future_context(&m, a, b);
        let relative = is_relative(kind);
        let (value, precision, flag) = match resolve(kind, pubd, future) {
            Ok(r) => (Some(r.value), r.precision, r.flag),
            Err(Unresolved::NoPublication) => {
                (None, precision_of(kind), Some("no-publication-date"))
            }
            Err(Unresolved::Invalid) => (None, precision_of(kind), Some("invalid-date")),
        };
        out.push(TimeExpr {
            text: span.to_string(),
            start,
            end,
            sentence_id: s.id,
            value,
            precision,
            relative,
            flag: flag.map(str::to_string),
        });
        i = b;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        for days in -800_000..800_000 {
            let d = Ymd::from_days(days);
            assert_eq!(d.days(), days);
            assert!(Ymd::new(d.y, d.m, d.d).is_some() || d.y < 1);
        }
        assert_eq!(
            Ymd {
                y: 1970,
                m: 1,
                d: 1
            }
            .days(),
            0
        );
        assert_eq!(
            Ymd {
                y: 2000,
                m: 3,
                d: 1
            }
            .days(),
            11_017
        );
        // 2025-11-04 was a Tuesday.
        assert_eq!(
            Ymd {
                y: 2025,
                m: 11,
                d: 4
            }
            .weekday(),
            1
        );
        assert_eq!(
            Ymd {
                y: 2024,
                m: 2,
                d: 29
            }
            .weekday(),
            3
        );
    }

    #[test]
    fn two_digit_years() {
        let p = Some(Ymd {
            y: 2025,
            m: 11,
            d: 4,
        });
        assert_eq!(expand_year(25, p), 2025);
        assert_eq!(expand_year(98, p), 1998);
        assert_eq!(expand_year(35, p), 2035);
        assert_eq!(expand_year(36, p), 1936);
        assert_eq!(expand_year(98, None), 1998);
        assert_eq!(expand_year(10, None), 2010);
    }
}
