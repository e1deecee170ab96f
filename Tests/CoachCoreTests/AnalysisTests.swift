import CoachCore
import CoachTestSupport
import Testing

@Suite("Analysis: stories worked out by hand")
struct AnalysisTests {
  /// A story with the given nodes and variables (JSON fragments) around them.
  static func story(state: String = "{}", start: String = "a", _ nodes: String) -> String {
    """
    {"format": 1, "id": "hand", "version": "1", "title": "Hand", "summary": "S.", "role": "R", "setting": "S.",
     "patient": {"name": "P", "background": "B."}, "objectives": ["O."], "state": \(state),
     "start": "\(start)", "nodes": [\(nodes)]}
    """
  }

  static func choice(_ id: String, _ next: String, code: String = "open-question", extra: String = "") -> String {
    #"{"id": "\#(id)", "say": "Say \#(id).", "codes": ["\#(code)"], "feedback": "F.", "next": "\#(next)"\#(extra)}"#
  }

  static func decision(_ id: String, _ choices: String...) -> String {
    #"{"id": "\#(id)", "patient": "Line \#(id).", "choices": [\#(choices.joined(separator: ", "))]}"#
  }

  static func ending(_ id: String, _ outcome: String = "positive") -> String {
    #"{"id": "\#(id)", "ending": {"title": "End \#(id)", "outcome": "\#(outcome)", "debrief": "D."}}"#
  }

  @Test func theClinicFixture() throws {
    let scenario = try Fixtures.scenario()
    let analysis = ScenarioAnalysis(scenario)
    let size = analysis.size
    #expect(
      [size.nodes, size.decisionPoints, size.routeNodes, size.endings, size.choices, size.variables, size.walkthroughs]
        == [6, 2, 1, 3, 6, 3, 3])
    // "again" is offered on the first visit to "worry" whatever happened before: 3 × 3.
    #expect(analysis.playThroughs == .exact(9))
    #expect(analysis.shortest?.choices == ["open", "reflect"])
    #expect(analysis.shortest?.ending == "plan" && analysis.shortest?.outcome == .positive)
    #expect(analysis.longest == analysis.shortest)
    #expect(analysis.longestExtent == .exact)
    #expect(analysis.loop == nil && analysis.stuck == nil)
    #expect(analysis.unreachableNodes.isEmpty && analysis.unreachableChoices.isEmpty)
    #expect(analysis.routesNeverTaken.isEmpty)
    #expect(analysis.endings.map(\.reachable) == [true, true, true])
    #expect(analysis.variablesNeverRead == ["asked"])
    #expect(analysis.variablesNeverWritten == [])
    #expect(analysis.search.trackedVariables == ["rapport", "told"])
    #expect(analysis.search.trackedVisits.map(\.node) == ["worry"])
    #expect(analysis.search.trackedVisits.map(\.cap) == [2])
    #expect(analysis.search.isComplete)

    let hello = try #require(analysis.decisionPoints.first)
    #expect(hello.techniques == [.openQuestion, .closedQuestion, .seekingCollaboration, .persuade])
    #expect(hello.choices.map(\.family) == [.adherent, .nonAdherent, .neutral])
    #expect(analysis.decisionPoints[1].choices.map(\.isConditional) == [false, true, false])

    let score = try #require(analysis.score)
    #expect(score.isExhaustive && score.scored == 9)
    for (found, choices) in [(score.best, ["open", "reflect"]), (score.worst, ["lecture", "dismiss"])] {
      #expect(found.choices == choices)
      let report = Rubric.miti421.score(Transcript(session: try Session.replaying(choices, in: scenario)))
      #expect(found.band == report.overallBand)
      #expect(found.headlineScore == report.headlineScore)
    }
  }

  @Test func aLoopWithNoLimitMakesPlayThroughsUnbounded() throws {
    let json = Self.story(
      Self.decision("a", Self.choice("start", "b")) + ", "
        + Self.decision("b", Self.choice("again", "c"), Self.choice("done", "end")) + ", "
        + Self.decision("c", Self.choice("back", "b", code: "affirmation")) + ", " + Self.ending("end"))
    let analysis = ScenarioAnalysis(try Fixtures.scenario(json))
    #expect(analysis.playThroughs == .unbounded)
    #expect(analysis.longest == nil && analysis.longestExtent == .unbounded)
    #expect(analysis.shortest?.choices == ["start", "done"])
    let loop = try #require(analysis.loop)
    #expect(loop.prefix == ["start"] && loop.cycle == ["again", "back"] && loop.exit == ["done"])
    #expect(loop.nodes == ["b", "c"])
    #expect(analysis.search.trackedVariables.isEmpty && analysis.search.trackedVisits.isEmpty)
    #expect(analysis.search.states == 4, "stateless: one play state per node")
    #expect(analysis.score?.isExhaustive == false)
  }

  @Test func aLoopLimitedByVisitsIsFinite() throws {
    // "again" is offered while b has been entered fewer than 3 times: b, c, b, c, b.
    let json = Self.story(
      Self.decision("a", Self.choice("start", "b")) + ", "
        + Self.decision(
          "b", Self.choice("again", "c", extra: #", "if": "visits(\"b\") < 3""#), Self.choice("done", "end"))
        + ", " + Self.decision("c", Self.choice("back", "b")) + ", " + Self.ending("end"))
    let analysis = ScenarioAnalysis(try Fixtures.scenario(json))
    #expect(analysis.playThroughs == .exact(3))
    #expect(analysis.longest?.choices == ["start", "again", "back", "again", "back", "done"])
    #expect(analysis.search.trackedVisits.map(\.node) == ["b"])
    #expect(analysis.search.trackedVisits.map(\.cap) == [4], "visits compared with 3: counts from 4 on alike")
    #expect(analysis.score?.isExhaustive == true && analysis.score?.scored == 3)
  }

  @Test func aPlayThatCanNeverEndIsFound() throws {
    // The way out needs "ready", which nothing sets: the play circles between b and c for ever.
    let json = Self.story(
      state: #"{"ready": {"initial": false}}"#,
      Self.decision("a", Self.choice("in", "b"), Self.choice("out", "end")) + ", "
        + Self.decision("b", Self.choice("round", "c"), Self.choice("leave", "end", extra: #", "if": "ready""#))
        + ", " + Self.decision("c", Self.choice("back", "b")) + ", " + Self.ending("end"))
    let analysis = ScenarioAnalysis(try Fixtures.scenario(json))
    #expect(analysis.stuck?.choices == ["in"] && analysis.stuck?.node == "b")
    #expect(analysis.playThroughs == .exact(1))
    #expect(analysis.unreachableChoices == ["leave"])
    #expect(analysis.variablesNeverWritten == ["ready"])
    #expect(analysis.variablesNeverRead == [])
  }

  @Test func unreachableEndingsAndRoutesAreReported() throws {
    let json = Self.story(
      state: #"{"mood": {"initial": 0, "min": 0, "max": 2}}"#,
      Self.decision("a", Self.choice("up", "r", extra: #", "effects": ["mood += 1"]"#)) + ", "
        + #"{"id": "r", "routes": [{"if": "mood >= 2", "next": "never"}, {"next": "end"}]}"# + ", "
        + Self.ending("never", "negative") + ", " + Self.ending("end"))
    let analysis = ScenarioAnalysis(try Fixtures.scenario(json))
    #expect(analysis.unreachableNodes == ["never"])
    #expect(analysis.endings.map(\.reachable) == [false, true])
    #expect(analysis.routesNeverTaken.map(\.node) == ["r"])
    #expect(analysis.routesNeverTaken.map(\.position) == [1])
    #expect(analysis.routesNeverTaken.map(\.condition) == ["mood >= 2"])
    #expect(analysis.nodes.map(\.kind) == [.decision, .route, .ending, .ending])
  }

  @Test func aSearchCutShortReportsBounds() throws {
    let analysis = ScenarioAnalysis(try Fixtures.scenario(), limits: AnalysisLimits(maxStates: 3))
    #expect(!analysis.search.isComplete)
    #expect(analysis.search.states == 3)
    guard case .atLeast = analysis.playThroughs else {
      Issue.record("expected a lower bound, got \(analysis.playThroughs)")
      return
    }
    #expect(analysis.longestExtent != .exact)
    #expect(analysis.stuck == nil, "nothing is called stuck when the search did not finish")
  }

  /// A chain of decision points with two ways to the next each: 2^n play-throughs, counted
  /// exactly up to the limit and as a bound beyond it.
  @Test(arguments: [
    (20, PlayThroughCount.exact(1 << 20)), (59, .exact(1 << 59)), (70, .atLeast(1_000_000_000_000_000_000)),
  ])
  func countsGrowWithoutOverflow(length: Int, expected: PlayThroughCount) throws {
    var nodes: [String] = []
    for index in 0..<length {
      let next = index + 1 == length ? "end" : "d\(index + 1)"
      nodes.append(
        Self.decision("d\(index)", Self.choice("x\(index)", next), Self.choice("y\(index)", next, code: "affirmation")))
    }
    nodes.append(Self.ending("end"))
    let scenario = try Fixtures.scenario(Self.story(start: "d0", nodes.joined(separator: ", ")))
    let analysis = ScenarioAnalysis(scenario, limits: AnalysisLimits(maxSearchTurns: 5_000))
    #expect(analysis.playThroughs == expected)
    #expect(analysis.shortest?.choices.count == length)
    #expect(analysis.longest?.choices.count == length)
    #expect(analysis.longestExtent == .exact)
    #expect(analysis.search.states == length + 1)
    let score = try #require(analysis.score)
    #expect(!score.isExhaustive, "more than 100,000 play-throughs: a bounded search")
    #expect(score.best.choices.count == length)
  }

  @Test func playThroughCountsEncodeAndRead() throws {
    #expect(PlayThroughCount.exact(1234).description == "1,234")
    #expect(PlayThroughCount.atLeast(1_000_000).description == "at least 1,000,000")
    #expect(PlayThroughCount.unbounded.description == "unbounded")
  }
}
