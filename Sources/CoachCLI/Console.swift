import CoachStore
import CoachTerminal
import Foundation

/// Where a command writes: standard output for results, standard error for diagnostics and
/// progress. Wraps the terminal's capabilities so every command styles text the same way.
///
/// Every write goes through `ConsoleWriter`: one that fails ends the command with status 74 and a
/// one-line message, never a trap.
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
    ConsoleWriter.write(text + terminator, to: .standardOutput)
  }

  /// Writes bytes to standard output as they are.
  func out(bytes: [UInt8]) {
    ConsoleWriter.write(bytes, to: .standardOutput)
  }

  func err(_ text: String) {
    ConsoleWriter.write(text + "\n", to: .standardError)
  }

  /// Writes a JSON value to standard output, pretty-printed with sorted keys. Throws
  /// `JSONOutputFailure` when the value holds something JSON cannot (a number that is not finite).
  func json<T: Encodable>(_ value: T) throws(JSONOutputFailure) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let data: Data
    do {
      data = try encoder.encode(value)
    } catch let error as EncodingError {
      throw JSONOutputFailure(userMessage: "cannot write the result as JSON: " + error.plainDescription)
    } catch {
      throw JSONOutputFailure(userMessage: "cannot write the result as JSON")
    }
    out(bytes: Array(data) + [UInt8(ascii: "\n")])
  }
}
