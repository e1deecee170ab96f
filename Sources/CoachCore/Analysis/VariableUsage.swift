/// Which declared variables a story never reads and which it never writes.
///
/// A variable is read when a condition or the right-hand side of an effect uses its value
/// (`x += 1` changes `x` without reading it for the story's sake, and walkthrough expectations do
/// not count). Conditions read where the story ends count: a debrief paragraph's, an objective's
/// `met`, a safety task's `done`. It is written when some effect assigns it. A variable never
/// read cannot change the story or its verdict (it may still be shown to the trainee as a meter);
/// one never written keeps its initial value, so every condition on it always gives the same
/// answer.
struct VariableUsage {
  var neverRead: [String]
  var neverWritten: [String]

  init(_ scenario: Scenario) {
    var read = [Bool](repeating: false, count: scenario.variables.count)
    var written = read
    func reads(_ expression: Expr) {
      for slot in expression.variablesRead { read[slot] = true }
    }
    for objective in scenario.objectives {
      if let met = objective.met { reads(met.expression) }
    }
    for task in scenario.safetyTasks { reads(task.done.expression) }
    for node in scenario.nodes {
      for condition in node.variantConditions { reads(condition.expression) }
      for paragraph in node.ending?.paragraphs ?? [] {
        if let condition = paragraph.condition { reads(condition.expression) }
        for condition in paragraph.wording.conditions { reads(condition.expression) }
      }
      for route in node.routes {
        if let condition = route.condition { reads(condition.expression) }
      }
      for choice in node.choices {
        if let condition = choice.condition { reads(condition.expression) }
        for condition in choice.variantConditions { reads(condition.expression) }
        for effect in choice.effects {
          reads(effect.value)
          written[effect.slot] = true
        }
      }
    }
    neverRead = scenario.variables.indices.filter { !read[$0] }.map { scenario.variables[$0].name }
    neverWritten = scenario.variables.indices.filter { !written[$0] }.map { scenario.variables[$0].name }
  }
}
