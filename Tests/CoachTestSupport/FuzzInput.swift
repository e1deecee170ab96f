import CoachCore

/// What the fuzz target does with one input, shared with the regression tests that replay every
/// input the fuzzer ever crashed on.
///
/// The first byte chooses what the rest of the input is fed to:
/// 0 — a scenario file: load, validate, play the last offered choice up to 100 times, save and
///     restore, undo, score;
/// 1 — an expression, placed as a route condition and as an effect in a small scenario;
/// 2 — a rubric file, loaded and written back.
public enum FuzzInput {
  public static func exercise(_ data: [UInt8]) {
    guard let selector = data.first else { return }
    let input = Array(data.dropFirst())
    switch selector % 3 {
    case 0:
      exercise(ScenarioLoader().load(bytes: input, file: "fuzz.json"))
    case 1:
      let expression = JSONOutput.quote(String(decoding: input, as: UTF8.self))
      let template = """
        {"format": 1, "id": "f", "version": "1", "title": "t", "summary": "s", "role": "r", "setting": "s",
         "patient": {"name": "n", "background": "b"}, "objectives": ["o"],
         "state": {"a": {"initial": 0, "min": -3, "max": 3}, "b": {"initial": false}},
         "start": "s", "nodes": [
          {"id": "s", "patient": "p", "choices": [
            {"id": "x", "say": "Go on.", "codes": ["open-question"], "effects": [\(expression)], "feedback": "f", "next": "r"}]},
          {"id": "r", "routes": [{"if": \(expression), "next": "e"}, {"next": "e"}]},
          {"id": "e", "patient": "p", "ending": {"title": "t", "outcome": "mixed", "debrief": "d"}}]}
        """
      exercise(ScenarioLoader().load(bytes: Array(template.utf8), file: "expression.json"))
    default:
      if let rubric = RubricFile.load(bytes: input, file: "rubric.json").rubric {
        _ = RubricFile.text(of: rubric)
      }
    }
  }

  private static func exercise(_ result: LoadResult) {
    for diagnostic in result.diagnostics { _ = diagnostic.rendered }
    guard let scenario = result.scenario else { return }
    var session = Session(scenario: scenario)
    for _ in 0..<100 {
      guard let choice = session.offeredChoices.last else { break }
      _ = try? session.choose(choice.id)
    }
    _ = try? Session(scenario: scenario, restoring: session.state)
    _ = try? session.undo()
    _ = Rubric.miti421.score(Transcript(session: session))
  }
}
