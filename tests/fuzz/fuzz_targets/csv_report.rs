//! Fuzz target: `surfaces::csv_report` (see tests/fuzz/surfaces.rs).
#![no_main]

#[path = "../surfaces.rs"]
mod surfaces;

libfuzzer_sys::fuzz_target!(|data: &[u8]| surfaces::csv_report(data));
