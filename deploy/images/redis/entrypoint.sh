#!/bin/sh
set -eu
umask 077
conf=/tmp/redis.conf
{
  echo "bind * -::*"
  echo "protected-mode no"
  echo "dir /data"
  echo "appendonly yes"
  if [ -n "${REDIS_PASSWORD_FILE:-}" ]; then
    if [ ! -s "$REDIS_PASSWORD_FILE" ]; then
      echo "cg-redis: REDIS_PASSWORD_FILE names an empty or missing file" >&2
      exit 1
    fi
    printf 'requirepass "%s"\n' "$(tr -d '\n' <"$REDIS_PASSWORD_FILE")"
  fi
} >"$conf"
exec redis-server "$conf"
