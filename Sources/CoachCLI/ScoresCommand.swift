import ArgumentParser
import CoachCore
import CoachHTML
import CoachSheets
import CoachStore
import CoachTerminal
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// `coach scores`: trainees' scores for course leads.
struct ScoresCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "scores",
    abstract: "Show trainees' scores: attempts, best and latest score, band and trend.",
    discussion: """
      By default there is one row per trainee and scenario version, with their number of attempts, \
      best and latest score, latest band and trend (the latest score minus the one before). Scores \
      from different versions of a scenario are never mixed: the scenario column reads id@version \
      (with the start of the file's hash, or the rubric, when those differ too).

      --per attempt gives one row per attempt with every metric; --per turn one row per answer. \
      Only complete attempts have scores; the status column shows the others.

      --html (or --format html, or an --output file ending .html) writes the cohort dashboard: one \
      self-contained web page over the same filters, with each trainee's headline score over time \
      per scenario version, the band distribution, the decision points where most attempts chose a \
      poor response, and how often each safety task was missed. --per does not apply to it.

      CSV follows RFC 4180 (UTF-8, CRLF line endings, a header row) with every metric in its own \
      column; a text cell that a spreadsheet would read as a formula (beginning with = + - @, tab \
      or CR) starts with an apostrophe. JSON is an array of objects with the same keys.

      Examples:
        coach scores
        coach scores --cohort 2025-spring --scenario frank-diabetes-remission@1.0.0
        coach scores --per attempt --since 2025-03-01 --assessed-only
        coach scores --per attempt --format csv --output scores.csv
        coach scores --per turn --trainee ann --format json
        coach scores --cohort 2025-spring --html --output cohort.html
      """)

  enum Per: String, ExpressibleByArgument, CaseIterable {
    case attempt, trainee, turn
  }

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json, html
  }

  @Option(help: "One row per trainee (the default), attempt or turn.")
  var per: Per = .trainee

  @Option(help: ArgumentHelp("Only attempts made in this cohort.", valueName: "cohort"))
  var cohort: String?

  @Option(help: ArgumentHelp("Only this scenario: its id, or id@version for one version.", valueName: "id"))
  var scenario: String?

  @Option(help: ArgumentHelp("Only this trainee.", valueName: "id"))
  var trainee: String?

  @Option(
    help: ArgumentHelp(
      "Only attempts started on or after this date (YYYY-MM-DD, UTC, or an ISO 8601 time).", valueName: "date"))
  var since: String?

  @Flag(help: "Only assessed attempts, leaving out practice.")
  var assessedOnly = false

  @Option(
    help: ArgumentHelp(
      "table (the default), csv, json or html. With --output, taken from the file's extension when not given.",
      valueName: "format"))
  var format: Format?

  @Flag(help: "The cohort dashboard as a self-contained HTML page (the same as --format html).")
  var html = false

  @Option(
    help: ArgumentHelp(
      "Write to this file (readable by you only); an existing file is kept unless --force.", valueName: "file"))
  var output: String?

  @Flag(help: OutputFile.forceHelp)
  var force = false

  @OptionGroup var store: StoreOptions

  func validate() throws {
    if let since, StoreDate.parseDayOrTime(since) == nil {
      throw ValidationError("--since \(since): expected a date such as 2025-03-01 or 2025-03-01T09:00:00Z")
    }
    if let scenario {
      let parts = scenario.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
      guard Scenario.isValidID(String(parts[0])), parts.count == 1 || !parts[1].isEmpty else {
        throw ValidationError(
          "--scenario \(Sanitizer.clean(scenario, multiline: false)): expected a scenario id, or id@version")
      }
    }
    if html, let format, format != .html {
      throw ValidationError("--html and --format \(format.rawValue) cannot be used together: choose one")
    }
  }

  /// The format asked for, or the one the output file's extension names.
  var resolvedFormat: Format {
    if html { return .html }
    if let format { return format }
    switch output.map({ PathText.fileExtension(of: $0).lowercased() }) {
    case "csv": return .csv
    case "json": return .json
    case "html", "htm": return .html
    default: return .table
    }
  }

  func run() throws {
    let console = Console.detect()
    let database = try store.open(console: console, access: .existing)
    let query = ScoreQuery(
      per: ScoreQuery.Grouping(rawValue: per.rawValue)!, cohort: cohort, scenario: scenario, trainee: trainee,
      since: since.flatMap(StoreDate.parseDayOrTime), assessedOnly: assessedOnly)
    if resolvedFormat == .html {
      let attempts = try writeDashboard(database, query, console: console)
      try Self.flag(attempts.map(\.score), console: console)
      return
    }
    if resolvedFormat == .csv, query.per == .attempt {
      try streamAttemptCSV(database, query, console: console)
      return
    }
    let sheet: ScoreSheet
    let checked: [AttemptScore]
    do {
      switch query.per {
      case .attempt:
        checked = try database.attemptScores(query)
        sheet = ScoreSheet(attempts: checked)
      case .trainee:
        checked = try database.attemptScores(query)
        sheet = ScoreSheet(trainees: TraineeScore.grouping(checked))
      case .turn:
        checked = try database.attemptScores(query)
        sheet = ScoreSheet(turns: try database.turnScores(query))
      }
    } catch {
      throw console.fail(error)
    }
    let text: String
    switch resolvedFormat {
    case .csv:
      text = output == nil && toTerminal ? Self.terminalSafeCSV(sheet.csv) : sheet.csv
    case .json:
      text = sheet.json
    case .table, .html:
      let terminal = output == nil ? console.terminal : Terminal(colors: false, width: 1000)
      if sheet.rows.isEmpty {
        text = "No attempts match.\n"
      } else {
        text = ScoreTable(terminal: terminal).render(sheet).joined(separator: "\n") + "\n"
      }
    }
    guard let output else {
      console.out(text, terminator: "")
      try Self.flag(checked, console: console)
      return
    }
    do {
      try OutputFile.write(Array(text.utf8), to: output, replacing: force)
    } catch {
      throw console.fail(error)
    }
    console.err("coach: wrote \(plural(sheet.rows.count, "row")) to \(Sanitizer.clean(output, multiline: false))")
    try Self.flag(checked, console: console)
  }

  /// Says on standard error which attempts' stored scores are not what their turns earn (each
  /// attempt is replayed from its turns and scored again), and ends with status 65 when any is.
  static func flag(_ attempts: [AttemptScore], console: Console) throws {
    var differing: [(AttemptScore, String)] = []
    for attempt in attempts {
      if case .differs(let why) = attempt.check { differing.append((attempt, why)) }
    }
    guard !differing.isEmpty else { return }
    for (attempt, why) in differing.prefix(20) {
      console.err(
        Sanitizer.clean(
          "coach: attempt \(attempt.attempt.uuidString.lowercased()) (\(attempt.trainee), \(attempt.scenario.versioned)): "
            + why, multiline: false))
    }
    if differing.count > 20 { console.err("coach: … and \(differing.count - 20) more") }
    let subject =
      differing.count == 1 ? "1 attempt's stored score is" : "\(differing.count) attempts' stored scores are"
    console.err(
      "coach: \(subject) not what the turns earn: the stored rows were changed after the attempt, or forged")
    throw ExitStatus.dataError
  }

  /// The cohort dashboard of the attempts matching `query`; returns the attempts.
  @discardableResult
  private func writeDashboard(_ database: any RecordStore, _ query: ScoreQuery, console: Console) throws
    -> [CohortAttempt]
  {
    try PageOutput.check(output, replacing: force, console: console)
    let attempts: [CohortAttempt]
    do {
      attempts = try database.cohortAttempts(query)
    } catch {
      throw console.fail(error)
    }
    let contexts = CohortContexts.load(for: attempts, database: database)
    let overview = CohortOverview(attempts: attempts.map(\.overviewAttempt), contexts: contexts)
    var filters: [String] = []
    if let cohort { filters.append("cohort \(cohort)") }
    if let scenario { filters.append("scenario \(scenario)") }
    if let trainee { filters.append("trainee \(trainee)") }
    if let since { filters.append("started on or after \(since)") }
    if assessedOnly { filters.append("assessed only") }
    let page = CohortPage(overview: overview, filters: filters).render()
    try PageOutput.write(
      page, to: output, replacing: force,
      what: "the dashboard of \(plural(attempts.count, "attempt"))", console: console)
    return attempts
  }

  /// Whether standard output is a terminal, where text from imported files must be made harmless.
  private var toTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

  /// CSV as a terminal may show it: every record's CRLF kept, and any other control character
  /// (an escape sequence in an imported name, say) replaced as the table replaces it. CSV written
  /// to a file or a pipe is left byte for byte as it is.
  static func terminalSafeCSV(_ csv: String) -> String {
    csv.components(separatedBy: CSVWriter.lineEnding).map { Sanitizer.clean($0) }.joined(
      separator: CSVWriter.lineEnding)
  }

  /// Per-attempt CSV, the format a whole cohort's history is exported in, written while the rows
  /// are read: memory stays flat however many attempts there are.
  private func streamAttemptCSV(_ database: any RecordStore, _ query: ScoreQuery, console: Console) throws {
    let file: OutputFile.Writer?
    do {
      file = try output.map { path throws(OutputFile.Failure) in
        try OutputFile.Writer(path: path, replacing: force)
      }
    } catch {
      throw console.fail(error)
    }
    var buffer: [UInt8] = []
    buffer.reserveCapacity(1 << 20)
    var failure: OutputFile.Failure?
    func flush() -> Bool {
      if let file {
        do { try file.append(buffer) } catch {
          failure = error
          return false
        }
      } else if toTerminal {
        console.out(Self.terminalSafeCSV(String(decoding: buffer, as: UTF8.self)), terminator: "")
      } else {
        console.out(bytes: buffer)
      }
      buffer.removeAll(keepingCapacity: true)
      return true
    }
    ScoreSheet.appendCSV(header: ScoreSheet.attemptColumns, to: &buffer)
    var rows = 0
    var differing: [AttemptScore] = []
    do {
      try database.forEachAttemptScore(query) { score, label in
        if case .differs = score.check { differing.append(score) }
        ScoreSheet.appendCSV(row: ScoreSheet.attemptCells(score, label: label), to: &buffer)
        rows += 1
        return buffer.count < 1 << 20 || flush()
      }
    } catch {
      file?.abandon()
      throw console.fail(error)
    }
    if failure == nil, flush() {
      do { try file?.commit() } catch { failure = error }
    }
    if let failure {
      file?.abandon()
      throw console.fail(failure)
    }
    if let output { console.err("coach: wrote \(plural(rows, "row")) to \(Sanitizer.clean(output, multiline: false))") }
    try Self.flag(differing, console: console)
  }
}
