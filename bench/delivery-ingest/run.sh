#!/usr/bin/env bash
# Delivery ingest benchmark (issues 3 and 10): synthetic repository with merges, ingest vs `git log`
# on the same repository in one run, peak memory, no-change re-ingest, deployment import, and the
# CLI's delivery report in a fresh process each time (as a person runs it).
#   bench/delivery-ingest/run.sh [COMMITS]      (default 1000000; issue 10's targets are at 200000 and 1000000)
#   BASELINE=/path/to/other/fulcrum.dll bench/delivery-ingest/run.sh 200000
#       also runs every step with another build (e.g. the one before a change), side by side in the same run
# BENCH_DIR keeps the generated repository (default /tmp/fulcrum-bench-COMMITS).
# Results: docs/benchmarks.md. Needs git, python3, GNU time, the .NET SDK.
set -euo pipefail
commits=${1:-1000000}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${BENCH_DIR:-/tmp/fulcrum-bench-$commits}
mkdir -p "$work"
repo="$work/repo"

"$root/fulcrum" --help >/dev/null  # build first, outside the timings
fulcrum_dll="$root/.fulcrum/bin/fulcrum.dll"

if [[ ! -d "$repo/.git" ]]; then
  echo "Generating $commits commits..."
  python3 "$here/generate.py" "$commits" "$work/stream" "$work/deployments.marks.csv" bench-service
  git init -q -b main "$repo"
  (cd "$repo" && git fast-import --quiet --export-marks="$work/marks" < "$work/stream")
  # Marks → shas in the deployment log.
  python3 - "$work/marks" "$work/deployments.marks.csv" "$work/deployments.csv" <<'PY'
import sys, datetime
marks = dict(line.split() for line in open(sys.argv[1]))
with open(sys.argv[3], "w") as out:
    for i, line in enumerate(open(sys.argv[2])):
        if i == 0:
            out.write(line); continue
        f = line.rstrip("\n").split(",")
        f[3] = marks[":" + f[3][4:]]
        f[5] = datetime.datetime.fromtimestamp(int(f[5]), datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        out.write(",".join(f) + "\n")
PY
  rm -f "$work/stream"
fi
echo "Repository: $(git -C "$repo" rev-list --all --count) commits; $(($(wc -l < "$work/deployments.csv") - 1)) deployments"
echo "Load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

measure() { /usr/bin/time -f "%e s, peak RSS %M KB" "$@" 2>&1 >/dev/null | tail -n 1; }

sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true
git -C "$repo" log --all --format='%H %ct %P' >/dev/null  # warm the page cache for all
gitlog() {
  echo "git log --all --format='%H %ct %P':  $(measure git -C "$repo" log --all --format='%H %ct %P')"
  # Fulcrum runs git with GIT_FLUSH=0 (no flush per commit); the same git alone, for a fair floor:
  echo "  the same with GIT_FLUSH=0:          $(GIT_FLUSH=0 measure git -C "$repo" log --all --format='%H %ct %P')"
}

# One build through every step, on a database of its own.
steps() {
  local name=$1 dll=$2 db="$work/bench-$1.db"
  rm -f "$db" "$db-wal" "$db-shm"
  dotnet "$dll" --database "$db" db migrate >/dev/null 2>&1
  echo "[$name] fulcrum delivery ingest (full):      $(measure dotnet "$dll" --database "$db" delivery ingest --repo "$repo" --service bench-service)"
  echo "[$name] fulcrum delivery ingest (no change): $(measure dotnet "$dll" --database "$db" delivery ingest --repo "$repo" --service bench-service)"
  echo "[$name] import deployments + attribution:    $(measure dotnet "$dll" --database "$db" delivery import deployments "$work/deployments.csv")"
  # One new commit on top of main (dated after it, as a real one would be), read with all the
  # deployments in place: the ingest plus re-attribution a CI hook or the web app's button would do.
  local tip next
  tip=$(git -C "$repo" rev-parse main)
  next=$(GIT_COMMITTER_DATE="$(($(git -C "$repo" log -1 --format=%ct main) + 300)) +0000" GIT_AUTHOR_DATE="$(($(git -C "$repo" log -1 --format=%ct main) + 300)) +0000" \
    git -C "$repo" -c user.name=bench -c user.email=bench@example.com commit-tree -p "$tip" -m "one more" "$tip^{tree}")
  git -C "$repo" update-ref refs/heads/bench-next "$next"
  echo "[$name] ingest, 1 new commit, deployments in place: $(measure dotnet "$dll" --database "$db" delivery ingest --repo "$repo" --service bench-service)"
  git -C "$repo" update-ref -d refs/heads/bench-next
  # The CLI's report, a new process each time (cold: start-up, schema check, queries, JIT), the database's pages cached.
  for run in 1 2 3; do
    echo "[$name] delivery report, 5 years, new process ($run): $(measure dotnet "$dll" --database "$db" delivery report --service bench-service --since 2021-01-01 --until 2026-01-01)"
  done
}

gitlog
steps this "$fulcrum_dll"
if [[ -n "${BASELINE:-}" ]]; then
  steps baseline "$BASELINE"
fi
gitlog
echo "Load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet "$fulcrum_dll" --database "$work/bench-this.db" delivery report --service bench-service --since 2021-01-01 --until 2026-01-01 2>/dev/null | sed -n '1,12p'
