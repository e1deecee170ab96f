import CoachTestSupport
import Foundation
import Testing

/// Colour on a real terminal: the styles' escape codes arrive intact, while escape sequences
/// hidden in a scenario file are neutralised, and NO_COLOR turns colour off.
@Suite("Colour on a terminal")
struct ColourTests {
  func run(_ arguments: [String], noColor: Bool, in folder: URL) throws -> String {
    try run(arguments, noColorValue: noColor ? "1" : nil, in: folder)
  }

  /// Runs with `NO_COLOR` set to `noColorValue`, or unset when nil.
  func run(_ arguments: [String], noColorValue: String?, in folder: URL) throws -> String {
    var environment = ["PATH": "/usr/bin:/bin", "HOME": folder.path, "TERM": "xterm", "COACH_SCENARIOS": folder.path]
    environment["NO_COLOR"] = noColorValue
    let terminal = try PseudoTerminal(
      executable: CoachProcess.executable.path, arguments: arguments, environment: environment)
    _ = try terminal.waitForExit()
    return terminal.transcript
  }

  @Test func stylesSurviveAndHostileEscapesDoNot() throws {
    let folder = try Fixtures.temporaryDirectory("coach-colour")
    defer { try? FileManager.default.removeItem(at: folder) }
    // An unknown field whose name hides a "clear screen" sequence is echoed in the error.
    let json = try Fixtures.replacing(#""format": 1,"#, with: #""format": 1, "x\u001b[2Jy": 1,"#)
    try json.write(to: folder.appendingPathComponent("evil.json"), atomically: true, encoding: .utf8)
    try Fixtures.clinic.write(to: folder.appendingPathComponent("clinic.json"), atomically: true, encoding: .utf8)

    let evil = folder.appendingPathComponent("evil.json").path
    let coloured = try run(["validate", evil], noColor: false, in: folder)
    #expect(coloured.contains("\u{1B}[1;31merror:\u{1B}[0m"), "the error label is red")
    #expect(coloured.contains("unknown field \"x\u{FFFD}[2Jy\""), "the file's escape is shown harmlessly")
    #expect(!coloured.contains("\u{1B}[2J"))
    #expect(!coloured.contains("\u{FFFD}[1"), "no style code was mangled by the sanitiser")

    let list = try run(["list"], noColor: false, in: folder)
    #expect(list.contains("\u{1B}[1mclinic"), "ids are bold in the list")
    #expect(!list.contains("\u{FFFD}"))

    let plain = try run(["validate", evil], noColor: true, in: folder)
    #expect(!plain.contains("\u{1B}["), "NO_COLOR means no escape codes at all")
    #expect(plain.contains("error: "))
  }

  /// no-color.org: NO_COLOR disables colour "when present and not an empty string".
  @Test func anEmptyNoColorIsIgnored() throws {
    let folder = try Fixtures.temporaryDirectory("coach-colour")
    defer { try? FileManager.default.removeItem(at: folder) }
    try Fixtures.clinic.write(to: folder.appendingPathComponent("clinic.json"), atomically: true, encoding: .utf8)
    #expect(try run(["list"], noColorValue: "", in: folder).contains("\u{1B}[1mclinic"))
    #expect(!(try run(["list"], noColorValue: "yes", in: folder).contains("\u{1B}[")))
  }
}
