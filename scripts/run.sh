#!/usr/bin/env bash
# Runs the whole stack on this machine: a local redis-server (started when none answers at REDIS_URL),
# the function app on its lean host with SQLite, one worker host, and the UI when it is built.
# Stop with Ctrl-C. State lives in .hydra/ (SQLite database, Redis AOF, the admin token).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
state="$root/.hydra"
mkdir -p "$state"

export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
export HYDRA_STORE=${HYDRA_STORE:-sqlite://$state/hydra.db}
export HYDRA_URLS=${HYDRA_URLS:-http://127.0.0.1:7071}
export WORKER_DOMAIN=${WORKER_DOMAIN:-admin}

if [ -z "${ADMIN_TOKEN:-}" ]; then
  if [ ! -s "$state/admin-token" ]; then
    (umask 077; od -An -N24 -tx1 /dev/urandom | tr -d ' \n' >"$state/admin-token")
  fi
  ADMIN_TOKEN=$(cat "$state/admin-token")
fi
export ADMIN_TOKEN

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -f "$state/redis/redis.pid" ] && kill "$(cat "$state/redis/redis.pid")" 2>/dev/null || true
}
trap cleanup EXIT INT TERM

# --- Redis -----------------------------------------------------------------------------------------------
hostport=${REDIS_URL#*://}; hostport=${hostport##*@}; hostport=${hostport%%/*}
rhost=${hostport%%:*}; rport=${hostport##*:}; [ "$rport" = "$hostport" ] && rport=6379
redis_answers() { exec 3<>"/dev/tcp/$rhost/$rport" 2>/dev/null && printf 'PING\r\n' >&3 && timeout 1 head -c 5 <&3 | grep -q PONG; }
if redis_answers; then
  echo "run.sh: using the Redis at $REDIS_URL"
else
  if ! command -v redis-server >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "run.sh: redis-server is not installed; installing it with apt-get"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
    else
      echo "run.sh: no Redis answers at $REDIS_URL and redis-server is not installed." >&2
      echo "        Install it (sudo apt-get install redis-server) or point REDIS_URL at a running Redis." >&2
      exit 1
    fi
  fi
  mkdir -p "$state/redis"
  # AOF with fsync every second: a crash loses at most about a second of coordination state, and the
  # function app's reconcile rebuilds queued runs from the store.
  redis-server --port "$rport" --bind 127.0.0.1 --dir "$state/redis" --save '' --appendonly yes \
    --appendfsync everysec --daemonize yes --pidfile "$state/redis/redis.pid" --logfile "$state/redis/redis.log"
  for _ in $(seq 1 50); do redis_answers && break; sleep 0.1; done
  redis_answers || { echo "run.sh: redis-server did not start (see $state/redis/redis.log)" >&2; exit 1; }
  echo "run.sh: started redis-server on 127.0.0.1:$rport (AOF in $state/redis)"
fi

# --- Build -----------------------------------------------------------------------------------------------
if [ -f ui/package.json ] && [ ! -f ui/dist/index.html ]; then
  echo "run.sh: building the UI"
  (cd ui && npm ci --no-audit --no-fund >/dev/null && npm run build >/dev/null)
fi
echo "run.sh: building"
dotnet build functions/Hydra.Functions.csproj -c Release -nologo -v quiet >/dev/null
dotnet build worker-host/Hydra.WorkerHost.csproj -c Release -nologo -v quiet >/dev/null

# --- Start -----------------------------------------------------------------------------------------------
dotnet functions/bin/Release/net10.0/Hydra.Functions.dll &
pids+=($!)
for _ in $(seq 1 100); do curl -fs "$HYDRA_URLS/api/health" >/dev/null 2>&1 && break; sleep 0.2; done
dotnet worker-host/bin/Release/net10.0/Hydra.WorkerHost.dll &
pids+=($!)

cat <<MSG

Hydra.Functions is running.
  API:          $HYDRA_URLS/api        (try: curl -H "x-api-key: \$ADMIN_TOKEN" $HYDRA_URLS/api/workers)
  UI:           $HYDRA_URLS/
  Admin token:  $ADMIN_TOKEN   (kept in .hydra/admin-token)
  Example:      ADMIN_TOKEN=$ADMIN_TOKEN examples/submit_job.sh
Press Ctrl-C to stop.
MSG
wait -n "${pids[@]}"
