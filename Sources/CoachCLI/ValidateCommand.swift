import ArgumentParser
import CoachCore
import CoachTerminal

/// `coach validate`: checks scenario files and runs their walkthroughs.
struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract: "Check scenario files: structure, references, expressions, the whole story and walkthroughs.",
    usage: "coach validate <file> ... [--strict] [--watch] [<options>]",
    discussion: """
      Every problem is reported as FILE:LINE:COLUMN: error: PATH: message, with a suggested fix where one is \
      known (the nearest existing id for a typo). A path names the ids of the nodes and choices it passes \
      through. A problem that only follows from another (a variable used after its declaration went wrong) is \
      not reported on its own: it is counted under the first, which is the one to fix.

      The whole story is played every way it can go: an ending no play-through reaches and a trap a trainee \
      can fall into under some state are errors; a choice or route that conditions never open, and a \
      variable never changed or never read, are warnings. Each walkthrough is played and checked like a test, \
      its band and score with the default rubric or --rubric. Notes are advice and fail nothing.

      With --watch, the files are checked again each time they are saved, until Ctrl-C.

      Exit status: 0 when every file is valid (warnings allowed unless --strict), 65 when a file is invalid, \
      66 when a file cannot be read.

      Examples:
        coach validate Scenarios/frank-diabetes-remission.json
        coach validate my-story.json --json
        coach validate Scenarios/*.json --strict
        coach validate my-story.json --watch
      """)

  @Argument(help: ArgumentHelp("Scenario files, or ids of bundled scenarios.", valueName: "file"))
  var files: [String]

  @Flag(help: "Print the results as JSON.")
  var json = false

  @Flag(help: "Treat warnings as errors.")
  var strict = false

  @Flag(help: "Check the files again whenever they are saved, until Ctrl-C.")
  var watch = false

  @Option(
    name: .customLong("max-states"),
    help: ArgumentHelp(
      "Search at most this many play states in the whole-story checks; beyond it they say what they could not check.",
      valueName: "n"))
  var maxStates: Int = AnalysisLimits.default.maxStates

  @OptionGroup var load: LoadOptions
  @OptionGroup var rubricOptions: RubricOptions

  func validate() throws {
    guard maxStates > 0 else { throw ValidationError("--max-states must be a positive number") }
    guard !(watch && json) else {
      throw ValidationError("--watch prints for a person reading along; use --json without --watch")
    }
  }

  struct FileReport: Encodable {
    var file: String
    var valid: Bool
    /// False when the file could not be read at all (missing, a directory, no permission).
    var readable: Bool
    var scenario: ScenarioSummary?
    var errors: Int
    var warnings: Int
    var notes: Int
    var diagnostics: [Diagnostic]
  }

  struct ScenarioSummary: Encodable {
    var id: String
    var version: String
    var title: String
    var nodes: Int
    var walkthroughs: Int
    /// Only with --json: hashing a large file is work the human output does not need.
    var contentHash: String?
  }

  func run() throws {
    let console = Console.detect()
    let library = ScenarioLibrary.locate()
    var analysisLimits = AnalysisLimits.default
    analysisLimits.maxStates = maxStates
    let loader = ScenarioLoader(
      limits: load.limits, rubric: try rubricOptions.load(console: console), wholeStory: analysisLimits)
    let paths = files.map { (try? library.resolve($0)) ?? $0 }
    // Watching starts before the first check, so that a save during it is not missed.
    let watcher = watch ? FileWatcher(paths: paths) : nil
    let reports = files.indices.map { check($0, paths: paths, loader: loader, library: library) }

    if json {
      try console.json(["files": reports])
    } else {
      for report in reports { show(report, console: console) }
    }
    if let watcher {
      console.out(watchingLine(console: console))
      while true {
        for position in watcher.waitForChanges() {
          console.out("")
          show(check(position, paths: paths, loader: loader, library: library), console: console)
        }
        console.out(watchingLine(console: console))
      }
    }
    if reports.contains(where: { !$0.readable }) { throw ExitStatus.noInput }
    if reports.contains(where: { !$0.valid }) { throw ExitStatus.dataError }
  }

  private func watchingLine(console: Console) -> String {
    console.terminal.styled(
      "Watching \(plural(files.count, "file")) for changes; press Ctrl-C to stop.", .dim)
  }

  /// Loads and checks file `position`.
  private func check(_ position: Int, paths: [String], loader: ScenarioLoader, library: ScenarioLibrary)
    -> FileReport
  {
    let name = files[position]
    let result: LoadResult
    do {
      let path = try library.resolve(name)
      result = loader.load(path: path, as: ScenarioLibrary.displayName(path))
    } catch {
      result = LoadResult(
        file: name, scenario: nil,
        diagnostics: [Diagnostic(file: name, problem: .unreadable(reason: error.message))])
    }
    let failed = !result.errors.isEmpty || (strict && !result.warnings.isEmpty)
    return FileReport(
      file: result.file, valid: !failed, readable: !result.isUnreadable,
      scenario: result.scenario.map {
        ScenarioSummary(
          id: $0.id, version: $0.version, title: $0.title, nodes: $0.nodes.count,
          walkthroughs: $0.walkthroughs.count, contentHash: json ? $0.contentHash : nil)
      },
      errors: result.errors.count, warnings: result.warnings.count,
      notes: result.diagnostics.count { $0.severity == .note }, diagnostics: result.diagnostics)
  }

  private func show(_ report: FileReport, console: Console) {
    let printer = DiagnosticPrinter(terminal: console.terminal)
    for diagnostic in report.diagnostics { console.out(printer.render(diagnostic)) }
    console.out(summaryLine(report, terminal: console.terminal))
  }

  /// The verdict on one file; content from the file is cleaned before it is styled.
  private func summaryLine(_ report: FileReport, terminal: Terminal) -> String {
    let file = Sanitizer.clean(report.file, multiline: false)
    let counts = [
      report.errors > 0 ? plural(report.errors, "error") : nil,
      report.warnings > 0 ? plural(report.warnings, "warning") : nil,
      report.notes > 0 ? plural(report.notes, "note") : nil,
    ].compactMap { $0 }.joined(separator: ", ")
    guard report.readable else {
      // The diagnostic above says why; there is nothing to count.
      return "\(file): " + terminal.styled("not checked", .boldRed) + ": the file cannot be read"
    }
    guard let scenario = report.scenario, report.errors == 0 else {
      return "\(file): " + terminal.styled("invalid", .boldRed) + " (\(counts))"
    }
    let verdict = report.valid ? terminal.styled("valid", .boldGreen) : terminal.styled("invalid", .boldRed)
    var line =
      "\(file): \(verdict): \(scenario.id) \(scenario.version), \(plural(scenario.nodes, "node")), "
      + "\(plural(scenario.walkthroughs, "walkthrough")) passed"
    if !counts.isEmpty { line += " (\(counts))" }
    return line
  }
}

func plural(_ count: Int, _ noun: String) -> String {
  "\(count) \(noun)\(count == 1 ? "" : "s")"
}
