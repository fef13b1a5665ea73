//! Reference figures: averages from outside the municipality (a region, a
//! network of municipalities, a national survey), read from a CSV file and
//! shown beside the round's own means, named by their source and year.
//! One row a figure: `source;year;column;mean[;n]`, where `column` is one
//! of the round's scale columns or a stair column (`trapp.skole.now`). The
//! import is all or nothing and names every bad cell; a file replaces what
//! the round had from the same source and year.

use std::collections::HashSet;
use std::io::Read;

use super::areas::AreasError;
use super::format;
use super::import::{ImportProblem, RowError};
use crate::store::{ReferenceFigure, Store};
use crate::survey::Round;
use crate::survey::answer::ColumnKind;

/// The columns, in order (`n` may be left out).
pub const COLUMNS: [&str; 5] = ["source", "year", "column", "mean", "n"];

fn row_error(row: u64, column: &str, message: String) -> RowError {
    RowError {
        row,
        line: row,
        column: Some(column.to_string()),
        problem: ImportProblem::Areas { text: message },
    }
}

/// Reads reference figures for `round` from `input`; every bad cell is
/// named, and nothing is returned unless all are right.
pub fn parse(round: &Round, input: impl Read) -> Result<Vec<ReferenceFigure>, AreasError> {
    let mut input = input;
    let mut bytes = Vec::new();
    input.read_to_end(&mut bytes)?;
    let (bytes, _) = format::to_utf8(bytes);
    let mut reader = format::reader(bytes.as_slice())?;
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| AreasError::Read(std::io::Error::other(e.to_string())))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let mut errors = Vec::new();
    let position = |name: &str| header.iter().position(|h| h == name);
    let mut at = [0usize; 5];
    for (i, name) in COLUMNS.iter().enumerate() {
        match position(name) {
            Some(p) => at[i] = p,
            None if *name == "n" => at[i] = usize::MAX,
            None => errors.push(row_error(1, name, format!("kolonnen «{name}» mangler"))),
        }
    }
    if !errors.is_empty() {
        return Err(AreasError::Invalid(errors));
    }
    let mut figures = Vec::new();
    let mut seen = HashSet::new();
    for (i, record) in reader.records().enumerate() {
        let row = i as u64 + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                errors.push(row_error(row, "", format!("raden kan ikke leses: {e}")));
                continue;
            }
        };
        let cell = |c: usize| {
            record
                .get(at[c])
                .map(|v| format::unescape(v.trim()).to_string())
                .unwrap_or_default()
        };
        let (source, year, column, mean, n) = (cell(0), cell(1), cell(2), cell(3), cell(4));
        if source.is_empty() || source.chars().count() > 200 || source.chars().any(char::is_control)
        {
            errors.push(row_error(
                row,
                "source",
                "kilden mangler, er over 200 tegn eller har kontrolltegn".into(),
            ));
        }
        if year.is_empty() || year.chars().count() > 20 || year.chars().any(char::is_control) {
            errors.push(row_error(
                row,
                "year",
                "året mangler eller er for langt".into(),
            ));
        }
        let range = match round.columns().iter().find(|c| c.name == column) {
            Some(c) => match c.kind {
                ColumnKind::Scale { min, max, .. } => Some((min as f64, max as f64)),
                _ => None,
            },
            None => None,
        };
        if range.is_none() {
            errors.push(row_error(
                row,
                "column",
                format!(
                    "«{column}» er ikke et spørsmål med skala i runde {}",
                    round.id
                ),
            ));
        }
        let (min, max) = range.unwrap_or((1.0, 5.0));
        let value = mean
            .replace(',', ".")
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite());
        let value = match value {
            Some(v) if range.is_none() || (min..=max).contains(&v) => Some(v),
            _ => {
                let text = if range.is_some() {
                    format!("«{mean}» er ikke et snitt mellom {min} og {max}")
                } else {
                    format!("«{mean}» er ikke et tall")
                };
                errors.push(row_error(row, "mean", text));
                None
            }
        };
        let n = if n.is_empty() {
            Some(None)
        } else {
            match n.parse::<i64>() {
                Ok(n) if n > 0 => Some(Some(n as u64)),
                _ => {
                    errors.push(row_error(
                        row,
                        "n",
                        format!("«{n}» er ikke et antall over 0"),
                    ));
                    None
                }
            }
        };
        let (Some(value), Some(n), Some(_)) = (value, n, range) else {
            continue;
        };
        if !seen.insert((source.clone(), year.clone(), column.clone())) {
            errors.push(row_error(
                row,
                "column",
                format!("«{column}» står to ganger for {source} {year}"),
            ));
            continue;
        }
        figures.push(ReferenceFigure {
            source,
            year,
            column,
            mean: value,
            n,
        });
    }
    if errors.is_empty() && figures.is_empty() {
        errors.push(row_error(2, "", "filen har ingen tall".into()));
    }
    if errors.is_empty() {
        Ok(figures)
    } else {
        Err(AreasError::Invalid(errors))
    }
}

/// Reads `input` and keeps its figures for `round`: each source and year
/// in the file replaces what the round had from it. Returns the number
/// of figures per (source, year).
pub async fn import(
    store: &dyn Store,
    round: &Round,
    input: impl Read,
) -> Result<Vec<(String, String, usize)>, AreasError> {
    let figures = parse(round, input)?;
    let mut sets: Vec<(String, String, Vec<ReferenceFigure>)> = Vec::new();
    for f in figures {
        match sets
            .iter_mut()
            .find(|(s, y, _)| *s == f.source && *y == f.year)
        {
            Some((_, _, list)) => list.push(f),
            None => sets.push((f.source.clone(), f.year.clone(), vec![f])),
        }
    }
    store.set_references(&round.id, &sets).await?;
    let done = sets
        .into_iter()
        .map(|(source, year, list)| (source, year, list.len()))
        .collect();
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round() -> Round {
        crate::survey::round::test_round("Kulturskolen")
    }

    #[test]
    fn a_file_gives_figures_with_decimal_commas_and_semicolons() {
        let file = "source;year;column;mean;n\nKS Vest;2025;plakat.p01;3,4;812\nKS Vest;2025;trapp.skole.now;2.1;\n";
        let figures = parse(&round(), file.as_bytes()).unwrap();
        assert_eq!(figures.len(), 2);
        assert_eq!((figures[0].mean, figures[0].n), (3.4, Some(812)));
        assert_eq!(figures[1].column, "trapp.skole.now");
    }

    #[test]
    fn every_bad_cell_is_named_and_nothing_is_taken() {
        let file = "source,year,column,mean\n,2025,plakat.p01,3\nKS,2025,plakat.p99,3\nKS,2025,plakat.p02,9\nKS,2025,kommentar,3\n";
        let Err(AreasError::Invalid(errors)) = parse(&round(), file.as_bytes()) else {
            panic!("refused");
        };
        let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(errors.len(), 4, "{text:?}");
        assert!(text[0].contains("rad 2") && text[0].contains("«source»"));
        assert!(text[1].contains("«plakat.p99» er ikke et spørsmål"));
        assert!(text[2].contains("«9» er ikke et snitt mellom 1 og 5"));
        assert!(text[3].contains("«kommentar»"));
        let missing = parse(&round(), "source;year;mean\n".as_bytes()).unwrap_err();
        assert!(
            missing.to_string().contains("«column» mangler"),
            "{missing}"
        );
    }
}
