#!/usr/bin/env python3
"""Opt-in check of trappa's figures against the pandas peer in shared/bench
(the test suite checks them against its own oracle; this compares with the
pipeline a municipal analyst would build). Usage:
  peer_check.py BENCH_DIR CSV TRAPPA_JSON ROUND PREV
TRAPPA_JSON is `trappa report --csv CSV --round ROUND --compare PREV
--min-n 3 --format json`. Prints how many figures agree; exits 1 on any
difference. trappa's goal figures rest on those who gave both a current step
and a goal, so the peer's n_gap is compared with trappa's n_goal and the
peer's mean goal (over every goal answer) is not compared."""
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


def rows(frame):
    out = {}
    for key, row in frame.iterrows():
        key = "|".join(str(k) for k in (key if isinstance(key, tuple) else (key,)))
        out[key] = {c: clean(row[c]) for c in row.index}
    return out


df, info = peer.load(Path(sys.argv[2]))
ours = json.load(open(sys.argv[3]))["analysis"]
round_, prev = int(sys.argv[4]), int(sys.argv[5])
a = peer.aggregate(df, round_, prev, 2)
items, items_unit, yoy = rows(a["items"]), rows(a["items_unit"]), rows(a["yoy"])
stair, stair_unit = rows(a["stair"]), rows(a["stair_unit"])
compared, differ = 0, []


def eq(what, x, y):
    global compared
    if x is None or y is None:
        if (x is None) != (y is None):
            differ.append(f"{what}: trappa {x} vs peer {y}")
        return
    compared += 1
    if abs(x - y) > 1e-9 * max(abs(y), 1.0):
        differ.append(f"{what}: trappa {x} vs peer {y}")


def likert(what, o, t):
    for k, pk in [("n", "n"), ("mean", "mean"), ("std", "std")]:
        eq(f"{what} {k}", o.get(k), t.get(pk))
    for i in range(5):
        eq(f"{what} pct{i + 1}", o["pct"][i], t.get(f"pct{i + 1}"))


def stairs(what, o, t):
    eq(f"{what} n", o["n"], t["n"])
    eq(f"{what} mean now", o["mean_now"], t["mean"])
    eq(f"{what} median", o["median_now"], t["median"])
    for i in range(4):
        eq(f"{what} pct{i + 1}", o["pct"][i], t[f"pct{i + 1}"])
    if o.get("n_gap") is not None:
        eq(f"{what} n goal", o["n_goal"], t["n_gap"])
        eq(f"{what} n gap", o["n_gap"], t["n_gap"])
        eq(f"{what} mean gap", o["mean_gap"], t["mean_gap"])


for s in ours["statements"]:
    col = s["column"]
    if "hidden" not in s["stats"]:
        likert(col, s["stats"], items[f"Alle|{col}"])
    if s["change"]:
        y = yoy[f"Alle|{col}"]
        eq(f"{col} delta", s["change"]["delta"], y["delta"])
        eq(f"{col} low", s["change"]["low"], y["lo"])
        eq(f"{col} high", s["change"]["high"], y["hi"])
for r in ours["relations"]:
    if "hidden" not in r["stats"]:
        stairs(r["key"], r["stats"], stair[f"Alle|{r['key']}"])
for b in ours["by_unit"]:
    for s, cell in zip(ours["statements"], b["statements"]):
        if "hidden" not in cell:
            likert(f"{b['name']} {s['column']}", cell, items_unit[f"{b['name']}|{s['column']}"])
    for r, cell in zip(ours["relations"], b["stair"]):
        if "hidden" not in cell:
            stairs(f"{b['name']} {r['key']}", cell, stair_unit[f"{b['name']}|{r['key']}"])
print(f"peer check: {compared} figures compared, {len(differ)} differ")
for d in differ[:20]:
    print("  " + d)
sys.exit(1 if differ else 0)
