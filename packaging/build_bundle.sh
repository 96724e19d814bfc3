#!/bin/sh
# Build the one-folder bundle into dist/netcare, failing on "Library not found".
# PyInstaller only warns when a library a Qt plugin needs is missing on the build
# host, and then ships a bundle that aborts at start on machines without it.
set -eu
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
mkdir -p build
log=build/pyinstaller.log
start=$(date +%s)
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/netcare.spec >"$log" 2>&1 || {
    cat "$log" >&2
    echo "build_bundle: PyInstaller failed" >&2
    exit 1
}
if grep -E "Library not found|could not resolve" "$log" >&2; then
    echo "build_bundle: a library is missing on this build host (see above); install it and rebuild" >&2
    exit 1
fi
end=$(date +%s)
echo "bundle: dist/netcare, $(du -sm dist/netcare | cut -f1) MB, built in $((end - start)) s"
