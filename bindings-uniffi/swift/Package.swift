// swift-tools-version:5.9
// The Vastuu Swift package: the generated Swift (Sources/Vastuu/Vastuu.swift, written by
// ../generate.sh) over the Rust library, which comes as VastuuFFI.xcframework (static libraries
// plus the generated C header and module map from Headers/). See ../README.md for building it.
import PackageDescription

let package = Package(
    name: "Vastuu",
    platforms: [.iOS(.v15), .macOS(.v12)],
    products: [
        .library(name: "Vastuu", targets: ["Vastuu"]),
    ],
    targets: [
        .binaryTarget(name: "VastuuFFI", path: "VastuuFFI.xcframework"),
        .target(name: "Vastuu", dependencies: ["VastuuFFI"], path: "Sources/Vastuu"),
    ]
)
