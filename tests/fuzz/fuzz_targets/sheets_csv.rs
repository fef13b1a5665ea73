//! Fuzz target: `surfaces::sheets_csv` (see tests/fuzz/surfaces.rs).
#![no_main]

#[path = "../surfaces.rs"]
mod surfaces;

libfuzzer_sys::fuzz_target!(|data: &[u8]| surfaces::sheets_csv(data));
