import CoachCore
import Foundation

/// An attempt as stored: its header, and everything needed to resume it or show it. Its header's
/// fields read as its own (`stored.status`).
@dynamicMemberLookup
public struct StoredAttempt: Sendable, Equatable {
  public var header: AttemptHeader
  /// The session as last saved: restore it with `Session(scenario:restoring:)`.
  public var state: SessionState
  /// The rubric's report, once complete.
  public var report: SessionReport?
  /// Turns answered and not taken back.
  public var turnCount: Int
  /// The index the next answered turn gets: every turn recorded so far, undone ones included.
  public var nextTurnIndex: Int
  /// The headline score and band as stored when the attempt finished, which `report` (rebuilt
  /// from the turns) should agree with; nil until complete.
  public var storedScore: (score: Double, band: Band)?

  public init(
    header: AttemptHeader, state: SessionState, report: SessionReport?, turnCount: Int, nextTurnIndex: Int,
    storedScore: (score: Double, band: Band)? = nil
  ) {
    self.header = header
    self.state = state
    self.report = report
    self.turnCount = turnCount
    self.nextTurnIndex = nextTurnIndex
    self.storedScore = storedScore
  }

  public static func == (lhs: StoredAttempt, rhs: StoredAttempt) -> Bool {
    lhs.header == rhs.header && lhs.state == rhs.state && lhs.report == rhs.report && lhs.turnCount == rhs.turnCount
      && lhs.nextTurnIndex == rhs.nextTurnIndex && lhs.storedScore?.score == rhs.storedScore?.score
      && lhs.storedScore?.band == rhs.storedScore?.band
  }

  public subscript<T>(dynamicMember field: WritableKeyPath<AttemptHeader, T>) -> T {
    get { header[keyPath: field] }
    set { header[keyPath: field] = newValue }
  }
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

  public init(
    id: UUID, trainee: String, scenarioID: String, scenarioVersion: String, scenarioTitle: String,
    scenarioPath: String, mode: AttemptMode, startedAt: Date, lastActivity: Date, turnCount: Int
  ) {
    self.id = id
    self.trainee = trainee
    self.scenarioID = scenarioID
    self.scenarioVersion = scenarioVersion
    self.scenarioTitle = scenarioTitle
    self.scenarioPath = scenarioPath
    self.mode = mode
    self.startedAt = startedAt
    self.lastActivity = lastActivity
    self.turnCount = turnCount
  }
}
