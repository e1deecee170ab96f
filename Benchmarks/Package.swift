// swift-tools-version:6.0
import PackageDescription

// Benchmarks live apart from the tests and build in release mode: see Benchmarks/run.sh and
// docs/performance.md.
let package = Package(
  name: "CoachBenchmarks",
  platforms: [.macOS(.v13)],
  dependencies: [
    .package(name: "Coach", path: ".."),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
  ],
  targets: [
    .executableTarget(
      name: "coach-bench",
      dependencies: [
        .product(name: "CoachCore", package: "Coach"),
        .product(name: "CoachStore", package: "Coach"),
        .product(name: "CoachREPL", package: "Coach"),
        .product(name: "CoachHTML", package: "Coach"),
        .product(name: "CoachPostgres", package: "Coach"),
        .product(name: "GRDB", package: "GRDB.swift"),
      ])
  ]
)
