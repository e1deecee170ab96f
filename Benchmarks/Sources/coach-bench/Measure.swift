import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Timing and process helpers for the benchmarks.
enum Measure {
  /// Runs `body` `repetitions` times (after `warmup` untimed runs) and returns each duration in
  /// seconds.
  static func times(_ repetitions: Int, warmup: Int = 1, _ body: () throws -> Void) rethrows -> [Double] {
    for _ in 0..<warmup { try body() }
    let clock = ContinuousClock()
    var results: [Double] = []
    for _ in 0..<repetitions {
      let elapsed = try clock.measure(body)
      results.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
    return results
  }

  static func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1
      ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
  }

  /// Runs a program to completion, discarding its output, and returns wall time in seconds and
  /// its peak resident memory in KiB (from `/usr/bin/time`).
  @discardableResult
  static func process(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> (
    seconds: Double, peakKiB: Int
  ) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/time")
    process.arguments = ["-f", "%M", executable] + arguments
    if let environment { process.environment = environment }
    let errors = Pipe()
    process.standardOutput = FileHandle.nullDevice
    process.standardError = errors
    let clock = ContinuousClock()
    let start = clock.now
    try process.run()
    let data = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let elapsed = clock.now - start
    let text = String(decoding: data, as: UTF8.self)
    guard process.terminationStatus == 0 else {
      throw BenchError("\(executable) \(arguments.joined(separator: " ")) failed: \(text)")
    }
    let peak = text.split(separator: "\n").last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? 0
    return (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, peak)
  }

  /// Runs a program directly with posix_spawn and waitpid, output discarded, and returns wall time
  /// in seconds: for start-up, where Foundation's Process (which polls for the exit) would add
  /// tens of milliseconds of its own.
  static func spawn(_ executable: String, _ arguments: [String]) throws -> Double {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    let clock = ContinuousClock()
    let start = clock.now
    var child: pid_t = 0
    guard posix_spawn(&child, executable, &actions, nil, argv, environ) == 0 else {
      throw BenchError("cannot start \(executable)")
    }
    var status: Int32 = 0
    waitpid(child, &status, 0)
    let elapsed = clock.now - start
    guard status == 0 else { throw BenchError("\(executable) \(arguments.joined(separator: " ")) failed") }
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
  }

  /// Runs a program and returns its standard output.
  static func output(_ executable: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw BenchError("\(executable) failed") }
    return String(decoding: data, as: UTF8.self)
  }
}

struct BenchError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// Formats durations for the results table.
enum Format {
  static func duration(_ seconds: Double) -> String {
    switch seconds {
    case ..<1e-3: String(format: "%.1f µs", seconds * 1e6)
    case ..<1: String(format: "%.2f ms", seconds * 1e3)
    default: String(format: "%.2f s", seconds)
    }
  }

  static func ratio(_ value: Double) -> String { String(format: "%.2f×", value) }

  static func mebibytes(_ kib: Int) -> String { String(format: "%.0f MiB", Double(kib) / 1024) }
}
