#!/usr/bin/env bash
# Submissions/s with latency percentiles: wrk POSTs the form on loopback
# against `trappa serve` on a fresh SQLite file. Needs wrk (Debian package).
# Usage: benches/submit.sh [SECONDS] [CONNECTIONS]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
secs="${1:-20}"
conns="${2:-16}"
work="${WORK:-/tmp/trappa-bench}"
mkdir -p "$work"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
bin="$root/target/release/trappa"
db="$work/submit.db"
rm -f "$db" "$db-wal" "$db-shm"
cat > "$work/bench-round.toml" <<'TOML'
municipality = "Bench"
instruments = ["samhandlingstrappa", "innovasjonsplakaten", "kommentar"]
units = ["Kulturskolen"]
relations = [{ key = "skole", label = "Skole" }]
TOML
"$bin" --db "$db" round create bench --file "$work/bench-round.toml" >/dev/null
"$bin" --db "$db" round open bench >/dev/null
"$bin" --db "$db" serve --addr 127.0.0.1:3999 --submit-limit 0 >"$work/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
sleep 1
echo "## trappa: durable form submissions (POST /s/bench)"
wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$root/benches/submit.lua" http://127.0.0.1:3999/ | tee "$work/wrk.txt"
stored=$("$bin" --db "$db" status --round bench | awk '/^Totalt/ {print $2}')
echo "stored responses: $stored"
kill $pid 2>/dev/null; wait $pid 2>/dev/null || true

# The ceiling: a minimal axum handler (GET, no work), same machine, same wrk.
cargo bench --no-run --quiet --bench minimal_server --manifest-path "$root/Cargo.toml"
minimal=$(ls -t "$root"/target/release/deps/minimal_server-* | grep -v '\.d$' | head -1)
"$minimal" 127.0.0.1:3998 >/dev/null &
pid=$!
sleep 1
echo "## ceiling: minimal axum handler (GET /)"
wrk -t2 -c"$conns" -d"${secs}s" --latency http://127.0.0.1:3998/ | tee "$work/wrk-minimal.txt"
ours=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
ceiling=$(awk '/Requests\/sec/ {print $2}' "$work/wrk-minimal.txt")
python3 -c "print(f'submissions/s are {100*$ours/$ceiling:.1f} % of the minimal handler ceiling ({$ours:.0f} of {$ceiling:.0f} requests/s)')"
