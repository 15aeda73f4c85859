#!/bin/sh
# First start: a new cluster, the role and the database. Every start: the server in the foreground.
set -eu
bin=/usr/lib/postgresql/15/bin
user="${POSTGRES_USER:-codeground}"
db="${POSTGRES_DB:-codeground}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pwfile="${POSTGRES_PASSWORD_FILE:-}"
  if [ -z "$pwfile" ] || [ ! -s "$pwfile" ]; then
    echo "cg-postgres: POSTGRES_PASSWORD_FILE must name a non-empty file holding the password (a Docker secret)" >&2
    exit 1
  fi
  "$bin/initdb" -D "$PGDATA" -U "$user" --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 >/dev/null
  printf 'host all all 0.0.0.0/0 scram-sha-256\nhost all all ::/0 scram-sha-256\n' >>"$PGDATA/pg_hba.conf"
  "$bin/pg_ctl" -D "$PGDATA" -o "-c listen_addresses='' -k /tmp" -w -s start
  "$bin/postgres" --version >/dev/null
  psql -h /tmp -U "$user" -d postgres -v ON_ERROR_STOP=1 -q -c "CREATE DATABASE \"$db\" OWNER \"$user\""
  "$bin/pg_ctl" -D "$PGDATA" -m fast -w -s stop
  echo "cg-postgres: created the cluster, role $user and database $db"
fi
exec "$bin/postgres" -D "$PGDATA" -c listen_addresses='*' -k /tmp
