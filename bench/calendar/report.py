#!/usr/bin/env python3
"""Puts the two sides of bench/calendar side by side: a table on stdout and result.json.

usage: report.py FULCRUM_JSON ICALJS_JSON FULCRUM_DUMP ICALJS_DUMP MACHINE_JSON OUT_JSON
"""
import json
import sys

fulcrum_path, icaljs_path, fulcrum_dump, icaljs_dump, machine_path, out_path = sys.argv[1:7]
fulcrum = json.load(open(fulcrum_path))
icaljs = json.load(open(icaljs_path))
machine = json.load(open(machine_path))
f = {r["Operation"]: r for r in fulcrum["results"]}
j = {r["operation"]: r for r in icaljs["results"]}

fulcrum_lines = open(fulcrum_dump).read().splitlines()
icaljs_lines = open(icaljs_dump).read().splitlines()
only_fulcrum = sorted(set(fulcrum_lines) - set(icaljs_lines))
only_icaljs = sorted(set(icaljs_lines) - set(fulcrum_lines))
stubs = f["parse"]["Count"] == 0


def mb(n):
    return f"{n / 1_048_576:,.0f} MB" if n is not None else "—"


def speedup(ours, theirs):
    return theirs / ours if ours > 0 and not stubs else None


rows = []
parse = speedup(f["parse"]["MedianMs"], j["parse"]["medianMs"])
fields = speedup(f["parse"]["MedianMs"], j["parse+fields"]["medianMs"])
expand = speedup(f["expand"]["MedianMs"], j["expand"]["medianMs"])
counts_agree = f["expand"]["Count"] == j["expand"]["count"] and not only_fulcrum and not only_icaljs
rows.append(("parse big.ics (10,000 VEVENTs), events read", f["parse"], j["parse"], parse, f"{f['parse']['Count']:,} / {j['parse']['count']:,}"))
rows.append(("  ical.js also reading every field Fulcrum reads", None, j["parse+fields"], fields, ""))
rows.append(("expand series.ics (1,000 series) over the year, occurrences", f["expand"], j["expand"], expand,
             f"{f['expand']['Count']:,} / {j['expand']['count']:,}"))

print()
print(f"{'operation':<62} {'Fulcrum ms':>11} {'ical.js ms':>11} {'speed-up':>9} {'Fulcrum alloc':>14} {'ical.js alloc':>14}  count Fulcrum / ical.js")
for name, ours, theirs, ratio, counts in rows:
    print(f"{name:<62} {ours['MedianMs'] if ours else '':>11} {theirs['medianMs']:>11} {f'{ratio:.1f}x' if ratio else '—':>9} "
          f"{mb(ours['AllocatedBytes']) if ours else '':>14} {mb(theirs['allocatedBytes']):>14}  {counts}")
audit = f["audit"]
print(f"{'audit of a leader`s year: read + expand + CalendarAudit.Run':<62} {audit['MedianMs']:>11} {'':>11} {'':>9} {mb(audit['AllocatedBytes']):>14} {'':>14}  {audit['Count']:,} occurrences")
print(f"{'  of which CalendarAudit.Run alone':<62} {f['audit-only']['MedianMs']:>11} {'':>11} {'':>9} {mb(f['audit-only']['AllocatedBytes']):>14} {'':>14}  {f['audit-only']['Count']:,} meetings")
print()
if counts_agree:
    print(f"Occurrences: both sides found the same {len(fulcrum_lines):,} (UID, start, end) in the window.")
else:
    print(f"OCCURRENCES DIFFER: {len(only_fulcrum):,} only in Fulcrum's, {len(only_icaljs):,} only in ical.js's (see the dumps in the work directory). First ones:")
    for line in only_fulcrum[:5]:
        print(f"  Fulcrum only: {line}")
    for line in only_icaljs[:5]:
        print(f"  ical.js only: {line}")
problems = {name: r["Problems"] for name, r in f.items() if r["Problems"]}
if problems:
    print(f"Fulcrum reported problems in the files: {problems} (first: {[r['FirstProblems'][:1] for r in f.values() if r['Problems']]})")
if stubs:
    print("NOT REAL: Fulcrum read no events — the parser and recurrence engine are the local stand-ins "
          "(src/Fulcrum.Core/Calendar/_LocalStubs.cs). The ical.js side is real; Fulcrum's figures are not.")
else:
    met = lambda ok: "met" if ok else "NOT met"
    print(f"Targets (issue 11): parse >= 3x ical.js: {parse:.1f}x {met(parse >= 3)} (against parse+fields: {fields:.1f}x); "
          f"expand >= 3x: {expand:.1f}x {met(expand >= 3)}; audit < 200 ms: {audit['MedianMs']} ms {met(audit['MedianMs'] < 200)}.")
print(f"Medians of {audit['Runs']} runs after {audit['Warmup']} warm-up runs per operation; allocation: "
      "Fulcrum exact (GC.GetAllocatedBytesForCurrentThread), ical.js V8's sampling heap profiler counting collected objects.")

result = {
    "machine": machine,
    "real": not stubs,
    "occurrencesAgree": counts_agree,
    "occurrencesOnlyFulcrum": len(only_fulcrum),
    "occurrencesOnlyIcaljs": len(only_icaljs),
    "speedup": {"parse": parse, "parseWithFields": fields, "expand": expand},
    "targets": None if stubs else {
        "parse3x": parse >= 3, "expand3x": expand >= 3, "auditUnder200ms": audit["MedianMs"] < 200,
    },
    "fulcrum": fulcrum,
    "icaljs": icaljs,
}
json.dump(result, open(out_path, "w"), indent=2)
