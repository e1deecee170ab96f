import Foundation

/// Runs the built `coach` binary the way a user would, for end-to-end tests.
public struct CoachProcess {
  /// What a run printed and how it ended.
  public struct Output: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
  }

  /// The `coach` executable that `swift test` built next to the test bundle.
  public static var executable: URL {
    var folder = Bundle.main.bundleURL
    for _ in 0..<4 {
      let candidate = folder.appendingPathComponent("coach")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      folder = folder.deletingLastPathComponent()
    }
    return Bundle.main.bundleURL.appendingPathComponent("coach")
  }

  /// Runs `coach` with `arguments`, feeding `input` on standard input, in `directory`, with the
  /// environment reduced to `environment` plus PATH and HOME (so the user's own settings never leak
  /// into a test). `NO_COLOR` is set unless the caller sets colour explicitly. A non-empty
  /// `launcher` runs `coach` through another program, such as `["/usr/bin/setpriv", ...]`.
  ///
  /// With `outputReaderGone`, standard output is a pipe whose reading end is already closed, as
  /// when `coach ... | head -1` has stopped reading: every write to it fails with EPIPE.
  ///
  /// There is no time limit: a test asserts what the program did, never how long it took, so a
  /// slow or loaded machine cannot fail it.
  public static func run(
    _ arguments: [String], input: String? = nil, environment: [String: String] = [:],
    directory: URL? = nil, launcher: [String] = [], outputReaderGone: Bool = false
  ) throws -> Output {
    let process = Process()
    if let program = launcher.first {
      process.executableURL = URL(fileURLWithPath: program)
      process.arguments = launcher.dropFirst() + [executable.path] + arguments
    } else {
      process.executableURL = executable
      process.arguments = arguments
    }
    var env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "NO_COLOR": "1"]
    env["HOME"] = ProcessInfo.processInfo.environment["HOME"]
    for (key, value) in environment { env[key] = value }
    if env["NO_COLOR"] == "" { env["NO_COLOR"] = nil }
    process.environment = env
    if let directory { process.currentDirectoryURL = directory }
    let stdin = Pipe()
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardInput = stdin
    if outputReaderGone {
      let broken = Pipe()
      try broken.fileHandleForReading.close()
      process.standardOutput = broken.fileHandleForWriting
    } else {
      process.standardOutput = stdout
    }
    process.standardError = stderr
    try process.run()
    if outputReaderGone { try stdout.fileHandleForWriting.close() }
    // Read both pipes concurrently so a chatty process never blocks on a full pipe.
    let outData = ReadAll(stdout.fileHandleForReading)
    let errData = ReadAll(stderr.fileHandleForReading)
    if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
    try? stdin.fileHandleForWriting.close()
    process.waitUntilExit()
    return Output(
      status: process.terminationStatus, stdout: String(decoding: outData.wait(), as: UTF8.self),
      stderr: String(decoding: errData.wait(), as: UTF8.self))
  }
}

/// Reads a file handle to its end on a background thread.
final class ReadAll: @unchecked Sendable {
  private var data = Data()
  private let done = DispatchSemaphore(value: 0)

  init(_ handle: FileHandle) {
    Thread.detachNewThread { [self] in
      data = handle.readDataToEndOfFile()
      done.signal()
    }
  }

  func wait() -> Data {
    done.wait()
    return data
  }
}
