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
  /// The canonical text of each rubric the attempts were scored with, by its SHA-256; absent in
  /// files written before rubrics were hashed.
  public var rubrics: [String: String]?
  /// The content of each scenario file the attempts were played on, by its SHA-256, so the lead's
  /// database can replay every attempt and check its score; absent in files from before scenarios
  /// were kept.
  public var scenarios: [String: String]?

  public init(
    exportedAt: Date, trainee: Trainee, attempts: [ExportedAttempt], rubrics: [String: String]? = nil,
    scenarios: [String: String]? = nil
  ) {
    format = Self.currentFormat
    kind = Self.kindName
    self.exportedAt = exportedAt
    self.trainee = trainee
    self.attempts = attempts
    self.rubrics = rubrics
    self.scenarios = scenarios
  }

  /// The document as pretty-printed JSON with sorted keys and a final newline. Throws
  /// `StoreError.invalidValue` when a stored number is not finite, which JSON cannot hold.
  public func encoded() throws(StoreError) -> Data {
    do {
      var data = try StoreJSON.encoder(pretty: true).encode(self)
      data.append(UInt8(ascii: "\n"))
      return data
    } catch let error as EncodingError {
      throw .invalidValue("cannot export the attempts of \"\(trainee.id)\": " + error.plainDescription)
    } catch {
      throw .invalidValue("cannot export the attempts of \"\(trainee.id)\"")
    }
  }
}

/// One attempt in an export: its header's fields, the session state, the report once complete,
/// and every turn, undone ones included, all as keys of one JSON object.
@dynamicMemberLookup
public struct ExportedAttempt: Sendable, Equatable, Codable {
  public var header: AttemptHeader
  public var state: SessionState
  public var report: SessionReport?
  public var turns: [TurnRecord]

  /// The stored `attempt` with all its recorded `turns`, undone ones included.
  public init(_ attempt: StoredAttempt, turns: [TurnRecord]) {
    header = attempt.header
    state = attempt.state
    report = attempt.report
    self.turns = turns
  }

  public subscript<T>(dynamicMember field: WritableKeyPath<AttemptHeader, T>) -> T {
    get { header[keyPath: field] }
    set { header[keyPath: field] = newValue }
  }

  private enum Keys: String, CodingKey {
    case state, report, turns
  }

  public init(from decoder: any Decoder) throws {
    header = try AttemptHeader(from: decoder)
    let container = try decoder.container(keyedBy: Keys.self)
    state = try container.decode(SessionState.self, forKey: .state)
    report = try container.decodeIfPresent(SessionReport.self, forKey: .report)
    turns = try container.decode([TurnRecord].self, forKey: .turns)
  }

  public func encode(to encoder: any Encoder) throws {
    try header.encode(to: encoder)
    var container = encoder.container(keyedBy: Keys.self)
    try container.encode(state, forKey: .state)
    try container.encodeIfPresent(report, forKey: .report)
    try container.encode(turns, forKey: .turns)
  }
}

extension AttemptStart {
  /// How the exported `attempt` began, as far as the store needs it to insert the attempt's row.
  ///
  /// The state is the attempt's latest; an import writes it as it is rather than replaying turns.
  public init(_ attempt: ExportedAttempt) {
    self.init(header: attempt.header, state: attempt.state)
  }
}
