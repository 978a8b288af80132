// swift-tools-version: 6.1
// The xend-compatible Xen management daemon, its libxl bindings and its client library.
// Modules and what each one does: README.md ("What is in the box") and docs/.

import PackageDescription

/// Fuzz targets have no `main` (libFuzzer brings one), so a normal build cannot link them.
/// `make fuzz` sets XEND_FUZZ=1 and builds them with `--sanitize=fuzzer`.
let buildsFuzzers = Context.environment["XEND_FUZZ"] != nil

let strictSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
]

var products: [Product] = [
    .library(name: "SExpression", targets: ["SExpression"]),
    .library(name: "XendModel", targets: ["XendModel"]),
    .executable(name: "Benchmarks", targets: ["Benchmarks"]),
]

var targets: [Target] = [
    // MARK: S-expressions and the xend wire model
    .target(name: "SExpression", swiftSettings: strictSettings),
    .target(name: "XendModel", dependencies: ["SExpression"], swiftSettings: strictSettings),

    // MARK: System libraries (the design card's Debian packages)
    .systemLibrary(
        name: "CLibxl",
        pkgConfig: "xenlight",
        providers: [.apt(["libxen-dev", "libyajl-dev"])]
    ),
    .systemLibrary(
        name: "CMicroHTTPD",
        pkgConfig: "libmicrohttpd",
        providers: [.apt(["libmicrohttpd-dev"])]
    ),

    // MARK: Benchmarks (`make bench`)
    .executableTarget(
        name: "Benchmarks",
        dependencies: ["SExpression", "XendModel"],
        swiftSettings: strictSettings
    ),

    // MARK: Tests
    .testTarget(
        name: "SExpressionTests",
        dependencies: [
            "SExpression",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ],
        swiftSettings: strictSettings
    ),
    .testTarget(
        name: "XendModelTests",
        dependencies: [
            "XendModel",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ],
        swiftSettings: strictSettings
    ),
]

// MARK: Xenlight: libxl bindings and their generator
products.append(.library(name: "Xenlight", targets: ["Xenlight"]))
products.append(.executable(name: "xenlight-gen", targets: ["xenlight-gen"]))
products.append(.executable(name: "xenlight-exercise", targets: ["xenlight-exercise"]))
targets.append(contentsOf: [
    // `make generate`: Swift types from clang's AST of the installed libxl.h (docs/xenlight-gen.md).
    .target(name: "XenlightGenerator", swiftSettings: strictSettings),
    .executableTarget(
        name: "xenlight-gen",
        dependencies: [
            "XenlightGenerator",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ],
        swiftSettings: strictSettings
    ),
    // xentoollog's va_list logger callback, which Swift cannot write; Xen's remote shutdown and xenstore
    // reads, which libxl has no public call for.
    .target(
        name: "CXenlightShims",
        dependencies: ["CLibxl"],
        linkerSettings: [.linkedLibrary("xentoollog"), .linkedLibrary("xenctrl"), .linkedLibrary("xenstore")]
    ),
    .target(
        name: "Xenlight",
        dependencies: ["CLibxl", "CXenlightShims", "XendModel", .product(name: "Logging", package: "swift-log")],
        swiftSettings: strictSettings
    ),
    // On a Xen host: PASS/FAIL per wrapped libxl call (docs/xenlight-coverage.md).
    .executableTarget(
        name: "xenlight-exercise",
        dependencies: [
            "Xenlight", "XendModel",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ],
        swiftSettings: strictSettings
    ),
    // Test-only: lets libxl_ctx_alloc succeed without a hypervisor (see its header for how and why).
    .target(name: "CXenlightTestSupport", path: "Tests/CXenlightTestSupport"),
    .testTarget(
        name: "XenlightTests",
        dependencies: ["Xenlight", "CXenlightTestSupport", .product(name: "Logging", package: "swift-log")],
        swiftSettings: strictSettings,
        // Exports the test executable's xc_interface_open/xs_open so libxenlight.so binds to them.
        linkerSettings: [.unsafeFlags(["-Xlinker", "--export-dynamic"])]
    ),
    .testTarget(
        name: "XenlightGenTests",
        dependencies: ["XenlightGenerator"],
        exclude: ["Fixtures", "Golden"],
        swiftSettings: strictSettings
    ),
])

// MARK: Xen-in-QEMU test host programs
// xen-smoke runs in the QEMU-booted dom0 (`make test-xen`): libxl against a real hypervisor and PV guest.
products.append(.executable(name: "xen-smoke", targets: ["xen-smoke"]))
targets.append(.executableTarget(name: "xen-smoke", dependencies: ["CLibxl"], swiftSettings: strictSettings))
targets.append(.testTarget(name: "XenSmokeTests", dependencies: ["xen-smoke"], swiftSettings: strictSettings))

// MARK: Hypervisor backends
products.append(.library(name: "Hypervisor", targets: ["Hypervisor"]))
products.append(.executable(name: "bench-hypervisor", targets: ["bench-hypervisor"]))
targets.append(
    .target(
        name: "Hypervisor",
        dependencies: ["XendModel", "SExpression", .product(name: "Logging", package: "swift-log")],
        swiftSettings: strictSettings
    )
)
// Crash-safety helper for HypervisorTests: performs random managed-domain operations until killed.
targets.append(
    .executableTarget(
        name: "sim-crash-child",
        dependencies: ["Hypervisor", "XendModel", "SExpression", .product(name: "Logging", package: "swift-log")],
        swiftSettings: strictSettings
    )
)
targets.append(
    .executableTarget(
        name: "bench-hypervisor",
        dependencies: ["Hypervisor", "XendModel", "SExpression", .product(name: "Logging", package: "swift-log")],
        swiftSettings: strictSettings
    )
)
targets.append(
    .testTarget(
        name: "HypervisorTests",
        dependencies: [
            "Hypervisor", "XendModel", "SExpression", "sim-crash-child",
            .product(name: "Logging", package: "swift-log"),
        ],
        swiftSettings: strictSettings
    )
)

// The libxl backend (issue 8): xend's (vm ...) configs and records on top of the Xenlight bindings.
products.append(.library(name: "LibxlBackend", targets: ["LibxlBackend"]))
targets.append(
    .target(
        name: "LibxlBackend",
        dependencies: [
            "Hypervisor", "Xenlight", "XendModel", "SExpression", .product(name: "Logging", package: "swift-log"),
        ],
        swiftSettings: strictSettings
    )
)
targets.append(
    .testTarget(
        name: "LibxlBackendTests",
        dependencies: ["LibxlBackend", "Hypervisor", "Xenlight", "XendModel", "SExpression"],
        exclude: ["Golden"],
        swiftSettings: strictSettings
    )
)

// MARK: Daemon: HTTP engine, router, executable
products.append(.library(name: "XendServer", targets: ["XendServer"]))
products.append(.executable(name: "xend-http-bench", targets: ["xend-http-bench"]))
targets.append(
    // C helpers for libmicrohttpd's variadic calls (MHD_start_daemon, MHD_set_response_options).
    .target(name: "CXendShims", dependencies: ["CMicroHTTPD"], linkerSettings: [.linkedLibrary("microhttpd")])
)
targets.append(
    .target(
        name: "XendServer",
        dependencies: [
            "CMicroHTTPD", "CXendShims", "XendModel", "SExpression", "Hypervisor",
            .product(name: "Logging", package: "swift-log"),
        ],
        swiftSettings: strictSettings
    )
)
targets.append(
    .executableTarget(
        name: "xend-http-bench",
        dependencies: ["XendServer", .product(name: "Logging", package: "swift-log")],
        swiftSettings: strictSettings
    )
)
targets.append(
    .testTarget(
        name: "XendServerTests",
        dependencies: [
            "XendServer", "Hypervisor", "XendModel", "SExpression", "xend",
            .product(name: "Logging", package: "swift-log"),
        ],
        exclude: ["Golden"],
        swiftSettings: strictSettings
    )
)

// The daemon executable: configuration, backend choice, systemd readiness, signals.
products.append(.executable(name: "xend", targets: ["xend"]))
targets.append(
    .executableTarget(
        name: "xend",
        dependencies: [
            "XendServer", "Hypervisor", "XendModel", "LibxlBackend",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ],
        swiftSettings: strictSettings
    )
)

// MARK: Client library and xendctl
products.append(.library(name: "XendClient", targets: ["XendClient"]))
products.append(.executable(name: "xendctl", targets: ["xendctl"]))
targets.append(
    .target(
        name: "XendClient",
        dependencies: [
            "XendModel",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ],
        swiftSettings: strictSettings
    )
)
targets.append(
    .executableTarget(
        name: "xendctl",
        dependencies: [
            "XendClient",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ],
        swiftSettings: strictSettings
    )
)
targets.append(
    .testTarget(
        name: "XendClientTests",
        // The executables are dependencies so they are built before the live tests run them.
        dependencies: [
            "XendClient", "XendModel", "xend", "xendctl",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "InMemoryLogging", package: "swift-log"),
        ],
        swiftSettings: strictSettings
    )
)

// MARK: Fuzz targets
if buildsFuzzers {
    products.append(.executable(name: "FuzzSExpression", targets: ["FuzzSExpression"]))
    targets.append(
        .executableTarget(
            name: "FuzzSExpression",
            dependencies: ["SExpression"],
            swiftSettings: strictSettings + [.unsafeFlags(["-parse-as-library"])]
        )
    )
    // Issue 9: the form decoders, the `(vm ...)` config decoder, and bytes -> router -> simulated host.
    let fuzzTargets: [(name: String, dependencies: [Target.Dependency])] = [
        ("FuzzFormDecoder", ["XendServer"]),
        ("FuzzDomainConfig", ["XendModel", "SExpression"]),
        (
            "FuzzRequestPath",
            ["XendServer", "Hypervisor", "SExpression", .product(name: "Logging", package: "swift-log")]
        ),
        // What a peer sends the relocation server, into the simulated host's receiver.
        ("FuzzRelocation", ["Hypervisor", "XendModel", .product(name: "Logging", package: "swift-log")]),
    ]
    for target in fuzzTargets {
        products.append(.executable(name: target.name, targets: [target.name]))
        targets.append(
            .executableTarget(
                name: target.name,
                dependencies: target.dependencies,
                swiftSettings: strictSettings + [.unsafeFlags(["-parse-as-library"])]
            )
        )
    }
}

let package = Package(
    name: "xend",
    platforms: [.macOS(.v15)],
    products: products,
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.0"),
    ],
    targets: targets
)
