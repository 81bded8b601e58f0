#!/usr/bin/env bash
# Builds what gets deployed, into artifacts/:
#   artifacts/publish/functions-linux-x64/   the function app, self-contained for linux-x64, with host.json and
#                                            one <Function>/function.json folder per function (run `func start` here)
#   artifacts/hydra-functions-linux-x64.zip  the same folder as a zip for zip deploy / run-from-package; entries carry
#                                            Unix mode bits so the handler stays executable on the read-only wwwroot
#   artifacts/publish/worker-<rid>/          the worker host as one self-contained file per RID
# Usage: scripts/package.sh [RID...]   (worker RIDs; default: linux-x64 win-x64 osx-arm64)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
worker_rids=("$@")
[ ${#worker_rids[@]} -eq 0 ] && worker_rids=(linux-x64 win-x64 osx-arm64)

out="$root/artifacts"
functions_dir="$out/publish/functions-linux-x64"
zip_file="$out/hydra-functions-linux-x64.zip"
mkdir -p "$out/publish"
# RID-specific builds go to artifacts/build (own bin/ and obj/), so they neither land inside the projects' normal
# build output nor rewrite the restore state the solution build and `dotnet test --no-build` use.

echo "package.sh: publishing the function app (self-contained, linux-x64)"
rm -rf "$functions_dir" "$zip_file"
dotnet publish functions/Hydra.Functions.csproj -c Release -r linux-x64 --self-contained -nologo -v quiet \
  --artifacts-path "$out/build" -o "$functions_dir" >"$out/publish/functions-linux-x64.log" 2>&1 \
  || { cat "$out/publish/functions-linux-x64.log" >&2; echo "package.sh: publishing the function app failed" >&2; exit 1; }
[ -f "$functions_dir/host.json" ] || { echo "package.sh: the publish output has no host.json" >&2; exit 1; }

# Zipped with Python rather than `zip`: it is on every machine that runs scripts/test.sh, and it lets us write
# each entry's Unix mode ("created by Unix", mode << 16) explicitly and in a stable order.
python3 - "$functions_dir" "$zip_file" <<'PY'
import os, stat, sys, zipfile
src, dest = sys.argv[1], sys.argv[2]
paths = []
for dirpath, dirnames, filenames in os.walk(src):
    dirnames.sort()
    for name in sorted(filenames):
        paths.append(os.path.join(dirpath, name))
with zipfile.ZipFile(dest + ".tmp", "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as z:
    for path in paths:
        rel = os.path.relpath(path, src).replace(os.sep, "/")
        if rel == "local.settings.json":
            continue  # local only; never deployed
        mode = os.stat(path).st_mode
        info = zipfile.ZipInfo(rel, date_time=(2020, 1, 1, 0, 0, 0))
        info.create_system = 3  # Unix, so the platform honours the mode bits
        info.external_attr = (stat.S_IFREG | stat.S_IMODE(mode)) << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        with open(path, "rb") as f:
            z.writestr(info, f.read())
os.replace(dest + ".tmp", dest)
print(f"package.sh: wrote {dest} ({len(paths)} files, {os.path.getsize(dest) // (1024 * 1024)} MiB)")
PY

for rid in "${worker_rids[@]}"; do
  echo "package.sh: publishing the worker host (single file, $rid)"
  rm -rf "$out/publish/worker-$rid"
  dotnet publish worker-host/Hydra.WorkerHost.csproj -c Release -r "$rid" -nologo -v quiet \
    --artifacts-path "$out/build" -o "$out/publish/worker-$rid" >"$out/publish/worker-$rid.log" 2>&1 \
    || { cat "$out/publish/worker-$rid.log" >&2; echo "package.sh: publishing the worker for $rid failed" >&2; exit 1; }
done
echo "package.sh: done"
