#!/usr/bin/env bash
# Runs the benchmark (tests/Hydra.Bench) against a private redis-server it starts, in Release, and prints figures.
#   scripts/bench.sh [--jobs 2000] [--workers 2] [--slots 8]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
command -v redis-server >/dev/null || { echo "bench.sh: redis-server is not installed (apt-get install redis-server)" >&2; exit 1; }
dir=$(mktemp -d /tmp/hydra-bench.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
redis-server --port "$port" --bind 127.0.0.1 --dir "$dir" --save '' --appendonly yes --appendfsync everysec \
  --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
trap 'kill "$(cat "$dir/redis.pid")" 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 1 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
dotnet build worker-host -c Release -nologo -v quiet >/dev/null
dotnet build tests/Hydra.Bench -c Release -nologo -v quiet >/dev/null
dotnet tests/Hydra.Bench/bin/Release/net10.0/Hydra.Bench.dll --redis "127.0.0.1:$port" "$@"
