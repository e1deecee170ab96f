import ArgumentParser
import CoachCore
import CoachREPL
import CoachStore
import CoachTerminal
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// `coach play`: the trainee's session.
struct PlayCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "play",
    abstract: "Play a scenario: read the patient's words and choose your response.",
    discussion: """
      With no scenario, plays the flagship story (\(ScenarioLibrary.defaultScenarioID)). Name a
      bundled scenario by its id (see `coach list`) or any scenario file by its path.

      Practice mode (the default) explains each response as you go and allows :hint and :undo.
      Assessment mode (--assess) keeps feedback, hints and undo until the end, and the attempt is
      marked assessed. Type :help during play for the commands.

      Trainers can script a play-through with --choices, giving choice ids or numbers in order:
        coach play clinic --choices open,reflect
        coach play frank-diabetes-remission --choices 1,3,2 --json

      Coach is training material, not clinical guidance.
      """)

  @Argument(help: ArgumentHelp("A bundled scenario id or a scenario file.", valueName: "scenario"))
  var scenario: String?

  @Flag(help: "Assessment mode: no feedback, hints or undo until the end.")
  var assess = false

  @Option(
    help: ArgumentHelp(
      "Play these choices (ids or numbers, comma-separated) without asking, then print the report.",
      valueName: "choices"))
  var choices: String?

  @Flag(help: "Print the final result as JSON on standard output (the session goes to standard error).")
  var json = false

  @Flag(name: .customLong("no-save"), help: "Do not keep a record of this attempt (for authors trying a story).")
  var noSave = false

  @OptionGroup var rubricOptions: RubricOptions
  @OptionGroup var load: LoadOptions

  func validate() throws {
    if let choices, choices.split(separator: ",").isEmpty {
      throw ValidationError("--choices needs at least one choice id or number")
    }
  }

  func run() throws {
    let console = Console.detect()
    let (scenario, path) = try ScenarioOpening(console: console, limits: load.limits).open(self.scenario)
    let rubric = try rubricOptions.load(console: console)
    let mode: AttemptMode = assess ? .assessed : .practice
    let recorder: any AttemptRecorder = DiscardingRecorder()
    let session = Session(scenario: scenario)
    let attempt = UUID()
    try begin(
      attempt: attempt, session: session, path: path, mode: mode, rubric: rubric, recorder: recorder, console: console)

    // With --json the session is shown on standard error so standard output holds only JSON.
    let output: any TextOutput = json ? StandardError() : StandardOutput()
    let terminal = json ? console.errorTerminal : console.terminal
    let play = PlaySession(
      session: session,
      configuration: .init(attempt: attempt, mode: mode, rubric: rubric, terminal: terminal, keepsRecord: !noSave),
      recorder: recorder, reader: makeReader(output: output), output: output)
    let script = choices.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
    let outcome = script.map(play.runScripted) ?? play.run()
    try conclude(outcome, play: play, attempt: attempt, mode: mode, console: console)
  }

  private func begin(
    attempt: UUID, session: Session, path: String, mode: AttemptMode, rubric: Rubric, recorder: any AttemptRecorder,
    console: Console
  ) throws {
    let scenario = session.scenario
    let start = AttemptStart(
      id: attempt, trainee: "", cohort: nil, scenarioID: scenario.id, scenarioVersion: scenario.version,
      scenarioTitle: scenario.title, contentHash: scenario.contentHash, scenarioPath: path, mode: mode,
      rubricID: rubric.id, startedAt: Date(), state: session.state)
    do {
      try recorder.begin(start)
    } catch {
      console.err("coach: could not start a record of this attempt: \(error)")
      throw ExitStatus.ioError
    }
  }

  private func makeReader(output: any TextOutput) -> any LineReader {
    guard choices == nil else { return ScriptedLineReader([]) }
    if isatty(STDIN_FILENO) == 1 && !json {
      return ReadlineLineReader(historyPath: historyPath())
    }
    return PlainLineReader(output: output)
  }

  /// The REPL's history file, beside the trainee database; its folder is created owner-only.
  private func historyPath() -> String? {
    let location = StoreLocation.resolve(explicit: nil, environment: ProcessInfo.processInfo.environment)
    do {
      try FileManager.default.createDirectory(
        atPath: location.directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    } catch {
      return nil
    }
    return location.directory + "/history"
  }

  private func conclude(
    _ outcome: PlayOutcome, play: PlaySession, attempt: UUID, mode: AttemptMode, console: Console
  ) throws {
    switch outcome {
    case .finished(let report):
      if json { try console.json(PlayResult(attempt: attempt, session: play.session, mode: mode, report: report)) }
    case .left:
      if json { try console.json(PlayResult(attempt: attempt, session: play.session, mode: mode, report: nil)) }
    case .scriptFailed(let reason):
      console.err("coach: the scripted choices do not fit the story: \(reason)")
      throw ExitStatus.dataError
    case .recordingFailed(let reason):
      console.err("coach: \(reason)")
      throw ExitStatus.ioError
    }
  }
}
