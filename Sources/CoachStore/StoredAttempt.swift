import CoachCore
import Foundation

/// An attempt as stored: everything needed to resume it or show it.
public struct StoredAttempt: Sendable, Equatable {
  public var id: UUID
  public var trainee: String
  /// The cohort when the attempt began (or the trainee's, when none was given then).
  public var cohort: String?
  public var scenarioID: String
  public var scenarioVersion: String
  public var scenarioTitle: String
  /// SHA-256 of the scenario file when the attempt began; a different hash on resume means the
  /// file has changed since.
  public var contentHash: String
  public var scenarioPath: String
  public var mode: AttemptMode
  public var rubricID: String
  /// SHA-256 of the rubric that scored it; nil for attempts recorded before rubrics were hashed.
  public var rubricHash: String?
  public var status: AttemptStatus
  public var startedAt: Date
  /// When it was completed or abandoned.
  public var finishedAt: Date?
  /// The ending node reached, once complete.
  public var ending: String?
  /// The session as last saved: restore it with `Session(scenario:restoring:)`.
  public var state: SessionState
  /// The rubric's report, once complete.
  public var report: SessionReport?
  /// Turns answered and not taken back.
  public var turnCount: Int
  /// The index the next answered turn gets: every turn recorded so far, undone ones included.
  public var nextTurnIndex: Int
}

/// A line in a list of attempts to resume.
public struct AttemptSummary: Sendable, Equatable {
  public var id: UUID
  public var trainee: String
  public var scenarioID: String
  public var scenarioVersion: String
  public var scenarioTitle: String
  public var scenarioPath: String
  public var mode: AttemptMode
  public var startedAt: Date
  /// When the last turn was answered, or when it started if none was.
  public var lastActivity: Date
  /// Turns answered and not taken back.
  public var turnCount: Int
}
