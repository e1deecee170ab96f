import ArgumentParser
import CoachCore
import CoachHTML
import CoachREPL
import CoachStore
import CoachTerminal
import Foundation

/// `coach review`: the after-action review of a stored attempt, rebuilt from its stored turns.
struct ReviewCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "review",
    abstract: "Show the after-action review of a stored attempt: every turn, its feedback and the better option.",
    discussion: """
      The review is rebuilt from the attempt's stored turns and its seed: the story is replayed \
      choice by choice and scored again, so what you read is what the turns earn. When the stored \
      score differs from that recomputation (an edited database, a changed rubric), the review \
      says so.

      With no attempt named, reviews your latest attempt. Name one by the start of its id (as \
      `coach scores --per attempt` lists them), or `latest`. An attempt still in progress is \
      reviewed as far as it has gone.

      --html writes the review as one self-contained web page (no scripts, nothing fetched from the \
      network; it prints on A4): the conversation with every grade and better option, the metrics \
      against their thresholds, the patient's visible state turn by turn as a chart, the safety \
      tasks, the learning objectives and the ending's debrief.

      Examples:
        coach review
        coach review 3f2a
        coach review latest --json
        coach review 3f2a --html --output review.html
      """)

  @Argument(help: ArgumentHelp("The attempt: the start of its id, or `latest`.", valueName: "attempt"))
  var attempt: String?

  @Flag(help: "Print the review as JSON.")
  var json = false

  @Flag(help: "Write the review as a self-contained HTML page (to --output, or to standard output when redirected).")
  var html = false

  @Option(
    help: ArgumentHelp(
      "With --html: write the page to this file (readable by you only); an existing file is kept unless --force.",
      valueName: "file"))
  var output: String?

  @Flag(
    help: "Review even if the scenario file has changed since the attempt was played; with --output, replace the file.")
  var force = false

  @OptionGroup var owner: OwnerOptions
  @OptionGroup var store: StoreOptions
  @OptionGroup var rubricOptions: RubricOptions
  @OptionGroup var load: LoadOptions

  func validate() throws {
    if html, json { throw ValidationError("--html and --json cannot be used together: choose one") }
    if output != nil, !html { throw ValidationError("--output writes the HTML page: add --html") }
  }

  func run() throws {
    let console = Console.detect()
    if html { try PageOutput.check(output, replacing: force, console: console) }
    let database = try store.open(console: console, access: .existing)
    let trainee = try owner.owner(database: database, console: console)
    let name = attempt ?? "latest"
    let matches = try catchingStore(console) { () throws(StoreError) in
      try database.attemptIDs(matching: name, trainee: trainee)
    }
    guard matches.count == 1, let id = matches.first else {
      console.err(
        matches.isEmpty
          ? "coach: no attempt matches \"\(Sanitizer.clean(name, multiline: false))\"; "
            + "`coach scores --per attempt` lists them"
          : "coach: \"\(Sanitizer.clean(name, multiline: false))\" matches \(matches.count) attempts; give more of the id"
      )
      throw matches.isEmpty ? ExitStatus.noInput : ExitStatus.usage
    }
    guard let stored = try catchingStore(console, { () throws(StoreError) in try database.attempt(id: id) }) else {
      console.err("coach: attempt \(id.uuidString.lowercased()) is not in \(store.location.path)")
      throw ExitStatus.noInput
    }
    let source = FileManager.default.fileExists(atPath: stored.scenarioPath) ? stored.scenarioPath : stored.scenarioID
    let scenario = try ScenarioInput.load(source, options: load, console: console).scenario
    if scenario.contentHash != stored.contentHash, !force {
      console.err(
        "coach: the scenario \(stored.scenarioID) has changed since this attempt was played (content "
          + "\(stored.contentHash.prefix(12)) then, \(scenario.contentHash.prefix(12)) now), so its turns may no "
          + "longer replay as they were played. Use --force to review it against the story as it is now.")
      throw ExitStatus.dataError
    }
    let rubric = try rubricOptions.load(for: stored, database: database, console: console)
    let session: Session
    do {
      session = try Session.replaying(stored.state.turns.map(\.choice), in: scenario, seed: stored.state.seed)
    } catch {
      throw console.fail(error, doing: "cannot rebuild the attempt from its stored turns")
    }
    let report = rubric.score(Transcript(session: session))
    let typed = try catchingStore(console) { () throws(StoreError) in try database.turns(attempt: id) }
      .filter { !$0.undone }.map(\.typed)
    let review = AfterActionReview(session: session, report: report, typed: typed)
    // The score stored when the attempt finished, against what its turns earn now.
    let agrees = stored.storedScore.map { $0.score == report.headlineScore && $0.band == report.overallBand }
    if html {
      var notes: [String] = []
      if agrees == false, let stored = stored.storedScore {
        notes.append(
          "The stored score (\(Value.format(stored.score)) \(stored.band.title)) differs from what the "
            + "stored turns earn now (\(Value.format(report.headlineScore)) \(report.overallBand.title)); the review "
            + "shows the recomputation.")
      }
      let name = (try? database.trainee(id: stored.trainee))??.name
      let page = ReviewPage(
        review: review,
        attempt: .init(
          id: id, trainee: stored.trainee, traineeName: name, mode: stored.mode, status: stored.status,
          startedAt: stored.startedAt, notes: notes))
      try PageOutput.write(page.render(), to: output, replacing: force, what: "the review", console: console)
      return
    }
    if json {
      try console.json(
        ReviewResult(
          attempt: id, trainee: stored.trainee, mode: stored.mode, status: stored.status, seed: session.seed,
          storedScoreMatches: agrees, review: review))
      return
    }
    let terminal = console.terminal
    var lines = [
      terminal.styled(Sanitizer.clean(scenario.title, multiline: false), .bold),
      "Attempt \(id.uuidString.lowercased().prefix(8)) by \(Sanitizer.clean(stored.trainee, multiline: false)), "
        + "\(stored.mode.rawValue), \(stored.status.rawValue)",
    ]
    if stored.status != .complete {
      lines.append(terminal.styled("Not finished: the review covers the turns so far.", .yellow))
    }
    if agrees == false, let stored = stored.storedScore {
      lines.append(
        terminal.styled(
          "The stored score (\(Value.format(stored.score)) \(stored.band.title)) differs from what "
            + "the stored turns earn now (\(Value.format(report.headlineScore)) \(report.overallBand.title)); "
            + "the review shows the recomputation.", .yellow))
    }
    if let ending = review.ending {
      lines.append("")
      lines.append(
        terminal.styled(
          "Ending: \(Sanitizer.clean(ending.title, multiline: false)) (\(ending.outcome.rawValue))", .bold))
      for paragraph in ending.debrief {
        lines += TextWrapper.wrap(Sanitizer.clean(paragraph), width: terminal.width)
      }
    }
    lines += ReportRenderer(terminal: terminal).render(review, everyTurn: true)
    for line in lines { console.out(line) }
  }

  /// What `coach review --json` prints.
  struct ReviewResult: Encodable {
    var attempt: UUID
    var trainee: String
    var mode: AttemptMode
    var status: AttemptStatus
    var seed: UInt64?
    /// Whether the stored score and band equal the recomputation; absent while unfinished.
    var storedScoreMatches: Bool?
    var review: AfterActionReview
    var disclaimer = "Training material, not clinical guidance."
  }
}
