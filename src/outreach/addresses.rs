//! The e-mail addresses an administrator gives for a unit: pasted one per
//! line (or separated by commas, semicolons or spaces), or a CSV file from
//! the HR system with a column of addresses, found by its heading
//! (`e-post`, `epost`, `email`, `mail`, …) or as the one column that holds
//! them. All or nothing: one bad address refuses the lot, naming its line.

use std::str::FromStr;

/// Most addresses one request gives.
pub const MAX_ADDRESSES: usize = 5_000;

/// Why the addresses are refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Nothing that looks like an address.
    Empty,
    /// Line `line` holds `value`, which is not an address.
    NotAnAddress {
        line: usize,
        value: String,
    },
    TooMany {
        count: usize,
    },
    /// A CSV with several columns and none named or holding addresses.
    NoColumn,
}

/// A heading that names the address column.
fn is_address_heading(h: &str) -> bool {
    let h = h.trim().to_lowercase().replace(['-', '_', ' '], "");
    matches!(
        h.as_str(),
        "epost" | "epostadresse" | "email" | "emailaddress" | "mail" | "adresse" | "address"
    )
}

fn valid(address: &str) -> bool {
    lettre::Address::from_str(address).is_ok()
}

/// The addresses in what was given, each once (ignoring case), in order.
pub fn parse(text: &str) -> Result<Vec<String>, Problem> {
    let text = text.trim_start_matches('\u{feff}');
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let delimiter = [b';', b',', b'\t']
        .into_iter()
        .max_by_key(|d| first.bytes().filter(|b| b == d).count())
        .filter(|d| first.as_bytes().contains(d));
    let found: Vec<(usize, String)> = match delimiter {
        Some(d) if first.split(char::from(d)).any(is_address_heading) => column(text, d)?,
        _ => tokens(text),
    };
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (line, value) in found {
        if !valid(&value) {
            return Err(Problem::NotAnAddress { line, value });
        }
        if seen.insert(value.to_lowercase()) {
            out.push(value);
        }
    }
    if out.is_empty() {
        return Err(Problem::Empty);
    }
    if out.len() > MAX_ADDRESSES {
        return Err(Problem::TooMany { count: out.len() });
    }
    Ok(out)
}

/// Values of the column headed as addresses, with their lines (1-based,
/// the heading is line 1).
fn column(text: &str, delimiter: u8) -> Result<Vec<(usize, String)>, Problem> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|_| Problem::NoColumn)?.clone();
    let at = headers
        .iter()
        .position(is_address_heading)
        .ok_or(Problem::NoColumn)?;
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| Problem::NotAnAddress {
            line: e.position().map_or(i + 2, |p| line_at(text, p.byte())),
            value: String::new(),
        })?;
        // The line the record starts on, as an editor shows it (quoted
        // fields may span lines; blank lines are skipped).
        let line = record.position().map_or(i + 2, |p| line_at(text, p.byte()));
        let value = record.get(at).unwrap_or("").trim();
        if !value.is_empty() {
            out.push((line, value.to_string()));
        }
    }
    Ok(out)
}

/// The line (1-based) of the record that starts at byte `offset`: the csv
/// reader's position is where it began reading, before the blank lines it
/// skips.
fn line_at(text: &str, offset: u64) -> usize {
    let bytes = text.as_bytes();
    let mut end = (offset as usize).min(bytes.len());
    while end < bytes.len() && matches!(bytes[end], b'\n' | b'\r') {
        end += 1;
    }
    bytes[..end].iter().filter(|&&b| b == b'\n').count() + 1
}

/// Every token of a pasted list, with its line.
fn tokens(text: &str) -> Vec<(usize, String)> {
    text.lines()
        .enumerate()
        .flat_map(|(i, l)| {
            l.split([',', ';', ' ', '\t'])
                .map(|t| t.trim().trim_matches(['<', '>', '"']))
                .filter(|t| !t.is_empty())
                .map(move |t| (i + 1, t.to_string()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pasted_list_gives_each_address_once() {
        let got =
            parse("kari@solvik.no\nola@solvik.no, Kari@Solvik.no;\n\n per@solvik.no ").unwrap();
        assert_eq!(got, ["kari@solvik.no", "ola@solvik.no", "per@solvik.no"]);
    }

    #[test]
    fn a_bad_address_in_a_csv_is_named_by_its_own_line() {
        let csv = "Navn;E-post\n\"Kari\nNordmann\";kari@solvik.no\n\nOla;ola(at)solvik.no\n";
        assert_eq!(
            parse(csv),
            Err(Problem::NotAnAddress {
                line: 5,
                value: "ola(at)solvik.no".into()
            })
        );
    }

    #[test]
    fn a_csv_is_read_by_its_address_column() {
        let csv =
            "Navn;E-post;Avdeling\nKari Nordmann;kari@solvik.no;Kultur\nOla;ola@solvik.no;Kultur\n";
        assert_eq!(parse(csv).unwrap(), ["kari@solvik.no", "ola@solvik.no"]);
    }

    #[test]
    fn a_bad_address_is_named_with_its_line() {
        assert_eq!(
            parse("kari@solvik.no\nola(at)solvik.no"),
            Err(Problem::NotAnAddress {
                line: 2,
                value: "ola(at)solvik.no".into()
            })
        );
        assert_eq!(
            parse("Navn,Epost\nKari,kari@solvik\u{0}.no"),
            Err(Problem::NotAnAddress {
                line: 2,
                value: "kari@solvik\u{0}.no".into()
            })
        );
        assert_eq!(parse("  \n "), Err(Problem::Empty));
    }
}
