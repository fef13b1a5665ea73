#!/usr/bin/env bash
# Reports in constant time (issue 16), in one run on one machine:
#  1. from the CSV, for 10k, 100k and 1M responses, alternately: the pandas
#     peer (shared/bench/peer_report.py), DuckDB's aggregation alone
#     (shared/bench/peer_duckdb.py) and `trappa report --csv`; median of 3;
#     then the csv-crate floor on the same file (best of 3);
#  2. from the database: each file imported into a fresh SQLite file and a
#     fresh PostgreSQL schema, then the leader report (round 2026 against
#     2025) from each, median of 3.
# Wall time of the whole command. Needs /usr/bin/time-free bash, python3
# with pandas, matplotlib, jinja2 and duckdb, and PostgreSQL on 127.0.0.1.
# Usage: benches/constant_time.sh [SIZES...]   (default 10000 100000 1000000)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bench="${TRAPPA_BENCH_DIR:-$root/../shared/bench}"
target="${CARGO_TARGET_DIR:-$root/target}"
work="${WORK:-/tmp/peer-bench}"
pg="${TRAPPA_BENCH_PG:-postgres://postgres@127.0.0.1:5432/test}"
sizes=("${@:-10000 100000 1000000}")
read -r -a sizes <<< "${sizes[*]}"
mkdir -p "$work"
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
cargo bench --no-run --quiet --bench csv_floor --manifest-path "$root/Cargo.toml"
bin="$target/release/trappa"
floor=$(ls -t "$target"/release/deps/csv_floor-* | grep -v '\.d$' | head -1)

# secs CMD...: wall seconds of one run (output discarded; a failure stops all).
secs() {
  local t0 t1
  t0=$(date +%s%N)
  "$@" >/dev/null 2>"$work/last.err" || { cat "$work/last.err" >&2; exit 1; }
  t1=$(date +%s%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'
}
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }

echo "date $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(git -C "$root" rev-parse --short HEAD)"
echo
echo "| responses | pandas peer | DuckDB aggregation | trappa from CSV | csv floor | peer ÷ trappa | DuckDB ÷ trappa | trappa ÷ floor |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in "${sizes[@]}"; do
  csv="$work/responses-$n.csv"
  [ -f "$csv" ] || python3 "$bench/gen_responses.py" --responses "$n" --seed 42 --out "$csv" 2>/dev/null
  p=(); d=(); t=()
  for _ in 1 2 3; do
    p+=("$(secs python3 "$bench/peer_report.py" "$csv" --round 2026 --min-n 5 --out "$work/peer.html")")
    d+=("$(secs python3 "$bench/peer_duckdb.py" "$csv" 2026)")
    t+=("$(secs "$bin" report --csv "$csv" --round 2026 --min-n 5 --out "$work/trappa.html")")
  done
  f=$("$floor" "$csv" | awk '{ print $1 }')
  P=$(median "${p[@]}"); D=$(median "${d[@]}"); T=$(median "${t[@]}")
  echo "| $n | $P s | $D s | $T s | $f s | $(ratio "$P" "$T")× | $(ratio "$D" "$T")× | $(ratio "$T" "$f")× |"
done

echo
echo "| responses | SQLite import | SQLite leader report | PostgreSQL import | PostgreSQL leader report |"
echo "|---:|---:|---:|---:|---:|"
for n in "${sizes[@]}"; do
  csv="$work/responses-$n.csv"
  db="$work/constant-$n.db"
  schema="bench_ct_$n"
  rm -f "$db" "$db-wal" "$db-shm"
  psql "$pg" -qc "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1
  si=$(secs "$bin" --db "$db" import "$csv" --create --municipality Bench)
  gi=$(secs "$bin" --db "$pg" --schema "$schema" import "$csv" --create --municipality Bench)
  s=(); g=()
  for _ in 1 2 3; do
    s+=("$(secs "$bin" --db "$db" report --round 2026 --out "$work/leader-sqlite.html")")
    g+=("$(secs "$bin" --db "$pg" --schema "$schema" report --round 2026 --out "$work/leader-pg.html")")
  done
  echo "| $n | $si s | $(median "${s[@]}") s (${s[*]}) | $gi s | $(median "${g[@]}") s (${g[*]}) |"
  psql "$pg" -qc "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1
done
