#!/usr/bin/env bash
# Runs every test against real services: starts a private redis-server and PostgreSQL (installing them with
# apt when missing and run as root), builds, runs the .NET tests, and ends with "N passed, N failed".
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

svc=$(mktemp -d /tmp/hydra-test.XXXXXX)
chmod 755 "$svc"
cleanup() { "$root/scripts/services.sh" stop "$svc"; }
trap cleanup EXIT

"$root/scripts/services.sh" start "$svc" || { echo "test.sh: could not start redis-server/PostgreSQL" >&2; echo "0 passed, 1 failed"; exit 1; }
# shellcheck disable=SC1091
source "$svc/env"

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

passed=0
failed=0
status=0

if ! dotnet build Hydra.Functions.sln -c Release -nologo >"$results/build.log" 2>&1; then
  grep -E 'error' "$results/build.log" | sort -u | head -40 >&2
  echo "test.sh: the build failed (log: $results/build.log)" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

# The deployable packages (function app zip, single-file workers): the Shipping tests run the published handler
# the way the Functions host does and open the zip; without a package they fail, they do not skip.
if ! "$root/scripts/package.sh" >"$results/package.log" 2>&1; then
  tail -n 30 "$results/package.log" >&2
  echo "test.sh: scripts/package.sh failed (log: $results/package.log)" >&2
  failed=$((failed + 1))
fi

dotnet test tests/Hydra.Tests -c Release --no-build -nologo \
  --logger "trx;LogFileName=dotnet.trx" --results-directory "$results" \
  --logger "console;verbosity=normal" 2>&1 | tee "$results/dotnet.log" | grep -E '^\s*(Failed|Passed!|Failed!|Total tests|Error Message)' 
dotnet_status=${PIPESTATUS[0]}

trx="$results/dotnet.trx"
if [ -f "$trx" ]; then
  read -r p f < <(python3 - "$trx" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r'<Counters [^>]*', text)
attrs = dict(re.findall(r'(\w+)="(\d+)"', m.group(0))) if m else {}
print(int(attrs.get("passed", 0)), int(attrs.get("failed", 0)) + int(attrs.get("error", 0)) + int(attrs.get("timeout", 0)) + int(attrs.get("aborted", 0)))
PY
)
  passed=$((passed + p))
  failed=$((failed + f))
else
  echo "test.sh: no test results were written (the test host crashed?)" >&2
  failed=$((failed + 1))
fi
[ "$dotnet_status" -ne 0 ] && status=1
[ "$dotnet_status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1

if [ -x "$root/ui/scripts/test.sh" ]; then
  if out=$("$root/ui/scripts/test.sh" "$results" 2>&1 | tee "$results/ui.log" | tail -n 1); then :; else status=1; fi
  if [[ "$out" =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
    passed=$((passed + BASH_REMATCH[1]))
    failed=$((failed + BASH_REMATCH[2]))
  else
    echo "test.sh: the UI tests printed no summary" >&2
    failed=$((failed + 1))
  fi
fi

# infra/bicep: `bicep build` and `bicep lint` (main.bicep and main.bicepparam), each a check; any warning fails it.
if out=$("$root/scripts/bicep-check.sh" 2>&1 | tee "$results/bicep.log" | tail -n 1); then :; else status=1; fi
if [[ "$out" =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
  passed=$((passed + BASH_REMATCH[1]))
  failed=$((failed + BASH_REMATCH[2]))
  [ "${BASH_REMATCH[2]}" -gt 0 ] && grep -E 'FAILED|Error|Warning' "$results/bicep.log" | head -20 >&2
else
  echo "test.sh: scripts/bicep-check.sh printed no summary (log: $results/bicep.log)" >&2
  failed=$((failed + 1))
fi

[ "$failed" -gt 0 ] && status=1
echo "$passed passed, $failed failed"
exit $status
