import CoachCore
import CoachTestSupport
import Foundation
import Testing

@Suite("Engine: sessions")
struct SessionTests {
  @Test func startsAtTheStartNodeWithInitialState() throws {
    let session = Session(scenario: try Fixtures.scenario())
    #expect(session.node.id == "hello")
    #expect(session.value(of: "rapport") == .number(0))
    #expect(session.value(of: "told") == .boolean(false))
    #expect(session.visits(of: "hello") == 1)
    #expect(!session.isFinished)
    #expect(session.offeredChoices.map(\.id) == ["open", "lecture", "check"])
  }

  @Test func effectsApplyInOrderAndClampToTheDeclaredRange() throws {
    var session = Session(scenario: try Fixtures.scenario())
    try session.choose("lecture")  // rapport -= 3 from 0, clamped at -2
    #expect(session.value(of: "rapport") == .number(-2))
    try session.choose("dismiss")  // -1 more stays clamped at -2
    #expect(session.value(of: "rapport") == .number(-2))

    var climbing = Session(scenario: try Fixtures.scenario())
    try climbing.choose("open")  // +1
    try climbing.choose("reflect")  // +2 reaches the max of 3; told = true
    #expect(climbing.value(of: "rapport") == .number(3))
    #expect(climbing.value(of: "told") == .boolean(true))
  }

  @Test func conditionsDecideWhichChoicesAreOffered() throws {
    var session = Session(scenario: try Fixtures.scenario())
    try session.choose("open")
    // "again" needs visits("worry") >= 1 and not told: true on arrival.
    #expect(session.offeredChoices.map(\.id) == ["reflect", "again", "dismiss"])
    #expect(throws: SessionError.notOffered(id: "open", node: "worry", offered: ["reflect", "again", "dismiss"])) {
      try session.choose("open")
    }
    #expect(throws: SessionError.unknownChoice(id: "agian", suggestion: "again")) { try session.choose("agian") }
  }

  @Test(arguments: [
    (["open", "reflect"], "plan", Outcome.positive),
    (["check", "again"], "partial", Outcome.mixed),
    (["open", "dismiss"], "partial", Outcome.mixed),
    (["lecture", "dismiss"], "leaves", Outcome.negative),
  ])
  func routesFollowStateToTheRightEnding(choices: [String], ending: String, outcome: Outcome) throws {
    let session = try Session.replaying(choices, in: Fixtures.scenario())
    #expect(session.isFinished)
    #expect(session.node.id == ending)
    #expect(session.ending?.outcome == outcome)
    #expect(session.visits(of: "gate") == 1, "the route node is entered on the way")
  }

  @Test func choosingByNumberUsesTheOfferedOrder() throws {
    var session = Session(scenario: try Fixtures.scenario())
    let step = try session.choose(number: 3)
    #expect(step.choice.id == "check")
    #expect(step.turn == Session.Turn(node: "hello", choice: "check", offered: ["open", "lecture", "check"]))
    #expect(throws: SessionError.numberOutOfRange(number: 4, count: 3)) { try session.choose(number: 4) }
    #expect(throws: SessionError.numberOutOfRange(number: 0, count: 3)) { try session.choose(number: 0) }
  }

  @Test func aStepReportsTheRoutesItPassedThrough() throws {
    var session = Session(scenario: try Fixtures.scenario())
    try session.choose("open")
    let step = try session.choose("reflect")
    #expect(step.routedThrough == ["gate"])
    #expect(step.arrivedAt == "plan")
  }

  @Test func refusesChoicesAfterTheEnding() throws {
    var session = try Session.replaying(["lecture", "dismiss"], in: Fixtures.scenario())
    #expect(throws: SessionError.alreadyFinished) { try session.choose("open") }
  }

  @Test func undoRestoresTheStateBeforeTheLastChoice() throws {
    var session = Session(scenario: try Fixtures.scenario())
    try session.choose("open")
    let before = session.state
    try session.choose("reflect")
    #expect(session.isFinished)
    let undone = try session.undo()
    #expect(undone?.choice == "reflect")
    #expect(session.state == before)
    #expect(session.visits(of: "gate") == 0)
    #expect(try session.undo()?.choice == "open")
    #expect(try session.undo() == nil)
    #expect(session.state == Session(scenario: try Fixtures.scenario()).state)
  }

  @Test func countsVisits() throws {
    var session = Session(scenario: try Fixtures.scenario())
    #expect(session.visits(of: "worry") == 0)
    try session.choose("open")
    #expect(session.visits(of: "worry") == 1)
    #expect(session.visits(of: "nowhere") == 0)
  }

  @Test func restartGoesBackToTheBeginning() throws {
    var session = try Session.replaying(["open", "reflect"], in: Fixtures.scenario())
    session.restart()
    #expect(session.state == Session(scenario: try Fixtures.scenario()).state)
  }

  @Test func saveAndResumeRoundTripsExactlyThroughJSON() throws {
    let scenario = try Fixtures.scenario()
    var session = Session(scenario: scenario)
    try session.choose("check")
    let data = try JSONEncoder().encode(session.state)
    let decoded = try JSONDecoder().decode(SessionState.self, from: data)
    #expect(decoded == session.state)
    var resumed = try Session(scenario: scenario, restoring: decoded)
    #expect(resumed.state == session.state)
    #expect(resumed.offeredChoices.map(\.id) == session.offeredChoices.map(\.id))
    // Both continue identically.
    try resumed.choose("again")
    try session.choose("again")
    #expect(resumed.state == session.state)
    #expect(resumed.node.id == "partial")
    // Undo works across the resume boundary.
    try resumed.undo()
    try resumed.undo()
    #expect(resumed.state == Session(scenario: scenario).state)
  }

  @Test func undoRefusesAndChangesNothingWhenEarlierResponsesNoLongerReplay() throws {
    let scenario = try Fixtures.scenario()
    var saved = try Session.replaying(["open", "again"], in: scenario).state
    // As if the story had changed since the save: the first response is no longer offered first.
    saved.turns[0] = saved.turns[1]
    var resumed = try Session(scenario: scenario, restoring: saved)
    let before = resumed.state
    let error = #expect(throws: SessionError.self) { try resumed.undo() }
    let message = error?.description ?? ""
    #expect(message.hasPrefix("the saved session does not fit this scenario: its earlier responses no longer replay ("))
    #expect(message.hasSuffix("), so the last cannot be undone"))
    #expect(resumed.state == before)
  }

  @Test func refusesAVisitCountBelowOne() throws {
    var state = Session(scenario: try Fixtures.scenario()).state
    state.visits["worry"] = 0
    #expect(throws: SessionError.stateMismatch(reason: "it counts 0 visits to \"worry\"; a count is at least 1")) {
      try Session(scenario: try Fixtures.scenario(), restoring: state)
    }
  }

  @Test func refusesAStateThatDoesNotFitTheScenario() throws {
    let scenario = try Fixtures.scenario()
    let good = Session(scenario: scenario).state

    var other = good
    other.scenarioID = "someone-else"
    #expect(throws: SessionError.stateMismatch(reason: "it was saved from scenario \"someone-else\", not \"clinic\"")) {
      try Session(scenario: scenario, restoring: other)
    }
    var missingNode = good
    missingNode.node = "gone"
    #expect(throws: SessionError.stateMismatch(reason: "its current node \"gone\" does not exist")) {
      try Session(scenario: scenario, restoring: missingNode)
    }
    var routeNode = good
    routeNode.node = "gate"
    #expect(throws: SessionError.stateMismatch(reason: "its current node \"gate\" is a route, not a stopping point")) {
      try Session(scenario: scenario, restoring: routeNode)
    }
    var wrongType = good
    wrongType.values["told"] = .number(1)
    #expect(throws: SessionError.stateMismatch(reason: "its value 1 does not fit \"told\"")) {
      try Session(scenario: scenario, restoring: wrongType)
    }
    var outOfRange = good
    outOfRange.values["rapport"] = .number(9)
    #expect(throws: SessionError.stateMismatch(reason: "its value 9 does not fit \"rapport\"")) {
      try Session(scenario: scenario, restoring: outOfRange)
    }
    var missingValue = good
    missingValue.values["asked"] = nil
    #expect(throws: SessionError.stateMismatch(reason: "it has no value for \"asked\"")) {
      try Session(scenario: scenario, restoring: missingValue)
    }
    var extra = good
    extra.values["mood"] = .number(1)
    #expect(
      throws: SessionError.stateMismatch(reason: "it has a value for \"mood\", which the scenario does not declare")
    ) {
      try Session(scenario: scenario, restoring: extra)
    }
  }

  @Test func walkthroughsOfTheFixturePass() throws {
    let scenario = try Fixtures.scenario()
    for walkthrough in scenario.walkthroughs {
      #expect(WalkthroughRunner.run(walkthrough, in: scenario).failure == nil, "\(walkthrough.name)")
    }
  }

  @Test func aFailingWalkthroughReportsTheStepStateAndExpectedAgainstActual() throws {
    let json = try Fixtures.replacing(
      #""state": {"rapport": 3, "told": true}"#, with: #""state": {"rapport": 2, "told": false}"#)
    let diagnostic = try #require(Fixtures.load(json).errors.first)
    #expect(diagnostic.message == "walkthrough \"best\" failed: rapport: expected 2, got 3")
    #expect(
      diagnostic.detailLines == [
        "told: expected false, got true", "state at \"plan\": rapport = 3, told = true, asked = 1",
      ])

    let early = try Fixtures.replacing(#"["lecture", "dismiss"]"#, with: #"["lecture", "dismiss", "open"]"#)
    let earlyDiagnostic = try #require(Fixtures.load(early).errors.first)
    #expect(
      earlyDiagnostic.message
        == "walkthrough \"worst\" failed at step 3: the story already ended at \"leaves\" with 1 choice left")
    #expect(
      earlyDiagnostic.detailLines == ["not played: open", "state at \"leaves\": rapport = -2, told = false, asked = 0"])
  }
}

@Suite("Engine: saved state as JSON")
struct SessionStateJSONTests {
  func states() throws -> [SessionState] {
    let scenario = try Fixtures.scenario()
    var states = [Session(scenario: scenario).state, Session(scenario: scenario, seed: 42).state]
    for script in [["open"], ["check", "again"], ["lecture", "dismiss"], ["open", "reflect"]] {
      states.append(try Session.replaying(script, in: scenario).state)
      states.append(try Session.replaying(script, in: scenario, seed: ChoiceOrder.maximumSeed).state)
    }
    return states
  }

  @Test func stateRoundTripsThroughJSONWithItsSeed() throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    for state in try states() {
      let data = try encoder.encode(state)
      #expect(try JSONDecoder().decode(SessionState.self, from: data) == state)
      // Every value is finite, so the text is valid JSON for any reader.
      #expect(try JSONSerialization.jsonObject(with: data) is [String: Any])
    }
    #expect(try states()[1].seed == 42)
    #expect(try states()[0].seed == nil)
  }

  @Test func escapesTextAndKeepsFractions() throws {
    let state = SessionState(
      scenarioID: "a", scenarioVersion: "1", seed: 7, node: "n\"ode\\\n",
      values: ["x": .number(-0.25), "y": .boolean(false)], visits: ["n\"ode\\\n": 2],
      turns: [.init(node: "n", choice: "c", offered: ["c", "d\u{1}"])])
    #expect(try JSONDecoder().decode(SessionState.self, from: JSONEncoder().encode(state)) == state)
  }

  @Test func aSeedBeyondTheLargestIsRefusedOnResume() throws {
    let scenario = try Fixtures.scenario()
    var state = Session(scenario: scenario).state
    state.seed = ChoiceOrder.maximumSeed + 1
    #expect(throws: SessionError.self) { try Session(scenario: scenario, restoring: state) }
  }
}
