//! The byte-level exchange format: what Norwegian Excel writes (UTF-8 BOM,
//! `;` as separator, CRLF) as well as plain RFC 4180 with `,`.

use std::io::{BufRead, Read};

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
}
