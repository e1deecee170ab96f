import CoachCore
import CoachTestSupport
import Foundation
import Testing

@Suite("Starter scenario")
struct ScenarioTemplateTests {
  @Test func isValidWithNoDiagnosticAtAll() throws {
    let result = Fixtures.load(ScenarioTemplate.json(id: "asthma-review"), file: "asthma-review.json")
    #expect(result.diagnostics.map(\.rendered) == [])
    let scenario = try #require(result.scenario)
    #expect(scenario.id == "asthma-review")
    #expect(scenario.decisionPoints.count == 3)
    #expect(scenario.endingNodes.count == 2)
    #expect(scenario.variables.count == 1)
    #expect(scenario.nodes.filter { !$0.routes.isEmpty }.count == 1)
    #expect(scenario.walkthroughs.count == 1)
    #expect(Set(scenario.endingNodes.compactMap(\.ending?.outcome)).count == 2)
  }

  @Test func playsAtOnceAndEveryPartIsReachable() throws {
    let scenario = try Fixtures.scenario(ScenarioTemplate.json(id: "asthma-review"))
    let session = try Session.replaying(["ask-what-matters", "reflect-mornings", "ask-first-step"], in: scenario)
    #expect(session.ending?.outcome == .positive)
    let analysis = ScenarioAnalysis(scenario)
    #expect(analysis.unreachableNodes.isEmpty && analysis.unreachableChoices.isEmpty)
    #expect(analysis.routesNeverTaken.isEmpty)
    #expect(analysis.variablesNeverRead.isEmpty && analysis.variablesNeverWritten.isEmpty)
    #expect(analysis.playThroughs.exactValue != nil)
  }

  /// The comments are fields whose names start with "//", which the loader ignores.
  @Test func teachesWithComments() throws {
    let text = ScenarioTemplate.json(id: "x")
    let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
    #expect(object?.keys.contains { $0.hasPrefix("//") } == true)
    #expect(object?["$schema"] as? String == "./scenario.schema.json")
    #expect(
      ScenarioTemplate.json(id: "x", schema: "../Scenarios/scenario.schema.json").contains(
        #""$schema": "../Scenarios/scenario.schema.json""#))
  }

  @Test(arguments: [
    ("asthma-review", true), ("a", true), ("copd-2", true), ("Asthma", false), ("asthma_review", false),
    ("-asthma", false), ("asthma--review", false), ("", false), ("über", false),
    (String(repeating: "a", count: 65), false),
  ])
  func acceptsOnlyScenarioIDs(id: String, valid: Bool) {
    #expect(Scenario.isValidID(id) == valid)
  }
}
