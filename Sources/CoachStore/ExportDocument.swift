import CoachCore
import Foundation

/// A trainee's attempts in one JSON file, for a course lead to import:
/// `{"format": 1, "kind": "coach-export", "exportedAt", "trainee", "attempts": [...]}`.
///
/// Keys are sorted and dates are ISO 8601 UTC with milliseconds, so exporting the same attempts
/// twice gives the same text (apart from `exportedAt`).
public struct ExportDocument: Sendable, Equatable, Codable {
  /// The format version this Coach writes and reads.
  public static let currentFormat = 1
  /// The `kind` of every export file.
  public static let kindName = "coach-export"

  public var format: Int
  public var kind: String
  public var exportedAt: Date
  public var trainee: Trainee
  /// Oldest first.
  public var attempts: [ExportedAttempt]

  public init(exportedAt: Date, trainee: Trainee, attempts: [ExportedAttempt]) {
    format = Self.currentFormat
    kind = Self.kindName
    self.exportedAt = exportedAt
    self.trainee = trainee
    self.attempts = attempts
  }

  /// The document as pretty-printed JSON with sorted keys and a final newline.
  public func encoded() -> Data {
    // Every value in the document is a plain string, number, boolean, array or object.
    var data = try! StoreJSON.encoder(pretty: true).encode(self)
    data.append(UInt8(ascii: "\n"))
    return data
  }
}

/// One attempt in an export: every stored field, the session state, the report once complete,
/// and every turn, undone ones included.
public struct ExportedAttempt: Sendable, Equatable, Codable {
  public var id: UUID
  public var trainee: String
  public var cohort: String?
  public var scenarioID: String
  public var scenarioVersion: String
  public var scenarioTitle: String
  public var contentHash: String
  public var scenarioPath: String
  public var mode: AttemptMode
  public var rubricID: String
  public var status: AttemptStatus
  public var startedAt: Date
  public var finishedAt: Date?
  public var ending: String?
  public var state: SessionState
  public var report: SessionReport?
  public var turns: [TurnRecord]

  public init(
    id: UUID, trainee: String, cohort: String?, scenarioID: String, scenarioVersion: String,
    scenarioTitle: String, contentHash: String, scenarioPath: String, mode: AttemptMode, rubricID: String,
    status: AttemptStatus, startedAt: Date, finishedAt: Date?, ending: String?, state: SessionState,
    report: SessionReport?, turns: [TurnRecord]
  ) {
    self.id = id
    self.trainee = trainee
    self.cohort = cohort
    self.scenarioID = scenarioID
    self.scenarioVersion = scenarioVersion
    self.scenarioTitle = scenarioTitle
    self.contentHash = contentHash
    self.scenarioPath = scenarioPath
    self.mode = mode
    self.rubricID = rubricID
    self.status = status
    self.startedAt = startedAt
    self.finishedAt = finishedAt
    self.ending = ending
    self.state = state
    self.report = report
    self.turns = turns
  }
}
