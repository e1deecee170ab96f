import CoachCore
import CoachSheets
import CoachStore
import CoachTestSupport
import Foundation
import Testing

/// The cohort the score queries are asked of, recorded in one engine.
struct ScoreCohort {
  let database: any RecordStore
  let v12: Scenario
  let v13: Scenario
  let day: TimeInterval = 86_400
  var annPartial: AttemptFixtures.Played
  var annPlan: AttemptFixtures.Played
  var annNewVersion: AttemptFixtures.Played
  var bobLeaves: AttemptFixtures.Played
  var bobUnfinished: AttemptFixtures.Played

  /// Ann (spring) plays 1.2.0 twice in practice, improving, then 1.3.0 assessed; Bob (autumn)
  /// plays 1.2.0 assessed badly, then starts again and stops part-way.
  init(_ engine: Engine) throws {
    database = try engine.store()
    v12 = try Fixtures.scenario()
    v13 = try AttemptFixtures.scenario(version: "1.3.0")
    let start = AttemptFixtures.start
    try database.upsertTrainee(id: "ann", name: "Ann Smith", cohort: "spring")
    try database.upsertTrainee(id: "bob", cohort: "autumn")
    annPartial = try AttemptFixtures.record(["check", "again"], into: database, scenario: v12, startedAt: start)
    annPlan = try AttemptFixtures.record(["open", "reflect"], into: database, scenario: v12, startedAt: start + day)
    annNewVersion = try AttemptFixtures.record(
      ["open", "reflect"], into: database, scenario: v13, mode: .assessed, startedAt: start + 2 * day)
    bobLeaves = try AttemptFixtures.record(
      ["lecture", "dismiss"], into: database, scenario: v12, trainee: "bob", mode: .assessed, startedAt: start + 3600)
    bobUnfinished = try AttemptFixtures.record(
      ["open"], into: database, scenario: v12, trainee: "bob", startedAt: start + day + 3600)
  }

  func score(_ played: AttemptFixtures.Played) -> Double { played.report!.headlineScore }

  /// The streamed per-attempt rows (how CSV exports are written) are the sheet's rows exactly.
  func streamedRowsMatchTheSheet(_ query: ScoreQuery) throws {
    var streamed: [[ScoreSheet.Cell]] = []
    try database.forEachAttemptScore(query) { score, label in
      streamed.append(ScoreSheet.attemptCells(score, label: label))
      return true
    }
    let sheet = try Self.sheet(query, database)
    #expect(streamed == sheet.rows)
    #expect(!streamed.isEmpty)
    var bytes: [UInt8] = []
    ScoreSheet.appendCSV(header: ScoreSheet.attemptColumns, to: &bytes)
    for row in streamed { ScoreSheet.appendCSV(row: row, to: &bytes) }
    #expect(String(decoding: bytes, as: UTF8.self) == sheet.csv)
  }

  func streamingStopsWhenAsked() throws {
    var seen = 0
    try database.forEachAttemptScore(ScoreQuery(per: .attempt)) { _, _ in
      seen += 1
      return seen < 2
    }
    #expect(seen == 2)
  }

  func perTraineeRowsKeepScenarioVersionsApart() throws {
    let rows = try database.traineeScores(ScoreQuery())
    #expect(rows.map(\.trainee) == ["ann", "ann", "bob"])
    #expect(rows.map(\.scenario.versioned) == ["clinic@1.2.0", "clinic@1.3.0", "clinic@1.2.0"])

    let annOld = rows[0]
    #expect(annOld.name == "Ann Smith")
    #expect(annOld.cohort == "spring")
    #expect(annOld.attempts == 2)
    #expect(annOld.complete == 2)
    #expect(score(annPlan) > score(annPartial))
    #expect(annOld.best == score(annPlan))
    #expect(annOld.latest == score(annPlan))
    #expect(annOld.latestBand == annPlan.report!.overallBand)
    #expect(annOld.trend == ((score(annPlan) - score(annPartial)) * 10).rounded() / 10)
    #expect(annOld.latestFigures?.counts[.complexReflection] == 1)

    let annNew = rows[1]
    #expect(annNew.attempts == 1)
    #expect(annNew.trend == nil)
    #expect(annNew.scenario.contentHash == v13.contentHash)

    let bob = rows[2]
    #expect(bob.attempts == 2)
    #expect(bob.complete == 1)
    #expect(bob.best == score(bobLeaves))
    #expect(bob.latest == score(bobLeaves))
    #expect(bob.trend == nil)
    #expect(bob.cohort == "autumn")
  }

  func perAttemptRowsShowEveryStatus() throws {
    let rows = try database.attemptScores(ScoreQuery(per: .attempt))
    #expect(
      rows.map(\.attempt) == [
        annPartial.start.id, bobLeaves.start.id, annPlan.start.id, bobUnfinished.start.id, annNewVersion.start.id,
      ])
    let unfinished = rows[3]
    #expect(unfinished.status == .inProgress)
    #expect(unfinished.figures == nil)
    #expect(unfinished.turnCount == 1)
    let leaves = rows[1]
    #expect(leaves.status == .complete)
    #expect(leaves.mode == .assessed)
    #expect(leaves.ending == "leaves")
    let figures = try #require(leaves.figures)
    let report = bobLeaves.report!
    #expect(figures.score == report.headlineScore)
    #expect(figures.band == report.overallBand)
    #expect(figures.mina == report.mina)
    for behaviour in Behaviour.allCases { #expect(figures.counts[behaviour] == report.count(behaviour)) }
    for global in GlobalScore.allCases { #expect(figures.globals[global] == report.global(global)) }
    for kind in MetricKind.allCases { #expect(figures.metrics[kind] == report.metric(kind)?.value) }
  }

  func filtersNarrowTheRows(query: ScoreQuery, trainees: [String]) throws {
    #expect(try database.attemptScores(query).map(\.trainee) == trainees)
  }

  func filtersApplyBeforeGroupingByTrainee() throws {
    let rows = try database.traineeScores(ScoreQuery(since: AttemptFixtures.start + 86_400))
    #expect(
      rows.map { "\($0.trainee) \($0.scenario.versioned) \($0.attempts)" } == [
        "ann clinic@1.2.0 1", "ann clinic@1.3.0 1", "bob clinic@1.2.0 1",
      ])
    #expect(rows[0].trend == nil, "the earlier attempt is filtered out")
  }

  func perTurnRowsIncludeUndoneTurnsAndTheRubricsVerdict() throws {
    let rows = try database.turnScores(ScoreQuery(per: .turn, trainee: "bob"))
    #expect(rows.map(\.turn.choice) == ["lecture", "dismiss", "open"])
    #expect(rows[0].quality == bobLeaves.report!.turns[0].quality)
    #expect(rows[0].isPoor == true)
    #expect(rows[2].quality == nil, "an unfinished attempt has no report")
    #expect(rows[2].status == .inProgress)
  }

  func theSheetLabelsVersionsAndHasAColumnPerMetric() throws {
    let sheet = try Self.sheet(ScoreQuery(per: .attempt), database)
    let keys = sheet.columns.map(\.key)
    for key in [
      "Q", "OQ", "CQ", "SR", "CR", "AF", "SEEK", "EMPH", "GI", "PERS", "PWP", "CON", "MIA", "MINA",
      "cultivating_change_talk", "softening_sustain_talk", "partnership", "empathy", "relational", "technical",
      "pct_complex_reflections", "reflection_to_question", "pct_open_questions", "score", "band",
    ] {
      #expect(keys.contains(key), "\(key)")
    }
    let scenario = try #require(keys.firstIndex(of: "scenario"))
    #expect(sheet.rows.map { $0[scenario].text }.filter { $0.hasSuffix("1.3.0") } == ["clinic@1.3.0"])
    let score = try #require(keys.firstIndex(of: "score"))
    #expect(sheet.rows[3][score] == .empty, "no score while in progress")
    let pctOpen = try #require(keys.firstIndex(of: "pct_open_questions"))
    let openShare = try #require(annPlan.report?.metric(.percentOpenQuestions))
    let expected: ScoreSheet.Cell = openShare.value.map { .decimal($0 * 100, places: 1) } ?? .empty
    #expect(sheet.rows[2][pctOpen] == expected)
  }

  func oneVersionPlayedFromDifferentFilesIsLabelledByHash() throws {
    let edited = try Fixtures.scenario(
      Fixtures.replacing("She is worried about her inhaler.", with: "She is anxious about her inhaler."))
    #expect(edited.version == v12.version)
    try AttemptFixtures.record(["open", "reflect"], into: database, scenario: edited, trainee: "cat")
    try AttemptFixtures.record(["open", "reflect"], into: database, scenario: v12, trainee: "cat")
    let sheet = try Self.sheet(ScoreQuery(trainee: "cat"), database)
    let scenario = try #require(sheet.columns.firstIndex { $0.key == "scenario" })
    #expect(
      Set(sheet.rows.map { $0[scenario].text }) == [
        "clinic@1.2.0#" + edited.contentHash.prefix(8), "clinic@1.2.0#" + v12.contentHash.prefix(8),
      ])
  }

  static func scenarioLabelsNameTheRubricWhenSeveralWereUsed() {
    let keys = [
      ScenarioKey(id: "s", version: "1", contentHash: "aa", rubricID: "miti"),
      ScenarioKey(id: "s", version: "1", contentHash: "aa", rubricID: "strict"),
      ScenarioKey(id: "s", version: "2", contentHash: "bb", rubricID: "miti"),
    ]
    let labels = ScenarioKey.labels(for: keys)
    #expect(labels[keys[0]] == "s@1 (miti)")
    #expect(labels[keys[1]] == "s@1 (strict)")
    #expect(labels[keys[2]] == "s@2")
  }

  static func aScenarioOptionSplitsIdAndVersion() {
    let query = ScoreQuery(scenario: "clinic@1.2.0")
    #expect(query.scenarioID == "clinic")
    #expect(query.scenarioVersion == "1.2.0")
    #expect(ScoreQuery(scenario: "clinic").scenarioVersion == nil)
  }

  /// The sheet the CLI would print for `query`.
  static func sheet(_ query: ScoreQuery, _ database: any RecordStore) throws -> ScoreSheet {
    switch query.per {
    case .attempt: ScoreSheet(attempts: try database.attemptScores(query))
    case .trainee: ScoreSheet(trainees: try database.traineeScores(query))
    case .turn: ScoreSheet(turns: try database.turnScores(query))
    }
  }
}

@Suite("Store: score queries")
struct ScoreQueryTests {
  @Test(
    arguments: Engine.all,
    [
      ScoreQuery(per: .attempt), ScoreQuery(per: .attempt, trainee: "bob"),
      ScoreQuery(per: .attempt, assessedOnly: true),
    ])
  func streamedRowsMatchTheSheet(engine: Engine, query: ScoreQuery) throws {
    try ScoreCohort(engine).streamedRowsMatchTheSheet(query)
  }

  @Test(arguments: Engine.all) func streamingStopsWhenAsked(engine: Engine) throws {
    try ScoreCohort(engine).streamingStopsWhenAsked()
  }

  @Test(arguments: Engine.all) func perTraineeRowsKeepScenarioVersionsApart(engine: Engine) throws {
    try ScoreCohort(engine).perTraineeRowsKeepScenarioVersionsApart()
  }

  @Test(arguments: Engine.all) func perAttemptRowsShowEveryStatus(engine: Engine) throws {
    try ScoreCohort(engine).perAttemptRowsShowEveryStatus()
  }

  @Test(
    arguments: Engine.all,
    [
      (ScoreQuery(per: .attempt, cohort: "autumn"), ["bob", "bob"]),
      (ScoreQuery(per: .attempt, cohort: "none"), []),
      (ScoreQuery(per: .attempt, scenario: "clinic@1.3.0"), ["ann"]),
      (ScoreQuery(per: .attempt, scenario: "clinic"), ["ann", "bob", "ann", "bob", "ann"]),
      (ScoreQuery(per: .attempt, scenario: "other"), []),
      (ScoreQuery(per: .attempt, trainee: "ann"), ["ann", "ann", "ann"]),
      (ScoreQuery(per: .attempt, since: AttemptFixtures.start + 86_400), ["ann", "bob", "ann"]),
      (ScoreQuery(per: .attempt, assessedOnly: true), ["bob", "ann"]),
      (ScoreQuery(per: .attempt, cohort: "spring", scenario: "clinic@1.2.0", assessedOnly: true), []),
    ])
  func filtersNarrowTheRows(engine: Engine, filter: (query: ScoreQuery, trainees: [String])) throws {
    try ScoreCohort(engine).filtersNarrowTheRows(query: filter.query, trainees: filter.trainees)
  }

  @Test(arguments: Engine.all) func filtersApplyBeforeGroupingByTrainee(engine: Engine) throws {
    try ScoreCohort(engine).filtersApplyBeforeGroupingByTrainee()
  }

  @Test(arguments: Engine.all) func perTurnRowsIncludeUndoneTurnsAndTheRubricsVerdict(engine: Engine) throws {
    try ScoreCohort(engine).perTurnRowsIncludeUndoneTurnsAndTheRubricsVerdict()
  }

  @Test(arguments: Engine.all) func theSheetLabelsVersionsAndHasAColumnPerMetric(engine: Engine) throws {
    try ScoreCohort(engine).theSheetLabelsVersionsAndHasAColumnPerMetric()
  }

  @Test(arguments: Engine.all) func oneVersionPlayedFromDifferentFilesIsLabelledByHash(engine: Engine) throws {
    try ScoreCohort(engine).oneVersionPlayedFromDifferentFilesIsLabelledByHash()
  }

  @Test func scenarioLabelsNameTheRubricWhenSeveralWereUsed() {
    ScoreCohort.scenarioLabelsNameTheRubricWhenSeveralWereUsed()
  }

  @Test func aScenarioOptionSplitsIdAndVersion() {
    ScoreCohort.aScenarioOptionSplitsIdAndVersion()
  }
}
