#!/usr/bin/env bash
# Builds every committed WAT guest (src/*/resources/guests/*.wat in any module) to the .wasm beside it.
#   scripts/build-guests.sh           rebuild the .wasm files
#   scripts/build-guests.sh --check   rebuild into a temp dir and fail if any committed .wasm differs
# Needs wat2wasm from Debian's wabt package (apt-get install wabt).
set -euo pipefail
cd "$(dirname "$0")/.."
check=false
[ "${1:-}" = "--check" ] && check=true
command -v wat2wasm >/dev/null || { echo "wat2wasm not found: apt-get install wabt" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
count=0
while IFS= read -r wat; do
  wasm="${wat%.wat}.wasm"
  count=$((count + 1))
  if $check; then
    out="$tmp/$(echo "$wat" | tr '/' '_').wasm"
    wat2wasm "$wat" -o "$out"
    if [ ! -f "$wasm" ]; then
      echo "MISSING: $wasm (run scripts/build-guests.sh and commit it)" >&2; status=1
    elif ! cmp -s "$out" "$wasm"; then
      echo "STALE: $wasm does not match $wat (run scripts/build-guests.sh and commit it)" >&2; status=1
    fi
  else
    wat2wasm "$wat" -o "$wasm"
  fi
done < <(git ls-files --cached --others --exclude-standard -- '*/src/*/resources/guests/*.wat' | sort)
if $check; then
  [ $status -eq 0 ] && echo "guests: all $count committed .wasm files match their .wat"
else
  echo "guests: built $count .wasm files"
fi
exit $status
