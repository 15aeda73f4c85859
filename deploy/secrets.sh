#!/usr/bin/env bash
# Creates the Docker secrets deploy/stack.yml needs, each from fresh random bytes, on a swarm
# manager. A secret that already exists is kept (secrets cannot be changed in place; see
# deploy/README.md, "Rotating secrets"). Nothing secret is printed.
#
#   deploy/secrets.sh            create what is missing
#   deploy/secrets.sh PREFIX     the same with names PREFIX_… (CODEGROUND_SECRETS=PREFIX for the stack)
set -euo pipefail
prefix=${1:-codeground}
[[ $prefix =~ ^[a-zA-Z0-9][a-zA-Z0-9_.-]*$ ]] || { echo "bad prefix: $prefix" >&2; exit 2; }

random() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }
exists() { docker secret inspect "${prefix}_$1" >/dev/null 2>&1; }
create() {
  local name=${prefix}_$1 value=$2
  if exists "$1"; then
    echo "$name: kept (already exists)"
  else
    printf '%s' "$value" | docker secret create "$name" - >/dev/null
    echo "$name: created"
  fi
}

docker info --format '{{.Swarm.ControlAvailable}}' 2>/dev/null | grep -qx true ||
  { echo "run this on a swarm manager (docker swarm init, or a manager node)" >&2; exit 1; }

# The database and Redis passwords travel inside their URLs too: each pair is made together.
pair() {
  local password_name=$1 url_name=$2 url_before=$3 url_after=$4
  if (exists "$password_name" && ! exists "$url_name") || (! exists "$password_name" && exists "$url_name"); then
    echo "only one of ${prefix}_$password_name and ${prefix}_$url_name exists: they hold the same password; remove it (docker secret rm) and run this again" >&2
    exit 1
  fi
  local password
  password=$(random 24)
  create "$password_name" "$password"
  create "$url_name" "${url_before}${password}${url_after}"
}
pair db_password database_url "postgres://codeground:" "@postgres:5432/codeground"
pair redis_password redis_url "redis://:" "@redis:6379"

# One line of 64 hex characters: the local KMS master key that wraps every stored secret.
create kms_master_key "$(random 32)"
create sandbox_token "$(random 32)"
