import CoachCore
import Foundation
import GRDB

/// The session's progress, saved as it happens. Each method is one write transaction, durable when
/// it returns, and saves the session state with the change so `attempt(id:)` resumes it exactly.
extension AppDatabase {
  public func begin(_ attempt: AttemptStart) throws(StoreError) {
    if let problem = Trainee.problem(withID: attempt.trainee) { throw .invalidValue(problem) }
    try write { db in
      var trainee = try TraineeRow.fetchOne(db, key: attempt.trainee) ?? TraineeRow(id: attempt.trainee)
      if let cohort = attempt.cohort { trainee.cohort = cohort }
      try trainee.save(db)
      if try AttemptRow.exists(db, key: attempt.id.uuidString) {
        throw StoreError.invalidChange(attempt: attempt.id, reason: "an attempt with this id already exists")
      }
      var header = AttemptHeader(attempt)
      header.cohort = trainee.cohort
      try AttemptRow(header, state: attempt.state).insert(db)
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
      let expected = try TurnRow.filter(Column("attemptId") == row.id).fetchCount(db)
      guard turn.index == expected else {
        throw StoreError.invalidChange(
          attempt: attempt, reason: "turn \(turn.index) was recorded where turn \(expected) was expected")
      }
      try TurnRow(turn, attempt: attempt).insert(db)
      row.state = try StoreJSON.text(state)
      try row.update(db, columns: ["state"])
    }
  }

  public func undo(attempt: UUID, turnIndex: Int, state: SessionState) throws(StoreError) {
    try write { db in
      var row = try Self.inProgressAttempt(db, attempt)
      guard var turn = try TurnRow.fetchOne(db, key: ["attemptId": row.id, "turnIndex": turnIndex]), !turn.undone
      else {
        throw StoreError.invalidChange(attempt: attempt, reason: "there is no answered turn \(turnIndex) to undo")
      }
      turn.undone = true
      try turn.update(db, columns: ["undone"])
      row.state = try StoreJSON.text(state)
      try row.update(db, columns: ["state"])
    }
  }

  public func restart(attempt: UUID, state: SessionState) throws(StoreError) {
    try write { db in
      var row = try Self.inProgressAttempt(db, attempt)
      try TurnRow.filter(Column("attemptId") == row.id).updateAll(db, Column("undone").set(to: true))
      row.state = try StoreJSON.text(state)
      try row.update(db, columns: ["state"])
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
      row.state = try StoreJSON.text(state)
      try row.setReport(report)
      try row.update(db)
    }
  }

  public func suspend(attempt: UUID, state: SessionState) throws(StoreError) {
    try write { db in
      var row = try Self.inProgressAttempt(db, attempt)
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
}
