import CoachCore
import CoachTestSupport
import Foundation
import Testing

@Suite("Review: visible state and the cohort overview")
struct CohortOverviewTests {
  let day = 86_400.0

  @Test("The timeline holds each visible variable at the start and after every turn, as replayed")
  func timelineReplaysTheTurns() throws {
    let scenario = try Fixtures.scenario()
    var session = Session(scenario: scenario, seed: 11)
    try session.choose("lecture")
    try session.choose("dismiss")
    let timeline = StateTimeline(session: session)
    // Only `rapport` is visible; `told` and `asked` are not.
    #expect(timeline.series.map(\.name) == ["rapport"])
    #expect(timeline.series[0].label == "Rapport")
    #expect(timeline.series[0].values == [.number(0), .number(-2), .number(-2)])
    #expect(timeline.series[0].min == -2 && timeline.series[0].max == 3)
    #expect(timeline.turnCount == 2)
    let review = AfterActionReview(session: session, report: Rubric.miti421.score(Transcript(session: session)))
    #expect(review.visibleState == timeline)
  }

  @Test("An unplayed session has a timeline of its starting values only")
  func emptyTimeline() throws {
    let timeline = StateTimeline(session: Session(scenario: try Fixtures.scenario()))
    #expect(timeline.series[0].values == [.number(0)])
    #expect(timeline.turnCount == 0)
  }

  func attempt(
    _ trainee: String, scenario: String = "clinic@1.2.0", day index: Double, score: Double?, band: Band?,
    turns: [(String, String, Bool)] = [], safety: [SafetyResult] = []
  ) -> CohortOverview.Attempt {
    let start = AttemptFixtures.start.addingTimeInterval(index * day)
    return CohortOverview.Attempt(
      trainee: trainee, name: trainee.capitalized, cohort: "spring", scenario: scenario, scenarioTitle: "Clinic",
      startedAt: start, finishedAt: score == nil ? nil : start.addingTimeInterval(600), score: score, band: band,
      turns: turns.map { .init(node: $0.0, choice: $0.1, say: "say \($0.1)", isPoor: $0.2) }, safety: safety)
  }

  @Test("Scores over time per trainee, bands, and attempts that are not complete counted apart")
  func seriesAndBands() {
    let overview = CohortOverview(attempts: [
      attempt("bob", day: 2, score: 80, band: .good),
      attempt("ann", day: 1, score: 62, band: .fair),
      attempt("ann", day: 0, score: 30, band: .developing),
      attempt("ann", day: 3, score: nil, band: nil),
      attempt("cy", scenario: "clinic@1.3.0", day: 0, score: 90, band: .good),
    ])
    #expect(overview.attempts == 5 && overview.complete == 4 && overview.trainees == 3)
    #expect(overview.sections.map(\.scenario) == ["clinic@1.2.0", "clinic@1.3.0"])
    let section = overview.sections[0]
    #expect(section.attempts == 4 && section.complete == 3)
    #expect(section.bands == [.developing: 1, .fair: 1, .good: 1])
    #expect(section.trainees.map(\.trainee) == ["ann", "bob"])
    #expect(section.trainees[0].points.map(\.score) == [30, 62])
    #expect(section.trainees[0].attempts == 3)
    #expect(section.trainees[0].best == 62 && section.trainees[0].latest?.band == .fair)
    #expect(section.fairFrom == 50 && section.goodFrom == 75)
    #expect(section.firstDate == AttemptFixtures.start.addingTimeInterval(600))
  }

  @Test("Decision points: the share of attempts choosing poorly there, the most common poor choice, hardest first")
  func decisionPoints() {
    let overview = CohortOverview(
      attempts: [
        attempt(
          "ann", day: 0, score: 30, band: .developing, turns: [("hello", "lecture", true), ("worry", "dismiss", true)]),
        attempt(
          "bob", day: 0, score: 40, band: .developing, turns: [("hello", "check", true), ("worry", "reflect", false)]),
        attempt("cy", day: 0, score: 45, band: .developing, turns: [("hello", "lecture", true)]),
        // A loop back: two poor answers at one point count the attempt once.
        attempt(
          "di", day: 0, score: 80, band: .good,
          turns: [("hello", "open", false), ("worry", "dismiss", true), ("worry", "dismiss", true)]),
        // Not complete: not counted.
        attempt("ed", day: 0, score: nil, band: nil, turns: [("hello", "check", true)]),
      ],
      contexts: [
        "clinic@1.2.0": .init(
          fairFrom: 40, goodFrom: 70, lines: ["hello": .init(speaker: "Ann", text: "Morning.")],
          order: ["hello", "worry"])
      ])
    let points = overview.sections[0].decisionPoints
    #expect(points.map(\.node) == ["hello", "worry"])
    #expect(points[0].attempts == 4 && points[0].poorAttempts == 3 && points[0].poorShare == 0.75)
    #expect(points[0].commonPoorChoice?.id == "lecture" && points[0].commonPoorChoice?.say == "say lecture")
    #expect(points[0].commonPoorChoice?.count == 2)
    #expect(points[0].line == .init(speaker: "Ann", text: "Morning."))
    #expect(points[1].attempts == 3 && points[1].poorAttempts == 2)
    #expect(points[1].commonPoorChoice?.id == "dismiss" && points[1].commonPoorChoice?.count == 3)
    #expect(points[1].line == nil)
    #expect(overview.sections[0].fairFrom == 40 && overview.sections[0].goodFrom == 70)
  }

  @Test("Ties in share keep the story's order; a point nobody answered poorly has no common poor choice")
  func ties() {
    let overview = CohortOverview(
      attempts: [attempt("ann", day: 0, score: 80, band: .good, turns: [("b", "x", false), ("a", "y", false)])],
      contexts: ["clinic@1.2.0": .init(fairFrom: 50, goodFrom: 75, order: ["a", "b"])])
    #expect(overview.sections[0].decisionPoints.map(\.node) == ["a", "b"])
    #expect(overview.sections[0].decisionPoints.allSatisfy { $0.commonPoorChoice == nil })
  }

  @Test("Missed safety tasks: the rate per task, the most often missed first")
  func safety() {
    func task(_ id: String, _ done: Bool) -> SafetyResult { .init(id: id, label: "Task \(id)", done: done) }
    let overview = CohortOverview(attempts: [
      attempt("ann", day: 0, score: 30, band: .developing, safety: [task("net", true), task("gp", false)]),
      attempt("bob", day: 0, score: 30, band: .developing, safety: [task("net", false), task("gp", false)]),
      attempt("cy", day: 0, score: 80, band: .good, safety: [task("net", true), task("gp", true)]),
    ])
    let rates = overview.sections[0].safety
    #expect(rates.map(\.id) == ["gp", "net"])
    #expect(rates[0].missed == 2 && rates[0].attempts == 3)
    #expect(rates[1].missed == 1 && abs(rates[1].missedShare - 1.0 / 3) < 1e-12)
  }

  @Test("Thresholds and lines come from the rubric and the scenario")
  func contextFromFiles() throws {
    let scenario = try Fixtures.scenario()
    var rubric = Rubric.miti421
    rubric.scoreBands = .init(fair: 40, good: 80)
    let context = CohortOverview.ScenarioContext(scenario: scenario, rubric: rubric)
    #expect(context.fairFrom == 40 && context.goodFrom == 80)
    #expect(context.order == ["hello", "worry"])
    #expect(context.lines["hello"]?.speaker == "Ann")
    #expect(context.lines["worry"]?.text == "The new inhaler makes my heart race, so I stopped it.")
  }
}
