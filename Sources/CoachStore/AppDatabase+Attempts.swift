import CoachCore
import Foundation
import GRDB

/// Finding attempts to resume, and giving them up.
extension AppDatabase {
  /// The attempts still in progress, most recently active first; only `trainee`'s when given.
  public func unfinishedAttempts(trainee: String?) throws(StoreError) -> [AttemptSummary] {
    try read { db in
      var request = AttemptRow.filter(Column("status") == AttemptStatus.inProgress.rawValue)
      if let trainee { request = request.filter(Column("traineeId") == trainee) }
      return try request.fetchAll(db).map { attempt in
        AttemptSummary(
          id: try attempt.uuid, trainee: attempt.traineeId, scenarioID: attempt.scenarioId,
          scenarioVersion: attempt.scenarioVersion, scenarioTitle: attempt.scenarioTitle,
          scenarioPath: attempt.scenarioPath, mode: attempt.mode, startedAt: attempt.startedAt,
          lastActivity: attempt.lastActivity ?? attempt.startedAt, turnCount: attempt.turnCount)
      }.sorted { ($0.lastActivity, $1.id.uuidString) > ($1.lastActivity, $0.id.uuidString) }
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
      return try stored(row, db).attempt
    }
  }

  /// The attempt stored in `row` and all its turns: rebuilt from its log, or for an attempt
  /// recorded before v5 read as it was stored.
  func stored(_ row: AttemptRow, _ db: Database) throws -> (attempt: StoredAttempt, turns: [TurnRecord]) {
    let header = try row.header()
    guard let log = try row.decodedLog() else {
      let turns = try TurnRow.filter(Column("attemptId") == row.id).order(Column("turnIndex")).fetchAll(db)
        .map { try $0.record() }
      return (
        StoredAttempt(
          header: header, state: try row.decodedState(), report: try row.decodedReport(),
          turnCount: turns.lazy.filter { !$0.undone }.count, nextTurnIndex: turns.count,
          storedScore: row.score.flatMap { score in row.band.map { (score, $0) } }), turns
      )
    }
    let replayed = try rebuild(header: header, seed: row.sessionSeed, log: log, db)
    return (
      StoredAttempt(
        header: header, state: replayed.state, report: replayed.report, turnCount: log.keptCount,
        nextTurnIndex: log.entries.count, storedScore: row.score.flatMap { score in row.band.map { (score, $0) } }),
      replayed.turns
    )
  }

  /// Replays `log` in the attempt's scenario and rubric, kept in the database by hash.
  func rebuild(header: AttemptHeader, seed: UInt64?, log: AttemptLog, _ db: Database) throws -> ReplayedAttempt {
    try log.rebuild(
      header: header, seed: seed, cache: cache,
      scenarioText: {
        try String.fetchOne(db, sql: "SELECT text FROM scenarios WHERE hash = ?", arguments: [header.contentHash])
      },
      rubricText: {
        guard let hash = header.rubricHash else { return nil }
        return try String.fetchOne(db, sql: "SELECT text FROM rubrics WHERE hash = ?", arguments: [hash])
      })
  }

  /// Every turn recorded for the attempt, undone ones included, in order.
  public func turns(attempt: UUID) throws(StoreError) -> [TurnRecord] {
    try read { db in
      guard let row = try AttemptRow.fetchOne(db, key: attempt.uuidString) else { return [] }
      return try stored(row, db).turns
    }
  }

  /// The content of the scenario with SHA-256 `hash`, when an attempt played on it is kept.
  public func scenarioText(hash: String) throws(StoreError) -> String? {
    try read { db in
      try String.fetchOne(db, sql: "SELECT text FROM scenarios WHERE hash = ?", arguments: [hash])
    }
  }

  /// Deletes what the trainee typed in their own words in an attempt (`coach forget --typed`),
  /// keeping the choices and the score. Returns how many typed responses were deleted.
  @discardableResult
  public func forgetTyped(attempt: UUID) throws(StoreError) -> Int {
    try write { db in
      guard var row = try AttemptRow.fetchOne(db, key: attempt.uuidString) else {
        throw StoreError.attemptNotFound(attempt)
      }
      guard var log = try row.decodedLog() else {
        try db.execute(
          sql: "UPDATE turns SET typed = NULL WHERE attemptId = ? AND typed IS NOT NULL",
          arguments: [attempt.uuidString])
        return db.changesCount
      }
      let count = log.entries.lazy.filter { $0.typed != nil }.count
      for index in log.entries.indices { log.entries[index].typed = nil }
      row.log = try log.text
      try row.update(db, columns: ["log"])
      return count
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
