#!/usr/bin/env bash
# Submits a shell job and prints its run once it ends.
#   ADMIN_TOKEN=... [API_BASE=http://127.0.0.1:7071/api] examples/submit_job.sh
set -euo pipefail
API_BASE=${API_BASE:-http://127.0.0.1:7071/api}
TOKEN=${API_TOKEN:-${ADMIN_TOKEN:?set ADMIN_TOKEN (scripts/run.sh keeps it in .hydra/admin-token)}}
auth=(-H "x-api-key: $TOKEN")

job=$(curl -fsS -X POST "$API_BASE/jobs" "${auth[@]}" -H 'content-type: application/json' -d '{
  "name": "example-hello",
  "executor": {"type": "shell", "script": "echo hello from $(hostname); uname -a"},
  "completion": {"exit_codes": [0], "stdout_contains": ["hello"]},
  "timeout": 30
}')
job_id=$(printf '%s' "$job" | python3 -c 'import json,sys; print(json.load(sys.stdin)["_id"])')
echo "submitted job $job_id"

for _ in $(seq 1 100); do
  runs=$(curl -fsS "$API_BASE/jobs/$job_id/runs" "${auth[@]}")
  status=$(printf '%s' "$runs" | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r[0]["status"] if r else "none")')
  case "$status" in
    success|failed|timed_out|cancelled)
      printf '%s' "$runs" | python3 -c 'import json,sys; r=json.load(sys.stdin)[0]; print(json.dumps({k: r.get(k) for k in ["_id","status","worker_id","slot","attempt","returncode","completion_reason","queue_latency_ms","duration","stdout_tail"]}, indent=2))'
      exit 0 ;;
  esac
  sleep 0.3
done
echo "the run did not end within 30 s (is a worker running? GET $API_BASE/workers)" >&2
exit 1
