#!/usr/bin/env bash
# Report speed against the peer (shared/bench/peer_report.py) in one run:
# run_peer.sh times the peer and `trappa report --csv` back to back on the
# same files (10k, 100k, 1M responses; median of REPS), then this script
# measures the csv-crate floor on the 1M file and the leader report for
# the same 1M responses from a SQLite database.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bench="${TRAPPA_BENCH_DIR:-$root/../shared/bench}"
export WORK="${WORK:-/tmp/peer-bench}"
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
cargo bench --no-run --quiet --bench csv_floor --manifest-path "$root/Cargo.toml"
bin="$root/target/release/trappa"

OTHER_NAME=trappa \
OTHER_CMD="$bin report --csv {csv} --round {round} --min-n {min_n} --out {out}" \
  bash "$bench/run_peer.sh"

big="$WORK/responses-1000000.csv"
[ -f "$big" ] || big=$(ls "$WORK"/*1000000*.csv | head -1)
echo
echo "## Floor: reading the 1M file with the csv crate alone"
floor=$(ls -t "$root"/target/release/deps/csv_floor-* | grep -v '\.d$' | head -1)
"$floor" "$big"

echo
echo "## Leader report for the 1M responses from SQLite"
db="$WORK/report-1m.db"
if [ ! -f "$db" ]; then
  "$bin" --db "$db" import "$big" --create --municipality Bench >/dev/null
fi
for i in 1 2 3; do
  /usr/bin/time -f "%e s wall, %M KB peak RSS" "$bin" --db "$db" report --round 2026 --out "$WORK/leader-db.html" 2>&1
done
