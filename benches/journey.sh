#!/usr/bin/env bash
# The stepped survey as people answer it (benches/journey.rs): completed
# surveys/s and time per screen, on SQLite and on PostgreSQL, for this
# build and, side by side in the same run, for an earlier binary
# (TRAPPA_BEFORE=path/to/trappa, e.g. built from an earlier commit).
# Needs PostgreSQL on 127.0.0.1:5432 (TRAPPA_BENCH_PG to use another).
# Usage: benches/journey.sh [SECONDS] [CLIENTS]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
secs="${1:-20}"
clients="${2:-32}"
work="${WORK:-/tmp/trappa-bench}"
pg="${TRAPPA_BENCH_PG:-postgres://postgres@127.0.0.1:5432/test}"
mkdir -p "$work"
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
cargo bench --no-run --quiet --bench journey --manifest-path "$root/Cargo.toml"
journey=$(ls -t "$root"/target/release/deps/journey-* | grep -v '\.d$' | head -1)
cat > "$work/journey-round.toml" <<'TOML'
municipality = "Bench"
instruments = ["samhandlingstrappa", "innovasjonsplakaten", "kommentar"]
units = ["Kulturskolen", "Sjukeheimen", "Barnehagen"]
relations = [
  { key = "skole", label = "Skole" },
  { key = "helse", label = "Helsestasjon" },
  { key = "nav", label = "NAV" },
  { key = "frivillig", label = "Frivilligheten" },
]
TOML

# run LABEL BINARY DB [SCHEMA]: one server, one journey run against it.
run() {
  local label="$1" bin="$2" db="$3" schema="${4:-}"
  local flags=(--db "$db")
  [ -n "$schema" ] && flags+=(--schema "$schema")
  "$bin" "${flags[@]}" round create bench --file "$work/journey-round.toml" >/dev/null
  "$bin" "${flags[@]}" round open bench >/dev/null
  "$bin" "${flags[@]}" serve --addr 127.0.0.1:3997 --submit-limit 0 >"$work/journey-serve.log" 2>&1 &
  local pid=$!
  for _ in $(seq 50); do curl -fs http://127.0.0.1:3997/ >/dev/null 2>&1 && break; sleep 0.1; done
  echo "### $label"
  "$journey" http://127.0.0.1:3997 bench "$clients" "$secs"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

sqlite_db() { local db="$work/journey-$1.db"; rm -f "$db" "$db-wal" "$db-shm"; echo "$db"; }
pg_schema() { psql "$pg" -qc "DROP SCHEMA IF EXISTS $1 CASCADE" >/dev/null 2>&1; echo "$1"; }

echo "## Stepped surveys, $clients clients, $secs s each"
if [ -n "${TRAPPA_BEFORE:-}" ]; then
  run "SQLite, before ($TRAPPA_BEFORE)" "$TRAPPA_BEFORE" "$(sqlite_db before)"
fi
run "SQLite, this build" "$root/target/release/trappa" "$(sqlite_db now)"
if [ -n "${TRAPPA_BEFORE:-}" ]; then
  run "PostgreSQL, before" "$TRAPPA_BEFORE" "$pg" "$(pg_schema journey_before)"
fi
run "PostgreSQL, this build" "$root/target/release/trappa" "$pg" "$(pg_schema journey_now)"
psql "$pg" -qc "DROP SCHEMA IF EXISTS journey_before CASCADE; DROP SCHEMA IF EXISTS journey_now CASCADE" >/dev/null 2>&1 || true
