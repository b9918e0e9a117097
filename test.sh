#!/usr/bin/env bash
# Runs the whole test suite: unit, integration (real server, SQLite and PostgreSQL) and
# end-to-end (Playwright driving Debian's Chromium). On a fresh machine it installs what it
# needs (Debian packages chromium and postgresql), starts a throwaway PostgreSQL cluster on a
# free loopback port, and removes it afterwards. Ends with the line "N passed, N failed".
#
#   ./test.sh                 everything
#   ./test.sh --filter NAME   only tests whose name contains NAME (dotnet test --filter syntax also works)
set -euo pipefail
cd "$(dirname "$0")"
root_dir=$(pwd)

filter=()
if [[ "${1:-}" == "--filter" && -n "${2:-}" ]]; then
  case "$2" in *=*|*~*) filter=(--filter "$2") ;; *) filter=(--filter "FullyQualifiedName~$2") ;; esac
fi

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "error: '$*' needs root; install the packages chromium and postgresql first" >&2; exit 1; fi
}

# --- 1. Debian packages ------------------------------------------------------------------------
missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
if (( ${#missing[@]} > 0 )); then
  log "Installing ${missing[*]} (first run on this machine)"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- 2. A throwaway PostgreSQL cluster ---------------------------------------------------------
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pg_dir=$(mktemp -d /tmp/fulcrum-pg.XXXXXX)
pg_port=""
for candidate in $(seq 54330 54399); do
  if ! (exec 3<>/dev/tcp/127.0.0.1/"$candidate") 2>/dev/null; then pg_port=$candidate; break; fi
done
[[ -n "$pg_port" ]] || { echo "error: no free loopback port for PostgreSQL in 54330-54399" >&2; exit 1; }

# initdb and pg_ctl refuse to run as root: run them as the postgres user on a folder it owns.
pg_user=$(id -un)
run_pg() { "$@"; }
if [[ $(id -u) -eq 0 ]]; then
  pg_user=postgres
  chown postgres:postgres "$pg_dir"
  run_pg() { runuser -u postgres -- "$@"; }
fi

cleanup() {
  run_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
}
trap cleanup EXIT

log "Starting PostgreSQL ($("$pg_bin/postgres" --version | awk '{print $3}')) on 127.0.0.1:$pg_port"
run_pg "$pg_bin/initdb" -D "$pg_dir/data" -U fulcrum --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
run_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $pg_port -c unix_socket_directories='$pg_dir' -c fsync=off -c max_connections=200" start >/dev/null
export FULCRUM_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=fulcrum;Database=postgres;Pooling=false"

# --- 3. Build once, then every test project ----------------------------------------------------
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log "Building"
dotnet build Fulcrum.slnx -c Release -v quiet -nologo >"$pg_dir/build.log" 2>&1 || { cat "$pg_dir/build.log"; exit 1; }

log "Testing"
results="$pg_dir/test.log"
set +e
dotnet test Fulcrum.slnx -c Release --no-build -nologo -m:1 "${filter[@]}" 2>&1 | tee "$results"
status=${PIPESTATUS[0]}
set -e

# dotnet test prints one summary line per test project; add them up into the one CI reads.
read -r passed failed < <(grep -E '(Passed|Failed)!' "$results" \
  | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+).*/\2 \1/' \
  | awk '{p+=$1; f+=$2} END {print p+0, f+0}')
if (( status != 0 && failed == 0 )); then failed=1; fi  # a crash before the summary is a failure
echo "$passed passed, $failed failed"
exit "$status"
