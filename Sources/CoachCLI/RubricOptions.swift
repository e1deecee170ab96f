import ArgumentParser
import CoachCore

/// `--rubric FILE`: the rubric used to score sessions.
struct RubricOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "A rubric file to score with instead of the default MITI 4.2.1 rubric (see `coach rubric --json`).",
      valueName: "file"))
  var rubric: String?

  /// The rubric in effect, or exits 65/66 after printing why the file was refused.
  func load(console: Console) throws -> Rubric {
    guard let path = rubric else { return .miti421 }
    let result = RubricFile.load(path: path)
    if let loaded = result.rubric { return loaded }
    let printer = DiagnosticPrinter(terminal: console.errorTerminal)
    for diagnostic in result.diagnostics { console.err(printer.render(diagnostic)) }
    let unreadable = result.diagnostics.contains {
      switch $0.problem {
      case .unreadable, .isDirectory: true
      default: false
      }
    }
    throw unreadable ? ExitStatus.noInput : ExitStatus.dataError
  }
}
