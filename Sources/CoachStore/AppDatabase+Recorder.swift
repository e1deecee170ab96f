import CoachCore
import Foundation
import GRDB

/// The session's progress, saved as it happens. Each method is one write transaction, durable when
/// it returns, and saves the session state with the change so `attempt(id:)` resumes it exactly.
extension AppDatabase {
  public func begin(_ attempt: AttemptStart) throws(StoreError) {
    if let problem = Trainee.problem(withID: attempt.trainee) { throw .invalidValue(problem) }
    if let text = attempt.scenarioText, SHA256.hex(of: Array(text.utf8)) != attempt.contentHash {
      throw .invalidValue("the scenario's content is not the one its hash names")
    }
    try write { db in
      var trainee = try TraineeRow.fetchOne(db, key: attempt.trainee) ?? TraineeRow(id: attempt.trainee)
      if let cohort = attempt.cohort { trainee.cohort = cohort }
      try trainee.save(db)
      if try AttemptRow.exists(db, key: attempt.id.uuidString) {
        throw StoreError.invalidChange(attempt: attempt.id, reason: "an attempt with this id already exists")
      }
      try Self.keepScenario(
        db, hash: attempt.contentHash, id: attempt.scenarioID, version: attempt.scenarioVersion,
        text: attempt.scenarioText, attempt: attempt.id)
      var header = attempt.header
      header.cohort = trainee.cohort
      try AttemptRow(header, seed: attempt.state.seed, log: AttemptLog()).insert(db)
      if let hash = attempt.rubricHash, let text = attempt.rubricText {
        try db.execute(
          sql: "INSERT OR IGNORE INTO rubrics (hash, id, text) VALUES (?, ?, ?)",
          arguments: [hash, attempt.rubricID, text])
      }
    }
  }

  public func record(_ turn: TurnRecord, attempt: UUID, state: SessionState) throws(StoreError) {
    guard turn.secondsToAnswer.isFinite, turn.secondsToAnswer >= 0 else {
      throw .invalidChange(attempt: attempt, reason: "a turn cannot take \(turn.secondsToAnswer) seconds")
    }
    try write { db in
      var row = try Self.inProgressAttempt(db, attempt)
      guard var log = try row.decodedLog() else {
        try Self.recordBeforeV5(db, &row, turn: turn, state: state)
        return
      }
      try log.append(turn, depth: state.turns.count - 1, start: row.startedAt, attempt: attempt)
      try Self.save(db, &row, log: log)
    }
  }

  public func undo(attempt: UUID, turnIndex: Int, state: SessionState) throws(StoreError) {
    try write { db in
      var row = try Self.inProgressAttempt(db, attempt)
      guard var log = try row.decodedLog() else {
        try Self.undoBeforeV5(db, &row, turnIndex: turnIndex, state: state)
        return
      }
      guard log.entries.indices.contains(turnIndex), !log.entries[turnIndex].undone else {
        throw StoreError.invalidChange(attempt: attempt, reason: "there is no answered turn \(turnIndex) to undo")
      }
      log.entries[turnIndex].undone = true
      try Self.save(db, &row, log: log)
    }
  }

  public func restart(attempt: UUID, state: SessionState) throws(StoreError) {
    try write { db in
      var row = try Self.inProgressAttempt(db, attempt)
      guard var log = try row.decodedLog() else {
        try TurnRow.filter(Column("attemptId") == row.id).updateAll(db, Column("undone").set(to: true))
        row.state = try StoreJSON.text(state)
        row.turnCount = 0
        try row.update(db, columns: ["state", "turnCount"])
        return
      }
      for index in log.entries.indices { log.entries[index].undone = true }
      try Self.save(db, &row, log: log)
    }
  }

  public func finish(
    attempt: UUID, at: Date, ending: String, report: SessionReport, state: SessionState
  ) throws(StoreError) {
    guard report.headlineScore.isFinite else {
      throw .invalidChange(attempt: attempt, reason: "the report's score is not a number")
    }
    try write { db in
      var row = try Self.inProgressAttempt(db, attempt)
      row.status = .complete
      row.finishedAt = StoreDate.normalized(at)
      row.ending = ending
      if row.log == nil { row.state = try StoreJSON.text(state) }
      try row.setReport(report)
      try row.update(db)
    }
  }

  public func suspend(attempt: UUID, state: SessionState) throws(StoreError) {
    try write { db in
      var row = try Self.inProgressAttempt(db, attempt)
      // Since v5 the state is rebuilt from the log, which already holds every answer.
      guard row.log == nil else { return }
      row.state = try StoreJSON.text(state)
      try row.update(db, columns: ["state"])
    }
  }

  /// The attempt with `id`, which must be in progress.
  static func inProgressAttempt(_ db: Database, _ id: UUID) throws -> AttemptRow {
    guard let row = try AttemptRow.fetchOne(db, key: id.uuidString) else { throw StoreError.attemptNotFound(id) }
    guard row.status == .inProgress else {
      throw StoreError.invalidChange(attempt: id, reason: "it is \(row.status.rawValue), not in progress")
    }
    return row
  }

  /// Writes `log` to the attempt's row with the figures taken from it.
  static func save(_ db: Database, _ row: inout AttemptRow, log: AttemptLog) throws {
    row.log = try log.text
    row.turnCount = log.keptCount
    row.lastActivity = log.lastActivity(start: row.startedAt)
    try row.update(db, columns: ["log", "turnCount", "lastActivity"])
  }

  /// Keeps the scenario's content by its hash, once; throws when it is needed and not given.
  static func keepScenario(
    _ db: Database, hash: String, id: String, version: String, text: String?, attempt: UUID
  ) throws {
    if let text {
      try db.execute(
        sql: "INSERT OR IGNORE INTO scenarios (hash, id, version, text) VALUES (?, ?, ?, ?)",
        arguments: [hash, id, version, text])
    } else if try Bool.fetchOne(
      db, sql: "SELECT EXISTS (SELECT 1 FROM scenarios WHERE hash = ?)", arguments: [hash]) != true
    {
      throw StoreError.invalidChange(
        attempt: attempt, reason: "its scenario's content is not kept, so its score could never be checked")
    }
  }

  // MARK: - Attempts recorded before v5

  private static func recordBeforeV5(_ db: Database, _ row: inout AttemptRow, turn: TurnRecord, state: SessionState)
    throws
  {
    let attempt = try row.uuid
    let expected = try TurnRow.filter(Column("attemptId") == row.id).fetchCount(db)
    guard turn.index == expected else {
      throw StoreError.invalidChange(
        attempt: attempt, reason: "turn \(turn.index) was recorded where turn \(expected) was expected")
    }
    try TurnRow(turn, attempt: attempt).insert(db)
    row.state = try StoreJSON.text(state)
    row.turnCount += 1
    row.lastActivity = StoreDate.normalized(turn.answeredAt)
    try row.update(db, columns: ["state", "turnCount", "lastActivity"])
  }

  private static func undoBeforeV5(_ db: Database, _ row: inout AttemptRow, turnIndex: Int, state: SessionState)
    throws
  {
    guard var turn = try TurnRow.fetchOne(db, key: ["attemptId": row.id, "turnIndex": turnIndex]), !turn.undone
    else {
      throw StoreError.invalidChange(attempt: try row.uuid, reason: "there is no answered turn \(turnIndex) to undo")
    }
    turn.undone = true
    try turn.update(db, columns: ["undone"])
    row.state = try StoreJSON.text(state)
    row.turnCount -= 1
    try row.update(db, columns: ["state", "turnCount"])
  }
}
