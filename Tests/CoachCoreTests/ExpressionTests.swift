import CoachCore
import CoachTestSupport
import Testing

/// Expressions are tested through scenario files, the only way authors write them.
@Suite("Expression language")
struct ExpressionTests {
  /// The fixture with the route condition replaced by `condition`.
  func loadCondition(_ condition: String) throws -> LoadResult {
    let escaped = condition.replacingOccurrences(of: "\"", with: "\\\"")
    return Fixtures.load(try Fixtures.replacing(#""rapport >= 3 and told""#, with: "\"\(escaped)\""))
  }

  @Test(arguments: [
    "rapport >= 3 and told",
    "not told or rapport == 3",
    "(rapport + asked) - 1 > 2",
    "-rapport < -2 or visited(\"hello\")",
    "visits(\"worry\") >= 1 and rapport != 0",
    "told == true and not not told",
    "rapport >= .5",
    "rapport >= 2.5",
  ])
  func acceptsWellFormedConditions(_ condition: String) throws {
    // Other conditions may send a walkthrough elsewhere; only the expression itself is tested.
    #expect(try loadCondition(condition).errors.filter { $0.code == "expression" }.isEmpty)
  }

  @Test(arguments: [
    (
      "rapport >=", 10,
      "the expression ends too early; expected a value: a number, true, false, a variable or visited(\"node-id\")"
    ),
    ("rapport 3", 8, "unexpected number 3; expected the end of the expression, or an operator such as 'and'"),
    ("1 < rapport < 3", 12, "unexpected '<'; expected the end; to combine comparisons, join them with 'and'"),
    ("told > 1", 0, "'>' needs a number here, but this is true or false"),
    (
      "rapport == told", 0,
      "'==' compares values of one type, but the left side is a number and the right side is true or false"
    ),
    ("rapport + 1", 0, "a condition must be true or false, but this expression is a number"),
    ("visited(hello)", 8, "unexpected 'hello'; expected a node id in quotes, as in visited(\"node-id\")"),
    (
      "seen(\"hello\")", 0,
      "'seen(...)' is not a function of the expression language; the functions are visited(\"node-id\"), visits(\"node-id\") and, at the ending, chose(\"choice-id\")"
    ),
    ("(told", 5, "the expression ends too early; expected ')'"),
    ("told ! rapport", 5, "'!' is not part of the expression language; write 'not'"),
    ("rapport = 3", 8, "'=' assigns a value; to compare, write '=='"),
    ("rapport >= 3 $", 13, "unexpected character '$'"),
    ("and told", 0, "unexpected 'and'; expected a value"),
  ])
  func reportsSyntaxAndTypeErrorsWithTheirColumn(condition: String, offset: Int, message: String) throws {
    let result = try loadCondition(condition)
    let error = try #require(result.errors.first)
    #expect(error.message == message)
    #expect(error.path.description == "nodes[2].routes[0].if")
    let start = try #require(
      Fixtures.position(
        of: "\"\(condition.replacingOccurrences(of: "\"", with: "\\\""))\"",
        in: try Fixtures.replacing(
          #""rapport >= 3 and told""#, with: "\"\(condition.replacingOccurrences(of: "\"", with: "\\\""))\"")))
    if !condition.contains("\"") {
      // Without escapes the column points inside the string exactly.
      #expect(error.position == SourcePosition(line: start.line, column: start.column + 1 + offset))
    }
  }

  @Test func theCaretCoversABracketedExpressionAndNotTheSpaceAfterIt() throws {
    let result = try loadCondition("(rapport)   ")
    let error = try #require(result.errors.first)
    #expect(error.message == "a condition must be true or false, but this expression is a number")
    #expect(error.detailLines == ["(rapport)   ", "^^^^^^^^^"])
  }

  @Test func refusesAbsurdlyLongAndDeepExpressions() throws {
    let long = try loadCondition(String(repeating: "told and ", count: 60) + "told")
    #expect(long.errors.first?.message == "the expression is longer than 500 characters")
    let deep = try loadCondition(String(repeating: "(", count: 40) + "told" + String(repeating: ")", count: 40))
    #expect(deep.errors.first?.message == "the expression nests more than 32 levels deep")
  }

  @Test func effectsAreCheckedAgainstTheVariableType() throws {
    let assignNumberToBoolean = Fixtures.load(try Fixtures.replacing(#""told = true""#, with: #""told = 1""#))
    #expect(assignNumberToBoolean.errors.first?.message == "'told' holds true or false, but it is assigned a number")
    let notAnEffect = Fixtures.load(try Fixtures.replacing(#""told = true""#, with: #""rapport >= 1""#))
    #expect(
      notAnEffect.errors.first?.message
        == "an effect changes one variable: 'name = value', 'name += number' or 'name -= number'")
    let computed = Fixtures.load(try Fixtures.replacing(#""told = true""#, with: #""asked = asked + rapport - 1""#))
    #expect(computed.errors.filter { $0.code == "expression" }.isEmpty)
  }

  @Test func conditionsReportTheVariablesAndNodesTheyRead() throws {
    let scenario = try Fixtures.scenario()
    let again = try #require(scenario.choice(id: "again")?.choice.condition)
    #expect(again.variablesRead(in: scenario) == ["told"])
    #expect(again.nodesRead(in: scenario) == ["worry"])
    #expect(again.readsVisits)
    let effect = try #require(scenario.choice(id: "open")?.choice.effects.first)
    #expect(effect.variable == "rapport")
    #expect(effect.operation == .add)
    #expect(effect.constant == .number(1))
  }
}
