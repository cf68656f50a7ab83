// swift-tools-version: 6.0
import PackageDescription

// Dependencies point one way: parley → ParleyCLI → ParleyExtraction → ParleyCore → ParleySQLite
// → CSQLite. Only ParleySQLite imports the C library; only ParleyCore/Store holds SQL.
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
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "parley", dependencies: ["ParleyCLI"]),

        .testTarget(name: "ParleySQLiteTests", dependencies: ["ParleySQLite"]),
        .testTarget(name: "ParleyCoreTests", dependencies: ["ParleyCore", "ParleySQLite"], exclude: ["Fixtures", "Golden"]),
        .testTarget(name: "ParleyExtractionTests", dependencies: ["ParleyExtraction", "ParleyCore"], exclude: ["Fixtures"]),
        .testTarget(name: "ParleyCLITests", dependencies: ["ParleyCLI", "ParleyCore", "parley"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
