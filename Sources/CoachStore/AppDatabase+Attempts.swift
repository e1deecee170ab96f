import CoachCore
import Foundation
import GRDB

/// Finding attempts to resume, and giving them up.
extension AppDatabase {
  /// The attempts still in progress, most recently active first; only `trainee`'s when given.
  public func unfinishedAttempts(trainee: String?) throws(StoreError) -> [AttemptSummary] {
    try read { db in
      var sql = """
        SELECT attempts.*,
          (SELECT COUNT(*) FROM turns WHERE turns.attemptId = attempts.id AND NOT turns.undone) AS turnCount,
          COALESCE((SELECT MAX(answeredAt) FROM turns WHERE turns.attemptId = attempts.id), attempts.startedAt)
            AS lastActivity
        FROM attempts WHERE status = 'in-progress'
        """
      var arguments: StatementArguments = []
      if let trainee {
        sql += " AND traineeId = ?"
        arguments += [trainee]
      }
      sql += " ORDER BY lastActivity DESC, id"
      return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
        let attempt = try AttemptRow(row: row)
        let lastActivity: String = row["lastActivity"]
        guard let lastActive = StoreDate.parse(lastActivity) else {
          throw StoreJSON.Damage(what: "attempt \(attempt.id)", detail: "its last activity is not a date")
        }
        return AttemptSummary(
          id: try attempt.uuid, trainee: attempt.traineeId, scenarioID: attempt.scenarioId,
          scenarioVersion: attempt.scenarioVersion, scenarioTitle: attempt.scenarioTitle,
          scenarioPath: attempt.scenarioPath, mode: attempt.mode, startedAt: attempt.startedAt,
          lastActivity: lastActive, turnCount: row["turnCount"])
      }
    }
  }

  /// The ids of the attempts whose id starts with `prefix` (case-insensitive), any status, most
  /// recently started first; only `trainee`'s when given. `latest` names the most recent one.
  public func attemptIDs(matching prefix: String, trainee: String?) throws(StoreError) -> [UUID] {
    try read { db in
      var sql = "SELECT id FROM attempts WHERE 1"
      var arguments: StatementArguments = []
      if prefix.lowercased() != "latest" {
        sql += " AND id LIKE ? ESCAPE '\\'"
        let escaped = prefix.uppercased().replacingOccurrences(of: "\\", with: "\\\\")
          .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
        arguments += [escaped + "%"]
      }
      if let trainee {
        sql += " AND traineeId = ?"
        arguments += [trainee]
      }
      sql += " ORDER BY startedAt DESC, id"
      if prefix.lowercased() == "latest" { sql += " LIMIT 1" }
      return try String.fetchAll(db, sql: sql, arguments: arguments).compactMap(UUID.init(uuidString:))
    }
  }

  /// The canonical text of the rubric with SHA-256 `hash`, when an attempt scored with it is kept.
  public func rubricText(hash: String) throws(StoreError) -> String? {
    try read { db in try String.fetchOne(db, sql: "SELECT text FROM rubrics WHERE hash = ?", arguments: [hash]) }
  }

  /// The attempt with `id`, with everything needed to resume it; nil when there is none.
  public func attempt(id: UUID) throws(StoreError) -> StoredAttempt? {
    try read { db in
      guard let row = try AttemptRow.fetchOne(db, key: id.uuidString) else { return nil }
      let turns = TurnRow.filter(Column("attemptId") == row.id)
      return try Self.stored(
        row, turnCount: try turns.filter(Column("undone") == false).fetchCount(db),
        nextTurnIndex: try turns.fetchCount(db))
    }
  }

  /// The attempt stored in `row`, whose turns have been counted by the caller.
  static func stored(_ row: AttemptRow, turnCount: Int, nextTurnIndex: Int) throws -> StoredAttempt {
    StoredAttempt(
      header: try row.header(), state: try row.decodedState(), report: try row.decodedReport(), turnCount: turnCount,
      nextTurnIndex: nextTurnIndex)
  }

  /// Every turn recorded for the attempt, undone ones included, in order.
  public func turns(attempt: UUID) throws(StoreError) -> [TurnRecord] {
    try read { db in
      try TurnRow.filter(Column("attemptId") == attempt.uuidString).order(Column("turnIndex")).fetchAll(db)
        .map { try $0.record() }
    }
  }

  /// Deletes what the trainee typed in their own words in an attempt (`coach forget --typed`),
  /// keeping the choices and the score. Returns how many typed responses were deleted.
  @discardableResult
  public func forgetTyped(attempt: UUID) throws(StoreError) -> Int {
    try write { db in
      guard try AttemptRow.exists(db, key: attempt.uuidString) else { throw StoreError.attemptNotFound(attempt) }
      try db.execute(
        sql: "UPDATE turns SET typed = NULL WHERE attemptId = ? AND typed IS NOT NULL",
        arguments: [attempt.uuidString])
      return db.changesCount
    }
  }

  /// Gives up an attempt in progress: it is kept for the record but no longer offered for resuming.
  /// Abandoning an abandoned attempt does nothing; a complete one cannot be abandoned.
  public func abandon(attempt: UUID, at: Date) throws(StoreError) {
    try write { db in
      guard var row = try AttemptRow.fetchOne(db, key: attempt.uuidString) else {
        throw StoreError.attemptNotFound(attempt)
      }
      if row.status == .abandoned { return }
      guard row.status == .inProgress else {
        throw StoreError.invalidChange(attempt: attempt, reason: "it is complete, so it cannot be abandoned")
      }
      row.status = .abandoned
      row.finishedAt = StoreDate.normalized(at)
      try row.update(db, columns: ["status", "finishedAt"])
    }
  }
}
