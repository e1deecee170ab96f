import CoachCore
import Foundation
import GRDB

/// Scores for course leads.
extension AppDatabase {
  /// The rows `query` asks for, as a sheet ready for a table, CSV or JSON.
  public func scores(_ query: ScoreQuery) throws(StoreError) -> ScoreSheet {
    switch query.per {
    case .attempt: ScoreSheet(attempts: try attemptScores(query))
    case .trainee: ScoreSheet(trainees: try traineeScores(query))
    case .turn: ScoreSheet(turns: try turnScores(query))
    }
  }

  /// One row per attempt matching `query`, oldest first.
  public func attemptScores(_ query: ScoreQuery) throws(StoreError) -> [AttemptScore] {
    try read { db in try Self.fetchAttempts(db, query).map(\.score) }
  }

  /// One row per trainee and scenario version with attempts matching `query`, by trainee then
  /// scenario. Different versions, files or rubrics of a scenario get rows of their own.
  public func traineeScores(_ query: ScoreQuery) throws(StoreError) -> [TraineeScore] {
    let attempts = try attemptScores(query)
    let groups = Dictionary(grouping: attempts) { GroupKey(trainee: $0.trainee, scenario: $0.scenario) }
    return groups.keys.sorted().map { key in
      let group = groups[key]!
      let complete = group.filter { $0.figures != nil }.sorted {
        ($0.finishedAt ?? $0.startedAt, $0.startedAt, $0.attempt.uuidString)
          < ($1.finishedAt ?? $1.startedAt, $1.startedAt, $1.attempt.uuidString)
      }
      let latest = complete.last?.figures
      let previous = complete.count >= 2 ? complete[complete.count - 2].figures : nil
      let trend = latest.flatMap { latest in previous.map { ((latest.score - $0.score) * 10).rounded() / 10 } }
      return TraineeScore(
        trainee: key.trainee, name: group.last!.name, cohort: group.last!.cohort, scenario: key.scenario,
        scenarioTitle: group.last!.scenarioTitle, attempts: group.count, complete: complete.count,
        best: complete.compactMap { $0.figures?.score }.max(), latest: latest?.score, latestBand: latest?.band,
        trend: trend, firstStarted: group.first!.startedAt, lastStarted: group.last!.startedAt,
        latestFigures: latest)
    }
  }

  /// One row per turn of the attempts matching `query`, undone turns included.
  public func turnScores(_ query: ScoreQuery) throws(StoreError) -> [TurnScore] {
    try read { db in
      let attempts = try Self.fetchAttempts(db, query, withReport: true)
      let (filter, arguments) = Self.filter(query)
      let turnRows = try TurnRow.fetchAll(
        db,
        sql: """
          SELECT turns.* FROM turns WHERE attemptId IN (
            SELECT attempts.id FROM attempts JOIN trainees ON trainees.id = attempts.traineeId \(filter))
          ORDER BY attemptId, turnIndex
          """, arguments: arguments)
      let turnsByAttempt = Dictionary(grouping: turnRows, by: \.attemptId)
      var rows: [TurnScore] = []
      for attempt in attempts {
        let turns = try turnsByAttempt[attempt.score.attempt.uuidString, default: []].map { try $0.record() }
        // The report assesses the turns that were not taken back, in order.
        let assessments =
          try attempt.report.map {
            try StoreJSON.value(SessionReport.self, from: $0, what: "the report of attempt \(attempt.score.attempt)")
          }?.turns ?? []
        let kept = turns.filter { !$0.undone }
        let matched = assessments.count == kept.count
        var next = 0
        for turn in turns {
          var quality: Double?
          var isPoor: Bool?
          if !turn.undone {
            if matched {
              quality = assessments[next].quality
              isPoor = assessments[next].isPoor
            }
            next += 1
          }
          rows.append(
            TurnScore(
              attempt: attempt.score.attempt, trainee: attempt.score.trainee, name: attempt.score.name,
              cohort: attempt.score.cohort, scenario: attempt.score.scenario, mode: attempt.score.mode,
              status: attempt.score.status, turn: turn, quality: quality, isPoor: isPoor))
        }
      }
      return rows
    }
  }

  /// Every attempt matching `query`, oldest first, with what the cohort dashboard reads from the
  /// stored report of each complete one: its assessed turns and safety tasks. Only those parts of
  /// the report are decoded.
  public func cohortAttempts(_ query: ScoreQuery) throws(StoreError) -> [CohortAttempt] {
    try read { db in
      let labels = try Self.scenarioLabels(db, query)
      let (sql, arguments) = Self.attemptSQL(query, extra: ["attempts.report", "attempts.scenarioPath"])
      let decoder = JSONDecoder()
      var attempts: [CohortAttempt] = []
      let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments)
      while let row = try cursor.next() {
        let score = try Self.attemptScore(row)
        var turns: [CohortOverview.TurnOutcome] = []
        var safety: [SafetyResult] = []
        if score.figures != nil, let report: String = row[Self.scoreColumns.count] {
          let digest: ReportDigest
          do {
            digest = try decoder.decode(ReportDigest.self, from: Data(report.utf8))
          } catch {
            throw StoreJSON.Damage(what: "the report of attempt \(score.attempt)", detail: "it is not a valid report")
          }
          turns = digest.turns.map {
            CohortOverview.TurnOutcome(node: $0.node, choice: $0.choice.id, say: $0.choice.say, isPoor: $0.isPoor)
          }
          safety = digest.conclusion?.safety ?? []
        }
        attempts.append(
          CohortAttempt(
            score: score, label: labels[score.scenario] ?? score.scenario.versioned,
            scenarioPath: row[Self.scoreColumns.count + 1], turns: turns, safety: safety))
      }
      return attempts
    }
  }

  /// The parts of a stored `SessionReport` the dashboard reads; the rest is skipped.
  private struct ReportDigest: Decodable {
    struct Turn: Decodable {
      struct Choice: Decodable {
        var id: String
        var say: String
      }

      var node: String
      var choice: Choice
      var isPoor: Bool
    }

    struct Ending: Decodable {
      var safety: [SafetyResult]
    }

    var turns: [Turn]
    var conclusion: Ending?
  }

  // MARK: - Querying

  private struct GroupKey: Hashable, Comparable {
    var trainee: String
    var scenario: ScenarioKey

    static func < (lhs: GroupKey, rhs: GroupKey) -> Bool {
      (lhs.trainee, lhs.scenario) < (rhs.trainee, rhs.scenario)
    }
  }

  private struct FetchedAttempt {
    var score: AttemptScore
    /// The report as stored JSON, when fetched.
    var report: String?
  }

  /// The WHERE clause for `query`, over `attempts` joined with `trainees`.
  private static func filter(_ query: ScoreQuery) -> (String, StatementArguments) {
    var conditions: [String] = []
    var arguments: StatementArguments = []
    if let cohort = query.cohort {
      conditions.append("COALESCE(attempts.cohort, trainees.cohort) = ?")
      arguments += [cohort]
    }
    if let scenario = query.scenarioID {
      conditions.append("attempts.scenarioId = ?")
      arguments += [scenario]
    }
    if let version = query.scenarioVersion {
      conditions.append("attempts.scenarioVersion = ?")
      arguments += [version]
    }
    if let trainee = query.trainee {
      conditions.append("attempts.traineeId = ?")
      arguments += [trainee]
    }
    if let since = query.since {
      // Dates are fixed-width UTC text, so text order is time order.
      conditions.append("attempts.startedAt >= ?")
      arguments += [StoreDate.string(since)]
    }
    if query.assessedOnly {
      conditions.append("attempts.mode = 'assessed'")
    }
    return (conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "), arguments)
  }

  /// Calls `body` with each attempt matching `query`, oldest first, and the label its scenario
  /// gets in a sheet, reading one row at a time so any number of attempts streams in little
  /// memory. `body` returns false to stop.
  public func forEachAttemptScore(_ query: ScoreQuery, _ body: (AttemptScore, _ label: String) -> Bool)
    throws(StoreError)
  {
    try read { db in
      let labels = try Self.scenarioLabels(db, query)
      let (sql, arguments) = Self.attemptSQL(query)
      let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments)
      while let row = try cursor.next() {
        let score = try Self.attemptScore(row)
        guard body(score, labels[score.scenario] ?? score.scenario.versioned) else { break }
      }
    }
  }

  /// The label of every scenario key among the attempts matching `query`.
  private static func scenarioLabels(_ db: Database, _ query: ScoreQuery) throws -> [ScenarioKey: String] {
    let (filter, arguments) = filter(query)
    let columns =
      "attempts.scenarioId, attempts.scenarioVersion, attempts.contentHash, attempts.rubricId, attempts.rubricHash"
    // Unfiltered, the covering index answers without touching the attempts' rows.
    let sql =
      filter.isEmpty
      ? "SELECT DISTINCT \(columns) FROM attempts"
      : "SELECT DISTINCT \(columns) FROM attempts JOIN trainees ON trainees.id = attempts.traineeId \(filter)"
    let keys = try Row.fetchAll(db, sql: sql, arguments: arguments).map {
      ScenarioKey(id: $0[0], version: $0[1], contentHash: $0[2], rubricID: $0[3], rubricHash: $0[4])
    }
    return ScenarioKey.labels(for: keys)
  }

  /// The columns a score row needs, in the order `attemptScore` reads them by position: never the
  /// session state, and the report only when asked for.
  private static let scoreColumns =
    [
      "attempts.id", "attempts.traineeId", "trainees.name", "COALESCE(attempts.cohort, trainees.cohort)",
      "attempts.scenarioId", "attempts.scenarioVersion", "attempts.contentHash", "attempts.rubricId",
      "attempts.scenarioTitle", "attempts.mode", "attempts.status", "attempts.startedAt", "attempts.finishedAt",
      "attempts.ending", "(SELECT COUNT(*) FROM turns WHERE turns.attemptId = attempts.id AND NOT turns.undone)",
      "attempts.score", "attempts.band",
    ] + Schema.countColumns.map { "attempts.\($0)" } + [
      "attempts.mia", "attempts.mina", "attempts.cultivatingChangeTalk", "attempts.softeningSustainTalk",
      "attempts.partnership", "attempts.empathy", "attempts.relational", "attempts.technical",
      "attempts.percentComplexReflections", "attempts.reflectionToQuestion", "attempts.percentOpenQuestions",
      "attempts.rubricHash",
    ]

  /// The score columns of the attempts matching `query`, then the `extra` columns.
  private static func attemptSQL(_ query: ScoreQuery, extra: [String] = []) -> (String, StatementArguments) {
    let (filter, arguments) = filter(query)
    let columns = (scoreColumns + extra).joined(separator: ", ")
    return (
      """
      SELECT \(columns)
      FROM attempts JOIN trainees ON trainees.id = attempts.traineeId
      \(filter)
      ORDER BY attempts.startedAt, attempts.id
      """, arguments
    )
  }

  /// A score row from the columns of `scoreColumns`, read by position.
  private static func attemptScore(_ row: Row) throws -> AttemptScore {
    let id: String = row[0]
    guard let uuid = StoreUUID.parse(id) else {
      throw StoreJSON.Damage(what: "attempt \(id)", detail: "its id is not a UUID")
    }
    func date(_ index: Int, _ what: String) throws -> Date? {
      guard let text: String = row[index] else { return nil }
      guard let date = StoreDate.parse(text) else {
        throw StoreJSON.Damage(what: "attempt \(id)", detail: "its \(what) time \(text) is not a date")
      }
      return date
    }
    let modeText: String = row[9]
    let statusText: String = row[10]
    guard let mode = AttemptMode(rawValue: modeText), let status = AttemptStatus(rawValue: statusText) else {
      throw StoreJSON.Damage(what: "attempt \(id)", detail: "unknown mode \(modeText) or status \(statusText)")
    }
    var figures: ScoreFigures?
    if status == .complete, let score: Double = row[15], let bandText: String = row[16] {
      guard let band = Band(rawValue: bandText) else {
        throw StoreJSON.Damage(what: "attempt \(id)", detail: "unknown band \(bandText)")
      }
      var counts = CaseTable<Behaviour, Int>()
      for (offset, behaviour) in Behaviour.allCases.enumerated() { counts[behaviour] = row[17 + offset] ?? 0 }
      let base = 17 + Behaviour.allCases.count
      var globals = CaseTable<GlobalScore, Double>()
      for (offset, global) in GlobalScore.allCases.enumerated() { globals[global] = row[base + 2 + offset] }
      let metricKinds: [MetricKind] = [
        .relational, .technical, .percentComplexReflections, .reflectionToQuestion, .percentOpenQuestions,
      ]
      var metrics = CaseTable<MetricKind, Double>()
      for (offset, kind) in metricKinds.enumerated() { metrics[kind] = row[base + 6 + offset] }
      figures = ScoreFigures(
        score: score, band: band, counts: counts, mia: row[base] ?? 0, mina: row[base + 1] ?? 0, globals: globals,
        metrics: metrics)
    }
    return AttemptScore(
      attempt: uuid, trainee: row[1], name: row[2], cohort: row[3],
      scenario: ScenarioKey(
        id: row[4], version: row[5], contentHash: row[6], rubricID: row[7], rubricHash: row[scoreColumns.count - 1]),
      scenarioTitle: row[8], mode: mode, status: status, startedAt: try date(11, "start")!,
      finishedAt: try date(12, "finish"), ending: row[13], turnCount: row[14], figures: figures)
  }

  private static func fetchAttempts(_ db: Database, _ query: ScoreQuery, withReport: Bool = false) throws
    -> [FetchedAttempt]
  {
    let (sql, arguments) = attemptSQL(query, extra: withReport ? ["attempts.report"] : [])
    return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
      FetchedAttempt(score: try attemptScore(row), report: withReport ? row[scoreColumns.count] : nil)
    }
  }

}
