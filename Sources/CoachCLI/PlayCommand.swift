import ArgumentParser
import CoachCore
import CoachHTML
import CoachREPL
import CoachStore
import CoachTerminal
import Foundation

/// `coach play`: the trainee's session.
struct PlayCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "play",
    abstract: "Play a scenario: read the patient's words and choose your response.",
    discussion: """
      With no scenario, plays the flagship story (\(ScenarioLibrary.defaultScenarioID)). Name a \
      bundled scenario by its id (see `coach list`) or any scenario file by its path.

      Say it first (--say-first, or the story's default): at each decision point you type what \
      you would say, in your own words, before the options appear; then you pick as usual. The \
      review sets your words beside the option you picked and the strongest one, with what \
      Coach heard in them (approximate; never part of the score).

      Practice mode (the default) explains each response as you go and allows :hint and :undo. \
      Assessment mode (--assess) keeps feedback, hints and undo until the end, and the attempt is \
      marked assessed. Type :help during play for the commands.

      The options at each decision point are shown in an order drawn for the attempt, so the best \
      one has no fixed place; the attempt keeps its seed, so resume, :undo and :restart show the \
      same order. --seed N fixes the order (to compare attempts, or to replay one); authors \
      proofreading a story can use --authored-order.

      Trainers can script a play-through with --choices, giving choice ids (the same for any \
      order) or numbers (the displayed order for the seed) in order:
        coach play clinic --choices open,reflect
        coach play frank-diabetes-remission --seed 7 --choices 1,3,2 --json
      Choices that stop before an ending give the report so far, marked partial.

      Authors writing a story can play it with --watch: each time the file is saved it is read \
      again and the responses so far are replayed into it, as far as they still fit (`:reload` \
      does the same on demand with --no-save). Nothing is recorded with --watch.

      --html FILE writes the after-action review of the attempt as a self-contained web page when \
      the story ends (the same page as `coach review --html`); a file already there is kept unless \
      --force, which is checked before you start.

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

  @Option(
    help: ArgumentHelp(
      "The seed of the order of options, 0 to \(ChoiceOrder.maximumSeed) (default: drawn at random).",
      valueName: "n"))
  var seed: UInt64?

  @Flag(help: "Show the options in the order the author wrote them (for proofreading; no shuffle).")
  var authoredOrder = false

  @Flag(
    help: ArgumentHelp(
      "Say it first: type your own response at each decision point before the options appear (the default when the story asks for it; --options-first turns it off)."
    ))
  var sayFirst = false

  @Flag(help: "Show the options straight away, even in a story that asks for say-first play.")
  var optionsFirst = false

  @Flag(help: "Print the final result as JSON on standard output (the session goes to standard error).")
  var json = false

  @Flag(name: .customLong("no-save"), help: "Do not keep a record of this attempt (for authors trying a story).")
  var noSave = false

  @Option(
    name: .customLong("html"),
    help: ArgumentHelp(
      "When the story ends, write the review as a self-contained HTML page to this file (readable by you only).",
      valueName: "file"))
  var htmlPath: String?

  @Flag(help: "Replace the --html file if it exists (a symbolic link is replaced itself; its target is left alone).")
  var force = false

  @Flag(help: "Read the story again each time its file is saved, keeping your place where it still fits (no record).")
  var watch = false

  @OptionGroup var identity: IdentityOptions
  @OptionGroup var store: StoreOptions
  @OptionGroup var rubricOptions: RubricOptions
  @OptionGroup var load: LoadOptions

  func validate() throws {
    if let choices, choices.split(separator: ",").isEmpty {
      throw ValidationError("--choices needs at least one choice id or number")
    }
    if let seed, seed > ChoiceOrder.maximumSeed {
      throw ValidationError("--seed must be from 0 to \(ChoiceOrder.maximumSeed)")
    }
    if sayFirst, optionsFirst {
      throw ValidationError("--say-first and --options-first cannot be used together")
    }
    if seed != nil, authoredOrder {
      throw ValidationError("--seed and --authored-order cannot be used together: the authored order has no seed")
    }
    if force, htmlPath == nil { throw ValidationError("--force replaces the --html file: add --html FILE") }
    if watch, choices != nil || json {
      throw ValidationError("--watch is for playing by hand while you edit; leave out --choices and --json")
    }
  }

  func run() throws {
    let console = Console.detect()
    if let htmlPath {
      // Said before the play, not after twenty minutes of it.
      try PageOutput.check(htmlPath, replacing: force, console: console)
    }
    let (scenario, file, path) = try ScenarioInput.load(
      self.scenario ?? ScenarioLibrary.defaultScenarioID, options: load, console: console)
    let rubric = try rubricOptions.load(console: console)
    let mode: AttemptMode = assess ? .assessed : .practice
    // Line-editing history is kept even with --no-save: it is the trainee's typing, not a record.
    let runner = SessionRunner(
      console: console, json: json, scripted: choices != nil)
    var random = SystemRandomNumberGenerator()
    let session = Session(scenario: scenario, seed: orderSeed(using: &random))
    let script = choices.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
    if let script, let problem = PlaySession.problem(withScript: script, from: session) {
      // Nothing is recorded for a script that does not fit the story.
      console.err("coach: the scripted choices do not fit the story: \(problem)")
      throw ExitStatus.dataError
    }
    let output = runner.output
    let reader = runner.makeReader(output: output)

    let recorder: any AttemptRecorder
    var trainee = ""
    let keepsRecord = !noSave && !watch
    if !keepsRecord {
      recorder = DiscardingRecorder()
    } else {
      let database = try store.open(console: console)
      trainee = try identity.resolve(database: database, reader: reader, console: console)
      recorder = runner.recording(database)
    }
    let attempt = UUID()
    let start = AttemptStart(
      id: attempt, trainee: trainee, cohort: identity.cohort, scenarioID: scenario.id,
      scenarioVersion: scenario.version, scenarioTitle: scenario.title, contentHash: scenario.contentHash,
      scenarioPath: absolute(path), mode: mode, rubricID: rubric.id, rubricHash: rubric.contentHash,
      rubricText: RubricFile.text(of: rubric),
      scenarioText: noSave ? nil : Self.content(of: path, hash: scenario.contentHash),
      startedAt: Date(), state: session.state)
    do {
      try recorder.begin(start)
    } catch {
      throw console.fail(error, doing: "could not start a record of this attempt")
    }

    let play = PlaySession(
      session: session,
      configuration: .init(
        attempt: attempt, mode: mode, rubric: rubric, terminal: runner.terminal, keepsRecord: keepsRecord,
        sayFirst: script == nil && (sayFirst || (scenario.sayFirst && !optionsFirst))),
      recorder: recorder, reader: reader ?? ScriptedLineReader([]), output: output,
      reloader: keepsRecord ? nil : reloader(path: path, file: file, console: runner.console))
    let outcome = script.map(play.runScripted) ?? play.run()
    try runner.conclude(outcome, play: play, attempt: attempt, mode: mode)
    if let htmlPath {
      guard case .finished(let report) = outcome else {
        console.err("coach: no review page written: the story has not ended (`coach resume` continues it)")
        return
      }
      let page = ReviewPage(
        review: AfterActionReview(session: play.session, report: report),
        attempt: .init(
          id: noSave ? nil : attempt, trainee: noSave ? nil : trainee, mode: mode, status: .complete,
          startedAt: start.startedAt))
      try PageOutput.write(page.render(), to: htmlPath, replacing: force, what: "the review", console: console)
    }
  }

  /// Reads the story file again for `:reload` and, with --watch, whenever it is saved: the
  /// scenario, or its errors as they would be printed.
  private func reloader(path: String, file: String, console: Console) -> StoryReloader {
    let watcher = FileWatcher(paths: [path])
    let loader = ScenarioLoader(limits: load.limits)
    let printer = DiagnosticPrinter(terminal: watch ? console.terminal : console.errorTerminal)
    return StoryReloader(
      changed: { !watcher.changes().isEmpty },
      load: {
        let result = loader.load(path: path, as: file)
        if let scenario = result.scenario { return .success(scenario) }
        let shown = result.errors.prefix(5).map { printer.render($0) }
        let more =
          result.errors.count > 5 ? ["… and \(result.errors.count - 5) more; coach validate \(file) lists them"] : []
        return .failure(StoryReloadFailure(lines: shown + more))
      },
      automatic: watch)
  }

  /// The seed of the order of options: --seed, none with --authored-order, else drawn from
  /// `random` (the one source of randomness in a play).
  func orderSeed(using random: inout some RandomNumberGenerator) -> UInt64? {
    if authoredOrder { return nil }
    return seed ?? UInt64.random(in: 0...ChoiceOrder.maximumSeed, using: &random)
  }

  /// The scenario's absolute path, so `coach resume` finds it from any folder.
  /// The file's content when it is still the content with SHA-256 `hash`, kept with the attempt
  /// so that it can be replayed and its score checked wherever its records go.
  static func content(of path: String, hash: String) -> String? {
    guard let data = FileManager.default.contents(atPath: path), SHA256.hex(of: Array(data)) == hash else {
      return nil
    }
    return String(decoding: data, as: UTF8.self)
  }

  private func absolute(_ path: String) -> String {
    path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
  }
}
