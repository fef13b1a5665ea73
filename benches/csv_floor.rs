//! The floor for any CSV → report pipeline: reading every record of a file
//! with the csv crate and nothing else. `cargo bench --bench csv_floor -- FILE`
//! prints the best of three wall times in seconds.

use std::time::Instant;

fn main() {
    let Some(path) = std::env::args().skip(1).rfind(|a| !a.starts_with("--")) else {
        eprintln!("usage: cargo bench --bench csv_floor -- FILE.csv");
        std::process::exit(2);
    };
    let mut best = f64::MAX;
    let mut rows = 0u64;
    for _ in 0..3 {
        let t = Instant::now();
        let file = std::fs::File::open(&path).expect("file opens");
        let mut reader = trappa::csvio::format::reader(file).expect("header reads");
        let mut record = csv::ByteRecord::new();
        rows = 0;
        while reader.read_byte_record(&mut record).expect("record reads") {
            rows += 1;
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!("{best:.3} s for {rows} rows");
}
