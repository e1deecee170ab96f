import CoachTerminal
import Foundation

/// Where a command writes: standard output for results, standard error for diagnostics and
/// progress. Wraps the terminal's capabilities so every command styles text the same way.
struct Console {
  var terminal: Terminal
  var errorTerminal: Terminal

  static func detect() -> Console {
    let environment = ProcessInfo.processInfo.environment
    return Console(
      terminal: .detect(environment: environment, fileDescriptor: STDOUT_FILENO),
      errorTerminal: .detect(environment: environment, fileDescriptor: STDERR_FILENO))
  }

  func out(_ text: String, terminator: String = "\n") {
    FileHandle.standardOutput.write(Data((text + terminator).utf8))
  }

  func err(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
  }

  /// Writes a JSON value to standard output, pretty-printed with sorted keys.
  func json<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let data = try encoder.encode(value)
    FileHandle.standardOutput.write(data)
    FileHandle.standardOutput.write(Data("\n".utf8))
  }
}
