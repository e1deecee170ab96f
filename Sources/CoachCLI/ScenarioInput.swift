import ArgumentParser
import CoachCore
import CoachTerminal

/// Loads the one scenario a command works on (a file, or the id of a bundled scenario), or exits
/// after printing why it could not: 66 when the file cannot be read, 65 when it is invalid.
enum ScenarioInput {
  /// The scenario, the path it was read from, and how to name its file in messages.
  static func load(_ name: String, options: LoadOptions, console: Console) throws -> (
    scenario: Scenario, file: String, path: String
  ) {
    let result: LoadResult
    let path: String
    do {
      path = try ScenarioLibrary.locate().resolve(name)
      result = ScenarioLoader(limits: options.limits).load(path: path, as: ScenarioLibrary.displayName(path))
    } catch {
      console.err(Sanitizer.clean("coach: " + error.message))
      throw ExitStatus.noInput
    }
    guard let scenario = result.scenario else {
      let printer = DiagnosticPrinter(terminal: console.errorTerminal)
      for diagnostic in result.errors { console.err(printer.render(diagnostic)) }
      // The error above says why the file cannot be read; there is nothing to validate.
      if result.isUnreadable { throw ExitStatus.noInput }
      console.err(
        Sanitizer.clean(
          "\(result.file): invalid (\(plural(result.errors.count, "error"))); `coach validate \(result.file)` lists them"
        ))
      throw result.isUnreadable ? ExitStatus.noInput : ExitStatus.dataError
    }
    if !result.warnings.isEmpty {
      console.err(
        Sanitizer.clean(
          "\(result.file): \(plural(result.warnings.count, "warning")); `coach validate \(result.file)` shows them"))
    }
    return (scenario, result.file, path)
  }
}
