// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "netdiag",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "netdiag", targets: ["netdiag"]),
        .library(name: "NetDiagEngine", targets: ["NetDiagEngine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // Debian's liblua5.4-dev, found through pkg-config.
        .systemLibrary(
            name: "CLua",
            pkgConfig: "lua5.4",
            providers: [.apt(["liblua5.4-dev"])]
        ),
        // C shims for Lua macros, the sandbox allocator, the instruction budget
        // and the only place where Lua errors are raised (longjmp never crosses Swift).
        .target(name: "CLuaShim", dependencies: ["CLua"]),
        .target(name: "NetDiagModel"),
        // A strict byte-level JSON parser shared by the loader and the guest parsers.
        .target(name: "NetDiagJSON"),
        .target(name: "NetDiagGuestOS", dependencies: ["NetDiagModel", "NetDiagJSON"]),
        .target(name: "NetDiagInventory", dependencies: [
            "NetDiagModel", "NetDiagGuestOS", "NetDiagJSON",
            .product(name: "Yams", package: "Yams"),
        ]),
        .target(
            name: "NetDiagEngine",
            dependencies: ["NetDiagModel", "CLuaShim", "CLua"],
            resources: [.copy("Prelude")]
        ),
        .target(name: "NetDiagStore", dependencies: [
            "NetDiagModel", "NetDiagEngine",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "PostgresNIO", package: "postgres-nio"),
        ]),
        // `netdiag serve` (issue 16): the JSON API and the web console on hummingbird.
        .target(name: "NetDiagServer", dependencies: [
            "NetDiagModel", "NetDiagInventory", "NetDiagEngine", "NetDiagStore", "NetDiagJSON",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
        ], resources: [.copy("Console/Assets")]),
        // Fixture cases for rules (rules/tests/), scaffolding and the reason-code catalogue.
        .target(name: "NetDiagRuleTesting", dependencies: [
            "NetDiagEngine", "NetDiagInventory", "NetDiagModel",
            .product(name: "Yams", package: "Yams"),
        ]),
        // Live collection from the cloud's OpenAPI and Cloud Assistant (issue 14).
        .target(name: "NetDiagCollect", dependencies: [
            "NetDiagJSON", "NetDiagGuestOS",
            .product(name: "Crypto", package: "swift-crypto"),
        ], resources: [.copy("Guest/Scripts")]),
        // Region-scale questions over classes of packets and endpoints (issue 15).
        .target(name: "NetDiagAnalysis", dependencies: [
            "NetDiagModel", "NetDiagEngine", "NetDiagGuestOS", .product(name: "Yams", package: "Yams"),
        ]),
        .executableTarget(name: "netdiag", dependencies: [
            "NetDiagModel", "NetDiagInventory", "NetDiagGuestOS", "NetDiagEngine", "NetDiagStore", "NetDiagServer",
            "NetDiagRuleTesting", "NetDiagCollect", "NetDiagAnalysis",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Synthetic regions at scale and the benchmark (issue 8).
        .target(name: "NetDiagBenchmarkSupport", dependencies: ["NetDiagModel", "NetDiagInventory", "NetDiagEngine", "NetDiagAnalysis"]),
        .executableTarget(name: "netdiag-bench", dependencies: [
            "NetDiagBenchmarkSupport", "NetDiagInventory", "NetDiagEngine", "NetDiagModel",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "NetDiagBenchmarkTests", dependencies: [
            "NetDiagBenchmarkSupport", "NetDiagInventory", "NetDiagEngine", "NetDiagModel",
        ]),
        .testTarget(name: "NetDiagModelTests", dependencies: ["NetDiagModel"]),
        .testTarget(name: "NetDiagEngineTests", dependencies: ["NetDiagEngine", "NetDiagModel", "CLuaShim"]),
        .testTarget(name: "NetDiagJSONTests", dependencies: ["NetDiagJSON"]),
        .testTarget(name: "NetDiagGuestOSTests", dependencies: ["NetDiagGuestOS", "NetDiagModel", "NetDiagJSON"],
                    resources: [.copy("Captures")]),
        .testTarget(name: "NetDiagInventoryTests", dependencies: ["NetDiagInventory", "NetDiagModel"]),
        // Guest-OS rules against the kernel: namespaces, real firewalls, real connections (issue 6).
        .testTarget(name: "NetDiagGroundTruthTests", dependencies: ["NetDiagEngine", "NetDiagInventory", "NetDiagModel"]),
        .testTarget(name: "NetDiagRuleTestingTests", dependencies: ["NetDiagRuleTesting", "NetDiagEngine", "NetDiagModel"]),
        // Paths, tasks and the store (issue 4): the library, then the built binary end to end.
        .testTarget(name: "NetDiagStoreTests", dependencies: ["NetDiagStore", "NetDiagEngine", "NetDiagModel"]),
        .testTarget(name: "NetDiagCollectTests", dependencies: [
            "NetDiagCollect", "NetDiagBenchmarkSupport", "NetDiagInventory", "NetDiagEngine", "NetDiagModel",
            "NetDiagGuestOS",
        ], exclude: ["Reference"], resources: [.copy("FakeCloud")]),
        .testTarget(name: "NetDiagAnalysisTests", dependencies: [
            "NetDiagAnalysis", "NetDiagBenchmarkSupport", "NetDiagInventory", "NetDiagEngine", "NetDiagModel",
        ]),
        .testTarget(name: "NetDiagEndToEndTests", dependencies: ["NetDiagStore", "NetDiagRuleTesting"]),
        // `netdiag serve` over real HTTP on loopback, and the console in headless Chromium (issue 16).
        .testTarget(name: "NetDiagServerTests", dependencies: ["NetDiagServer", "NetDiagStore", "NetDiagEngine"]),
    ]
)
