//! Group-work sheets (the seeds' "Oppsummeringsark 1–3", seeds 000 and
//! 003): after a dialogue café, a learning meeting or a dialogue
//! conference, what the groups wrote, typed in for a unit or the whole
//! municipality and a round. Like areas and measures, these are people's
//! own words about their work, not answers: no figure lives here.

use serde::{Deserialize, Serialize};

use crate::i18n::{Lang, tr, tr_args};

/// Longest title, in characters.
pub const MAX_TITLE: usize = 120;
/// Longest point on a sheet, in characters.
pub const MAX_ITEM: usize = 1000;
/// Most points on one sheet.
pub const MAX_ITEMS: usize = 60;

/// Which of the seeds' three summary sheets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SheetKind {
    /// Oppsummeringsark 1: a list in the participants' order of priority,
    /// the most important first.
    Priorities,
    /// Oppsummeringsark 2: what we take with us from last year's learning
    /// report, and what we learn from the results.
    LookBack,
    /// Oppsummeringsark 3: success areas to keep and improvement areas to
    /// work on; each can become an area for follow-up.
    Areas,
}

/// How the groups worked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    DialogueCafe,
    LearningMeeting,
    DialogueConference,
}

/// A part of a sheet: each kind has its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// The priorities, in order.
    List,
    /// "Dette tar vi med oss fra lærende rapportering".
    Taken,
    /// "Vi trekker følgende læring av resultatene".
    Learning,
    /// "Suksessområder som må videreføres".
    Success,
    /// "Forbedringsområder vi må gjøre noe med".
    Improve,
}

macro_rules! keyed {
    ($t:ty { $($v:ident = $k:literal),* $(,)? }) => {
        impl $t {
            /// The key in forms, files and message names.
            pub fn key(self) -> &'static str {
                match self { $(Self::$v => $k),* }
            }
            pub fn parse(key: &str) -> Option<Self> {
                match key { $($k => Some(Self::$v),)* _ => None }
            }
            pub const ALL: &'static [Self] = &[$(Self::$v),*];
        }
    };
}

keyed!(SheetKind { Priorities = "priorities", LookBack = "look_back", Areas = "areas" });
keyed!(Method {
    DialogueCafe = "dialogue_cafe",
    LearningMeeting = "learning_meeting",
    DialogueConference = "dialogue_conference",
});
keyed!(Section {
    List = "list",
    Taken = "taken",
    Learning = "learning",
    Success = "success",
    Improve = "improve",
});

impl SheetKind {
    /// The sheet's parts, in the order they stand on it.
    pub fn sections(self) -> &'static [Section] {
        match self {
            SheetKind::Priorities => &[Section::List],
            SheetKind::LookBack => &[Section::Taken, Section::Learning],
            SheetKind::Areas => &[Section::Success, Section::Improve],
        }
    }
}

/// One point the groups wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetItem {
    pub section: Section,
    pub text: String,
}

/// A sheet as a form gives it, before it is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSheet {
    pub round: String,
    /// `None`: the whole municipality.
    pub unit: Option<String>,
    pub kind: SheetKind,
    pub title: String,
    /// The day the groups met (YYYY-MM-DD).
    pub held_on: String,
    pub method: Method,
}

/// A kept sheet with its points, each part in its own order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sheet {
    pub id: i64,
    pub round: String,
    pub unit: Option<String>,
    pub kind: SheetKind,
    pub title: String,
    pub held_on: String,
    pub method: Method,
    pub items: Vec<SheetItem>,
}

impl Sheet {
    /// The points of one part, in order, with their place among all items.
    pub fn section(&self, section: Section) -> Vec<(usize, &SheetItem)> {
        self.items
            .iter()
            .enumerate()
            .filter(|(_, i)| i.section == section)
            .collect()
    }
}

/// What is wrong with a sheet's field or a point.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SheetProblem {
    #[error("title is empty")]
    TitleEmpty,
    #[error("title is {0} characters")]
    TitleTooLong(usize),
    #[error("not a date")]
    BadDate,
    #[error("the point is empty")]
    ItemEmpty,
    #[error("the point is {0} characters")]
    ItemTooLong(usize),
    #[error("the sheet is full")]
    TooManyItems,
    #[error("control characters")]
    Control,
}

impl SheetProblem {
    /// In the page's language.
    pub fn words(&self, lang: Lang) -> String {
        match self {
            SheetProblem::TitleEmpty => tr(lang, "sheet-title-empty"),
            SheetProblem::TitleTooLong(n) => tr_args(
                lang,
                "sheet-title-too-long",
                &[
                    ("length", (*n as i64).into()),
                    ("max", (MAX_TITLE as i64).into()),
                ],
            ),
            SheetProblem::BadDate => tr(lang, "sheet-bad-date"),
            SheetProblem::ItemEmpty => tr(lang, "sheet-item-empty"),
            SheetProblem::ItemTooLong(n) => tr_args(
                lang,
                "sheet-item-too-long",
                &[
                    ("length", (*n as i64).into()),
                    ("max", (MAX_ITEM as i64).into()),
                ],
            ),
            SheetProblem::TooManyItems => tr_args(
                lang,
                "sheet-too-many",
                &[("max", (MAX_ITEMS as i64).into())],
            ),
            SheetProblem::Control => tr(lang, "sheet-control"),
        }
    }
}

/// Control characters other than line breaks and tabs.
fn has_control(s: &str) -> bool {
    s.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
}

impl NewSheet {
    /// Each field that is wrong, by its form name.
    pub fn problems(&self) -> Vec<(&'static str, SheetProblem)> {
        let mut out = Vec::new();
        let title = self.title.trim();
        let length = title.chars().count();
        if length == 0 {
            out.push(("title", SheetProblem::TitleEmpty));
        } else if length > MAX_TITLE {
            out.push(("title", SheetProblem::TitleTooLong(length)));
        } else if has_control(title) {
            out.push(("title", SheetProblem::Control));
        }
        if !is_date(&self.held_on) {
            out.push(("held_on", SheetProblem::BadDate));
        }
        out
    }
}

/// A calendar date written YYYY-MM-DD.
pub fn is_date(s: &str) -> bool {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    s.len() == 10 && time::Date::parse(s, &format).is_ok()
}

/// A point as typed, or why it cannot be added to `items`.
pub fn check_item(items: &[SheetItem], text: &str) -> Result<String, SheetProblem> {
    let text = text.trim().replace("\r\n", "\n");
    let length = text.chars().count();
    if length == 0 {
        Err(SheetProblem::ItemEmpty)
    } else if length > MAX_ITEM {
        Err(SheetProblem::ItemTooLong(length))
    } else if has_control(&text) {
        Err(SheetProblem::Control)
    } else if items.len() >= MAX_ITEMS {
        Err(SheetProblem::TooManyItems)
    } else {
        Ok(text)
    }
}

/// Moves item `at` one place up (or down) among the items of its own
/// part; false where it is already first (or last) there, or not there.
pub fn move_item(items: &mut [SheetItem], at: usize, up: bool) -> bool {
    let Some(section) = items.get(at).map(|i| i.section) else {
        return false;
    };
    let same = |i: &usize| items[*i].section == section;
    let other = if up {
        (0..at).rev().find(same)
    } else {
        (at + 1..items.len()).find(same)
    };
    match other {
        Some(o) => {
            items.swap(at, o);
            true
        }
        None => false,
    }
}

/// The columns of a sheets file (`trappa sheets export`): one row per point.
pub const CSV_HEADER: [&str; 8] = [
    "round", "unit", "kind", "title", "held_on", "method", "section", "text",
];

/// The sheets of a file as `export` writes it: consecutive rows with the
/// same round, unit, kind, title, date and method are one sheet. Every
/// problem names its row.
pub fn from_csv(input: impl std::io::Read) -> Result<Vec<Sheet>, String> {
    let mut reader = csv::Reader::from_reader(input);
    let headers = reader.headers().map_err(|e| e.to_string())?.clone();
    if headers.iter().collect::<Vec<_>>() != CSV_HEADER {
        return Err(format!(
            "overskriftene må være {} (har {})",
            CSV_HEADER.join(","),
            headers.iter().collect::<Vec<_>>().join(",")
        ));
    }
    let mut sheets: Vec<Sheet> = Vec::new();
    for (i, row) in reader.records().enumerate() {
        let line = i + 2;
        let row = row.map_err(|e| format!("rad {line}: {e}"))?;
        let field = |n: usize| crate::csvio::format::unescape(row.get(n).unwrap_or("")).to_string();
        let kind = SheetKind::parse(&field(2))
            .ok_or_else(|| format!("rad {line}: ukjent arktype «{}»", field(2)))?;
        let method = Method::parse(&field(5))
            .ok_or_else(|| format!("rad {line}: ukjent metode «{}»", field(5)))?;
        let section = Section::parse(&field(6))
            .filter(|s| kind.sections().contains(s))
            .ok_or_else(|| {
                format!(
                    "rad {line}: «{}» er ikke en del av arket «{}»",
                    field(6),
                    kind.key()
                )
            })?;
        let new = NewSheet {
            round: field(0),
            unit: Some(field(1)).filter(|u| !u.is_empty()),
            kind,
            title: field(3).trim().to_string(),
            held_on: field(4).trim().to_string(),
            method,
        };
        if let Some((name, problem)) = new.problems().into_iter().next() {
            return Err(format!("rad {line}, {name}: {}", problem.words(Lang::Nb)));
        }
        let same = sheets.last().is_some_and(|s| {
            s.round == new.round
                && s.unit == new.unit
                && s.kind == new.kind
                && s.title == new.title
                && s.held_on == new.held_on
                && s.method == new.method
        });
        if !same {
            sheets.push(Sheet {
                id: 0,
                round: new.round,
                unit: new.unit,
                kind,
                title: new.title,
                held_on: new.held_on,
                method,
                items: Vec::new(),
            });
        }
        let sheet = sheets.last_mut().expect("a sheet");
        let text = check_item(&sheet.items, &field(7))
            .map_err(|p| format!("rad {line}, text: {}", p.words(Lang::Nb)))?;
        sheet.items.push(SheetItem { section, text });
    }
    Ok(sheets)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(section: Section, text: &str) -> SheetItem {
        SheetItem {
            section,
            text: text.into(),
        }
    }

    #[test]
    fn points_move_within_their_own_part() {
        let mut items = vec![
            item(Section::Success, "a"),
            item(Section::Improve, "x"),
            item(Section::Success, "b"),
        ];
        assert!(move_item(&mut items, 2, true));
        assert_eq!(items[0].text, "b");
        assert_eq!(items[2].text, "a");
        assert!(!move_item(&mut items, 0, true), "first of its part");
        assert!(!move_item(&mut items, 1, false), "the only improvement");
        assert!(!move_item(&mut items, 9, true));
    }

    #[test]
    fn fields_are_checked_by_name() {
        let sheet = NewSheet {
            round: "2025".into(),
            unit: None,
            kind: SheetKind::Priorities,
            title: " ".into(),
            held_on: "2025-02-30".into(),
            method: Method::DialogueCafe,
        };
        assert_eq!(
            sheet.problems(),
            vec![
                ("title", SheetProblem::TitleEmpty),
                ("held_on", SheetProblem::BadDate)
            ]
        );
        assert!(is_date("2025-03-14"));
        for bad in ["14.03.2025", "2025-3-14", "", "2025-13-01", "i går"] {
            assert!(!is_date(bad), "{bad}");
        }
        let long = "x".repeat(MAX_ITEM + 1);
        assert_eq!(
            check_item(&[], &long),
            Err(SheetProblem::ItemTooLong(MAX_ITEM + 1))
        );
        assert_eq!(check_item(&[], "  "), Err(SheetProblem::ItemEmpty));
        assert_eq!(check_item(&[], "a\u{7}b"), Err(SheetProblem::Control));
        assert_eq!(
            check_item(&[], " Felles møter \r\n i mai "),
            Ok("Felles møter \n i mai".into())
        );
        let full = vec![item(Section::List, "a"); MAX_ITEMS];
        assert_eq!(check_item(&full, "b"), Err(SheetProblem::TooManyItems));
    }
}
