import CoachCore
import CoachStore
import Foundation

/// The database as a session's recorder, remembering the last error it gave, so a session that
/// ends because an answer could not be saved ends with the status that error calls for: 65 when
/// the data is damaged or refused, 74 when writing failed.
final class RecordingStore: AttemptRecorder, @unchecked Sendable {
  private let database: AppDatabase
  private let lock = NSLock()
  private var lastFailure: StoreError?

  init(_ database: AppDatabase) {
    self.database = database
  }

  /// The last error the database gave, if any.
  var failure: StoreError? {
    lock.withLock { lastFailure }
  }

  private func remembering(_ body: () throws(StoreError) -> Void) throws(StoreError) {
    do {
      try body()
    } catch {
      lock.withLock { lastFailure = error }
      throw error
    }
  }

  func begin(_ attempt: AttemptStart) throws(StoreError) {
    try remembering { () throws(StoreError) in try database.begin(attempt) }
  }

  func record(_ turn: TurnRecord, attempt: UUID, state: SessionState) throws(StoreError) {
    try remembering { () throws(StoreError) in try database.record(turn, attempt: attempt, state: state) }
  }

  func undo(attempt: UUID, turnIndex: Int, state: SessionState) throws(StoreError) {
    try remembering { () throws(StoreError) in try database.undo(attempt: attempt, turnIndex: turnIndex, state: state) }
  }

  func restart(attempt: UUID, state: SessionState) throws(StoreError) {
    try remembering { () throws(StoreError) in try database.restart(attempt: attempt, state: state) }
  }

  func finish(attempt: UUID, at: Date, ending: String, report: SessionReport, state: SessionState) throws(StoreError) {
    try remembering { () throws(StoreError) in
      try database.finish(attempt: attempt, at: at, ending: ending, report: report, state: state)
    }
  }

  func suspend(attempt: UUID, state: SessionState) throws(StoreError) {
    try remembering { () throws(StoreError) in try database.suspend(attempt: attempt, state: state) }
  }
}
