#!/usr/bin/env bash
# The PostgreSQL measures of docs/performance.md (8–12): builds Coach and the benchmarks in
# release mode, starts a throwaway PostgreSQL cluster in a temporary folder on a loopback port
# (as the postgres user when run as root), runs them, and stops the server.
#
#   Benchmarks/server.sh [--workers 200] [--attempts 20] [--export-attempts 100000] [--quick]
#                        [--only sessions|kill|restart|export]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product coach
rm -f Benchmarks/.build/*/release/description.json
swift build -c release --package-path Benchmarks --product coach-bench
bench=Benchmarks/.build/release/coach-bench
mkdir -p Benchmarks/data

pg_bin="$(dirname "$(dpkg -L "$(dpkg -l 'postgresql-[0-9]*' | awk '/^ii/ {print $2}' | sort -V | tail -1)" | grep 'bin/initdb$')")"
pg_dir="$(mktemp -d /tmp/coach-bench-pg.XXXXXX)"
pg_port=$(( 20000 + RANDOM % 20000 ))
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$pg_dir"; su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}
stop() { as_postgres "'$pg_bin/pg_ctl' -D '$pg_dir/data' stop -m fast" >/dev/null 2>&1 || true; rm -rf "$pg_dir"; }
trap stop EXIT
as_postgres "'$pg_bin/initdb' -D '$pg_dir/data' -A trust -U coach --no-instructions" >/dev/null
# Durable settings (fsync and synchronous commit on, as a server should run); room for the sessions.
as_postgres "'$pg_bin/pg_ctl' -D '$pg_dir/data' -o \"-p $pg_port -k '$pg_dir' -h 127.0.0.1 -c max_connections=300\" -l '$pg_dir/log' start -w" >/dev/null
# What measure 10 runs to restart the server under the sessions.
if [ "$(id -u)" -eq 0 ]; then
  printf "su postgres -s /bin/sh -c \"'%s/pg_ctl' -D '%s/data' restart -m fast -w\" >/dev/null\n" "$pg_bin" "$pg_dir" > "$pg_dir/restart.sh"
else
  printf "'%s/pg_ctl' -D '%s/data' restart -m fast -w >/dev/null\n" "$pg_bin" "$pg_dir" > "$pg_dir/restart.sh"
fi
ulimit -n 4096 || true
"$bench" server --coach "$PWD/.build/release/coach" --url "postgres://coach@127.0.0.1:$pg_port/postgres?sslmode=disable" \
  --restart "$pg_dir/restart.sh" --data Benchmarks/data --scenarios Scenarios "$@"
