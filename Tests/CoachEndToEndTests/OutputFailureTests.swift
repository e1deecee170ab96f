import CoachCore
import CoachTestSupport
import Foundation
import Testing

/// Every command, with its standard output closed, full or read by a program that has stopped,
/// and with its standard error closed: the command never traps; when it cannot write it exits 74
/// and, while standard error works, says why in one line.
@Suite("Output that cannot be written")
struct OutputFailureTests {
  /// A command run two ways: one that writes its result to standard output, and one that fails
  /// and so has to write to standard error.
  struct Command: Sendable, CustomTestStringConvertible {
    var name: String
    /// Writes to standard output and nothing to standard error.
    var writesOutput: [String]
    /// Writes an error to standard error.
    var writesError: [String]
    /// The status of `writesError` when its message can be written.
    var errorStatus: Int32

    var testDescription: String { name }
  }

  static let commands: [Command] = [
    Command(
      name: "play", writesOutput: ["play", "clinic.json", "--choices", "open,reflect", "--no-save"],
      writesError: ["play", "missing.json", "--no-save"], errorStatus: 66),
    Command(
      name: "resume", writesOutput: ["resume", "--trainee", "bob", "--db", "course.sqlite"],
      writesError: ["resume", "nosuch", "--trainee", "bob", "--db", "course.sqlite"], errorStatus: 66),
    Command(name: "list", writesOutput: ["list"], writesError: ["list", "--bogus"], errorStatus: 64),
    Command(
      name: "new", writesOutput: ["new", "my-story", "--output", "-"], writesError: ["new", "clinic", "--output", "."],
      errorStatus: 73),
    Command(
      name: "validate", writesOutput: ["validate", "clinic.json"], writesError: ["validate"], errorStatus: 64),
    Command(
      name: "analyze", writesOutput: ["analyze", "clinic.json"], writesError: ["analyze", "missing.json"],
      errorStatus: 66),
    Command(
      name: "graph", writesOutput: ["graph", "clinic.json"], writesError: ["graph", "missing.json"], errorStatus: 66),
    Command(
      name: "rubric", writesOutput: ["rubric"], writesError: ["rubric", "--rubric", "missing.json"], errorStatus: 66),
    Command(
      name: "scores", writesOutput: ["scores", "--db", "course.sqlite"],
      writesError: ["scores", "--db", "course.sqlite", "--since", "someday"], errorStatus: 64),
    Command(
      name: "scores as streamed CSV",
      writesOutput: ["scores", "--db", "course.sqlite", "--per", "attempt", "--format", "csv"],
      writesError: ["scores", "--db", "course.sqlite", "--per", "attempt", "--format", "csv", "--scenario", "@"],
      errorStatus: 64),
    Command(
      name: "export", writesOutput: ["export", "--trainee", "bob", "--db", "course.sqlite"],
      writesError: ["export", "--trainee", "nobody", "--db", "course.sqlite"], errorStatus: 66),
    Command(
      name: "import", writesOutput: ["import", "bob.json", "--db", "other.sqlite"],
      writesError: ["import", "--db", "other.sqlite"], errorStatus: 64),
    Command(name: "help", writesOutput: ["--help"], writesError: ["bogus"], errorStatus: 64),
  ]

  /// A folder with the fixture story, Bob's export file and a database holding it.
  func sandbox() throws -> URL {
    let folder = try Fixtures.temporaryDirectory("coach-output")
    try Fixtures.clinic.write(to: folder.appendingPathComponent("clinic.json"), atomically: true, encoding: .utf8)
    let scenario = try Fixtures.scenario()
    let export = try AttemptFixtures.exportJSON(
      trainee: "bob",
      attempts: [
        .init(try AttemptFixtures.play(["open", "reflect"], scenario: scenario, trainee: "bob")),
        .init(try AttemptFixtures.play(["open"], scenario: scenario, trainee: "bob")),
      ])
    try export.write(to: folder.appendingPathComponent("bob.json"), atomically: true, encoding: .utf8)
    let imported = try run(["import", "bob.json", "--db", "course.sqlite"], in: folder)
    try #require(imported.status == 0, "\(imported.stderr)")
    return folder
  }

  func run(_ arguments: [String], in folder: URL, redirect: String? = nil, readerGone: Bool = false) throws
    -> CoachProcess.Output
  {
    // The shell applies the redirection, then runs coach in its place.
    let launcher = redirect.map { ["/bin/sh", "-c", "exec \"$0\" \"$@\" \($0)"] } ?? []
    return try CoachProcess.run(
      arguments, environment: ["HOME": folder.path, "XDG_DATA_HOME": folder.path, "COACH_SCENARIOS": folder.path],
      directory: folder, launcher: launcher, outputReaderGone: readerGone)
  }

  @Test(arguments: commands)
  func closedOrFullStandardOutputEndsWith74AndSaysSo(_ command: Command) throws {
    let folder = try sandbox()
    defer { try? FileManager.default.removeItem(at: folder) }
    let normal = try run(command.writesOutput, in: folder)
    try #require(normal.status == 0 && !normal.stdout.isEmpty, "\(normal.stderr)")

    let closed = try run(command.writesOutput, in: folder, redirect: ">&-")
    #expect(closed.status == 74)
    #expect(closed.stderr.hasSuffix("coach: cannot write to standard output: it is closed\n"), "\(closed.stderr)")

    let full = try run(command.writesOutput, in: folder, redirect: ">/dev/full")
    #expect(full.status == 74)
    #expect(full.stderr.hasSuffix("coach: cannot write to standard output: the disk is full\n"), "\(full.stderr)")

    let broken = try run(command.writesOutput, in: folder, readerGone: true)
    #expect(broken.status == 74)
    #expect(
      broken.stderr.hasSuffix(
        "coach: cannot write to standard output: the program reading it has stopped (broken pipe)\n"),
      "\(broken.stderr)")

    // The error run, whose message goes to standard error, is unaffected by standard output.
    let error = try run(command.writesError, in: folder, redirect: ">&-")
    #expect(error.status == command.errorStatus)
    #expect(!error.stderr.isEmpty)
  }

  @Test(arguments: commands)
  func closedStandardErrorEndsWith74OnlyWhenThereIsSomethingToSay(_ command: Command) throws {
    let folder = try sandbox()
    defer { try? FileManager.default.removeItem(at: folder) }
    let normal = try run(command.writesError, in: folder)
    try #require(normal.status == command.errorStatus && !normal.stderr.isEmpty, "\(normal.stderr)")

    let failed = try run(command.writesError, in: folder, redirect: "2>&-")
    #expect(failed.status == 74, "the message could not be written")

    let quiet = try run(command.writesOutput, in: folder, redirect: "2>&-")
    #expect(quiet.status == 0, "nothing had to go to standard error")
    #expect(!quiet.stdout.isEmpty)
  }
}
