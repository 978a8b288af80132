// swift-tools-version: 6.1
// Benchmarks, kept out of the product package (Benchmarks/run.sh is the one entry point; `make bench`).
// Each program prints figures; none of them is a test.

import PackageDescription

let swift6: [SwiftSetting] = [.swiftLanguageMode(.v6)]
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")

let package = Package(
    name: "xend-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "xend", path: ".."),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        // S-expression parse and print throughput.
        .executableTarget(
            name: "sexpression-bench",
            dependencies: [
                .product(name: "SExpression", package: "xend"), .product(name: "XendModel", package: "xend"),
            ],
            swiftSettings: swift6),
        // The simulated host's operations, without HTTP.
        .executableTarget(
            name: "bench-hypervisor",
            dependencies: [.product(name: "SimulatedHost", package: "xend"), logging], swiftSettings: swift6),
        // The HTTP engine with a fixed node record, to compare with a bare libmicrohttpd server (C/bare-mhd.c).
        .executableTarget(
            name: "xend-http-bench",
            dependencies: [
                .product(name: "XendHTTP", package: "xend"), .product(name: "XendServer", package: "xend"), logging,
            ],
            swiftSettings: swift6),
    ]
)
