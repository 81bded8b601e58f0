#!/usr/bin/env bash
# Compiles and lints infra/bicep with the Bicep CLI from NuGet (Azure.Bicep.CommandLine.linux-x64, restored by
# tools/bicep/bicep.proj into the NuGet cache). Any diagnostic fails its check: warnings count as errors here, and
# infra/bicep/bicepconfig.json raises the linter rules to "error" as well. Offline: nothing is deployed.
# Prints one line per check and "N passed, N failed" last.
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
out="$root/artifacts/bicep"
mkdir -p "$out"

version=$(sed -n 's:.*<BicepVersion>\(.*\)</BicepVersion>.*:\1:p' tools/bicep/bicep.proj)
if ! dotnet restore tools/bicep/bicep.proj -nologo -v quiet >"$out/restore.log" 2>&1; then
  cat "$out/restore.log" >&2
  echo "bicep-check.sh: could not restore Azure.Bicep.CommandLine.linux-x64 $version" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
packages=${NUGET_PACKAGES:-$HOME/.nuget/packages}
bicep="$packages/azure.bicep.commandline.linux-x64/$version/tools/bicep"
[ -f "$bicep" ] || { echo "bicep-check.sh: $bicep is missing after restore" >&2; echo "0 passed, 1 failed"; exit 1; }
# NuGet extracts the file with the owner's execute bit only (or none, depending on the extractor).
[ -x "$bicep" ] || chmod u+x "$bicep"

passed=0
failed=0
check() { # check NAME COMMAND... → passes when the command succeeds and prints no diagnostic
  local name=$1; shift
  local log="$out/$name.log"
  if "$@" >"$log" 2>&1 && ! grep -qE '(Warning|Error) [A-Za-z0-9-]+:' "$log"; then
    echo "bicep-check.sh: $name passed"
    passed=$((passed + 1))
  else
    echo "bicep-check.sh: $name FAILED" >&2
    cat "$log" >&2
    failed=$((failed + 1))
  fi
}

check build "$bicep" build infra/bicep/main.bicep --outfile "$out/main.json"
check lint "$bicep" lint infra/bicep/main.bicep
# The parameters file reads its secrets from the environment; placeholders of valid length stand in for them.
export HYDRA_ADMIN_TOKEN=ci-placeholder-admin-token-0123456789 HYDRA_PG_PASSWORD=ci-placeholder-password \
  HYDRA_WORKER_SSH_KEY='ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPlaceholderKeyForCompileOnly ci'
check build-params "$bicep" build-params infra/bicep/main.bicepparam --outfile "$out/main.parameters.json"
check lint-params "$bicep" lint infra/bicep/main.bicepparam

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
