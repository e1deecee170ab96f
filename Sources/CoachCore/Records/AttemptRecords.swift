import Foundation

/// Whether an attempt is practice (feedback, hints and undo) or assessed (none until the end).
public enum AttemptMode: String, Sendable, Codable, CaseIterable {
  case practice
  case assessed
}

/// Where an attempt stands.
public enum AttemptStatus: String, Sendable, Codable, CaseIterable {
  /// Started and not finished: resumable.
  case inProgress = "in-progress"
  /// Reached an ending and was scored.
  case complete
  /// Given up on by the trainee; kept for the record, not resumable.
  case abandoned
}

/// What is known of an attempt apart from its play: who, which scenario version and rubric, in
/// which mode, where it stands and when. The one value every view of an attempt shares: a stored
/// attempt, an exported one and a row being inserted.
public struct AttemptHeader: Sendable, Equatable, Codable {
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
  /// Where the scenario was loaded from, to find it again on resume.
  public var scenarioPath: String
  public var mode: AttemptMode
  public var rubricID: String
  /// The SHA-256 of the rubric's canonical text (`Rubric.contentHash`): which rubric scored the
  /// attempt, whatever it is called. Nil for attempts recorded before rubrics were hashed.
  public var rubricHash: String?
  public var status: AttemptStatus
  public var startedAt: Date
  /// When it was completed or abandoned.
  public var finishedAt: Date?
  /// The ending node reached, once complete.
  public var ending: String?

  public init(
    id: UUID, trainee: String, cohort: String?, scenarioID: String, scenarioVersion: String, scenarioTitle: String,
    contentHash: String, scenarioPath: String, mode: AttemptMode, rubricID: String, rubricHash: String?,
    status: AttemptStatus, startedAt: Date, finishedAt: Date?, ending: String?
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
    self.rubricHash = rubricHash
    self.status = status
    self.startedAt = startedAt
    self.finishedAt = finishedAt
    self.ending = ending
  }
}

/// Everything known when an attempt begins: its header (in progress, unfinished), the texts its
/// score can be recomputed from, and the session as it starts. The header's fields read as its own
/// (`start.trainee`).
@dynamicMemberLookup
public struct AttemptStart: Sendable, Equatable {
  /// Who, which scenario version and rubric, in which mode and since when.
  public var header: AttemptHeader
  /// The rubric's canonical text, kept once per hash so that any score can be recomputed.
  public var rubricText: String?
  /// The scenario file's content (whose SHA-256 is `contentHash`), kept once per hash so that the
  /// attempt can be replayed and its score recomputed from its turns.
  public var scenarioText: String?
  /// The session as it starts.
  public var state: SessionState

  /// An attempt beginning now from `header`, which is taken as in progress and unfinished.
  public init(header: AttemptHeader, rubricText: String? = nil, scenarioText: String? = nil, state: SessionState) {
    var header = header
    header.status = .inProgress
    header.finishedAt = nil
    header.ending = nil
    self.header = header
    self.rubricText = rubricText
    self.scenarioText = scenarioText
    self.state = state
  }

  /// An attempt beginning now, in progress, from its header's fields.
  public init(
    id: UUID, trainee: String, cohort: String?, scenarioID: String, scenarioVersion: String, scenarioTitle: String,
    contentHash: String, scenarioPath: String, mode: AttemptMode, rubricID: String, rubricHash: String? = nil,
    rubricText: String? = nil, scenarioText: String? = nil, startedAt: Date, state: SessionState
  ) {
    self.init(
      header: AttemptHeader(
        id: id, trainee: trainee, cohort: cohort, scenarioID: scenarioID, scenarioVersion: scenarioVersion,
        scenarioTitle: scenarioTitle, contentHash: contentHash, scenarioPath: scenarioPath, mode: mode,
        rubricID: rubricID, rubricHash: rubricHash, status: .inProgress, startedAt: startedAt, finishedAt: nil,
        ending: nil),
      rubricText: rubricText, scenarioText: scenarioText, state: state)
  }

  /// The header's field, as if it were the start's own.
  public subscript<T>(dynamicMember field: WritableKeyPath<AttemptHeader, T>) -> T {
    get { header[keyPath: field] }
    set { header[keyPath: field] = newValue }
  }
}

/// One answered decision point, as stored.
public struct TurnRecord: Sendable, Equatable, Codable {
  /// 0-based position in the attempt's log of answers, undone ones included.
  public var index: Int
  public var node: String
  public var choice: String
  public var codes: [TechniqueCode]
  /// Every variable's value after the choice (and the routes it led through).
  public var stateAfter: [String: Value]
  /// Seconds from the prompt appearing to the answer.
  public var secondsToAnswer: Double
  public var answeredAt: Date
  /// Whether the trainee took the answer back with :undo or :restart.
  public var undone: Bool
  /// What the trainee typed in their own words before the options appeared (`--say-first`);
  /// nil when they typed nothing, skipped, or the words were deleted.
  public var typed: String?

  /// The longest typed response kept, in characters: a response, not an essay.
  public static let maximumTypedLength = 2_000

  public init(
    index: Int, node: String, choice: String, codes: [TechniqueCode], stateAfter: [String: Value],
    secondsToAnswer: Double, answeredAt: Date, undone: Bool = false, typed: String? = nil
  ) {
    self.index = index
    self.node = node
    self.choice = choice
    self.codes = codes
    self.stateAfter = stateAfter
    self.secondsToAnswer = secondsToAnswer
    self.answeredAt = answeredAt
    self.undone = undone
    self.typed = typed
  }
}

/// Where a session's progress goes as it happens. Each call must be durable when it returns, so
/// that a crash loses at most the answer being typed.
///
/// The store implements it over SQLite; tests use an in-memory double.
public protocol AttemptRecorder: Sendable {
  /// A new attempt begins.
  func begin(_ attempt: AttemptStart) throws
  /// A decision point was answered; `state` is the session after it.
  func record(_ turn: TurnRecord, attempt: UUID, state: SessionState) throws
  /// The turn at `turnIndex` was taken back; `state` is the session after the undo.
  func undo(attempt: UUID, turnIndex: Int, state: SessionState) throws
  /// Every turn so far was taken back by a restart.
  func restart(attempt: UUID, state: SessionState) throws
  /// The story reached an ending and was scored.
  func finish(attempt: UUID, at: Date, ending: String, report: SessionReport, state: SessionState) throws
  /// The trainee left before the end; the attempt stays in progress and resumable.
  func suspend(attempt: UUID, state: SessionState) throws
}

/// A recorder that keeps nothing: for authors trying out a story (`coach play --no-save`).
public struct DiscardingRecorder: AttemptRecorder {
  public init() {}
  public func begin(_ attempt: AttemptStart) throws {}
  public func record(_ turn: TurnRecord, attempt: UUID, state: SessionState) throws {}
  public func undo(attempt: UUID, turnIndex: Int, state: SessionState) throws {}
  public func restart(attempt: UUID, state: SessionState) throws {}
  public func finish(attempt: UUID, at: Date, ending: String, report: SessionReport, state: SessionState) throws {}
  public func suspend(attempt: UUID, state: SessionState) throws {}
}
