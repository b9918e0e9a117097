#!/usr/bin/env bash
# Calendar benchmark (issue 11): Fulcrum's iCalendar engine and Mozilla ical.js (npm, pinned in
# node/package-lock.json) side by side in one run, on the same generated files and the same window:
#   parse   big.ics, 10,000 VEVENTs as Google/Outlook export them (~21 MB)
#   expand  series.ics, 1,000 recurring series in Europe/Paris, over 2026 in Paris
#           (2025-12-31T23:00Z to 2026-12-31T23:00Z); both sides' occurrence lists are compared
#   audit   leader.ics, a busy leader's year: read, expand and CalendarAudit.Run (Fulcrum only;
#           the target is the whole under 200 ms)
#   bench/calendar/run.sh [WARMUP] [REPEAT] [ROUNDS]     (default 3 5 2)
# Each side runs ROUNDS times, alternating (Fulcrum, ical.js, Fulcrum, ...), each time REPEAT timed
# runs of every operation after WARMUP untimed ones (and at least WARMUP_SECONDS of them, default 3,
# so both JITs have tiered up), in a fresh process; the medians are over all
# REPEAT x ROUNDS runs, so a burst of load from elsewhere on a shared machine falls on both sides.
# BENCH_DIR keeps the generated files, the builds and the results (default /tmp/fulcrum-calendar);
# the files are made again only when generate.py changes. The run's JSON lands in $BENCH_DIR/result.json.
# Results: docs/benchmarks.md. Needs python3, node and npm, the .NET SDK.
set -euo pipefail
warmup=${1:-3}
repeat=${2:-5}
rounds=${3:-2}
warmup_seconds=${WARMUP_SECONDS:-3}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${BENCH_DIR:-/tmp/fulcrum-calendar}
from=2025-12-31T23:00:00Z   # 2026-01-01 00:00 in Paris
to=2026-12-31T23:00:00Z     # 2027-01-01 00:00 in Paris
mkdir -p "$work/files"

stamp=$(sha256sum "$here/generate.py" | cut -c1-16)
if [[ "$(cat "$work/files/stamp" 2>/dev/null)" != "$stamp" ]]; then
  python3 "$here/generate.py" "$work/files"
  echo "$stamp" > "$work/files/stamp"
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build "$here/CalendarBench/CalendarBench.csproj" -c Release -o "$work/bin" -v quiet -nologo >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
if [[ ! -d "$here/node/node_modules/ical.js" ]]; then
  (cd "$here/node" && npm ci --no-audit --no-fund --loglevel=error)
fi

machine="nproc $(nproc), $(free -m | awk '/Mem:/ {print $2}') MB RAM, $(dotnet --version) SDK, node $(node --version), ical.js $(node -p "require('$here/node/node_modules/ical.js/package.json').version")"
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
echo "$machine; load average at start $load_start"
if [[ -e "$root/src/Fulcrum.Core/Calendar/_LocalStubs.cs" ]]; then
  echo "NOTE: src/Fulcrum.Core/Calendar/_LocalStubs.cs is present: Fulcrum's parser and recurrence engine are stand-ins."
fi
files=(--big "$work/files/big.ics" --series "$work/files/series.ics")
rm -f "$work"/fulcrum-*.json "$work"/icaljs-*.json
for round in $(seq 1 "$rounds"); do
  echo "round $round of $rounds: Fulcrum ($(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo "not a git checkout"))..."
  dotnet "$work/bin/calendar-bench.dll" "${files[@]}" --leader "$work/files/leader.ics" --from "$from" --to "$to" --zone Europe/Paris \
    --warmup "$warmup" --warmup-seconds "$warmup_seconds" --repeat "$repeat" --dump "$work/occurrences-fulcrum.txt" > "$work/fulcrum-$round.json"
  echo "round $round of $rounds: ical.js..."
  node --expose-gc "$here/node/bench.mjs" "${files[@]}" --from "$from" --to "$to" \
    --warmup "$warmup" --warmup-seconds "$warmup_seconds" --repeat "$repeat" --dump "$work/occurrences-icaljs.txt" > "$work/icaljs-$round.json"
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

python3 - "$work/machine.json" <<PY
import json, sys
json.dump({"machine": "$machine", "loadAverageStart": "$load_start", "loadAverageEnd": "$load_end",
           "commit": "$(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)", "stubs": $([[ -e "$root/src/Fulcrum.Core/Calendar/_LocalStubs.cs" ]] && echo True || echo False),
           "window": ["$from", "$to"], "warmup": $warmup, "warmupSeconds": $warmup_seconds, "repeat": $repeat, "rounds": $rounds, "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)"}, open(sys.argv[1], "w"), indent=2)
PY
python3 "$here/report.py" "$work"
echo "$machine; load average $load_start -> $load_end. Results: $work/result.json"
