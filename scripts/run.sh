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
# The function app creates the bootstrap domain on first start and writes its token here (once); the worker
# serves that domain with that token. The admin token acts in the same domain by default.
export HYDRA_BOOTSTRAP_DOMAIN=${HYDRA_BOOTSTRAP_DOMAIN:-prod}
export HYDRA_BOOTSTRAP_TOKEN_FILE=${HYDRA_BOOTSTRAP_TOKEN_FILE:-$state/domain-token}
export WORKER_DOMAIN=${WORKER_DOMAIN:-$HYDRA_BOOTSTRAP_DOMAIN}

if [ -z "${ADMIN_TOKEN:-}" ]; then
  if [ ! -s "$state/admin-token" ]; then
    (umask 077; od -An -N24 -tx1 /dev/urandom | tr -d ' \n' >"$state/admin-token")
  fi
  ADMIN_TOKEN=$(cat "$state/admin-token")
fi
export ADMIN_TOKEN

# Secrets are sealed with this key (AES-256-GCM); generated once, kept owner-only beside the database.
if [ -z "${HYDRA_SECRETS_KEY:-}" ]; then
  if [ ! -s "$state/secrets-key" ]; then
    (umask 077; od -An -N32 -tx1 /dev/urandom | tr -d ' \n' >"$state/secrets-key")
  fi
  HYDRA_SECRETS_KEY=$(cat "$state/secrets-key")
fi
export HYDRA_SECRETS_KEY

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
if [ -z "${WORKER_DOMAIN_TOKEN:-}" ]; then
  if [ ! -s "$HYDRA_BOOTSTRAP_TOKEN_FILE" ]; then
    echo "run.sh: no domain token in $HYDRA_BOOTSTRAP_TOKEN_FILE (the store already had domains when it was first" >&2
    echo "        used). Set WORKER_DOMAIN and WORKER_DOMAIN_TOKEN, e.g. from POST /api/admin/domains/NAME/token." >&2
    exit 1
  fi
  WORKER_DOMAIN_TOKEN=$(cat "$HYDRA_BOOTSTRAP_TOKEN_FILE")
fi
export WORKER_DOMAIN_TOKEN
dotnet worker-host/bin/Release/net10.0/Hydra.WorkerHost.dll &
pids+=($!)

cat <<MSG

Hydra.Functions is running.
  API:          $HYDRA_URLS/api        (try: curl -H "x-api-key: \$ADMIN_TOKEN" $HYDRA_URLS/api/workers)
  UI:           $HYDRA_URLS/
  Admin token:  $ADMIN_TOKEN   (kept in .hydra/admin-token)
  Domain:       $WORKER_DOMAIN (its token is in $HYDRA_BOOTSTRAP_TOKEN_FILE; the worker serves it)
  Example:      ADMIN_TOKEN=$ADMIN_TOKEN examples/submit_job.sh
Press Ctrl-C to stop.
MSG
wait -n "${pids[@]}"
