#!/usr/bin/env bash
# The UI's tests: installs what they need (npm packages from the lockfile; Debian's chromium when missing and run as
# root), builds ui/dist, runs Vitest and then the browser suite (e2e/, node --test + playwright-core) against the
# real stack, which needs the solution built (Release or Debug) and a Redis at HYDRA_TEST_REDIS.
#   ui/scripts/test.sh [RESULTS_DIR]
# Logs go to RESULTS_DIR (default ui/test-results); screenshots of every page to ui/test-results/.
# The LAST line is "N passed, N failed" over both suites. Nothing is skipped: a missing browser or Redis fails.
set -uo pipefail

ui=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
results=$(mkdir -p "${1:-$ui/test-results}" && cd "${1:-$ui/test-results}" && pwd)
cd "$ui"
chromium=${CHROMIUM_PATH:-/usr/bin/chromium}

die() { echo "ui/scripts/test.sh: $*" >&2; echo "0 passed, 1 failed"; exit 1; }

command -v node >/dev/null 2>&1 || die "node is not installed (Node.js >= 20.19 with npm is needed)"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "ui/scripts/test.sh: npm ci" >&2
  npm ci --no-audit --no-fund >"$results/ui-npm-ci.log" 2>&1 || { tail -20 "$results/ui-npm-ci.log" >&2; die "npm ci failed (log: $results/ui-npm-ci.log)"; }
fi

if [ ! -x "$chromium" ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "ui/scripts/test.sh: installing Debian's chromium with apt-get" >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >"$results/ui-apt.log" 2>&1 \
      || { tail -20 "$results/ui-apt.log" >&2; die "apt-get install chromium failed (log: $results/ui-apt.log)"; }
  fi
  [ -x "$chromium" ] || die "$chromium is missing and could not be installed: apt-get install chromium (the suite never downloads a browser)"
fi

echo "ui/scripts/test.sh: building ui/dist" >&2
npm run build >"$results/ui-build.log" 2>&1 || { grep -E 'error' "$results/ui-build.log" | head -40 >&2; die "the UI build failed (log: $results/ui-build.log)"; }

passed=0
failed=0

# --- Vitest --------------------------------------------------------------------------------------------------
rm -f "$results/vitest.json"
npx vitest run --reporter=default --reporter=json --outputFile="$results/vitest.json" 2>&1 | tee "$results/vitest.log" | grep -E '✓|×|FAIL|Tests' >&2
if [ -f "$results/vitest.json" ]; then
  read -r p f < <(node -e 'const r=require(process.argv[1]); console.log(r.numPassedTests, r.numFailedTests + (r.numRuntimeErrorTests ?? 0) + (r.success === false && r.numFailedTests === 0 ? 1 : 0))' "$results/vitest.json")
  passed=$((passed + p)); failed=$((failed + f))
  echo "ui/scripts/test.sh: vitest $p passed, $f failed" >&2
else
  echo "ui/scripts/test.sh: vitest wrote no results" >&2
  failed=$((failed + 1))
fi

# --- Browser suite -------------------------------------------------------------------------------------------
if [ -z "${HYDRA_TEST_REDIS:-}" ]; then
  echo "ui/scripts/test.sh: HYDRA_TEST_REDIS is not set; the browser suite needs a Redis (run through scripts/test.sh)" >&2
  failed=$((failed + 1))
else
  UI_RESULTS_DIR="$ui/test-results" node --test --test-concurrency=1 --test-reporter=tap e2e/ >"$results/ui-e2e.tap" 2>&1
  grep -E '^ *(not )?ok [0-9]+ - |^ *error:|^ *# (pass|fail)' "$results/ui-e2e.tap" >&2
  p=$(grep -E '^# pass [0-9]+' "$results/ui-e2e.tap" | tail -1 | awk '{print $3}')
  f=$(grep -E '^# fail [0-9]+' "$results/ui-e2e.tap" | tail -1 | awk '{print $3}')
  c=$(grep -E '^# cancelled [0-9]+' "$results/ui-e2e.tap" | tail -1 | awk '{print $3}')
  if [ -z "$p" ] || [ -z "$f" ]; then
    echo "ui/scripts/test.sh: the browser suite printed no summary (log: $results/ui-e2e.tap)" >&2
    failed=$((failed + 1))
  else
    passed=$((passed + p)); failed=$((failed + f + ${c:-0}))
    echo "ui/scripts/test.sh: browser suite $p passed, $((f + ${c:-0})) failed; screenshots in $ui/test-results" >&2
  fi
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
