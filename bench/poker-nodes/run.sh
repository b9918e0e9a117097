#!/usr/bin/env bash
# Planning poker on one node against two (issue 14): the same load, ROOMS rooms x VOTERS voters x
# ROUNDS rounds, run twice in one invocation against a throwaway PostgreSQL cluster started here
# (as test.sh does), first on one `fulcrum serve` node, then on two nodes sharing the database,
# each room's voters spread over both (room r's voter v on node (r + v) % 2, so each node owns
# half the rooms and half of every room reaches its owner through "PokerMail" and NOTIFY).
# Prints both side by side: p50/p90/p99 last vote -> every client revealed, per-node memory and
# CPU, PostgreSQL's CPU, notifications and mail rows per second, drops, timeouts, views checked.
#   bench/poker-nodes/run.sh [ROOMS] [VOTERS] [ROUNDS]         (default 100 10 10, stress pace)
#   EXTRA="--pace meeting" bench/poker-nodes/run.sh 1000 10 6  (issue 14's comparison)
# EXTRA goes to both runs (bench/poker-load/Program.cs lists the knobs); NODES="1 2 3" picks the
# configurations. Each run's JSON and the
# servers' logs land in $BENCH_DIR/one-node and $BENCH_DIR/two-nodes. Needs the .NET SDK and
# Debian's postgresql package (test.sh installs it).
set -euo pipefail
rooms=${1:-100}
voters=${2:-10}
rounds=${3:-10}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${BENCH_DIR:-/tmp/fulcrum-poker-nodes}
mkdir -p "$work"

"$root/fulcrum" --help >/dev/null  # builds the server (Release, ReadyToRun) if sources changed
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build "$root/bench/poker-load/PokerLoad.csproj" -c Release -o "$work/bin" -v quiet -nologo >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }

# --- A throwaway PostgreSQL cluster, as test.sh starts one ---------------------------------------
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[[ -x "$pg_bin/initdb" ]] || { echo "error: PostgreSQL is not installed (Debian package postgresql; ./test.sh installs it)" >&2; exit 1; }
pg_dir=$(mktemp -d /tmp/fulcrum-pg.XXXXXX)
pg_port=""
for candidate in $(seq 54330 54399); do
  if ! (exec 3<>/dev/tcp/127.0.0.1/"$candidate") 2>/dev/null; then pg_port=$candidate; break; fi
done
[[ -n "$pg_port" ]] || { echo "error: no free loopback port for PostgreSQL in 54330-54399" >&2; exit 1; }
# initdb and pg_ctl refuse to run as root: run them as the postgres user on a folder it owns.
run_pg() { "$@"; }
if [[ $(id -u) -eq 0 ]]; then
  chown postgres:postgres "$pg_dir"
  run_pg() { runuser -u postgres -- "$@"; }
fi
cleanup() {
  run_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  cp "$pg_dir/server.log" "$work/postgres.log" 2>/dev/null || true
  rm -rf "$pg_dir"
}
trap cleanup EXIT
run_pg "$pg_bin/initdb" -D "$pg_dir/data" -U fulcrum --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
# fsync off as in test.sh: the figures are the nodes', not the disk's. Two nodes' pools fit in 300.
run_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $pg_port -c unix_socket_directories='$pg_dir' -c fsync=off -c max_connections=300" start >/dev/null
pg_pid=$(head -n 1 "$pg_dir/data/postmaster.pid")
postgres="Host=127.0.0.1;Port=$pg_port;Username=fulcrum;Database=postgres"
echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port (fsync off), postmaster pid $pg_pid"
echo "nproc $(nproc), $(free -m | awk '/Mem:/ {print $2}') MB RAM, load average $(cut -d' ' -f1-3 /proc/loadavg)"

run() {  # run NODES DIR
  local dir="$work/$2"
  rm -rf "$dir"; mkdir -p "$dir"
  echo
  echo "=== $1 node(s): $rooms rooms x $voters voters x $rounds rounds ${EXTRA:-} ==="
  dotnet "$work/bin/poker-load.dll" --fulcrum "$root/.fulcrum/bin/fulcrum.dll" \
    --rooms "$rooms" --voters "$voters" --rounds "$rounds" --work "$dir" --out "$dir/result.json" \
    --postgres "$postgres" --postgres-pid "$pg_pid" --nodes "$1" ${EXTRA:-} 2>&1 | tee "$dir/output.txt"
}
# NODES="2" runs only the two-node configuration (to repeat one that was disturbed).
results=()
for nodes in ${NODES:-1 2}; do
  (( ${#results[@]} == 0 )) || sleep 10  # let the machine settle between the runs
  case $nodes in 1) name=one-node ;; 2) name=two-nodes ;; *) name=$nodes-nodes ;; esac
  run "$nodes" "$name"
  results+=("$work/$name/result.json")
done

echo
python3 "$here/compare.py" "${results[@]}"
