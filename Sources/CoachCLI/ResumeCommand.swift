import ArgumentParser
import CoachCore
import CoachREPL
import CoachStore
import CoachTerminal
import Foundation

/// `coach resume`: continues an attempt left unfinished.
struct ResumeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "resume",
    abstract: "List unfinished attempts, and continue one exactly where it stopped.",
    discussion: """
      With no attempt named, lists your unfinished attempts; on a terminal it then asks which to \
      continue. Name one by the start of its id (as listed), or `latest`.

      Every answer is saved as it is given, so an attempt left by :quit, Ctrl-D, a closed window or \
      a crash continues from the last answer. If the scenario file has changed since the attempt \
      began, resume refuses (the story may no longer fit the saved place) unless --force.

      Examples:
        coach resume
        coach resume latest
        coach resume 3f2a --force
        coach resume 3f2a --abandon      # give up on it; it stays on record as abandoned
      """)

  @Argument(help: ArgumentHelp("The attempt: the start of its id, or `latest`.", valueName: "attempt"))
  var attempt: String?

  @Flag(help: "Continue even if the scenario file has changed since the attempt began.")
  var force = false

  @Flag(help: "Mark the attempt abandoned instead of continuing it.")
  var abandon = false

  @Flag(help: "Print the final result as JSON on standard output (the session goes to standard error).")
  var json = false

  @Flag(help: "Say it first from here on (an attempt already played that way continues that way).")
  var sayFirst = false

  @OptionGroup var owner: OwnerOptions
  @OptionGroup var store: StoreOptions
  @OptionGroup var rubricOptions: RubricOptions
  @OptionGroup var load: LoadOptions

  func run() throws {
    let console = Console.detect()
    let database = try store.open(console: console, access: .existing)
    let trainee = try owner.owner(database: database, console: console)
    let unfinished = try catchingStore(console) { () throws(StoreError) in
      try database.unfinishedAttempts(trainee: trainee)
    }
    let runner = SessionRunner(
      console: console, json: json, scripted: false)

    guard let chosen = try choose(from: unfinished, console: console, runner: runner) else { return }
    if abandon {
      try catchingStore(console) { () throws(StoreError) in try database.abandon(attempt: chosen.id) }
      console.out("Abandoned \(chosen.id.uuidString.lowercased()) (\(chosen.scenarioID)); it stays on record.")
      return
    }
    try resume(chosen.id, database: database, runner: runner, console: console)
  }

  /// The attempt named on the command line, or picked from the list.
  private func choose(from unfinished: [AttemptSummary], console: Console, runner: SessionRunner) throws
    -> AttemptSummary?
  {
    if let attempt {
      let matches =
        attempt == "latest"
        ? Array(unfinished.prefix(1))
        : unfinished.filter { $0.id.uuidString.lowercased().hasPrefix(attempt.lowercased()) }
      guard matches.count == 1 else {
        console.err(
          matches.isEmpty
            ? "coach: no unfinished attempt matches \"\(Sanitizer.clean(attempt, multiline: false))\"; `coach resume` lists them"
            : "coach: \"\(attempt)\" matches \(matches.count) attempts; give more of the id")
        throw matches.isEmpty ? ExitStatus.noInput : ExitStatus.usage
      }
      return matches[0]
    }
    guard !unfinished.isEmpty else {
      console.out("Nothing to resume: every attempt is finished. Start one with `coach play`.")
      return nil
    }
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withSpaceBetweenDateAndTime]
    for (index, summary) in unfinished.enumerated() {
      let line =
        "\(index + 1). \(summary.id.uuidString.lowercased().prefix(8))  \(summary.scenarioID) \(summary.scenarioVersion)"
        + "  \(summary.mode.rawValue), \(plural(summary.turnCount, "response")), last active "
        + formatter.string(from: summary.lastActivity) + " UTC"
      console.out(Sanitizer.clean(line, multiline: false))
    }
    guard let reader = runner.makeReader(output: runner.output), isatty(STDIN_FILENO) == 1 else {
      console.out("Continue one with `coach resume ID` (the first characters are enough).")
      return nil
    }
    while true {
      switch reader.readLine(prompt: "Resume which? (1–\(unfinished.count), Enter for 1, q to cancel) ") {
      case .endOfInput:
        return nil
      case .interrupted:
        continue
      case .line(let line):
        let answer = line.trimmingCharacters(in: .whitespaces)
        if answer.isEmpty { return unfinished[0] }
        if answer.lowercased() == "q" { return nil }
        if let number = Int(answer), (1...unfinished.count).contains(number) { return unfinished[number - 1] }
        console.out("Type a number from 1 to \(unfinished.count), or q.")
      }
    }
  }

  private func resume(_ id: UUID, database: any RecordStore, runner: SessionRunner, console: Console) throws {
    guard let stored = try catchingStore(console, { () throws(StoreError) in try database.attempt(id: id) }) else {
      console.err("coach: attempt \(id.uuidString.lowercased()) is not in \(store.location.path)")
      throw ExitStatus.noInput
    }
    guard stored.status == .inProgress else {
      console.err(
        "coach: attempt \(id.uuidString.lowercased()) is \(stored.status.rawValue); only unfinished attempts resume")
      throw ExitStatus.dataError
    }
    let scenario = try findScenario(for: stored, console: console)
    if scenario.contentHash != stored.contentHash, !force {
      console.err(
        "coach: the scenario \(stored.scenarioID) has changed since this attempt began (content "
          + "\(stored.contentHash.prefix(12)) then, \(scenario.contentHash.prefix(12)) now), so the saved place may no "
          + "longer fit the story. Use --force to continue anyway, or start afresh with `coach play \(stored.scenarioID)`."
      )
      throw ExitStatus.dataError
    }
    let rubric = try rubricOptions.load(for: stored, database: database, console: console)
    let session: Session
    do {
      session = try Session(scenario: scenario, restoring: stored.state)
    } catch {
      throw console.fail(error, doing: "cannot resume")
    }
    let output = runner.output
    let standing = try catchingStore(console) { () throws(StoreError) in try database.turns(attempt: id) }
      .filter { !$0.undone }
    let typed = standing.map(\.typed)
    let play = PlaySession(
      session: session,
      configuration: .init(
        attempt: id, mode: stored.mode, rubric: rubric, terminal: runner.terminal,
        sayFirst: sayFirst || scenario.sayFirst || typed.contains { $0 != nil }),
      recorder: runner.recording(database), reader: runner.makeReader(output: output) ?? ScriptedLineReader([]),
      output: output,
      loggedTurns: stored.nextTurnIndex)
    play.restoreTyped(typed)
    try runner.conclude(play.run(), play: play, attempt: id, mode: stored.mode)
  }

  /// The scenario the attempt was played from: its file if still there, else the bundled one
  /// with the same id.
  private func findScenario(for stored: StoredAttempt, console: Console) throws -> Scenario {
    let name = FileManager.default.fileExists(atPath: stored.scenarioPath) ? stored.scenarioPath : stored.scenarioID
    return try ScenarioInput.load(name, options: load, console: console).scenario
  }
}
