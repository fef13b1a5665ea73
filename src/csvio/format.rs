//! The byte-level exchange format: what Norwegian Excel writes (UTF-8 BOM,
//! `;` as separator, CRLF) as well as plain RFC 4180 with `,`.

use std::borrow::Cow;
use std::io::{BufRead, Read};

/// Characters that make a spreadsheet read a cell as a formula.
const FORMULA_START: &[u8] = b"=+-@\t\r";

/// Whether `cell`, after any leading apostrophes, starts a formula.
fn quoted_formula(cell: &[u8]) -> bool {
    let rest = cell.trim_ascii_start_matches_apostrophes();
    rest.first().is_some_and(|b| FORMULA_START.contains(b))
}

trait Apostrophes {
    fn trim_ascii_start_matches_apostrophes(&self) -> &[u8];
}

impl Apostrophes for [u8] {
    fn trim_ascii_start_matches_apostrophes(&self) -> &[u8] {
        let n = self.iter().take_while(|&&b| b == b'\'').count();
        &self[n..]
    }
}

/// A cell as written to a file people open in a spreadsheet: one that a
/// spreadsheet would run as a formula (starting with =, +, -, @, a tab or a
/// carriage return, after any apostrophes) gets an apostrophe in front, as
/// spreadsheets themselves do. `unescape` takes it off again, so an export
/// imports back exactly.
pub fn escape(cell: &str) -> Cow<'_, str> {
    if quoted_formula(cell.as_bytes()) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The cell as it was before `escape`.
pub fn unescape(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if quoted_formula(rest.as_bytes()) => rest,
        _ => cell,
    }
}

/// `unescape` for raw bytes (the report's own CSV reader).
pub fn unescape_bytes(cell: &[u8]) -> &[u8] {
    match cell.strip_prefix(b"'") {
        Some(rest) if quoted_formula(rest) => rest,
        _ => cell,
    }
}

/// Strips a UTF-8 BOM and detects the separator from the header line: the one
/// of `,` and `;` that occurs more often there.
pub fn sniff<R: BufRead>(reader: &mut R) -> std::io::Result<u8> {
    let buf = reader.fill_buf()?;
    if buf.starts_with(&[0xEF, 0xBB, 0xBF]) {
        reader.consume(3);
    }
    let buf = reader.fill_buf()?;
    let line_end = buf.iter().position(|&b| b == b'\n').unwrap_or(buf.len());
    let line = &buf[..line_end];
    let semicolons = line.iter().filter(|&&b| b == b';').count();
    let commas = line.iter().filter(|&&b| b == b',').count();
    Ok(if semicolons > commas { b';' } else { b',' })
}

/// The file as UTF-8: as it is when it is UTF-8 (with or without a BOM),
/// else read as Windows-1252, which is what Norwegian Excel saves as
/// "CSV (semikolondelt)" (and a superset of Latin-1's letters). The second
/// value says when the file was converted.
pub fn to_utf8(bytes: Vec<u8>) -> (Vec<u8>, bool) {
    if std::str::from_utf8(&bytes).is_ok() {
        return (bytes, false);
    }
    // A UTF-8 file with a few broken bytes (a cut-off text) is still UTF-8:
    // read as Windows-1252, its every æ, ø and å would turn into "Ã¦".
    // Windows-1252 text has almost never a valid multi-byte UTF-8 sequence.
    if has_utf8_letters(&bytes) {
        return (
            String::from_utf8_lossy(&bytes).into_owned().into_bytes(),
            false,
        );
    }
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
    (text.into_owned().into_bytes(), true)
}

/// Whether `bytes` hold at least one valid multi-byte UTF-8 character.
fn has_utf8_letters(bytes: &[u8]) -> bool {
    bytes.utf8_chunks().any(|chunk| !chunk.valid().is_ascii())
}

pub use crate::survey::round::KEY_COLUMNS;

/// Whether `name` is one of the key columns rather than an answer.
pub fn is_key_column(name: &str) -> bool {
    KEY_COLUMNS.contains(&name)
}

/// A file's header row, trimmed, with where the key columns stand.
pub struct Header {
    pub names: Vec<String>,
    pub round: Option<usize>,
    pub unit: Option<usize>,
    pub role: Option<usize>,
}

impl Header {
    pub fn read<R: Read>(reader: &mut csv::Reader<R>) -> csv::Result<Header> {
        let names: Vec<String> = reader
            .headers()?
            .iter()
            .map(|h| column_code(unescape(h.trim())).to_string())
            .collect();
        let find = |key: &str| names.iter().position(|h| h == key);
        let [round, unit, role] = KEY_COLUMNS.map(find);
        Ok(Header {
            names,
            round,
            unit,
            role,
        })
    }
}

/// A header cell's column code: the code itself, or the code in brackets
/// at the end of a header written for people (`Mot til å bryte mønstre
/// [plakat.p02]`, as the Excel download writes it).
pub fn column_code(cell: &str) -> &str {
    cell.strip_suffix(']')
        .and_then(|rest| rest.rsplit_once('['))
        .map(|(_, code)| code.trim())
        .filter(|code| !code.is_empty())
        .unwrap_or(cell)
}

/// The same CSV as Norwegian Excel writes and reads it: a UTF-8 byte order
/// mark, semicolons and CRLF, and a header people read (`readable` gives a
/// column's; the code stays in brackets). The import reads it back as it is.
pub fn for_excel(csv: &[u8], readable: impl Fn(&str) -> Option<String>) -> csv::Result<Vec<u8>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv);
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .delimiter(b';')
            .terminator(csv::Terminator::CRLF)
            .flexible(true)
            .from_writer(&mut out);
        let mut records = reader.byte_records();
        if let Some(header) = records.next() {
            let header = header?;
            let cells: Vec<Vec<u8>> = header
                .iter()
                .map(|cell| {
                    let code = String::from_utf8_lossy(cell);
                    match readable(&code) {
                        // A partner's or a question's words are the
                        // municipality's: one starting with = must not run.
                        Some(words) => escape(&format!("{words} [{code}]"))
                            .into_owned()
                            .into_bytes(),
                        None => cell.to_vec(),
                    }
                })
                .collect();
            writer.write_record(&cells)?;
        }
        for record in records {
            writer.write_byte_record(&record?)?;
        }
        writer.flush()?;
    }
    Ok(out)
}

/// A CSV reader over `reader` with the separator detected and the BOM gone.
pub fn reader<R: Read>(reader: R) -> std::io::Result<csv::Reader<std::io::BufReader<R>>> {
    // The header line must fit in the buffer for sniffing; 1 MiB is plenty.
    let mut buffered = std::io::BufReader::with_capacity(1 << 20, reader);
    let sep = sniff(&mut buffered)?;
    Ok(csv::ReaderBuilder::new()
        .delimiter(sep)
        .has_headers(true)
        .flexible(true)
        .from_reader(buffered))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_readable_header_gives_its_code_back() {
        use super::column_code;
        assert_eq!(
            column_code("Mot til å bryte mønstre [plakat.p02]"),
            "plakat.p02"
        );
        assert_eq!(column_code("plakat.p02"), "plakat.p02");
        assert_eq!(
            column_code("Skole – I dag [trapp.skole.now]"),
            "trapp.skole.now"
        );
        assert_eq!(column_code("[]"), "[]");
        assert_eq!(column_code("a]"), "a]");
        // A readable header that would run as a formula gets its apostrophe,
        // and reads back to its code.
        let csv = b"round,unit,trapp.x.now\n";
        let excel =
            super::for_excel(csv, |c| (c == "trapp.x.now").then(|| "=1+1".to_string())).unwrap();
        let text = String::from_utf8(excel).unwrap();
        assert!(text.contains("'=1+1 [trapp.x.now]"), "{text}");
        assert_eq!(
            column_code(super::unescape("'=1+1 [trapp.x.now]")),
            "trapp.x.now"
        );
    }

    use super::*;

    fn read_all(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
        let mut r = reader(bytes).unwrap();
        let header = r.headers().unwrap().iter().map(String::from).collect();
        let rows = r
            .records()
            .map(|rec| rec.unwrap().iter().map(String::from).collect())
            .collect();
        (header, rows)
    }

    #[test]
    fn excel_style_file() {
        let bytes =
            "\u{feff}round;unit;kommentar\r\n2026;Plan, miljø og landbruk;\"a;b\nc \"\"d\"\"\"\r\n";
        let (header, rows) = read_all(bytes.as_bytes());
        assert_eq!(header, ["round", "unit", "kommentar"]);
        assert_eq!(rows, [["2026", "Plan, miljø og landbruk", "a;b\nc \"d\""]]);
    }

    #[test]
    fn comma_file() {
        let (header, rows) = read_all(b"round,unit\n2026,\"A; B\"\n");
        assert_eq!(header, ["round", "unit"]);
        assert_eq!(rows, [["2026", "A; B"]]);
    }

    #[test]
    fn broken_utf8_stays_utf8() {
        let mut bytes = "Åsen barnehage;Særlig".as_bytes().to_vec();
        bytes.push(0xFF);
        let (text, converted) = to_utf8(bytes);
        assert!(!converted);
        assert_eq!(
            String::from_utf8(text).unwrap(),
            "Åsen barnehage;Særlig\u{FFFD}"
        );
    }

    #[test]
    fn utf8_stays_and_windows_1252_is_converted() {
        let utf8 = "Åsen;ø".as_bytes().to_vec();
        assert_eq!(to_utf8(utf8.clone()), (utf8, false));
        let cp1252 = vec![0xC5, b's', b'e', b'n', b';', 0xF8, b' ', 0x96];
        assert_eq!(to_utf8(cp1252), ("Åsen;ø –".as_bytes().to_vec(), true));
    }

    #[test]
    fn formulas_get_an_apostrophe_and_lose_it_again() {
        for cell in [
            "=1+1", "+47", "-2", "@SUM(A1)", "\tx", "\rx", "'=x", "''+x", "'", "'x", "x=1", "",
            "vanlig",
        ] {
            let escaped = escape(cell);
            assert!(
                !escaped.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?}"
            );
            assert_eq!(unescape(&escaped), cell, "{cell:?}");
            assert_eq!(unescape_bytes(escaped.as_bytes()), cell.as_bytes());
        }
        assert_eq!(escape("vanlig"), "vanlig");
        assert_eq!(
            escape("'x"),
            "'x",
            "an apostrophe before no formula stays as it is"
        );
    }

    proptest::proptest! {
        #[test]
        fn unescape_undoes_escape(cell in "['=+@ a\t-]{0,6}") {
            let escaped = escape(&cell);
            proptest::prop_assert_eq!(unescape(&escaped), cell.as_str());
        }
    }
}
