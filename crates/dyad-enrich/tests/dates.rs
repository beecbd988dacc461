//! Time expressions: finding them, and resolving them against the
//! publication date.

use dyad_enrich::dates::{find_dates, resolve_future, Precision, TimeExpr};

fn dates(text: &str, published: Option<&str>) -> Vec<TimeExpr> {
    let a = dyad_text::analyze(text);
    let out = find_dates(text, &a, published);
    for e in &out {
        assert_eq!(&text[e.start..e.end], e.text, "span of {e:?}");
    }
    out
}

/// The value of the expression whose text is `expr` in `text`.
fn value_of(text: &str, published: Option<&str>, expr: &str) -> Option<String> {
    let found = dates(text, published);
    match found.iter().find(|e| e.text == expr) {
        Some(e) => e.value.clone(),
        None => panic!("{expr:?} not found in {text:?}; found {found:?}"),
    }
}

/// Expression texts found in `text`.
fn texts(text: &str) -> Vec<String> {
    dates(text, Some("2025-11-04"))
        .into_iter()
        .map(|e| e.text)
        .collect()
}

const PUB: Option<&str> = Some("2025-11-04"); // a Tuesday

#[test]
fn china_russia_example() {
    let Some(dir) = dyad_testkit::shared_dir("dates") else {
        return;
    };
    let path = dir.join("examples/china-russia-2025-11-04.txt");
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("skipping: {} unreadable", path.display());
        return;
    };
    let a = dyad_text::analyze(&text);
    let found = find_dates(&text, &a, PUB);
    let in_sentence = |needle: &str, expr: &str| -> &TimeExpr {
        let s = a
            .sentences
            .iter()
            .find(|s| s.text.contains(needle))
            .unwrap_or_else(|| panic!("no sentence with {needle:?}"));
        found
            .iter()
            .find(|e| e.sentence_id == s.id && e.text == expr)
            .unwrap_or_else(|| panic!("{expr:?} not found in sentence {}: {found:?}", s.id))
    };
    let t = in_sentence("held a bilateral meeting", "Tuesday");
    assert_eq!(t.value.as_deref(), Some("2025-11-04"));
    assert_eq!(t.precision, Precision::Day);
    assert!(t.relative);
    let t = in_sentence("met separately", "Monday");
    assert_eq!(t.value.as_deref(), Some("2025-11-03"));
    let t = in_sentence("no-limits", "February 2022");
    assert_eq!(t.value.as_deref(), Some("2022-02"));
    assert_eq!(t.precision, Precision::Month);
    assert!(!t.relative);
    let t = in_sentence("joint official statement", "Tuesday");
    assert_eq!(t.value.as_deref(), Some("2025-11-04"));
    // Nothing else in the report is a date.
    assert_eq!(found.len(), 4, "{found:?}");
}

#[test]
fn weekdays_resolve_to_the_most_recent_or_the_next() {
    let v = |t: &str, e: &str| value_of(t, PUB, e);
    assert_eq!(
        v("They met on Tuesday.", "Tuesday").as_deref(),
        Some("2025-11-04")
    );
    assert_eq!(
        v("They met on Monday.", "Monday").as_deref(),
        Some("2025-11-03")
    );
    assert_eq!(
        v("They met on Wednesday.", "Wednesday").as_deref(),
        Some("2025-10-29")
    );
    assert_eq!(
        v("They met Sunday.", "Sunday").as_deref(),
        Some("2025-11-02")
    );
    assert_eq!(
        v("Tuesday's talks ended.", "Tuesday").as_deref(),
        Some("2025-11-04")
    );
    assert_eq!(
        v("They will meet on Friday.", "Friday").as_deref(),
        Some("2025-11-07")
    );
    assert_eq!(
        v("They will meet on Tuesday.", "Tuesday").as_deref(),
        Some("2025-11-04")
    );
    assert_eq!(
        v("On Friday, leaders will meet.", "Friday").as_deref(),
        Some("2025-11-07")
    );
    assert_eq!(
        v("The talks are set to resume on Monday.", "Monday").as_deref(),
        Some("2025-11-10")
    );
    // The future of a later clause does not reach back past a comma.
    assert_eq!(
        v("Xi, who will retire, met Putin on Monday.", "Monday").as_deref(),
        Some("2025-11-03")
    );
    assert_eq!(
        v("He said on Monday he will go.", "Monday").as_deref(),
        Some("2025-11-03")
    );
    assert_eq!(
        v("It happened last Tuesday.", "last Tuesday").as_deref(),
        Some("2025-10-28")
    );
    assert_eq!(
        v("It happened last Monday.", "last Monday").as_deref(),
        Some("2025-11-03")
    );
    assert_eq!(
        v("It will happen next Tuesday.", "next Tuesday").as_deref(),
        Some("2025-11-11")
    );
    assert_eq!(
        v("It will happen next Wednesday.", "next Wednesday").as_deref(),
        Some("2025-11-05")
    );
}

#[test]
fn future_reading_on_request() {
    let found = dates("They met on Friday.", PUB);
    assert_eq!(found[0].value.as_deref(), Some("2025-10-31"));
    assert_eq!(
        resolve_future(&found[0], PUB).as_deref(),
        Some("2025-11-07")
    );
    let found = dates("It ends in February.", PUB);
    assert_eq!(found[0].value.as_deref(), Some("2025-02"));
    assert_eq!(resolve_future(&found[0], PUB).as_deref(), Some("2026-02"));
    let found = dates("Talks began yesterday.", PUB);
    assert_eq!(
        resolve_future(&found[0], PUB).as_deref(),
        Some("2025-11-03")
    );
    let found = dates("Talks began in 2022.", PUB);
    assert_eq!(resolve_future(&found[0], None).as_deref(), Some("2022"));
    assert_eq!(
        resolve_future(&found[0], Some("garbage")).as_deref(),
        Some("2022")
    );
    let found = dates("They met on Friday.", PUB);
    assert_eq!(resolve_future(&found[0], None), None);
}

#[test]
fn days_weeks_months_years_around_publication() {
    let v = |t: &str, e: &str| value_of(t, PUB, e);
    assert_eq!(
        v("It rained yesterday.", "yesterday").as_deref(),
        Some("2025-11-03")
    );
    assert_eq!(v("It rains today.", "today").as_deref(), Some("2025-11-04"));
    assert_eq!(
        v("It rains tomorrow.", "tomorrow").as_deref(),
        Some("2025-11-05")
    );
    assert_eq!(
        v("It rained last night.", "last night").as_deref(),
        Some("2025-11-03")
    );
    assert_eq!(
        v("It came two days ago.", "two days ago").as_deref(),
        Some("2025-11-02")
    );
    assert_eq!(
        v("It came 10 days ago.", "10 days ago").as_deref(),
        Some("2025-10-25")
    );
    assert_eq!(
        v("It came a year ago.", "a year ago").as_deref(),
        Some("2024")
    );
    assert_eq!(
        v("It came three months ago.", "three months ago").as_deref(),
        Some("2025-08")
    );
    assert_eq!(
        v("They met last week.", "last week").as_deref(),
        Some("2025-10-27")
    );
    assert_eq!(
        v("They meet this week.", "this week").as_deref(),
        Some("2025-11-03")
    );
    assert_eq!(
        v("They meet next week.", "next week").as_deref(),
        Some("2025-11-10")
    );
    assert_eq!(
        v("They met last month.", "last month").as_deref(),
        Some("2025-10")
    );
    assert_eq!(
        v("They met earlier this month.", "earlier this month").as_deref(),
        Some("2025-11")
    );
    assert_eq!(
        v("They met last year.", "last year").as_deref(),
        Some("2024")
    );
    assert_eq!(
        v("They meet late next year.", "late next year").as_deref(),
        Some("2026")
    );
    let found = dates("They met last week.", PUB);
    assert_eq!(found[0].precision, Precision::Week);
    // Month arithmetic across a year boundary.
    assert_eq!(
        value_of("They met last month.", Some("2025-01-15"), "last month").as_deref(),
        Some("2024-12")
    );
}

#[test]
fn months_and_days() {
    let v = |t: &str, e: &str| value_of(t, PUB, e);
    assert_eq!(
        v("They met on Nov. 4.", "Nov. 4").as_deref(),
        Some("2025-11-04")
    );
    assert_eq!(
        v("They met Nov 4 in Rome.", "Nov 4").as_deref(),
        Some("2025-11-04")
    );
    assert_eq!(
        v("They met on 4 November.", "4 November").as_deref(),
        Some("2025-11-04")
    );
    assert_eq!(
        v("They met on the 4th of November.", "4th of November").as_deref(),
        Some("2025-11-04")
    );
    assert_eq!(
        v("They met on November 4, 2025.", "November 4, 2025").as_deref(),
        Some("2025-11-04")
    );
    assert_eq!(
        v("They met on Nov. 4, '25.", "Nov. 4, '25").as_deref(),
        Some("2025-11-04")
    );
    assert_eq!(
        v("They met on 4 November 2019.", "4 November 2019").as_deref(),
        Some("2019-11-04")
    );
    assert_eq!(
        v("The vote is on Nov. 20.", "Nov. 20").as_deref(),
        Some("2025-11-20")
    );
    assert_eq!(
        v("It began on Dec. 20.", "Dec. 20").as_deref(),
        Some("2024-12-20")
    );
    assert_eq!(
        v("The deal was signed 2025-10-01.", "2025-10-01").as_deref(),
        Some("2025-10-01")
    );
    assert_eq!(
        v("Voting ends on Monday, Nov. 3.", "Monday, Nov. 3").as_deref(),
        Some("2025-11-03")
    );
    // Around the new year: a January date in late December is upcoming.
    assert_eq!(
        value_of("The vote is on Jan. 5.", Some("2025-12-20"), "Jan. 5").as_deref(),
        Some("2026-01-05")
    );
    assert_eq!(
        value_of("It began on Dec. 30.", Some("2025-01-05"), "Dec. 30").as_deref(),
        Some("2024-12-30")
    );
    assert_eq!(
        value_of("It began on Feb. 29.", PUB, "Feb. 29").as_deref(),
        Some("2024-02-29")
    );
}

#[test]
fn months_and_years() {
    let v = |t: &str, e: &str| value_of(t, PUB, e);
    assert_eq!(
        v("They met in February 2022.", "February 2022").as_deref(),
        Some("2022-02")
    );
    assert_eq!(
        v("They met in February of 2022.", "February of 2022").as_deref(),
        Some("2022-02")
    );
    assert_eq!(
        v("Protests began in June of last year.", "June of last year").as_deref(),
        Some("2024-06")
    );
    assert_eq!(
        v("Protests began in June of this year.", "June of this year").as_deref(),
        Some("2025-06")
    );
    assert_eq!(
        v("They met in February.", "February").as_deref(),
        Some("2025-02")
    );
    assert_eq!(
        v("They met in November.", "November").as_deref(),
        Some("2025-11")
    );
    assert_eq!(
        v("They met in December.", "December").as_deref(),
        Some("2024-12")
    );
    assert_eq!(
        v("They will meet in December.", "December").as_deref(),
        Some("2025-12")
    );
    assert_eq!(
        v("They will meet in February.", "February").as_deref(),
        Some("2026-02")
    );
    assert_eq!(
        v("They met last February.", "last February").as_deref(),
        Some("2025-02")
    );
    assert_eq!(
        v("They met in mid-February.", "mid-February").as_deref(),
        Some("2025-02")
    );
    assert_eq!(
        v("They met in early March.", "early March").as_deref(),
        Some("2025-03")
    );
    assert_eq!(
        v("It closed at the end of March.", "March").as_deref(),
        Some("2025-03")
    );
    assert_eq!(v("They met in 2022.", "2022").as_deref(), Some("2022"));
    assert_eq!(
        v("It has grown since 1998.", "1998").as_deref(),
        Some("1998")
    );
    assert_eq!(v("It ends by 2030.", "2030").as_deref(), Some("2030"));
    assert_eq!(
        v("It fell in late 2019.", "late 2019").as_deref(),
        Some("2019")
    );
    assert_eq!(
        v("It fell in mid-2019.", "mid-2019").as_deref(),
        Some("2019")
    );
    assert_eq!(
        v("He won the 2022 election.", "2022").as_deref(),
        Some("2022")
    );
    assert_eq!(
        v("He won the 2020 presidential election.", "2020").as_deref(),
        Some("2020")
    );
    assert_eq!(v("He left in '98.", "'98").as_deref(), Some("1998"));
    assert_eq!(
        v("Prices rose from 2019 to 2022.", "2022").as_deref(),
        Some("2022")
    );
    let found = dates("They met in 2022.", PUB);
    assert_eq!(found[0].precision, Precision::Year);
    assert!(!found[0].relative);
}

#[test]
fn numbers_names_and_durations_are_not_dates() {
    assert!(texts("Some 2022 people attended.").is_empty());
    assert!(texts("The count rose by 2000 in a day.").is_empty());
    assert!(texts("There were 2000 troops in 2000 homes.").is_empty());
    assert!(texts("In 1500 homes the power failed.").is_empty());
    assert!(texts("The vote was 2022 to 1900.").is_empty());
    assert!(texts("It lasted for two weeks.").is_empty());
    assert!(texts("In the 1990s the city grew.").is_empty());
    assert!(texts("It is the 21st century.").is_empty());
    assert!(texts("Over the last year, prices rose.").is_empty());
    assert!(texts("Theresa May spoke.").is_empty());
    assert!(texts("Prime Minister May spoke.").is_empty());
    assert!(texts("He told USA Today about it.").is_empty());
    assert!(texts("The Sunday Times reported it.").is_empty());
    assert!(texts("They march to the square.").is_empty());
    assert!(texts("It may rain.").is_empty());
    assert!(texts("Jan spoke to Dec about Mar.").is_empty());
    assert!(texts("Two days later, they met.").is_empty());
    assert!(texts("The room number is 1999.").is_empty());
    assert_eq!(texts("Police said in May they would act."), vec!["May"]);
}

#[test]
fn bad_dates_are_flagged_not_invented() {
    let found = dates("It happened on Feb 30.", PUB);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].value, None);
    assert_eq!(found[0].flag.as_deref(), Some("invalid-date"));
    let found = dates("It happened on February 30, 2024.", PUB);
    assert_eq!(found[0].value, None);
    assert_eq!(found[0].flag.as_deref(), Some("invalid-date"));
    let found = dates("It happened on 2025-13-01.", PUB);
    assert_eq!(found[0].flag.as_deref(), Some("invalid-date"));
    let found = dates("It happened on February 29, 2023.", None);
    assert_eq!(found[0].flag.as_deref(), Some("invalid-date"));
    let found = dates("Voting ended on Sunday, Nov. 4, 2025.", PUB);
    assert_eq!(found[0].value.as_deref(), Some("2025-11-04"));
    assert_eq!(found[0].flag.as_deref(), Some("weekday-mismatch"));
}

#[test]
fn without_publication_date_only_absolute_dates_resolve() {
    let text = "They met on Tuesday and on Nov. 4, 2025, and again in February 2022 and last year.";
    for published in [
        None,
        Some(""),
        Some("not a date"),
        Some("2025-02-30"),
        Some("2025-1-4"),
    ] {
        let found = dates(text, published);
        let get = |t: &str| {
            found
                .iter()
                .find(|e| e.text == t)
                .unwrap_or_else(|| panic!("{t} in {found:?}"))
        };
        assert_eq!(get("Tuesday").value, None);
        assert_eq!(get("Tuesday").flag.as_deref(), Some("no-publication-date"));
        assert_eq!(
            get("last year").flag.as_deref(),
            Some("no-publication-date")
        );
        assert_eq!(get("Nov. 4, 2025").value.as_deref(), Some("2025-11-04"));
        assert_eq!(get("February 2022").value.as_deref(), Some("2022-02"));
    }
}

#[test]
fn rfc3339_publication_uses_the_local_date() {
    let v = |p: &str| value_of("It rained yesterday.", Some(p), "yesterday");
    assert_eq!(
        v("2025-11-04T08:30:00+08:00").as_deref(),
        Some("2025-11-03")
    );
    assert_eq!(
        v("2025-11-04T23:30:00-05:00").as_deref(),
        Some("2025-11-03")
    );
    assert_eq!(v("2025-11-04T00:00:00Z").as_deref(), Some("2025-11-03"));
}

#[test]
fn serialises_precision_lowercase() {
    let found = dates("They met last week and in 2022.", PUB);
    let json = serde_json::to_string(&found).unwrap_or_default();
    assert!(json.contains(r#""precision":"week""#), "{json}");
    assert!(json.contains(r#""precision":"year""#), "{json}");
    assert!(!json.contains("flag"), "{json}");
}

#[test]
fn never_panics_on_odd_input() {
    let odd = [
        "",
        " ",
        "'",
        "''",
        "' '",
        "Nov.",
        "Nov. 99, 99999",
        "on Tuesday,",
        "last",
        "ago",
        "0 days ago",
        "999 years ago",
        "February 0",
        "0000-00-00",
        "9999-12-31 and 0001-01-01",
        "99999-1-1",
        "2025/02/29",
        "in '",
        "in '9",
        "in 'ab",
        "Monday, Monday, Monday,",
        "next next next week",
        "“Nov. 4”, ‘98 — in ’98 — 4\u{a0}November",
        "in 2100 and in 1900 and in 1899 and in 2101",
        "The 4th of",
        "early",
        "earlier this",
        "mid-",
        "mid-Febuary mid-9999",
        "Jan. 1, '",
        "\u{0}\u{feff}Tuesday\u{200b}",
        "東京 on Tuesday, 11月4日",
    ];
    for t in odd {
        for p in [
            PUB,
            None,
            Some("0001-01-01"),
            Some("9999-12-31"),
            Some("2025-11-04T"),
        ] {
            let found = dates(t, p);
            for e in &found {
                let _ = resolve_future(e, p);
            }
        }
    }
}

/// Days between two `YYYY-MM-DD` dates of the same or adjacent years
/// (counted naively, by summing month lengths), for checking that a
/// weekday lands within a week of publication.
fn days_apart(a: &str, b: &str) -> i64 {
    let n = |s: &str| -> i64 {
        let p: Vec<i64> = s.split('-').filter_map(|x| x.parse().ok()).collect();
        let [y, m, d] = p.as_slice() else { return 0 };
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let lengths = [
            31,
            if leap { 29 } else { 28 },
            31,
            30,
            31,
            30,
            31,
            31,
            30,
            31,
            30,
            31,
        ];
        let before: i64 = lengths.iter().take((*m - 1).clamp(0, 12) as usize).sum();
        (y - 2000) * 365 + (y - 2000) / 4 + before + d
    };
    (n(a) - n(b)).abs()
}

#[test]
fn wikinews_corpus() {
    let Some(dir) = dyad_testkit::shared_dir("dates corpus") else {
        return;
    };
    let mut found = 0;
    {
        for article in dyad_testkit::wikinews(&dir) {
            let (published, text) = (&article.date, &article.text);
            for e in dates(text, Some(published)) {
                found += 1;
                assert!(e.flag.is_none(), "{e:?} in {published}");
                let value = e.value.clone().unwrap_or_default();
                let shape_ok = match e.precision {
                    Precision::Day | Precision::Week => value.len() == 10,
                    Precision::Month => value.len() == 7,
                    Precision::Year => value.len() == 4,
                };
                assert!(shape_ok, "{e:?}");
                // A weekday alone is within a week of publication.
                let weekday = [
                    "Monday",
                    "Tuesday",
                    "Wednesday",
                    "Thursday",
                    "Friday",
                    "Saturday",
                    "Sunday",
                ]
                .contains(&e.text.as_str());
                if weekday {
                    assert!(
                        days_apart(&value, published) <= 7,
                        "{e:?} published {published}"
                    );
                }
            }
        }
    }
    println!("{found} time expressions");
    assert!(found > 1000, "only {found} time expressions in the corpus");
}
