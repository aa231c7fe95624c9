#!/usr/bin/env bash
# Builds VastuuFFI.xcframework and the Vastuu Swift package in bindings-uniffi/swift/ on macOS:
#   1. generates the Swift sources, C header and module map (bindings-uniffi/generate.sh);
#   2. builds vastuu-uniffi as a static library for each Apple target (`cargo rustc
#      --crate-type staticlib`, so the crate's own crate-type stays as it is);
#   3. joins the two iOS simulator slices and the two macOS slices with lipo;
#   4. wraps the device, simulator and macOS libraries with the header and module map in
#      VastuuFFI.xcframework (xcodebuild -create-xcframework);
#   5. checks that Package.swift offers the Vastuu library (a binaryTarget VastuuFFI and the
#      generated Vastuu.swift as the source target) and, with SWIFT_BUILD=1, runs `swift build`.
#
#   bash scripts/build-xcframework.sh                 # release build (the default)
#   PROFILE=debug bash scripts/build-xcframework.sh
#   SWIFT_BUILD=1 bash scripts/build-xcframework.sh   # also builds the Swift package for macOS
#
# Needs macOS with Xcode (xcodebuild, lipo) and rustup. It has not been run on this project's
# Linux build machine, where it stops at once: there is no Apple toolchain there.
# scripts/test-kotlin.sh (run by CI) only checks that it parses (`bash -n`) and refuses to run
# off macOS.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

if [ "$(uname -s)" != Darwin ]; then
  echo "scripts/build-xcframework.sh needs macOS with Xcode (this is $(uname -s)); nothing was built" >&2
  exit 2
fi
for tool in cargo rustup xcodebuild lipo; do
  command -v "$tool" >/dev/null || { echo "scripts/build-xcframework.sh needs $tool on PATH" >&2; exit 1; }
done

profile="${PROFILE:-release}"
case "$profile" in
  debug) release="" ;;
  release) release="--release" ;;
  *) echo "PROFILE must be debug or release, not $profile" >&2; exit 2 ;;
esac
target_dir="${CARGO_TARGET_DIR:-$root/target}"
swift_dir="$root/bindings-uniffi/swift"
headers="$swift_dir/Headers"
xcframework="$swift_dir/VastuuFFI.xcframework"
lib=libvastuu_uniffi.a

ios_device=aarch64-apple-ios
ios_simulator=(aarch64-apple-ios-sim x86_64-apple-ios)
macos=(aarch64-apple-darwin x86_64-apple-darwin)
targets=("$ios_device" "${ios_simulator[@]}" "${macos[@]}")

echo "== generating the Swift sources, header and module map"
PROFILE="$profile" bash bindings-uniffi/generate.sh
for file in "$swift_dir/Sources/Vastuu/Vastuu.swift" "$headers/VastuuFFI.h" "$headers/module.modulemap"; do
  [ -f "$file" ] || { echo "generate.sh did not write $file" >&2; exit 1; }
done

echo "== static libraries for ${targets[*]}"
rustup target add "${targets[@]}"
for target in "${targets[@]}"; do
  cargo rustc -p vastuu-uniffi --lib $release --target "$target" --crate-type staticlib
  [ -f "$target_dir/$target/$profile/$lib" ] || { echo "no $lib built for $target" >&2; exit 1; }
done

echo "== joining the simulator and macOS slices (lipo)"
apple="$target_dir/apple/$profile"
rm -rf "$apple"
mkdir -p "$apple/ios-simulator" "$apple/macos"
simulator_slices=() macos_slices=()
for target in "${ios_simulator[@]}"; do simulator_slices+=("$target_dir/$target/$profile/$lib"); done
for target in "${macos[@]}"; do macos_slices+=("$target_dir/$target/$profile/$lib"); done
lipo -create "${simulator_slices[@]}" -output "$apple/ios-simulator/$lib"
lipo -create "${macos_slices[@]}" -output "$apple/macos/$lib"

echo "== $xcframework"
rm -rf "$xcframework"
xcodebuild -create-xcframework \
  -library "$target_dir/$ios_device/$profile/$lib" -headers "$headers" \
  -library "$apple/ios-simulator/$lib" -headers "$headers" \
  -library "$apple/macos/$lib" -headers "$headers" \
  -output "$xcframework"

echo "== the Swift package"
package="$swift_dir/Package.swift"
grep -q '\.binaryTarget(name: "VastuuFFI", path: "VastuuFFI.xcframework")' "$package" ||
  { echo "$package lacks the binaryTarget VastuuFFI at VastuuFFI.xcframework" >&2; exit 1; }
grep -q '\.target(name: "Vastuu", dependencies: \["VastuuFFI"\], path: "Sources/Vastuu")' "$package" ||
  { echo "$package lacks the source target Vastuu over VastuuFFI" >&2; exit 1; }
if [ "${SWIFT_BUILD:-0}" = 1 ]; then
  (cd "$swift_dir" && swift build)
fi

echo "built $xcframework with ${targets[*]}"
echo "the Swift package is $swift_dir (product Vastuu); to ship it, zip the XCFramework and point"
echo "the binaryTarget at its url: and checksum: (swift package compute-checksum)"
