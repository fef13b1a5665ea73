//! Synthetic responses in the exchange format (`trappa demo --csv FILE`):
//! a municipality of any size over several rounds, for trying trappa on a
//! large round and for the tests, which need files with the awkward parts
//! of real ones (unit names with commas and «», tiny units, a unit that is
//! new, blanks, comments with quotes, semicolons and line breaks).
//! Deterministic: the same options give the same bytes.

use std::io::Write;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::demo::{Kind, affinity, normal};

/// The relations of the stair, in exchange-format order.
pub const RELATIONS: [&str; 6] = crate::survey::round::USUAL_RELATIONS;

#[derive(Debug, Clone)]
pub struct Options {
    pub responses: usize,
    pub seed: u64,
    pub units: usize,
    pub rounds: Vec<String>,
    /// `,` or `;`.
    pub separator: u8,
    /// Start with a UTF-8 byte order mark, as Excel does.
    pub bom: bool,
    /// End rows with CRLF, as Excel does.
    pub crlf: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            responses: 10_000,
            seed: 1,
            units: 40,
            rounds: ["2024", "2025", "2026"].map(String::from).to_vec(),
            separator: b',',
            bom: false,
            crlf: false,
        }
    }
}

const NAMED: &[(&str, Kind)] = &[
    ("Kulturskolen", Kind::Culture),
    ("Helse og omsorg", Kind::Health),
    ("Solvik barneskole", Kind::School),
    ("Hov ungdomsskole", Kind::School),
    ("Teknisk drift", Kind::Technical),
    ("Plan, miljø og landbruk", Kind::Technical),
    ("Solsikken barnehage", Kind::Kindergarten),
    ("Åsen barnehage", Kind::Kindergarten),
    ("NAV Solvik", Kind::Health),
    ("Biblioteket", Kind::Culture),
    ("Ungdomsklubben «Tårnet»", Kind::Culture),
    ("Barnevern (interkommunalt)", Kind::Health),
    ("Økonomi og innkjøp", Kind::Technical),
    ("Ørje skole", Kind::School),
    ("Hjemmetjenesten, sone nord", Kind::Health),
];

const PLACES: &[&str] = &["Nord", "Sør", "Øst", "Vest", "Sentrum", "Åsen", "Bakke"];
const TYPES: &[(&str, Kind)] = &[
    ("skole", Kind::School),
    ("barnehage", Kind::Kindergarten),
    ("omsorgssenter", Kind::Health),
    ("kultursal", Kind::Culture),
    ("driftsstasjon", Kind::Technical),
];

const COMMENTS: &[&str] = &[
    "Vi deler mye informasjon, men planlegger sjelden sammen.",
    "Godt samarbeid med skolen; SFO faller ofte mellom to stoler.",
    "Vi trenger \"faste\" møtepunkter, ikke flere e-poster.",
    "Mer tid til å prøve ut nye ting, takk!",
    "To ting:\nopplæring og tid.",
    "Frivilligheten er en ressurs; vi bruker den for lite, og for sent.",
    "Lederne heier på initiativ, men «budsjettet» sier ofte nei.",
    "   ",
];

/// Unit names and kinds: the named ones first, then place × type, then
/// numbered departments. They depend on `count` only.
fn units(count: usize) -> Vec<(String, Kind)> {
    let mut out: Vec<(String, Kind)> = NAMED.iter().map(|(n, k)| (n.to_string(), *k)).collect();
    for place in PLACES {
        for (kind_name, kind) in TYPES {
            out.push((format!("{place} {kind_name}"), *kind));
        }
    }
    let base = out.len();
    let mut i = 0;
    while out.len() < count {
        let (name, kind) = out[i % base].clone();
        out.push((format!("{name}, avd. {}", i / base + 2), kind));
        i += 1;
    }
    out.truncate(count);
    out
}

/// One field, quoted where it must be (RFC 4180, minimal).
fn field(out: &mut Vec<u8>, value: &str, sep: u8) {
    let special = value
        .bytes()
        .any(|b| b == sep || b == b'"' || b == b'\n' || b == b'\r');
    if special {
        out.push(b'"');
        out.extend_from_slice(value.replace('"', "\"\"").as_bytes());
        out.push(b'"');
    } else {
        out.extend_from_slice(value.as_bytes());
    }
}

/// Writes the file.
pub fn write(options: &Options, out: &mut impl Write) -> std::io::Result<()> {
    let mut rng = StdRng::seed_from_u64(options.seed);
    let units = units(options.units.max(1));
    let sep = options.separator;
    let eol: &[u8] = if options.crlf { b"\r\n" } else { b"\n" };
    let mut header = vec!["round".to_string(), "unit".into(), "role".into()];
    for r in RELATIONS {
        header.push(format!("trapp.{r}.now"));
        header.push(format!("trapp.{r}.goal"));
    }
    header.extend((1..=10).map(|i| format!("plakat.p{i:02}")));
    header.push("kommentar".into());
    let mut buf = Vec::with_capacity(1 << 16);
    if options.bom {
        buf.extend_from_slice(b"\xEF\xBB\xBF");
    }
    buf.extend_from_slice(header.join(&(sep as char).to_string()).as_bytes());
    buf.extend_from_slice(eol);

    // Sizes: Zipf-like weights, with every seventh unit tiny (a few
    // respondents whatever the total), and the last unit new in the second
    // round. Rounds grow a little each year.
    let rounds = options.rounds.len().max(1);
    let weights: Vec<f64> = (0..units.len())
        .map(|i| 1.0 / (i as f64 + 1.0).powf(1.1))
        .collect();
    let total_weight: f64 = weights.iter().sum();
    let growth: Vec<f64> = (0..rounds).map(|r| 1.0 + 0.06 * r as f64).collect();
    let per_round = options.responses as f64 / growth.iter().sum::<f64>();
    let unit_level: Vec<f64> = units.iter().map(|_| 0.4 * normal(&mut rng)).collect();
    let statement_effect = [0.3, -0.2, 0.1, 0.2, -0.3, 0.0, -0.1, 0.1, 0.0, -0.5];
    let mut written = 0;
    for (ri, round) in options.rounds.iter().enumerate() {
        let mut sizes: Vec<usize> = weights
            .iter()
            .enumerate()
            .map(|(u, w)| {
                if u % 7 == 6 {
                    rng.random_range(1..=6)
                } else {
                    (per_round * growth[ri] * w / total_weight).round() as usize
                }
            })
            .collect();
        if ri == 0 && units.len() > 2 {
            let last = sizes.len() - 1;
            sizes[last] = 0;
        }
        // The last round takes what is left, so the file has exactly N rows.
        if ri + 1 == rounds {
            let so_far: usize = sizes.iter().sum::<usize>() + written;
            if so_far < options.responses {
                sizes[0] += options.responses - so_far;
            } else {
                let mut over = so_far - options.responses;
                for s in sizes.iter_mut() {
                    let cut = over.min(s.saturating_sub(1));
                    *s -= cut;
                    over -= cut;
                }
            }
        }
        for (u, (name, kind)) in units.iter().enumerate() {
            for _ in 0..sizes[u] {
                let role = match rng.random::<f64>() {
                    x if x < 0.85 => "ansatt",
                    x if x < 0.95 => "leder",
                    _ => "folkevalgt",
                };
                let attitude = 0.6 * normal(&mut rng) + if role == "leder" { 0.3 } else { 0.0 };
                let level = unit_level[u] + 0.1 * ri as f64;
                field(&mut buf, round, sep);
                buf.push(sep);
                field(&mut buf, name, sep);
                buf.push(sep);
                buf.extend_from_slice(role.as_bytes());
                let skips_much = rng.random::<f64>() < 0.08;
                let blank = |rng: &mut StdRng, p: f64| {
                    rng.random::<f64>() < if skips_much { 0.5 } else { p }
                };
                for r in RELATIONS {
                    let aff = affinity(*kind, r);
                    buf.push(sep);
                    if blank(&mut rng, 0.03 + 0.1 * (1.0 - aff)) {
                        buf.push(sep);
                        continue;
                    }
                    let now =
                        (1.2 + 2.0 * aff + 0.5 * level + 0.4 * attitude + 0.6 * normal(&mut rng))
                            .round()
                            .clamp(1.0, 4.0) as i64;
                    let up = match rng.random::<f64>() {
                        x if x < 0.02 => -1,
                        x if x < 0.4 => 0,
                        x if x < 0.88 => 1,
                        _ => 2,
                    };
                    buf.extend_from_slice(now.to_string().as_bytes());
                    buf.push(sep);
                    if !blank(&mut rng, 0.05) {
                        buf.extend_from_slice((now + up).clamp(1, 4).to_string().as_bytes());
                    }
                }
                for effect in statement_effect {
                    buf.push(sep);
                    if blank(&mut rng, 0.07) {
                        continue;
                    }
                    let score = (3.3 + level + effect + attitude + 0.7 * normal(&mut rng))
                        .round()
                        .clamp(1.0, 5.0) as i64;
                    buf.extend_from_slice(score.to_string().as_bytes());
                }
                buf.push(sep);
                if rng.random::<f64>() < 0.15 {
                    field(&mut buf, COMMENTS[rng.random_range(0..COMMENTS.len())], sep);
                }
                buf.extend_from_slice(eol);
                written += 1;
                if buf.len() > 1 << 20 {
                    out.write_all(&buf)?;
                    buf.clear();
                }
            }
        }
    }
    out.write_all(&buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generated(options: &Options) -> Vec<u8> {
        let mut out = Vec::new();
        write(options, &mut out).unwrap();
        out
    }

    #[test]
    fn same_options_same_bytes_and_exactly_n_rows() {
        let options = Options {
            responses: 2_000,
            seed: 3,
            units: 12,
            ..Options::default()
        };
        let a = generated(&options);
        assert_eq!(a, generated(&options));
        let mut reader = csv::Reader::from_reader(a.as_slice());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 2_000);
        assert_eq!(reader.headers().unwrap().len(), 3 + 12 + 10 + 1);
        let units: std::collections::BTreeSet<&str> = rows.iter().map(|r| &r[1]).collect();
        assert_eq!(units.len(), 12);
        assert!(units.contains("Plan, miljø og landbruk"));
        // A comment with a line break survives quoting.
        assert!(rows.iter().any(|r| r[25].contains('\n')));
        // Tiny units: some (round, unit) under 5.
        let mut cells = std::collections::BTreeMap::new();
        for r in &rows {
            *cells
                .entry((r[0].to_string(), r[1].to_string()))
                .or_insert(0) += 1;
        }
        assert!(cells.values().any(|&n| n < 5));
    }

    #[test]
    fn the_excel_dialect_has_a_bom_semicolons_and_crlf() {
        let options = Options {
            responses: 300,
            separator: b';',
            bom: true,
            crlf: true,
            ..Options::default()
        };
        let bytes = generated(&options);
        assert!(bytes.starts_with(b"\xEF\xBB\xBFround;unit;role;"));
        assert!(bytes.windows(2).any(|w| w == b"\r\n"));
    }
}
