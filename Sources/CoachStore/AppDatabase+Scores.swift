import CoachCore
import Foundation
import GRDB

/// Scores for course leads.
extension AppDatabase {
  /// One row per attempt matching `query`, oldest first, each checked against its turns.
  public func attemptScores(_ query: ScoreQuery) throws(StoreError) -> [AttemptScore] {
    try read { db in try fetchAttempts(db, query, rebuilding: false).map(\.score) }
  }

  /// One row per turn of the attempts matching `query`, undone turns included.
  public func turnScores(_ query: ScoreQuery) throws(StoreError) -> [TurnScore] {
    try read { db in
      let attempts = try fetchAttempts(db, query)
      let (filter, arguments) = Self.filter(query)
      // Attempts recorded before v5 keep their turns in rows of their own.
      let turnRows = try TurnRow.fetchAll(
        db,
        sql: """
          SELECT turns.* FROM turns WHERE attemptId IN (
            SELECT attempts.id FROM attempts JOIN trainees ON trainees.id = attempts.traineeId \(filter))
          ORDER BY attemptId, turnIndex
          """, arguments: arguments)
      var turns = try Dictionary(grouping: turnRows, by: \.attemptId).mapValues { try $0.map { try $0.record() } }
      var rows: [(score: AttemptScore, report: SessionReport?)] = []
      for attempt in attempts {
        if let replayed = attempt.replayed {
          turns[attempt.score.attempt.uuidString] = replayed.turns
          rows.append((attempt.score, replayed.report))
        } else {
          rows.append((attempt.score, attempt.legacyReport))
        }
      }
      return TurnScore.rows(rows, turns: { turns[$0.uuidString, default: []] })
    }
  }

  /// Every attempt matching `query`, oldest first, with what the cohort dashboard reads from the
  /// report of each complete one: its assessed turns and safety tasks.
  public func cohortAttempts(_ query: ScoreQuery) throws(StoreError) -> [CohortAttempt] {
    try read { db in
      let labels = try Self.scenarioLabels(db, query)
      return try fetchAttempts(db, query, withPath: true).map { attempt in
        let score = attempt.score
        let report = score.figures == nil ? nil : attempt.replayed?.report ?? attempt.legacyReport
        let (turns, safety) = CohortAttempt.digest(report)
        return CohortAttempt(
          score: score, label: labels[score.scenario] ?? score.scenario.versioned,
          scenarioPath: attempt.scenarioPath ?? "", turns: turns, safety: safety)
      }
    }
  }

  // MARK: - Querying

  private struct FetchedAttempt {
    var score: AttemptScore
    /// The attempt rebuilt from its log; nil for one recorded before v5.
    var replayed: ReplayedAttempt?
    /// The report stored with an attempt recorded before v5.
    var legacyReport: SessionReport?
    var scenarioPath: String?
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
        let score = try checkedScore(row, db, rebuilding: false).score
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
    case .turnCount: "attempts.turnCount"
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

  /// The score columns of the attempts matching `query`, then the log and the seed, then the
  /// `extra` columns.
  private static func attemptSQL(_ query: ScoreQuery, extra: [String] = []) -> (String, StatementArguments) {
    let (filter, arguments) = filter(query)
    let columns = (scoreColumns + ["attempts.log", "attempts.seed"] + extra).joined(separator: ", ")
    return (
      """
      SELECT \(columns)
      FROM attempts JOIN trainees ON trainees.id = attempts.traineeId
      \(filter)
      ORDER BY attempts.startedAt, attempts.id
      """, arguments
    )
  }

  /// The first extra column of `attemptSQL`.
  private static let firstExtra = ScoreColumn.extraStart + 2

  /// The score row `row` holds, checked against its turns; with the attempt rebuilt from them
  /// when `rebuilding` (else only its score is recomputed).
  private func checkedScore(_ row: Row, _ db: Database, rebuilding: Bool) throws
    -> (score: AttemptScore, replayed: ReplayedAttempt?)
  {
    var score = try Self.attemptScore(row)
    let logText: String? = row[ScoreColumn.extraStart]
    let seed: Int64? = row[ScoreColumn.extraStart + 1]
    let log = try logText.map { try AttemptLog(text: $0, what: "attempt \(score.attempt)") }
    guard rebuilding else {
      let header = score.header
      score.verifyScore(log: log) { log in
        try log.earnedFigures(
          header: header, cache: cache,
          scenarioText: {
            try String.fetchOne(db, sql: "SELECT text FROM scenarios WHERE hash = ?", arguments: [header.contentHash])
          },
          rubricText: {
            guard let hash = header.rubricHash else { return nil }
            return try String.fetchOne(db, sql: "SELECT text FROM rubrics WHERE hash = ?", arguments: [hash])
          })
      }
      return (score, nil)
    }
    let replayed = score.verify(log: log, seed: seed.map { UInt64(bitPattern: $0) }) { header, seed, log in
      try rebuild(header: header, seed: seed, log: log, db)
    }
    return (score, replayed)
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
      return UUID(uuidString: text)
    }
  }

  /// Every attempt matching `query`, oldest first, checked against its turns; with the path its
  /// scenario was loaded from when `withPath`.
  private func fetchAttempts(_ db: Database, _ query: ScoreQuery, withPath: Bool = false, rebuilding: Bool = true)
    throws -> [FetchedAttempt]
  {
    let (sql, arguments) = Self.attemptSQL(query, extra: ["attempts.report", "attempts.scenarioPath"])
    return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
      let (score, replayed) = try checkedScore(row, db, rebuilding: rebuilding)
      let reportText: String? = replayed == nil && rebuilding ? row[Self.firstExtra] : nil
      return FetchedAttempt(
        score: score, replayed: replayed,
        legacyReport: try reportText.map {
          try StoreJSON.value(SessionReport.self, from: $0, what: "the report of attempt \(score.attempt)")
        }, scenarioPath: withPath ? row[Self.firstExtra + 1] : nil)
    }
  }
}
