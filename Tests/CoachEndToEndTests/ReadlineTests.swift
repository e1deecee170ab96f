import CoachTestSupport
import Foundation
import Testing

/// Drives `coach play` through a pseudo-terminal, so the real GNU readline path runs: the prompt,
/// tab completion, history across sessions, Ctrl-C and Ctrl-D.
@Suite("REPL on a terminal (readline)")
struct ReadlineTests {
  func environment(home: URL, scenarios: URL) -> [String: String] {
    [
      "PATH": "/usr/bin:/bin", "HOME": home.path, "XDG_DATA_HOME": home.appendingPathComponent("data").path,
      "COACH_SCENARIOS": scenarios.path, "TERM": "xterm", "NO_COLOR": "1", "INPUTRC": "/dev/null",
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
      executable: CoachProcess.executable.path, arguments: ["play", "clinic", "--no-save"], environment: env)
    let opening = try terminal.expect("Your response (1–3, :help) › ")
    #expect(opening.contains("Ann: “Morning. I'm only here because the letter said so.”"))
    #expect(!opening.contains("\u{1B}[?2004h"), "bracketed paste is off")

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

    // Ctrl-C clears a half-typed line instead of ending the program.
    terminal.send("tell her\u{03}")
    try terminal.expect("Line cleared.")
    try terminal.expect("› ")

    terminal.send("1\r")
    try terminal.expect("Asking for her agenda shares control.")
    try terminal.expect("› ")

    // Ctrl-D on an empty line leaves.
    terminal.send("\u{04}")
    try terminal.expect("Left without saving")
    #expect(try terminal.waitForExit() == 0)

    // History outlives the session, in the data folder, readable by its owner only.
    let history = home.appendingPathComponent("data/coach/history")
    let saved = try String(contentsOf: history, encoding: .utf8)
    #expect(saved.contains(":help"))
    #expect(saved.contains("1"))
    let attributes = try FileManager.default.attributesOfItem(atPath: history.path)
    #expect((attributes[.posixPermissions] as? Int).map { $0 & 0o077 } == 0)

    // A second session recalls the first one's history.
    let again = try PseudoTerminal(
      executable: CoachProcess.executable.path, arguments: ["play", "clinic", "--no-save"], environment: env)
    try again.expect("› ")
    again.send("\u{10}\u{10}\r")
    try again.expect("list these commands")
    again.send(":quit\r")
    #expect(try again.waitForExit() == 0)
  }
}
