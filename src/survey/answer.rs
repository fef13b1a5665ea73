//! Answer columns and values: the one place where a raw cell (from a form
//! field or a CSV cell) becomes a checked value, and where a response's
//! answers are encoded for storage.

use std::fmt;

use fluent_bundle::FluentValue;
use serde::{Deserialize, Serialize};

use crate::i18n::{Lang, tr, tr_args};

/// One answer column of a round, named as in the exchange CSV.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub name: String,
    pub kind: ColumnKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ColumnKind {
    /// An integer from `min` to `max` (a scale point or a stair step);
    /// `dont_know` when the question offers "vet ikke"; `no_collaboration`
    /// on a stair's current step when it offers "vi samarbeider ikke".
    Scale {
        min: i64,
        max: i64,
        dont_know: bool,
        no_collaboration: bool,
    },
    /// One of the option keys.
    Choice { keys: Vec<String> },
    /// Free text up to `max_length` characters.
    Text { max_length: usize },
}

/// A checked answer. "Not answered" is absence (`None`); "vet ikke" is an
/// answer of its own, which staff chose on purpose, but never a score; so
/// is "vi samarbeider ikke med denne parten" on the stair's current step,
/// which says something else: that there is no collaboration to place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Int(i64),
    Text(String),
    DontKnow,
    NoCollaboration,
}

/// How "vet ikke" is written in the exchange format. The import also takes
/// the words in [`DONT_KNOW_WORDS`].
pub const DONT_KNOW_CELL: &str = "vet ikke";

/// "Don't know" as people write it in a spreadsheet, in the three languages
/// (compared without regard to case), and the form's own value.
pub const DONT_KNOW_WORDS: &[&str] = &[
    "vet ikke",
    "veit ikkje",
    "veit ikke",
    "don't know",
    "don’t know",
    "dont know",
    "vet_ikke",
];

/// Whether `cell` is one of the words for "don't know".
pub fn is_dont_know(cell: &str) -> bool {
    let cell = cell.trim();
    DONT_KNOW_WORDS.iter().any(|w| w.eq_ignore_ascii_case(cell))
}

/// How "vi samarbeider ikke med denne parten" is written in the exchange
/// format. The import also takes the words in [`NO_COLLABORATION_WORDS`].
pub const NO_COLLABORATION_CELL: &str = "samarbeider ikke";

/// "No collaboration" as people write it, in the three languages (compared
/// without regard to case), and the form's own value.
pub const NO_COLLABORATION_WORDS: &[&str] = &[
    "samarbeider ikke",
    "samarbeider ikkje",
    "samarbeider_ikke",
    "no collaboration",
    "not collaborating",
];

/// Whether `cell` is one of the words for "no collaboration".
pub fn is_no_collaboration(cell: &str) -> bool {
    let cell = cell.trim();
    NO_COLLABORATION_WORDS
        .iter()
        .any(|w| w.eq_ignore_ascii_case(cell))
}

/// Stored as JSON `false` ("vet ikke") and `true` ("samarbeider ikke"),
/// which no other answer can be: scale answers are numbers, choices and
/// texts are non-empty strings, unanswered is `null`.
impl Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Int(n) => s.serialize_i64(*n),
            Value::Text(t) => s.serialize_str(t),
            Value::DontKnow => s.serialize_bool(false),
            Value::NoCollaboration => s.serialize_bool(true),
        }
    }
}

/// Written by hand: serde's untagged form buffers every value first, which
/// made reading a million stored responses three times slower.
impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Value;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an integer, a string, false or true")
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Value, E> {
                Ok(if v {
                    Value::NoCollaboration
                } else {
                    Value::DontKnow
                })
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Value, E> {
                Ok(Value::Int(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Value, E> {
                i64::try_from(v).map(Value::Int).map_err(E::custom)
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Value, E> {
                Ok(Value::Text(v.to_string()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Value, E> {
                Ok(Value::Text(v))
            }
        }
        d.deserialize_any(Visitor)
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Int(n) => write!(f, "{n}"),
            Value::Text(s) => f.write_str(s),
            Value::DontKnow => f.write_str(DONT_KNOW_CELL),
            Value::NoCollaboration => f.write_str(NO_COLLABORATION_CELL),
        }
    }
}

/// Why a cell is not an answer to its column. `Display` is the command
/// line's bokmål; `words` gives the web's language.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CellError {
    #[error("«{value}» er ikke et svar på dette spørsmålet, som ikke har «vet ikke»")]
    NoDontKnow { value: String },
    #[error("«{value}» er ikke et svar på dette spørsmålet, som ikke har «samarbeider ikke»")]
    NoNoCollaboration { value: String },
    #[error("{value} er utenfor skalaen {min}–{max}")]
    OutOfScale { value: i64, min: i64, max: i64 },
    #[error("«{value}» er ikke et heltall fra {min} til {max}")]
    NotAnInteger { value: String, min: i64, max: i64 },
    #[error("«{value}» er ikke et gyldig valg (gyldige: {})", keys.join(", "))]
    NotAChoice { value: String, keys: Vec<String> },
    #[error("teksten er for lang ({length} tegn, høyst {max})")]
    TooLong { length: usize, max: usize },
    #[error("teksten har ugyldige kontrolltegn")]
    ControlCharacters,
}

impl CellError {
    /// The reason in `lang`, for a page.
    pub fn words(&self, lang: Lang) -> String {
        let int = |n: i64| FluentValue::from(n);
        match self {
            CellError::NoDontKnow { value } => tr_args(
                lang,
                "cell-no-dont-know",
                &[("value", value.clone().into())],
            ),
            CellError::NoNoCollaboration { value } => tr_args(
                lang,
                "cell-no-no-collaboration",
                &[("value", value.clone().into())],
            ),
            CellError::OutOfScale { value, min, max } => tr_args(
                lang,
                "cell-out-of-scale",
                &[
                    ("value", int(*value)),
                    ("min", int(*min)),
                    ("max", int(*max)),
                ],
            ),
            CellError::NotAnInteger { value, min, max } => tr_args(
                lang,
                "cell-not-an-integer",
                &[
                    ("value", value.clone().into()),
                    ("min", int(*min)),
                    ("max", int(*max)),
                ],
            ),
            CellError::NotAChoice { value, keys } => tr_args(
                lang,
                "cell-not-a-choice",
                &[
                    ("value", value.clone().into()),
                    ("keys", keys.join(", ").into()),
                ],
            ),
            CellError::TooLong { length, max } => tr_args(
                lang,
                "cell-too-long",
                &[("length", (*length).into()), ("max", (*max).into())],
            ),
            CellError::ControlCharacters => tr(lang, "cell-control-characters"),
        }
    }
}

impl Column {
    /// Parses one raw cell. Empty (or only whitespace) is "not answered";
    /// a word for "don't know" (or "no collaboration") is that answer where
    /// the question offers it.
    pub fn parse(&self, raw: &str) -> Result<Option<Value>, CellError> {
        if raw.trim().is_empty() {
            return Ok(None);
        }
        match &self.kind {
            ColumnKind::Scale {
                no_collaboration, ..
            } if is_no_collaboration(raw) => {
                if *no_collaboration {
                    Ok(Some(Value::NoCollaboration))
                } else {
                    Err(CellError::NoNoCollaboration {
                        value: clip(raw.trim()),
                    })
                }
            }
            ColumnKind::Scale { dont_know, .. } if is_dont_know(raw) => {
                if *dont_know {
                    Ok(Some(Value::DontKnow))
                } else {
                    Err(CellError::NoDontKnow {
                        value: clip(raw.trim()),
                    })
                }
            }
            ColumnKind::Scale { min, max, .. } => {
                let t = raw.trim();
                let (min, max) = (*min, *max);
                match t.parse::<i64>() {
                    Ok(n) if (min..=max).contains(&n) => Ok(Some(Value::Int(n))),
                    Ok(value) => Err(CellError::OutOfScale { value, min, max }),
                    Err(_) => Err(CellError::NotAnInteger {
                        value: clip(t),
                        min,
                        max,
                    }),
                }
            }
            ColumnKind::Choice { keys } => {
                let t = raw.trim();
                if keys.iter().any(|k| k == t) {
                    Ok(Some(Value::Text(t.to_string())))
                } else {
                    Err(CellError::NotAChoice {
                        value: clip(t),
                        keys: keys.clone(),
                    })
                }
            }
            ColumnKind::Text { max_length } => {
                let length = raw.chars().count();
                if length > *max_length {
                    Err(CellError::TooLong {
                        length,
                        max: *max_length,
                    })
                } else if raw
                    .chars()
                    .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
                {
                    Err(CellError::ControlCharacters)
                } else {
                    // Kept as written (no trimming) so export → import is exact.
                    Ok(Some(Value::Text(raw.to_string())))
                }
            }
        }
    }
}

fn clip(s: &str) -> String {
    if s.chars().count() > 20 {
        format!("{}…", s.chars().take(20).collect::<String>())
    } else {
        s.to_string()
    }
}

/// Encodes answers aligned with the round's columns as a JSON array in
/// column order, `null` for unanswered, `false` for "vet ikke", `true` for
/// "samarbeider ikke", trailing
/// `null`s left out (`[2,3,null,false,5]`). Positional is safe because a round's columns never
/// change once it exists, and it keeps a million responses small.
pub fn encode_answers(values: &[Option<Value>]) -> String {
    let used = values
        .iter()
        .rposition(Option::is_some)
        .map_or(0, |i| i + 1);
    let mut out = String::with_capacity(2 + 3 * used);
    out.push('[');
    for (i, value) in values[..used].iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        match value {
            None => out.push_str("null"),
            Some(Value::Int(n)) => {
                use std::fmt::Write;
                let _ = write!(out, "{n}");
            }
            Some(Value::Text(s)) => {
                out.push_str(&serde_json::to_string(s).expect("a string always serialises"))
            }
            Some(Value::DontKnow) => out.push_str("false"),
            Some(Value::NoCollaboration) => out.push_str("true"),
        }
    }
    out.push(']');
    out
}

/// Decodes stored answers into values aligned with `columns`. More values
/// than columns is an error: the store holds only checked data.
pub fn decode_answers(columns: &[Column], json: &str) -> Result<Vec<Option<Value>>, String> {
    decode_answer_list(columns.len(), json)
}

/// `decode_answers` for a round of `len` columns.
pub fn decode_answer_list(len: usize, json: &str) -> Result<Vec<Option<Value>>, String> {
    let stored: Vec<Option<Value>> =
        serde_json::from_str(json).map_err(|e| format!("lagrede svar kan ikke leses: {e}"))?;
    if stored.len() > len {
        return Err(format!(
            "lagret svar har {} verdier, men runden har {len} kolonner",
            stored.len(),
        ));
    }
    let mut values = stored;
    values.resize(len, None);
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scale() -> Column {
        Column {
            name: "plakat.p01".into(),
            kind: ColumnKind::Scale {
                min: 1,
                max: 5,
                dont_know: true,
                no_collaboration: false,
            },
        }
    }

    #[test]
    fn dont_know_is_an_answer_of_its_own() {
        for word in [
            "Vet ikke",
            " vet ikke ",
            "Veit ikkje",
            "Don't know",
            "DONT KNOW",
        ] {
            assert_eq!(scale().parse(word), Ok(Some(Value::DontKnow)), "{word}");
        }
        let without = Column {
            name: "plakat.p01".into(),
            kind: ColumnKind::Scale {
                min: 1,
                max: 5,
                dont_know: false,
                no_collaboration: false,
            },
        };
        assert!(
            without
                .parse("Vet ikke")
                .unwrap_err()
                .to_string()
                .contains("ikke har «vet ikke»")
        );
        let values = vec![Some(Value::Int(2)), None, Some(Value::DontKnow)];
        let json = encode_answers(&values);
        assert_eq!(json, "[2,null,false]");
        let cols = vec![scale(), scale(), scale()];
        assert_eq!(decode_answers(&cols, &json).unwrap(), values);
        assert_eq!(
            decode_answers(&cols, "[true]").unwrap(),
            vec![Some(Value::NoCollaboration), None, None]
        );
    }

    #[test]
    fn no_collaboration_is_an_answer_apart_from_dont_know_and_blank() {
        let now = Column {
            name: "trapp.skole.now".into(),
            kind: ColumnKind::Scale {
                min: 1,
                max: 4,
                dont_know: true,
                no_collaboration: true,
            },
        };
        for word in [
            "samarbeider ikke",
            "Samarbeider ikkje",
            " No collaboration ",
        ] {
            assert_eq!(now.parse(word), Ok(Some(Value::NoCollaboration)), "{word}");
        }
        assert_eq!(now.parse("vet ikke"), Ok(Some(Value::DontKnow)));
        assert_eq!(now.parse(""), Ok(None));
        // The goal (and any other scale) has no such answer.
        let err = scale().parse("samarbeider ikke").unwrap_err();
        assert!(
            err.to_string().contains("ikke har «samarbeider ikke»"),
            "{err}"
        );
        let values = vec![
            Some(Value::NoCollaboration),
            Some(Value::DontKnow),
            None,
            Some(Value::Int(2)),
        ];
        let json = encode_answers(&values);
        assert_eq!(json, "[true,false,null,2]");
        let cols = vec![now.clone(), now.clone(), now.clone(), now];
        assert_eq!(decode_answers(&cols, &json).unwrap(), values);
        assert_eq!(Value::NoCollaboration.to_string(), NO_COLLABORATION_CELL);
    }

    #[test]
    fn scale_cells() {
        assert_eq!(scale().parse(" 4 "), Ok(Some(Value::Int(4))));
        assert_eq!(scale().parse(""), Ok(None));
        assert!(
            scale()
                .parse("6")
                .unwrap_err()
                .to_string()
                .contains("utenfor skalaen 1–5")
        );
        assert!(
            scale()
                .parse("3.5")
                .unwrap_err()
                .to_string()
                .contains("ikke et heltall")
        );
    }

    #[test]
    fn text_is_kept_exactly_and_limited() {
        let c = Column {
            name: "kommentar".into(),
            kind: ColumnKind::Text { max_length: 5 },
        };
        assert_eq!(c.parse(" a\nb"), Ok(Some(Value::Text(" a\nb".into()))));
        assert!(
            c.parse("abcdef")
                .unwrap_err()
                .to_string()
                .contains("6 tegn")
        );
        assert_eq!(
            c.parse("abcdef").unwrap_err().words(Lang::En),
            "the text is too long (6 characters, at most 5)"
        );
    }

    #[test]
    fn encode_decode_round_trip() {
        let cols = vec![
            scale(),
            Column {
                name: "kommentar".into(),
                kind: ColumnKind::Text { max_length: 50 },
            },
        ];
        let values = vec![
            Some(Value::Int(3)),
            Some(Value::Text("«hei», \"du\"\n".into())),
        ];
        let json = encode_answers(&values);
        assert_eq!(json, r#"[3,"«hei», \"du\"\n"]"#);
        assert_eq!(decode_answers(&cols, &json).unwrap(), values);
        let sparse = vec![Some(Value::Int(2)), None];
        assert_eq!(encode_answers(&sparse), "[2]");
        assert_eq!(decode_answers(&cols, "[2]").unwrap(), sparse);
        assert_eq!(encode_answers(&[None, None]), "[]");
        assert!(decode_answers(&cols, "[1,2,3]").is_err());
        assert!(decode_answers(&cols, "[1.5]").is_err());
    }
}
