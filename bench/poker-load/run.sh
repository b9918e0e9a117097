#!/usr/bin/env bash
# Planning-poker load benchmark (issues 4 and 10): ROOMS rooms x VOTERS voters over WebSocket on
# loopback, every room voting and revealing ROUNDS times, against `fulcrum serve` running as its
# own process; the clients speak protocol 2 and apply its change frames. Measures, per round, the
# time from the last vote sent to every client of the room holding the revealed view
# (p50/p90/p99/max), and the server's peak RSS and CPU; after every reveal each client checks its
# rebuilt view against the whole view (sync), outside the measured time.
#   bench/poker-load/run.sh [ROOMS] [VOTERS] [ROUNDS]        (default 100 10 20)
# The pace is `stress` (a round every ~2.5 s in every room) unless EXTRA="--pace meeting" (a round
# every ~30 s); issue 10's 1,000-room target is judged at the meeting pace over 32 rounds:
#   EXTRA="--pace meeting" bench/poker-load/run.sh 1000 10 32      (docs/adr/0012-poker-load-pace.md)
# More knobs go straight to the program: EXTRA="--vote-spread-ms 2000 --pause-ms 500 --stories 50
# --check-every 1 --memory-target-mb 500 --hold-ms 60000 --server-env DOTNET_GCgen0size=0x1000000".
# Several nodes on PostgreSQL (issue 14): EXTRA="--postgres Host=HOST;Port=PORT;Username=USER;Database=postgres --nodes 2"
# (no spaces in the connection string: EXTRA is split on them)
# seeds a database made for the run and spreads each room's voters over the nodes;
# bench/poker-nodes/run.sh does this with a throwaway cluster, one node against two.
# Results: docs/benchmarks.md; the run's JSON lands in $BENCH_DIR/result.json. Needs the .NET SDK.
set -euo pipefail
rooms=${1:-100}
voters=${2:-10}
rounds=${3:-20}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${BENCH_DIR:-/tmp/fulcrum-poker-load}
mkdir -p "$work"

"$root/fulcrum" --help >/dev/null  # builds the server (Release, ReadyToRun) if sources changed
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build "$here/PokerLoad.csproj" -c Release -o "$work/bin" -v quiet -nologo >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
echo "nproc $(nproc), $(free -m | awk '/Mem:/ {print $2}') MB RAM, load average $(cut -d' ' -f1-3 /proc/loadavg)"
exec dotnet "$work/bin/poker-load.dll" --fulcrum "$root/.fulcrum/bin/fulcrum.dll" \
  --rooms "$rooms" --voters "$voters" --rounds "$rounds" --work "$work" --out "$work/result.json" ${EXTRA:-}
