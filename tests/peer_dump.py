#!/usr/bin/env python3
"""Dumps the peer pipeline's aggregates (shared/bench/peer_report.py) as JSON
with full precision, so the Rust tests can check trappa's figures against an
independent computation. Usage: peer_dump.py BENCH_DIR CSV ROUND PREV"""
import json
import math
import sys
from pathlib import Path

sys.path.insert(0, sys.argv[1])
import peer_report as peer  # noqa: E402


def clean(x):
    if isinstance(x, float) and not math.isfinite(x):
        return None
    if hasattr(x, "item"):
        return clean(x.item())
    return x


def rows(frame, cols):
    out = {}
    for key, row in frame.iterrows():
        key = "|".join(str(k) for k in (key if isinstance(key, tuple) else (key,)))
        out[key] = {c: clean(row[c]) for c in cols if c in row.index}
    return out


df, info = peer.load(Path(sys.argv[2]))
round_, prev = int(sys.argv[3]), int(sys.argv[4])
a = peer.aggregate(df, round_, prev, 2)
likert = ["n", "mean", "std"] + [f"pct{v}" for v in range(1, 6)]
stair = ["n", "mean", "median", "n_goal", "mean_goal", "n_gap", "mean_gap"] + [f"pct{s}" for s in range(1, 5)]
print(json.dumps({
    "invalid_cells": info["invalid_cells"],
    "items": rows(a["items"], likert),
    "items_unit": rows(a["items_unit"], likert),
    "yoy": rows(a["yoy"], ["delta", "lo", "hi", "flag", "n_prev", "mean_prev"]),
    "stair": rows(a["stair"], stair),
    "stair_unit": rows(a["stair_unit"], stair),
    "n_role_round": {f"{r}|{c}": int(a["n_role_round"].loc[r, c])
                     for r in a["n_role_round"].index for c in a["n_role_round"].columns},
}))
