import ArgumentParser
import CoachCore
import CoachTerminal

/// `coach validate`: checks scenario files and runs their walkthroughs.
struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract: "Check scenario files: structure, references, expressions, story graph and walkthroughs.",
    discussion: """
      Every problem is reported, not only the first, as FILE:LINE:COLUMN: error: PATH: message,
      with a suggested fix where one is known (the nearest existing id for a typo). Each
      walkthrough in the file is played and checked like a test, its band and score with the
      default rubric or --rubric. Warnings include options whose grades and codes disagree and
      options that give the answer away by their length; notes are advice and fail nothing.

      Exit status: 0 when every file is valid (warnings allowed unless --strict), 65 when a file
      is invalid, 66 when a file cannot be read.

      Examples:
        coach validate Scenarios/frank-diabetes-remission.json
        coach validate my-story.json --json
        coach validate Scenarios/*.json --strict
      """)

  @Argument(help: ArgumentHelp("Scenario files, or ids of bundled scenarios.", valueName: "file"))
  var files: [String]

  @Flag(help: "Print the results as JSON.")
  var json = false

  @Flag(help: "Treat warnings as errors.")
  var strict = false

  @OptionGroup var load: LoadOptions
  @OptionGroup var rubricOptions: RubricOptions

  struct FileReport: Encodable {
    var file: String
    var valid: Bool
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
    let loader = ScenarioLoader(limits: load.limits, rubric: try rubricOptions.load(console: console))
    var reports: [FileReport] = []
    var unreadable = false
    for name in files {
      let result: LoadResult
      do {
        let path = try library.resolve(name)
        result = loader.load(path: path, as: ScenarioLibrary.displayName(path))
      } catch {
        result = LoadResult(
          file: name, scenario: nil,
          diagnostics: [Diagnostic(file: name, problem: .unreadable(reason: error.message))])
      }
      unreadable = unreadable || result.isUnreadable
      let failed = !result.errors.isEmpty || (strict && !result.warnings.isEmpty)
      reports.append(
        FileReport(
          file: result.file, valid: !failed,
          scenario: result.scenario.map {
            ScenarioSummary(
              id: $0.id, version: $0.version, title: $0.title, nodes: $0.nodes.count,
              walkthroughs: $0.walkthroughs.count, contentHash: json ? $0.contentHash : nil)
          },
          errors: result.errors.count, warnings: result.warnings.count,
          notes: result.diagnostics.count { $0.severity == .note }, diagnostics: result.diagnostics))
    }

    if json {
      try console.json(["files": reports])
    } else {
      let printer = DiagnosticPrinter(terminal: console.terminal)
      for report in reports {
        for diagnostic in report.diagnostics { console.out(printer.render(diagnostic)) }
        console.out(summaryLine(report, terminal: console.terminal))
      }
    }
    if unreadable { throw ExitStatus.noInput }
    if reports.contains(where: { !$0.valid }) { throw ExitStatus.dataError }
  }

  /// The verdict on one file; content from the file is cleaned before it is styled.
  private func summaryLine(_ report: FileReport, terminal: Terminal) -> String {
    let file = Sanitizer.clean(report.file, multiline: false)
    let counts = [
      report.errors > 0 ? plural(report.errors, "error") : nil,
      report.warnings > 0 ? plural(report.warnings, "warning") : nil,
      report.notes > 0 ? plural(report.notes, "note") : nil,
    ].compactMap { $0 }.joined(separator: ", ")
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
