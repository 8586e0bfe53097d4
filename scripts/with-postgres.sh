#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster (Debian's postgresql package): initdb in a
# temporary folder as the postgres user, listening on a Unix socket only, stopped and removed on
# exit, whatever the command's outcome. The command sees NETDIAG_TEST_POSTGRES_URL (a superuser
# URL; tests create a database per store) and NETDIAG_REQUIRE_POSTGRES=1, so the Postgres store
# tests fail rather than skip if the server is unreachable.
set -euo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "with-postgres: no PostgreSQL server under /usr/lib/postgresql/*/bin (make deps installs it)" >&2
    exit 2
fi
dir=$(mktemp -d /tmp/netdiag-pg.XXXXXX)
chmod 755 "$dir"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$dir"

stop() {
    as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap stop EXIT

as_pg "$bin/initdb" -D "$dir/data" -U netdiag --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 2; }
as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses='' -k $dir -c max_connections=200 -c fsync=off" start >/dev/null \
    || { cat "$dir/server.log" >&2; exit 2; }

export NETDIAG_TEST_POSTGRES_URL="postgres:///postgres?host=$dir&user=netdiag"
export NETDIAG_REQUIRE_POSTGRES=1
"$@"
