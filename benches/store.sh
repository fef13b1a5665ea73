#!/usr/bin/env bash
# SQLite against PostgreSQL at 1M responses, in one run: import the same
# generated file into a fresh SQLite file and into a fresh PostgreSQL schema,
# then time the leader report from each (3 times) and the peer
# (shared/bench/peer_report.py) on the CSV, for the ratio.
# Needs PostgreSQL on 127.0.0.1:5432 (TRAPPA_BENCH_PG to use another).
# Usage: benches/store.sh [ROWS]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bench="${TRAPPA_BENCH_DIR:-$root/../shared/bench}"
rows="${1:-1000000}"
work="${WORK:-/tmp/trappa-bench}"
pg="${TRAPPA_BENCH_PG:-postgres://postgres@127.0.0.1:5432/test}"
schema="bench_$$"
mkdir -p "$work"
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
bin="$root/target/release/trappa"
csv="$work/responses-$rows.csv"
[ -f "$csv" ] || python3 "$bench/gen_responses.py" --responses "$rows" --seed 42 --out "$csv" 2>/dev/null
db="$work/store-$rows.db"
rm -f "$db" "$db-wal" "$db-shm"
trap 'psql "$pg" -qc "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true' EXIT

timed() { /usr/bin/time -f "%e s wall, %M KB peak RSS" "$@" 2>&1 >/dev/null | tail -1; }

echo "## Import of $rows responses (one transaction)"
echo "SQLite:     $(timed "$bin" --db "$db" import "$csv" --create --municipality Bench)"
echo "PostgreSQL: $(timed "$bin" --db "$pg" --schema "$schema" import "$csv" --create --municipality Bench)"
echo
echo "## Leader report, round 2026 against 2025"
for i in 1 2 3; do
  echo "SQLite:     $(timed "$bin" --db "$db" report --round 2026 --out "$work/leader-sqlite.html")"
  echo "PostgreSQL: $(timed "$bin" --db "$pg" --schema "$schema" report --round 2026 --out "$work/leader-pg.html")"
done
echo "peer (pandas, from the CSV): $(timed python3 "$bench/peer_report.py" "$csv" --round 2026 --min-n 5 --out "$work/peer.html")"
if cmp -s <(sed 's/Laget [^·]*·//' "$work/leader-sqlite.html") <(sed 's/Laget [^·]*·//' "$work/leader-pg.html"); then
  echo "The two reports are identical (apart from the line naming the source)."
else
  echo "The two reports differ beyond the source line:"; diff <(grep -o 'datagrunnlag <span class="fp">[^<]*' "$work/leader-sqlite.html") <(grep -o 'datagrunnlag <span class="fp">[^<]*' "$work/leader-pg.html") || true
fi
