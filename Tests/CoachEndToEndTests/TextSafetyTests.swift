import CoachCore
import CoachTestSupport
import Foundation
import Testing

/// Text from other people's files never reaches a terminal as escape sequences, and files keep
/// exactly what they hold.
@Suite("Text safety")
struct TextSafetyTests {
  let folder: URL

  init() throws {
    folder = try Fixtures.temporaryDirectory("coach-text-safety")
  }

  func coach(_ arguments: [String]) throws -> CoachProcess.Output {
    try CoachProcess.run(arguments, environment: ["HOME": folder.path], directory: folder)
  }

  func export(name: String) throws -> String {
    let played = try AttemptFixtures.play(["open", "reflect"], scenario: try Fixtures.scenario())
    return try AttemptFixtures.exportJSON(trainee: "ann", name: name, attempts: [.init(played)])
  }

  @Test func importRefusesANameWithANulNamingTheField() throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    try export(name: "Ann\u{0}Smith").write(
      to: folder.appendingPathComponent("ann.json"), atomically: true, encoding: .utf8)
    let output = try coach(["import", "ann.json", "--db", "course.sqlite"])
    #expect(output.status == 65)
    #expect(
      output.stdout
        == "ann.json: rejected; nothing from it was imported:\n"
        + "  trainee.name contains the control character U+0000 (at character 4), which is not allowed\n")
    let scores = try coach(["scores", "--db", "course.sqlite"])
    #expect(scores.stdout == "No attempts match.\n")
  }

  /// A database holding an escape sequence in a name (from before import refused them, or
  /// edited by hand): CSV on a terminal shows it harmlessly, CSV in a file or a pipe is exact.
  @Test(
    .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3")),
    arguments: [["--format", "csv"], ["--per", "attempt", "--format", "csv"]])
  func csvIsSanitisedOnATerminalAndExactElsewhere(_ format: [String]) throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    try export(name: "Ann").write(to: folder.appendingPathComponent("ann.json"), atomically: true, encoding: .utf8)
    try #require(try coach(["import", "ann.json", "--db", "course.sqlite"]).status == 0)
    let sqlite = Process()
    sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    sqlite.arguments = [
      folder.appendingPathComponent("course.sqlite").path,
      "UPDATE trainees SET name = 'Evil' || char(27) || '[2J' || char(7) || 'Name', cohort = '=1+1';",
    ]
    try sqlite.run()
    sqlite.waitUntilExit()
    try #require(sqlite.terminationStatus == 0)
    let hostile = "Evil\u{1B}[2J\u{7}Name"

    let terminal = try PseudoTerminal(
      executable: CoachProcess.executable.path,
      arguments: ["scores", "--db", folder.appendingPathComponent("course.sqlite").path] + format,
      environment: ["PATH": "/usr/bin:/bin", "HOME": folder.path, "TERM": "xterm", "NO_COLOR": "1"])
    #expect(try terminal.waitForExit() == 0)
    #expect(!terminal.transcript.contains("\u{1B}[2J"))
    #expect(!terminal.transcript.contains("\u{7}"))
    #expect(terminal.transcript.contains("Evil\u{FFFD}[2J\u{FFFD}Name"))
    #expect(terminal.transcript.contains("\"'=1+1\""), "formulas stay neutralised")

    let piped = try coach(["scores", "--db", "course.sqlite"] + format)
    #expect(piped.status == 0)
    #expect(piped.stdout.contains(hostile), "a pipe gets the CSV byte for byte")
    #expect(piped.stdout.contains("\"'=1+1\""))
    #expect(piped.stdout.hasSuffix("\r\n"))

    let written = try coach(["scores", "--db", "course.sqlite", "--output", "scores.csv"] + format)
    #expect(written.status == 0)
    let file = try Data(contentsOf: folder.appendingPathComponent("scores.csv"))
    #expect(file == Data(piped.stdout.utf8), "the file is the same CSV, byte for byte")
  }
}
