#!/usr/bin/env bash
# Builds FerretDB 1.24.2 (the former embedded server) into .cache/ferretdb/v1.24.2/ferretdb, for
# `npm run db:import-ferretdb` and its test on a machine that has Go but no FerretDB release binary.
# `go install …@v1.24.2` does not work (the module proxy refuses the version list, and a binary built
# as a dependency panics on its empty build/version/version.txt): download the module, write the
# version file, build it.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=v1.24.2
OUT=".cache/ferretdb/$VERSION/ferretdb"
if [ -x "$OUT" ]; then echo "FerretDB $VERSION already built: $OUT"; exit 0; fi
command -v go >/dev/null 2>&1 || { echo "no Go toolchain: FerretDB $VERSION is not built" >&2; exit 1; }
WORK="$(mktemp -d)"
trap 'chmod -R u+w "$WORK" 2>/dev/null || true; rm -rf "$WORK"' EXIT
MOD="$(cd "$WORK" && GOFLAGS=-mod=mod go mod download -json "github.com/FerretDB/FerretDB@$VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
[ -n "$MOD" ] || { echo "could not download github.com/FerretDB/FerretDB@$VERSION" >&2; exit 1; }
cp -r "$MOD" "$WORK/src"
chmod -R u+w "$WORK/src"
echo "$VERSION" > "$WORK/src/build/version/version.txt"
mkdir -p "$(dirname "$OUT")"
(cd "$WORK/src" && CGO_ENABLED=0 go build -trimpath -o "$PWD/../ferretdb" ./cmd/ferretdb)
mv "$WORK/ferretdb" "$OUT"
echo "FerretDB $VERSION built: $OUT"
