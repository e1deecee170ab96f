// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "Coach",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "coach", targets: ["coach"]),
    .library(name: "CoachCore", targets: ["CoachCore"]),
    .library(name: "CoachStore", targets: ["CoachStore"]),
    .library(name: "CoachREPL", targets: ["CoachREPL"]),
    .library(name: "CoachHTML", targets: ["CoachHTML"]),
    .library(name: "CoachPostgres", targets: ["CoachPostgres"]),
    .library(name: "CoachSheets", targets: ["CoachSheets"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
  ],
  targets: [
    // The pure core: scenario model, loader, validator, engine, rubric, analysis. No terminal or
    // database I/O.
    .target(name: "CoachCore"),
    // GNU readline and history, through a module map.
    .systemLibrary(name: "CReadline", providers: [.apt(["libreadline-dev"])]),
    // Terminal output and input: capabilities, styles, wrapping, the sanitiser all text passes
    // through (the core's text policy), and line readers (GNU readline on a terminal, plain reads
    // otherwise).
    .target(name: "CoachTerminal", dependencies: ["CoachCore", "CReadline"]),
    // The trainee's interactive session over the core.
    .target(name: "CoachREPL", dependencies: ["CoachCore", "CoachTerminal"]),
    // Trainee records in SQLite, score queries, exports and imports.
    .target(
      name: "CoachStore",
      dependencies: ["CoachCore", .product(name: "GRDB", package: "GRDB.swift")]),
    // Scores as a sheet of typed cells, and the sheet as CSV or JSON: presentation of what the
    // store returns, kept out of the store.
    .target(name: "CoachSheets", dependencies: ["CoachCore", "CoachStore"]),
    // The same store on a PostgreSQL server, for a programme's shared database: PostgresNIO,
    // driven synchronously from the commands.
    .target(
      name: "CoachPostgres",
      dependencies: ["CoachCore", "CoachStore", .product(name: "PostgresNIO", package: "postgres-nio")]),
    // Self-contained HTML pages over the core: the after-action review and the cohort dashboard,
    // rendered from Mustache templates with inline SVG charts.
    .target(
      name: "CoachHTML",
      dependencies: ["CoachCore", .product(name: "Mustache", package: "swift-mustache")]),
    // The command-line interface: argument parsing and the commands, over the modules above.
    .target(
      name: "CoachCLI",
      dependencies: [
        "CoachCore",
        "CoachHTML",
        "CoachTerminal",
        "CoachREPL",
        "CoachStore",
        "CoachPostgres",
        "CoachSheets",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .executableTarget(name: "coach", dependencies: ["CoachCLI"]),
    // A libFuzzer target for the loader, validator, expression parser and engine (Fuzz/run.sh).
    .executableTarget(name: "CoachFuzz", dependencies: ["CoachTestSupport"]),
    // Helpers shared by the test targets.
    .target(name: "CoachTestSupport", dependencies: ["CoachCore"], path: "Tests/CoachTestSupport"),
    .testTarget(
      name: "CoachCoreTests", dependencies: ["CoachCore", "CoachTestSupport"],
      // Inputs the fuzzer crashed on, replayed by FuzzRegressionTests from the source tree.
      exclude: ["FuzzRegressions"]),
    .testTarget(name: "CoachREPLTests", dependencies: ["CoachREPL", "CoachTerminal", "CoachTestSupport"]),
    // The store's tests; the contract suites run unchanged on SQLite and, when COACH_TEST_POSTGRES
    // names a server, on PostgreSQL.
    .testTarget(
      name: "CoachStoreTests",
      dependencies: [
        "CoachStore", "CoachPostgres", "CoachSheets", "CoachTestSupport",
        .product(name: "GRDB", package: "GRDB.swift"),
      ]),
    .testTarget(name: "CoachHTMLTests", dependencies: ["CoachHTML", "CoachCore", "CoachTestSupport"]),
    // The command-line layer's own parts: error rendering, output files, locations.
    .testTarget(
      name: "CoachCLITests",
      dependencies: [
        "CoachCLI", "CoachCore", "CoachREPL", "CoachStore", "CoachTerminal", "CoachTestSupport",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    // Runs the built `coach` binary with scripted input.
    .testTarget(name: "CoachEndToEndTests", dependencies: ["CoachCore", "CoachTestSupport"]),
  ]
)
