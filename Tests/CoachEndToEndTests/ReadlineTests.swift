import CoachTestSupport
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Drives `coach play` through a pseudo-terminal, so the real GNU readline path runs: the prompt,
/// tab completion, history across sessions, Ctrl-C and Ctrl-D.
@Suite("REPL on a terminal (readline)")
struct ReadlineTests {
  func environment(home: URL, scenarios: URL) -> [String: String] {
    [
      "PATH": "/usr/bin:/bin", "HOME": home.path, "XDG_DATA_HOME": home.appendingPathComponent("data").path,
      "XDG_STATE_HOME": home.appendingPathComponent("state").path, "COACH_SCENARIOS": scenarios.path,
      "TERM": "xterm", "NO_COLOR": "1", "INPUTRC": "/dev/null",
    ]
  }

  @Test func promptCompletionHistoryAndControlKeysWork() throws {
    let home = try Fixtures.temporaryDirectory("coach-pty")
    defer { try? FileManager.default.removeItem(at: home) }
    let scenarios = home.appendingPathComponent("scenarios")
    try FileManager.default.createDirectory(at: scenarios, withIntermediateDirectories: true)
    try Fixtures.clinic.write(to: scenarios.appendingPathComponent("clinic.json"), atomically: true, encoding: .utf8)
    let env = environment(home: home, scenarios: scenarios)

    let terminal = try PseudoTerminal(
      executable: CoachProcess.executable.path, arguments: ["play", "clinic", "--no-save", "--authored-order"],
      environment: env)
    let opening = try terminal.expect("Your response (1–3, :help) › ")
    #expect(opening.contains("Ann: “Morning. I'm only here because the letter said so.”"))

    // Tab completes ":he" to ":help".
    terminal.send(":he\t")
    try terminal.expect(":help")
    terminal.send("\r")
    try terminal.expect("list these commands")
    try terminal.expect("› ")

    // Ctrl-P recalls the previous line from history.
    terminal.send("\u{10}\r")
    try terminal.expect("list these commands")
    try terminal.expect("› ")

    // Ctrl-C clears a half-typed line instead of ending the program; the prompt keeps its line.
    terminal.send("tell her\u{03}")
    let cleared = try terminal.expect("Line cleared.")
    #expect(cleared.hasSuffix("\r\nLine cleared."), "\(cleared.debugDescription)")
    try terminal.expect("› ")

    terminal.send("1\r")
    try terminal.expect("Asking for her agenda shares control.")
    try terminal.expect("› ")

    // Ctrl-D on an empty line leaves.
    terminal.send("\u{04}")
    try terminal.expect("Left without saving")
    #expect(try terminal.waitForExit() == 0)

    // History outlives the session, in the state folder, readable by its owner only.
    let history = home.appendingPathComponent("state/coach/history")
    let saved = try String(contentsOf: history, encoding: .utf8)
    #expect(saved.contains(":help"))
    #expect(saved.contains("1"))
    let attributes = try FileManager.default.attributesOfItem(atPath: history.path)
    #expect((attributes[.posixPermissions] as? Int).map { $0 & 0o077 } == 0)

    // A second session recalls the first one's history.
    let again = try PseudoTerminal(
      executable: CoachProcess.executable.path, arguments: ["play", "clinic", "--no-save", "--authored-order"],
      environment: env)
    try again.expect("› ")
    again.send("\u{10}\u{10}\r")
    try again.expect("list these commands")
    again.send(":quit\r")
    #expect(try again.waitForExit() == 0)
  }

  /// A folder with the fixture story as a bundled scenario.
  func home() throws -> (home: URL, scenarios: URL) {
    let home = try Fixtures.temporaryDirectory("coach-pty")
    let scenarios = home.appendingPathComponent("scenarios")
    try FileManager.default.createDirectory(at: scenarios, withIntermediateDirectories: true)
    try Fixtures.clinic.write(to: scenarios.appendingPathComponent("clinic.json"), atomically: true, encoding: .utf8)
    return (home, scenarios)
  }

  @Test func historyIsCappedAndKeptInItsOwnStateFile() throws {
    let (home, scenarios) = try home()
    defer { try? FileManager.default.removeItem(at: home) }
    let env = environment(home: home, scenarios: scenarios).merging(["COACH_TRAINEE": "ann"]) { _, new in new }
    // A file of the user's own, named history, beside the database.
    let data = home.appendingPathComponent("data/coach")
    try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
    let own = data.appendingPathComponent("history")
    try "my own notes\n".write(to: own, atomically: true, encoding: .utf8)
    chmod(own.path, 0o644)
    // 600 lines of earlier history: more than the 500 kept.
    let state = home.appendingPathComponent("state/coach")
    try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
    let history = state.appendingPathComponent("history")
    try (0..<600).map { "old-\($0)\n" }.joined().write(to: history, atomically: true, encoding: .utf8)
    chmod(history.path, 0o644)

    let terminal = try PseudoTerminal(
      executable: CoachProcess.executable.path, arguments: ["play", "clinic", "--authored-order"], environment: env)
    try terminal.expect("› ")
    terminal.send(":help\r")
    try terminal.expect("list these commands")
    try terminal.expect("› ")
    terminal.send(String(repeating: "x", count: 1001) + "\r")
    try terminal.expect("That line is 1001 characters long")
    try terminal.expect("› ")
    terminal.send(String(repeating: "y", count: 999) + "\r")
    try terminal.expect("not its words")
    try terminal.expect("› ")
    terminal.send(":quit\r")
    #expect(try terminal.waitForExit() == 0)

    let lines = try String(contentsOf: history, encoding: .utf8).split(separator: "\n").map(String.init)
    #expect(lines.count == 500)
    #expect(lines.suffix(3) == [":help", String(repeating: "y", count: 999), ":quit"])
    #expect(lines.first == "old-103")
    #expect(!lines.contains(String(repeating: "x", count: 1001)), "a line over 1,000 characters is not kept")
    let attributes = try FileManager.default.attributesOfItem(atPath: history.path)
    #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)

    #expect(try String(contentsOf: own, encoding: .utf8) == "my own notes\n", "the user's file is untouched")
    let ownAttributes = try FileManager.default.attributesOfItem(atPath: own.path)
    #expect((ownAttributes[.posixPermissions] as? NSNumber)?.intValue == 0o644)
  }

  @Test func historyIsCappedInBytes() throws {
    let (home, scenarios) = try home()
    defer { try? FileManager.default.removeItem(at: home) }
    let env = environment(home: home, scenarios: scenarios)
    let state = home.appendingPathComponent("state/coach")
    try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
    let history = state.appendingPathComponent("history")
    // 400 lines of 200 characters: 80 KB, more than the 64 KiB kept.
    try (0..<400).map { String(format: "%03d", $0) + String(repeating: "h", count: 197) + "\n" }.joined()
      .write(to: history, atomically: true, encoding: .utf8)

    let terminal = try PseudoTerminal(
      executable: CoachProcess.executable.path, arguments: ["play", "clinic", "--no-save", "--authored-order"],
      environment: env)
    try terminal.expect("› ")
    terminal.send(":help\r")
    try terminal.expect("list these commands")
    try terminal.expect("› ")
    terminal.send(":quit\r")
    #expect(try terminal.waitForExit() == 0)

    let text = try String(contentsOf: history, encoding: .utf8)
    #expect(text.utf8.count <= 64 * 1024)
    #expect(text.utf8.count > 60 * 1024, "only the oldest lines went")
    #expect(text.hasSuffix("399" + String(repeating: "h", count: 197) + "\n:help\n:quit\n"))
  }

  @Test func aHistoryFileFarTooLargeIsNotRead() throws {
    let (home, scenarios) = try home()
    defer { try? FileManager.default.removeItem(at: home) }
    let env = environment(home: home, scenarios: scenarios)
    let state = home.appendingPathComponent("state/coach")
    try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
    let history = state.appendingPathComponent("history")
    try String(repeating: String(repeating: "z", count: 1023) + "\n", count: 1024)
      .write(to: history, atomically: true, encoding: .utf8)

    let terminal = try PseudoTerminal(
      executable: CoachProcess.executable.path, arguments: ["play", "clinic", "--no-save", "--authored-order"],
      environment: env)
    try terminal.expect("› ")
    terminal.send(":help\r")
    try terminal.expect("list these commands")
    try terminal.expect("› ")
    terminal.send(":quit\r")
    #expect(try terminal.waitForExit() == 0)
    #expect(try String(contentsOf: history, encoding: .utf8) == ":help\n:quit\n")
  }

  /// A block pasted at the prompt (the terminal wraps it in ESC[200~ … ESC[201~) is one answer,
  /// refused as not a number, in practice and in assessment alike: never one answer per line.
  @Test(arguments: [[], ["--assess"]], [false, true])
  func aPastedBlockIsOneAnswer(_ mode: [String], colour: Bool) throws {
    let (home, scenarios) = try home()
    defer { try? FileManager.default.removeItem(at: home) }
    var env = environment(home: home, scenarios: scenarios)
    if colour { env["NO_COLOR"] = nil }
    // The prompt as the terminal shows it: bold when colour is on (readline is told which bytes
    // of it are invisible, and prints none of those markers).
    let prompt = colour ? "\u{1B}[1mYour response (1–3, :help) › \u{1B}[0m" : "Your response (1–3, :help) › "
    let terminal = try PseudoTerminal(
      executable: CoachProcess.executable.path, arguments: ["play", "clinic", "--no-save", "--authored-order"] + mode,
      environment: env)
    let opening = try terminal.expect(prompt)
    #expect(opening.contains("\u{1B}[?2004h"), "the terminal is told to bracket pastes")
    terminal.send("\u{1B}[200~1\n2\n3\n\u{1B}[201~")
    terminal.send("\r")
    try terminal.expect("Type the number of your response (1 to 3), not its words")
    let next = try terminal.expect(prompt)
    #expect(!next.contains("Asking for her agenda"), "no answer was given")
    #expect(!terminal.transcript.contains("\u{01}") && !terminal.transcript.contains("\u{02}"))

    // A pasted number with its line break is that number, once Enter is pressed.
    terminal.send("\u{1B}[200~1\n\u{1B}[201~")
    terminal.send("\r")
    let answered = try terminal.expect("› ")
    #expect(!answered.contains("not its words"), "\(answered.debugDescription)")
    terminal.send(":transcript\r")
    let transcript = try terminal.expect("› ")
    #expect(transcript.components(separatedBy: "You:").count == 2, "one answer: \(transcript.debugDescription)")
    terminal.send(":quit\r")
    #expect(try terminal.waitForExit() == 0)
  }

  /// Listing unfinished attempts on a terminal, and leaving the question unanswered, creates
  /// nothing: no database, no history, no folder.
  @Test func resumeListingOnATerminalCreatesNothing() throws {
    let (home, scenarios) = try home()
    defer { try? FileManager.default.removeItem(at: home) }
    let env = environment(home: home, scenarios: scenarios)
    let played = try AttemptFixtures.play(["open"], scenario: try Fixtures.scenario())
    try AttemptFixtures.exportJSON(trainee: "ann", attempts: [.init(played)])
      .write(to: home.appendingPathComponent("ann.json"), atomically: true, encoding: .utf8)
    let imported = try CoachProcess.run(
      ["import", "ann.json", "--db", "course.sqlite"], environment: ["HOME": home.path], directory: home)
    try #require(imported.status == 0)
    let database = home.appendingPathComponent("course.sqlite").path
    let before = try FileManager.default.contentsOfDirectory(atPath: home.path).sorted()

    let listing = try PseudoTerminal(
      executable: CoachProcess.executable.path, arguments: ["resume", "--trainee", "ann", "--db", database],
      environment: env)
    try listing.expect("Resume which?")
    listing.send("\u{04}")
    #expect(try listing.waitForExit() == 0)

    let missing = try PseudoTerminal(
      executable: CoachProcess.executable.path, arguments: ["resume", "--trainee", "ann"], environment: env)
    try missing.expect("there is no Coach database at \(home.path)/data/coach/coach.sqlite")
    #expect(try missing.waitForExit() == 66)
    let after = try FileManager.default.contentsOfDirectory(atPath: home.path).sorted()
    #expect(after.filter { !$0.hasPrefix("course.sqlite") } == before.filter { !$0.hasPrefix("course.sqlite") })
    #expect(!FileManager.default.fileExists(atPath: home.appendingPathComponent("state").path))
    #expect(!FileManager.default.fileExists(atPath: home.appendingPathComponent("data").path))
  }
}
