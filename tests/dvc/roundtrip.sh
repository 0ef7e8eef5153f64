#!/usr/bin/env bash
# DVC round trip: what `hearth data export-dvc` writes, real DVC (PyPI `dvc` 3.67.x) accepts.
#
# 1. builds `hearth`, imports two generated versions in a temporary workspace;
# 2. exports the FIRST one (not `latest`) with `hearth data export-dvc data-v1.0.0 REMOTE`;
# 3. in a fresh DVC repository: copies the `.dvc` file in, adds REMOTE as the default local remote,
#    runs `dvc pull`, and checks the pulled file is byte-identical to the imported one (`cmp`);
# 4. checks the `.dvc` file is exactly what `dvc add` writes for the same file;
# 5. does the same pull for shared/data/HousingData.csv when that file is present.
#
# DVC lives in a venv under /tmp (reused when it exists): HEARTH_DVC_VENV overrides its path.
# Exits non-zero on any failure. Run from anywhere: `bash tests/dvc/roundtrip.sh`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="${HEARTH_DVC_VENV:-/tmp/venv-hearth-dvc}"
export DVC_NO_ANALYTICS=1

step() { printf '\n== dvc roundtrip: %s ==\n' "$*"; }
fail() { printf 'dvc roundtrip: FAILED: %s\n' "$*" >&2; exit 1; }

step "build hearth"
cargo build --quiet -p hearth --manifest-path "$ROOT/Cargo.toml"
HEARTH="${CARGO_TARGET_DIR:-$ROOT/target}/debug/hearth"
[ -x "$HEARTH" ] || fail "no binary at $HEARTH"

step "DVC in $VENV"
if ! "$VENV/bin/dvc" --version 2>/dev/null | grep -q '^3\.67\.'; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet 'dvc==3.67.*'
fi
DVC="$VENV/bin/dvc"
echo "dvc $("$DVC" --version)"

WORK="$(mktemp -d /tmp/hearth-dvc-roundtrip.XXXXXX)"
cleanup() { chmod -R u+w "$WORK" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

# pull NAME.dvc from REMOTE into a fresh DVC repository DIR and compare with ORIGINAL.
pull_and_compare() {
    local remote="$1" name="$2" original="$3" dir="$4"
    mkdir -p "$dir"
    (
        cd "$dir"
        "$DVC" init --no-scm --quiet
        cp "$remote/$name.dvc" .
        "$DVC" remote add --default hearth "$remote"
        "$DVC" pull --quiet
    ) || fail "dvc pull of $name from $remote"
    cmp "$dir/$name" "$original" || fail "$name pulled by DVC differs from the imported bytes"
    echo "ok: dvc pull restored $name byte-identical ($(wc -c <"$original") bytes)"
}

step "import two versions, export the first"
mkdir "$WORK/ws"
cd "$WORK/ws"
"$HEARTH" init >/dev/null
"$HEARTH" data sample --rows 2000 --seed 7 --out sample.csv >/dev/null
"$HEARTH" data sample --rows 2000 --seed 7 --scenario price-shift --out shifted.csv >/dev/null
"$HEARTH" data import sample.csv --message "baseline"
"$HEARTH" data import shifted.csv --message "prices +12%"
"$HEARTH" data export-dvc data-v1.0.0 "$WORK/remote"

step "dvc pull from the export"
pull_and_compare "$WORK/remote" sample.csv "$WORK/ws/sample.csv" "$WORK/user"

step "the .dvc file equals what dvc add writes"
mkdir "$WORK/added"
cp "$WORK/ws/sample.csv" "$WORK/added/"
(cd "$WORK/added" && "$DVC" init --no-scm --quiet && "$DVC" add --quiet sample.csv) || fail "dvc add"
diff -u "$WORK/added/sample.csv.dvc" "$WORK/remote/sample.csv.dvc" || fail ".dvc file differs from dvc add's"
echo "ok: identical to dvc add's sample.csv.dvc"

SHARED="${HEARTH_SHARED_DIR:-$ROOT/../shared}"
[ -f "$SHARED/data/HousingData.csv" ] || SHARED=/work/shared
if [ -f "$SHARED/data/HousingData.csv" ]; then
    step "HousingData.csv"
    "$HEARTH" data import "$SHARED/data/HousingData.csv"
    "$HEARTH" data export-dvc latest "$WORK/remote-housing"
    pull_and_compare "$WORK/remote-housing" HousingData.csv "$SHARED/data/HousingData.csv" "$WORK/user-housing"
else
    echo "SKIPPED HousingData.csv round trip: shared/data/HousingData.csv not found"
fi

step "passed"
