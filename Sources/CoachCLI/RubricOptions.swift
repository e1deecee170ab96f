import ArgumentParser
import CoachCore
import CoachStore
import CoachTerminal

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
    let printer = DiagnosticPrinter(terminal: console.errorTerminal)
    for diagnostic in result.diagnostics { console.err(printer.render(diagnostic)) }
    if let loaded = result.rubric { return loaded }
    let unreadable = result.diagnostics.contains {
      switch $0.problem {
      case .unreadable, .isDirectory: true
      default: false
      }
    }
    throw unreadable ? ExitStatus.noInput : ExitStatus.dataError
  }

  /// The rubric that scored `stored`: --rubric when given, else the rubric kept with the attempt
  /// (by its hash), else the default. Refuses, with the way out, a rubric that is not the one
  /// the attempt was scored with.
  func load(for stored: StoredAttempt, database: any RecordStore, console: Console) throws -> Rubric {
    var chosen = try load(console: console)
    if rubric == nil, let hash = stored.rubricHash, hash != chosen.contentHash,
      let text = try catchingStore(console, { () throws(StoreError) in try database.rubricText(hash: hash) }),
      let kept = RubricFile.load(bytes: Array(text.utf8), file: "the rubric kept with the attempt").rubric
    {
      chosen = kept
    }
    guard chosen.id == stored.rubricID else {
      console.err(
        "coach: this attempt was scored with the rubric \"\(Sanitizer.clean(stored.rubricID, multiline: false))\", "
          + "not \"\(Sanitizer.clean(chosen.id, multiline: false))\"; "
          + "pass that rubric with --rubric FILE")
      throw ExitStatus.usage
    }
    return chosen
  }
}
