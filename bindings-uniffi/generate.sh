#!/usr/bin/env bash
# Builds the vastuu-uniffi cdylib and generates the Kotlin and Swift bindings from it (uniffi
# library mode), with the uniffi-bindgen built from this crate, so bindings and library always
# come from the same uniffi version.
#
#   bash bindings-uniffi/generate.sh            # debug build
#   PROFILE=release bash bindings-uniffi/generate.sh
#
# Output (not committed; regenerate after every API change):
#   kotlin/src/main/kotlin/fi/vastuu/vastuu_uniffi.kt     package fi.vastuu (Transactions.kt
#                                                         beside it is hand-written, committed)
#   swift/Sources/Vastuu/Vastuu.swift                     module Vastuu
#   swift/Headers/VastuuFFI.h, swift/Headers/module.modulemap   the C side, for the XCFramework
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
profile="${PROFILE:-debug}"
cd "$root"

case "$profile" in
  debug) release="" ;;
  release) release="--release" ;;
  *) echo "PROFILE must be debug or release, not $profile" >&2; exit 2 ;;
esac
# One build gives both the generator (it needs the cli feature) and the cdylib it reads. (Building
# the library again without the feature would recompile most dependencies for nothing: the
# feature adds the generator, not a line of the library's API.)
cargo build -p vastuu-uniffi --features cli --bin uniffi-bindgen --lib $release

target_dir="${CARGO_TARGET_DIR:-$root/target}"
case "$(uname -s)" in
  Darwin) lib="$target_dir/$profile/libvastuu_uniffi.dylib" ;;
  MINGW*|MSYS*|CYGWIN*) lib="$target_dir/$profile/vastuu_uniffi.dll" ;;
  *) lib="$target_dir/$profile/libvastuu_uniffi.so" ;;
esac
[ -f "$lib" ] || { echo "built library not found at $lib" >&2; exit 1; }

bindgen="$target_dir/$profile/uniffi-bindgen"
[ -x "$bindgen" ] || bindgen="$bindgen.exe"

kotlin_out="$here/kotlin/src/main/kotlin"
# Only the generated file is replaced: Transactions.kt beside it is written by hand.
rm -f "$kotlin_out/fi/vastuu/vastuu_uniffi.kt"
mkdir -p "$kotlin_out"
"$bindgen" generate "$lib" --language kotlin --no-format --out-dir "$kotlin_out"

swift_tmp="$(mktemp -d)"
trap 'rm -rf "$swift_tmp"' EXIT
"$bindgen" generate "$lib" --language swift --no-format --out-dir "$swift_tmp"
mkdir -p "$here/swift/Sources/Vastuu" "$here/swift/Headers"
mv "$swift_tmp/Vastuu.swift" "$here/swift/Sources/Vastuu/Vastuu.swift"
mv "$swift_tmp/VastuuFFI.h" "$here/swift/Headers/VastuuFFI.h"
# An XCFramework's headers folder needs the module map under this exact name.
mv "$swift_tmp/VastuuFFI.modulemap" "$here/swift/Headers/module.modulemap"

echo "generated from $lib:"
find "$kotlin_out/fi/vastuu/vastuu_uniffi.kt" "$here/swift/Sources" "$here/swift/Headers" -type f | sed "s|^$root/|  |" | sort
