#!/usr/bin/env bash
# Import throughput: generates exchange CSV files with shared/bench's
# generator and times `trappa import` into a fresh SQLite file, printing
# rows/s and peak RSS (GNU time). Usage: benches/import.sh [SIZES...]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
gen="${TRAPPA_BENCH_DIR:-$root/../shared/bench}/gen_responses.py"
work="${WORK:-/tmp/trappa-bench}"
sizes=("${@:-100000 1000000}")
mkdir -p "$work"
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
bin="$root/target/release/trappa"

printf '| rows | file | import wall | rows/s | peak RSS | db size |\n|---:|---:|---:|---:|---:|---:|\n'
for n in ${sizes[@]}; do
  csv="$work/responses-$n.csv"
  [ -f "$csv" ] || python3 "$gen" --responses "$n" --seed 42 --out "$csv" 2>/dev/null
  db="$work/import-$n.db"
  rm -f "$db" "$db-wal" "$db-shm"
  /usr/bin/time -v -o "$work/time-$n.txt" \
    "$bin" --db "$db" import "$csv" --create --municipality Bench >/dev/null
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time-$n.txt")
  secs=$(python3 -c "p='$wall'.split(':'); print(sum(float(x)*60**i for i,x in enumerate(reversed(p))))")
  rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time-$n.txt")
  printf '| %s | %s MB | %.2f s | %s | %s MB | %s MB |\n' "$n" \
    "$(( $(stat -c %s "$csv") / 1000000 ))" "$secs" \
    "$(python3 -c "print(f'{$n/$secs:,.0f}'.replace(',', ' '))")" \
    "$(( rss_kb / 1024 ))" "$(( $(stat -c %s "$db") / 1000000 ))"
done
