import ArgumentParser
import CoachCore

/// Finds and loads the scenario a command names (an id of a bundled scenario, or a path),
/// printing every diagnostic and exiting 65 or 66 when it cannot be used.
struct ScenarioOpening {
  var console: Console
  var limits: LoadLimits

  /// The loaded scenario and the path it came from.
  func open(_ name: String?) throws -> (scenario: Scenario, path: String) {
    let library = ScenarioLibrary.locate()
    let path: String
    do {
      path = try library.resolve(name ?? ScenarioLibrary.defaultScenarioID)
    } catch {
      console.err("coach: " + error.message)
      throw ExitStatus.noInput
    }
    let result = ScenarioLoader(limits: limits).load(path: path, as: ScenarioLibrary.displayName(path))
    guard let scenario = result.scenario else {
      let printer = DiagnosticPrinter(terminal: console.errorTerminal)
      for diagnostic in result.diagnostics where diagnostic.severity == .error {
        console.err(printer.render(diagnostic))
      }
      console.err("coach: \(result.file) cannot be played; `coach validate \(result.file)` lists every problem")
      throw result.isUnreadable ? ExitStatus.noInput : ExitStatus.dataError
    }
    return (scenario, path)
  }
}
