import CoachCore
import CoachStore
import Foundation

/// The database as a session's recorder, remembering the last error it gave, so a session that
/// ends because an answer could not be saved ends with the status that error calls for: 65 when
/// the data is damaged or refused, 74 when writing failed.
final class RecordingStore: AttemptRecorder, @unchecked Sendable {
  private let database: any RecordStore
  private let lock = NSLock()
  private var lastFailure: StoreError?

  init(_ database: any RecordStore) {
    self.database = database
  }

  /// The last error the database gave, if any.
  var failure: StoreError? {
    lock.withLock { lastFailure }
  }

  private func remembering(_ body: () throws -> Void) throws(StoreError) {
    do {
      try body()
    } catch {
      // Both stores throw only store errors; anything else is reported as a failure to save.
      let failure =
        error as? StoreError
        ?? .database(path: database.location, code: -1, detail: "an unexpected failure; please report it")
      lock.withLock { lastFailure = failure }
      throw failure
    }
  }

  func begin(_ attempt: AttemptStart) throws(StoreError) {
    try remembering { try database.begin(attempt) }
  }

  func record(_ turn: TurnRecord, attempt: UUID, state: SessionState) throws(StoreError) {
    try remembering { try database.record(turn, attempt: attempt, state: state) }
  }

  func undo(attempt: UUID, turnIndex: Int, state: SessionState) throws(StoreError) {
    try remembering { try database.undo(attempt: attempt, turnIndex: turnIndex, state: state) }
  }

  func restart(attempt: UUID, state: SessionState) throws(StoreError) {
    try remembering { try database.restart(attempt: attempt, state: state) }
  }

  func finish(attempt: UUID, at: Date, ending: String, report: SessionReport, state: SessionState) throws(StoreError) {
    try remembering {
      try database.finish(attempt: attempt, at: at, ending: ending, report: report, state: state)
    }
  }

  func suspend(attempt: UUID, state: SessionState) throws(StoreError) {
    try remembering { try database.suspend(attempt: attempt, state: state) }
  }
}
