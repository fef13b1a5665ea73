#!/usr/bin/env bash
# Submissions/s with latency percentiles: wrk POSTs the form on loopback
# against `trappa serve` on a fresh SQLite file, or with STORE=postgres on
# a fresh PostgreSQL schema (TRAPPA_BENCH_PG, default 127.0.0.1:5432/test).
# With TRAPPA_BEFORE=path/to/trappa, an earlier binary runs first, side by
# side in the same run. Needs wrk (Debian package).
# Usage: [STORE=postgres] benches/submit.sh [SECONDS] [CONNECTIONS]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
secs="${1:-20}"
conns="${2:-16}"
store="${STORE:-sqlite}"
work="${WORK:-/tmp/trappa-bench}"
pg="${TRAPPA_BENCH_PG:-postgres://postgres@127.0.0.1:5432/test}"
mkdir -p "$work"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
cat > "$work/bench-round.toml" <<'TOML'
municipality = "Bench"
instruments = ["samhandlingstrappa", "innovasjonsplakaten", "kommentar"]
units = ["Kulturskolen"]
relations = [{ key = "skole", label = "Skole" }]
TOML

# submissions LABEL BINARY: one fresh store, one server, one wrk run.
submissions() {
  local label="$1" bin="$2" flags
  if [ "$store" = postgres ]; then
    psql "$pg" -qc "DROP SCHEMA IF EXISTS bench_submit CASCADE" >/dev/null 2>&1
    flags=(--db "$pg" --schema bench_submit)
  else
    local db="$work/submit.db"
    rm -f "$db" "$db-wal" "$db-shm"
    flags=(--db "$db")
  fi
  "$bin" "${flags[@]}" round create bench --file "$work/bench-round.toml" >/dev/null
  "$bin" "${flags[@]}" round open bench >/dev/null
  "$bin" "${flags[@]}" serve --addr 127.0.0.1:3999 --submit-limit 0 >"$work/serve.log" 2>&1 &
  local pid=$!
  for _ in $(seq 50); do curl -fs http://127.0.0.1:3999/ >/dev/null 2>&1 && break; sleep 0.1; done
  echo "## $label: durable form submissions (POST /s/bench, $store)"
  wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$root/benches/submit.lua" http://127.0.0.1:3999/ | tee "$work/wrk.txt"
  echo "stored responses: $("$bin" "${flags[@]}" status --round bench | awk '/^Totalt/ {print $2}')"
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
}

if [ -n "${TRAPPA_BEFORE:-}" ]; then
  submissions "before ($TRAPPA_BEFORE)" "$TRAPPA_BEFORE"
fi
submissions "trappa" "$root/target/release/trappa"
[ "$store" = postgres ] && psql "$pg" -qc "DROP SCHEMA IF EXISTS bench_submit CASCADE" >/dev/null 2>&1
[ -n "${SKIP_CEILING:-}" ] && exit 0
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
