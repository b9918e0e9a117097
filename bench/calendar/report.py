#!/usr/bin/env python3
"""Puts the two sides of bench/calendar side by side: a table on stdout and WORK/result.json.

Reads WORK/fulcrum-N.json and WORK/icaljs-N.json (one per round), WORK/machine.json and the two
occurrence dumps; the medians are over every timed run of every round.

usage: report.py WORK
"""
import glob
import json
import os
import statistics
import sys

work = sys.argv[1]


def rounds(side):
    return [json.load(open(p)) for p in sorted(glob.glob(os.path.join(work, f"{side}-*.json")))]


fulcrum_rounds, icaljs_rounds = rounds("fulcrum"), rounds("icaljs")
machine = json.load(open(os.path.join(work, "machine.json")))


def pooled(runs, name_key, keys):
    """Per operation: every round's times pooled; counts, allocation and the rest from the last round."""
    out = {}
    for run in runs:
        for r in run["results"]:
            entry = out.setdefault(r[name_key], {"times": []})
            entry["times"] += r[keys["times"]]
            entry.update({k: r[v] for k, v in keys.items() if k != "times"})
    for entry in out.values():
        entry["median"] = round(statistics.median(entry["times"]), 2)
        entry["min"] = min(entry["times"])
    return out


f = pooled(fulcrum_rounds, "Operation", {"times": "TimesMs", "count": "Count", "alloc": "AllocatedBytes", "problems": "Problems", "firstProblems": "FirstProblems"})
j = pooled(icaljs_rounds, "operation", {"times": "timesMs", "count": "count", "alloc": "allocatedBytes"})

fulcrum_lines = open(os.path.join(work, "occurrences-fulcrum.txt")).read().splitlines()
icaljs_lines = open(os.path.join(work, "occurrences-icaljs.txt")).read().splitlines()
only_fulcrum = sorted(set(fulcrum_lines) - set(icaljs_lines))
only_icaljs = sorted(set(icaljs_lines) - set(fulcrum_lines))
stubs = f["parse"]["count"] == 0


def mb(n):
    return f"{n / 1_048_576:,.0f} MB"


def speedup(ours, theirs):
    return round(theirs["median"] / ours["median"], 1) if ours["median"] > 0 and not stubs else None


parse = speedup(f["parse"], j["parse"])
fields = speedup(f["parse"], j["parse+fields"])
expand = speedup(f["expand"], j["expand"])
agree = f["expand"]["count"] == j["expand"]["count"] and not only_fulcrum and not only_icaljs


def ms(entry):
    return f"{entry['median']:,.1f} ({entry['min']:,.1f})" if entry else ""


rows = [
    ("parse big.ics (10,000 VEVENTs)", f["parse"], j["parse"], parse, f"{f['parse']['count']:,} / {j['parse']['count']:,} events"),
    ("  ical.js also reading every field Fulcrum reads", None, j["parse+fields"], fields, ""),
    ("expand series.ics (1,000 series) over 2026", f["expand"], j["expand"], expand,
     f"{f['expand']['count']:,} / {j['expand']['count']:,} occurrences"),
    ("audit of the leader's year (read, expand, audit)", f["audit"], None, None, f"{f['audit']['count']:,} occurrences"),
    ("  of which CalendarAudit.Run alone", f["audit-only"], None, None, f"{f['audit-only']['count']:,} meetings"),
]
print()
print(f"{'operation':<50} {'Fulcrum ms (min)':>18} {'ical.js ms (min)':>20} {'speed-up':>9} {'Fulcrum alloc':>14} {'ical.js alloc':>14}  Fulcrum / ical.js")
for name, ours, theirs, ratio, counts in rows:
    print(f"{name:<50} {ms(ours):>18} {ms(theirs):>20} {f'{ratio}x' if ratio else '':>9} "
          f"{mb(ours['alloc']) if ours else '':>14} {mb(theirs['alloc']) if theirs else '':>14}  {counts}")
print()
if agree:
    print(f"Occurrences: both sides found the same {len(fulcrum_lines):,} (UID, start, end) in the window.")
else:
    print(f"OCCURRENCES DIFFER: {len(only_fulcrum):,} only in Fulcrum's list, {len(only_icaljs):,} only in ical.js's "
          f"(the dumps are in {work}). First ones:")
    for line in only_fulcrum[:5]:
        print(f"  Fulcrum only: {line}")
    for line in only_icaljs[:5]:
        print(f"  ical.js only: {line}")
for name, entry in f.items():
    if entry.get("problems"):
        print(f"Fulcrum found {entry['problems']} problems in the {name} file, first: {entry['firstProblems'][0]}")
if stubs:
    print("NOT REAL: Fulcrum read no events: its parser and recurrence engine are the local stand-ins "
          "(src/Fulcrum.Core/Calendar/_LocalStubs.cs). The ical.js side is real; Fulcrum's figures are not.")
else:
    met = lambda ok: "met" if ok else "NOT met"
    print(f"Targets (issue 11): parse >= 3x ical.js: {parse}x {met(parse >= 3)} (against ical.js reading the fields too: {fields}x); "
          f"expand >= 3x: {expand}x {met(expand >= 3)}; whole audit < 200 ms: {f['audit']['median']} ms {met(f['audit']['median'] < 200)}.")
print(f"Medians (and minimum) of {len(f['parse']['times'])} timed runs per operation and side ({machine['rounds']} alternating rounds of "
      f"{machine['repeat']} after at least {machine['warmup']} warm-up runs and {machine['warmupSeconds']} s). Allocation per operation: Fulcrum exact "
      "(GC.GetAllocatedBytesForCurrentThread), ical.js estimated by V8's sampling heap profiler, collected objects included.")

json.dump({
    "machine": machine,
    "real": not stubs,
    "occurrencesAgree": agree,
    "occurrencesOnlyFulcrum": len(only_fulcrum),
    "occurrencesOnlyIcaljs": len(only_icaljs),
    "speedup": {"parse": parse, "parseWithFields": fields, "expand": expand},
    "targets": None if stubs else {"parse3x": parse >= 3, "expand3x": expand >= 3, "auditUnder200ms": f["audit"]["median"] < 200},
    "fulcrum": {name: {k: v for k, v in e.items() if k != "firstProblems"} for name, e in f.items()},
    "icaljs": j,
    "rounds": {"fulcrum": fulcrum_rounds, "icaljs": icaljs_rounds},
}, open(os.path.join(work, "result.json"), "w"), indent=2)
