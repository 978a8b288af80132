// swift-tools-version: 6.1
// libFuzzer targets, kept out of the product package: they have no `main` (libFuzzer brings one), so they
// only link with `--sanitize=fuzzer`. Run them with Fuzz/fuzz.sh (`make fuzz`); seeds are in Corpus/.

import PackageDescription

let fuzzerSettings: [SwiftSetting] = [.swiftLanguageMode(.v6), .unsafeFlags(["-parse-as-library"])]
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")

func xend(_ product: String) -> Target.Dependency { .product(name: product, package: "xend") }

let targets: [Target] = [
    // Any bytes into the S-expression parser and printer.
    .executableTarget(name: "FuzzSExpression", dependencies: [xend("SExpression")], swiftSettings: fuzzerSettings),
    // Request bodies into the form decoders.
    .executableTarget(name: "FuzzFormDecoder", dependencies: [xend("XendHTTP")], swiftSettings: fuzzerSettings),
    // `(vm ...)` configurations into their decoder.
    .executableTarget(name: "FuzzVMConfig", dependencies: [xend("XendModel")], swiftSettings: fuzzerSettings),
    // Whole requests through the router into the simulated host.
    .executableTarget(
        name: "FuzzRequestPath", dependencies: [xend("XendServer"), xend("SimulatedHost"), logging],
        swiftSettings: fuzzerSettings),
    // What a peer sends the relocation server, into the simulated host's receiver.
    .executableTarget(
        name: "FuzzRelocation", dependencies: [xend("SimulatedHost"), logging], swiftSettings: fuzzerSettings),
]

let package = Package(
    name: "xend-fuzz",
    platforms: [.macOS(.v15)],
    products: targets.map { .executable(name: $0.name, targets: [$0.name]) },
    dependencies: [
        .package(name: "xend", path: ".."),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: targets
)
