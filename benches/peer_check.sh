#!/usr/bin/env bash
# Opt-in: trappa's figures against the pandas peer in shared/bench, on a
# file from trappa's own generator (needs python3 with pandas, scipy,
# matplotlib and jinja2). Not part of `cargo test`, which checks the same
# figures against an oracle of its own.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bench="${TRAPPA_BENCH_DIR:-$root/../shared/bench}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cargo build --quiet --manifest-path "$root/Cargo.toml"
bin="$root/target/debug/trappa"
"$bin" demo --csv "$work/g.csv" --responses 20000 --seed 11 --sep ';' --bom --crlf >/dev/null
"$bin" report --csv "$work/g.csv" --municipality Solvik --round 2026 --compare 2025 --min-n 3 \
  --format json --out "$work/trappa.json"
python3 "$root/benches/peer_check.py" "$bench" "$work/g.csv" "$work/trappa.json" 2026 2025
