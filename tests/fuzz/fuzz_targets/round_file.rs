//! Fuzz target: `surfaces::round_file` (see tests/fuzz/surfaces.rs).
#![no_main]

#[path = "../surfaces.rs"]
mod surfaces;

libfuzzer_sys::fuzz_target!(|data: &[u8]| surfaces::round_file(data));
