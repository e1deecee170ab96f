// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "Coach",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "coach", targets: ["coach"]),
    .library(name: "CoachCore", targets: ["CoachCore"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
  ],
  targets: [
    // The pure core: scenario model, loader, validator, engine, rubric, analysis. No terminal or
    // database I/O.
    .target(name: "CoachCore"),
    // Terminal output: capabilities, styles, wrapping and the sanitiser all text passes through.
    .target(name: "CoachTerminal"),
    // The command-line interface: argument parsing and the commands, over the core.
    .target(
      name: "CoachCLI",
      dependencies: [
        "CoachCore",
        "CoachTerminal",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .executableTarget(name: "coach", dependencies: ["CoachCLI"]),
    // Helpers shared by the test targets.
    .target(name: "CoachTestSupport", dependencies: ["CoachCore"], path: "Tests/CoachTestSupport"),
    .testTarget(name: "CoachCoreTests", dependencies: ["CoachCore", "CoachTestSupport"]),
    // Runs the built `coach` binary with scripted input.
    .testTarget(name: "CoachEndToEndTests", dependencies: ["CoachTestSupport"]),
  ]
)
