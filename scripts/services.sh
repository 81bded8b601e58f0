#!/usr/bin/env bash
# Starts (or stops) a private redis-server and PostgreSQL on free loopback ports for tests.
#   scripts/services.sh start DIR   -> writes DIR/env (export HYDRA_TEST_REDIS=..., HYDRA_TEST_POSTGRES=...)
#   scripts/services.sh stop DIR
# Installs the Debian packages when they are missing and we are root; fails loudly otherwise.
set -euo pipefail

cmd=${1:?usage: services.sh start|stop DIR}
dir=${2:?usage: services.sh start|stop DIR}
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)

free_port() {
  python3 - <<'PY'
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

ensure_installed() {
  local missing=()
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  [ -n "$pgbin" ] && [ -x "$pgbin/initdb" ] || missing+=(postgresql)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "services.sh: missing ${missing[*]}; install them (apt-get install -y ${missing[*]}) or run as root" >&2
    exit 1
  fi
  echo "services.sh: installing ${missing[*]} with apt-get" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
  pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
}

wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local limit=$1 what=$2; shift 2
  for _ in $(seq 1 $((limit * 10))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "services.sh: $what did not come up within ${limit}s" >&2
  return 1
}

start() {
  ensure_installed
  mkdir -p "$dir"
  chmod 755 "$dir"
  local rport pport
  rport=$(free_port)
  mkdir -p "$dir/redis"
  redis-server --port "$rport" --bind 127.0.0.1 --dir "$dir/redis" --save '' \
    --appendonly yes --appendfsync everysec --daemonize yes \
    --pidfile "$dir/redis/redis.pid" --logfile "$dir/redis/redis.log" --databases 64
  wait_for 15 "redis-server on $rport" redis-cli -p "$rport" ping || { cat "$dir/redis/redis.log" >&2; exit 1; }

  pport=$(free_port)
  mkdir -p "$dir/pg"
  chown postgres:postgres "$dir/pg"
  su postgres -c "$pgbin/initdb -D '$dir/pg/data' -A trust -U postgres --no-instructions" >"$dir/pg/initdb.log" 2>&1 \
    || { cat "$dir/pg/initdb.log" >&2; exit 1; }
  su postgres -c "$pgbin/pg_ctl -D '$dir/pg/data' -l '$dir/pg/pg.log' -w start -o '-p $pport -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir/pg -c max_connections=300 -c fsync=off'" >&2 \
    || { cat "$dir/pg/pg.log" >&2; exit 1; }
  wait_for 30 "PostgreSQL on $pport" "$pgbin/pg_isready" -h 127.0.0.1 -p "$pport"

  cat >"$dir/env" <<ENV
export HYDRA_TEST_REDIS=127.0.0.1:$rport
export HYDRA_TEST_POSTGRES="Host=127.0.0.1;Port=$pport;Username=postgres;Database=postgres"
export HYDRA_TEST_REDIS_PORT=$rport
ENV
  echo "services.sh: redis on $rport, postgresql on $pport (env in $dir/env)" >&2
}

stop() {
  [ -f "$dir/redis/redis.pid" ] && kill "$(cat "$dir/redis/redis.pid")" 2>/dev/null || true
  [ -d "$dir/pg/data" ] && su postgres -c "$pgbin/pg_ctl -D '$dir/pg/data' -m immediate stop" >/dev/null 2>&1 || true
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: services.sh start|stop DIR" >&2; exit 2 ;;
esac
