import CoachCore
import Foundation
import GRDB

/// Scores for course leads.
extension AppDatabase {
  /// One row per attempt matching `query`, oldest first.
  public func attemptScores(_ query: ScoreQuery) throws(StoreError) -> [AttemptScore] {
    try read { db in try Self.fetchAttempts(db, query).map(\.score) }
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
      let turnsByAttempt = try Dictionary(grouping: turnRows, by: \.attemptId).mapValues {
        try $0.map { try $0.record() }
      }
      return try TurnScore.rows(
        attempts.map { ($0.score, $0.report) }, turns: { turnsByAttempt[$0.uuidString, default: []] })
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
        let (turns, safety) = try CohortAttempt.digest(
          score.figures == nil ? nil : row[ScoreColumn.extraStart], attempt: score.attempt, decoder: decoder)
        attempts.append(
          CohortAttempt(
            score: score, label: labels[score.scenario] ?? score.scenario.versioned,
            scenarioPath: row[ScoreColumn.extraStart + 1], turns: turns, safety: safety))
      }
      return attempts
    }
  }

  // MARK: - Querying

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

  /// The SQLite expression of each score column: never the session state or the report.
  private static func expression(_ column: ScoreColumn) -> String {
    switch column {
    case .id: "attempts.id"
    case .trainee: "attempts.traineeId"
    case .name: "trainees.name"
    case .cohort: "COALESCE(attempts.cohort, trainees.cohort)"
    case .scenarioID: "attempts.scenarioId"
    case .scenarioVersion: "attempts.scenarioVersion"
    case .contentHash: "attempts.contentHash"
    case .rubricID: "attempts.rubricId"
    case .rubricHash: "attempts.rubricHash"
    case .title: "attempts.scenarioTitle"
    case .mode: "attempts.mode"
    case .status: "attempts.status"
    case .startedAt: "attempts.startedAt"
    case .finishedAt: "attempts.finishedAt"
    case .ending: "attempts.ending"
    case .turnCount: "(SELECT COUNT(*) FROM turns WHERE turns.attemptId = attempts.id AND NOT turns.undone)"
    case .score: "attempts.score"
    case .band: "attempts.band"
    case .mia: "attempts.mia"
    case .mina: "attempts.mina"
    case .count(let behaviour): "attempts.\(Schema.countColumns[behaviour.position])"
    case .global(let global): "attempts.\(Schema.globalColumns[global.position])"
    case .metric(let kind): "attempts.\(Schema.metricColumns[kind.position])"
    }
  }

  private static let scoreColumns = ScoreColumn.all.map(expression)

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

  /// A score row from the columns of `scoreColumns`.
  private static func attemptScore(_ row: Row) throws -> AttemptScore {
    try AttemptScore(reading: ScoreRow(row: row))
  }

  /// A GRDB row of score columns, read by column.
  private struct ScoreRow: ScoreRowReader {
    var row: Row

    func text(_ column: ScoreColumn) -> String? { row[column.index] }
    func integer(_ column: ScoreColumn) -> Int? { row[column.index] }
    func number(_ column: ScoreColumn) -> Double? { row[column.index] }

    func date(_ column: ScoreColumn) throws -> Date? {
      guard let text: String = row[column.index] else { return nil }
      guard let date = StoreDate.parse(text) else {
        throw StoreJSON.Damage(what: "an attempt", detail: "its time \(text) is not a date")
      }
      return date
    }

    func uuid(_ column: ScoreColumn) -> UUID? {
      guard let text: String = row[column.index] else { return nil }
      return StoreUUID.parse(text)
    }
  }

  private static func fetchAttempts(_ db: Database, _ query: ScoreQuery, withReport: Bool = false) throws
    -> [FetchedAttempt]
  {
    let (sql, arguments) = attemptSQL(query, extra: withReport ? ["attempts.report"] : [])
    return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
      FetchedAttempt(score: try attemptScore(row), report: withReport ? row[ScoreColumn.extraStart] : nil)
    }
  }

}
