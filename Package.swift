// swift-tools-version: 6.0
import PackageDescription

// Dependencies point one way: parley → ParleyCLI → ParleyWeb → ParleyExtraction → ParleyCore →
// ParleySQLite → CSQLite. ParleyWeb (`parley serve`, on Hummingbird) and ParleyCLI are front ends:
// they parse, call the core and render, with no SQL. Only ParleySQLite imports the C library;
// only ParleyCore/Store holds SQL.
// docs/ARCHITECTURE.md has the whole picture and the rules; ArchitectureTests checks them.
let package = Package(
    name: "Parley",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "parley", targets: ["parley"]),
        .library(name: "ParleyCore", targets: ["ParleyCore"]),
        .library(name: "ParleyExtraction", targets: ["ParleyExtraction"]),
        .library(name: "ParleySQLite", targets: ["ParleySQLite"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // Hummingbird's own dependencies, named for the types `serve` uses: its logger (kept
        // quiet), header names, and the listening channel (whose port `--port 0` reports).
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
        ),
        .target(name: "ParleySQLite", dependencies: ["CSQLite"]),

        // Migrations/*.sql are compiled into this module by the EmbedMigrations plugin, so a
        // copied binary still knows its schema (no resource bundle to lose).
        .target(
            name: "ParleyMigrations",
            dependencies: ["ParleySQLite"],
            path: "Migrations",
            plugins: ["EmbedMigrations"]
        ),
        .executableTarget(name: "EmbedSQL"),
        .plugin(name: "EmbedMigrations", capability: .buildTool(), dependencies: ["EmbedSQL"]),

        .target(
            name: "ParleyCore",
            dependencies: [
                "ParleySQLite",
                "ParleyMigrations",
                .product(name: "Yams", package: "Yams"),
                .product(name: "CSV", package: "CSV.swift"),
            ]
        ),
        .target(name: "ParleyExtraction", dependencies: ["ParleyCore"]),
        .target(
            name: "ParleyCLI",
            dependencies: [
                "ParleyCore",
                "ParleyExtraction",
                "ParleyWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "ParleyWeb",
            dependencies: [
                "ParleyCore",
                "ParleyExtraction",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .executableTarget(name: "parley", dependencies: ["ParleyCLI"]),

        .testTarget(name: "ParleySQLiteTests", dependencies: ["ParleySQLite"]),
        .testTarget(name: "ParleyCoreTests", dependencies: ["ParleyCore", "ParleySQLite"], exclude: ["Fixtures", "Golden"]),
        .testTarget(name: "ParleyExtractionTests", dependencies: ["ParleyExtraction", "ParleyCore"], exclude: ["Fixtures"]),
        .testTarget(name: "ParleyCLITests", dependencies: [
            "ParleyCLI", "ParleyCore", "parley", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], exclude: ["Fixtures"]),
        .testTarget(
            name: "ParleyWebTests",
            dependencies: [
                "ParleyWeb",
                "ParleyCore",
                "ParleySQLite",
                "parley",
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
