import CoachCore
import Foundation
import GRDB

/// A row of `attempts`: what was played, where it stands, the session state to resume from and,
/// once complete, the report with its headline figures in columns of their own.
struct AttemptRow: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
  static let databaseTableName = "attempts"

  var id: String
  var traineeId: String
  var cohort: String?
  var scenarioId: String
  var scenarioVersion: String
  var scenarioTitle: String
  var contentHash: String
  var scenarioPath: String
  var mode: AttemptMode
  var rubricId: String
  /// SHA-256 of the rubric's canonical text; nil for attempts recorded before rubrics were hashed.
  var rubricHash: String?
  var status: AttemptStatus
  var startedAt: Date
  var finishedAt: Date?
  var ending: String?
  /// The session state as JSON, for attempts recorded before v5; empty since (it is rebuilt from
  /// the log).
  var state: String
  /// The report as JSON, for attempts recorded before v5; nil since (it is recomputed).
  var report: String?
  /// The seed of the order of options, as its bit pattern; nil for the authored order.
  var seed: Int64?
  /// The answers, as an `AttemptLog`; nil for attempts recorded before v5.
  var log: String?
  /// Answers given and not taken back.
  var turnCount: Int
  /// When the last answer was given, or the start.
  var lastActivity: Date?
  var score: Double?
  var band: Band?
  var countQ: Int?
  var countOQ: Int?
  var countCQ: Int?
  var countSR: Int?
  var countCR: Int?
  var countAF: Int?
  var countSEEK: Int?
  var countEMPH: Int?
  var countGI: Int?
  var countPERS: Int?
  var countPWP: Int?
  var countCON: Int?
  var mia: Int?
  var mina: Int?
  var cultivatingChangeTalk: Double?
  var softeningSustainTalk: Double?
  var partnership: Double?
  var empathy: Double?
  var relational: Double?
  var technical: Double?
  var percentComplexReflections: Double?
  var reflectionToQuestion: Double?
  var percentOpenQuestions: Double?

  /// The row of an attempt with `header`, played with `seed` as `log` says.
  init(_ header: AttemptHeader, seed: UInt64?, log: AttemptLog) throws {
    id = header.id.uuidString
    traineeId = header.trainee
    cohort = header.cohort
    scenarioId = header.scenarioID
    scenarioVersion = header.scenarioVersion
    scenarioTitle = header.scenarioTitle
    contentHash = header.contentHash
    scenarioPath = header.scenarioPath
    mode = header.mode
    rubricId = header.rubricID
    rubricHash = header.rubricHash
    status = header.status
    startedAt = header.startedAt
    finishedAt = header.finishedAt
    ending = header.ending
    state = ""
    self.seed = seed.map { Int64(bitPattern: $0) }
    self.log = try log.text
    turnCount = log.keptCount
    lastActivity = log.lastActivity(start: header.startedAt)
  }

  /// The log of an attempt recorded since v5; nil for an older one.
  func decodedLog() throws -> AttemptLog? {
    try log.map { try AttemptLog(text: $0, what: "attempt \(id)") }
  }

  /// The seed as the engine takes it.
  var sessionSeed: UInt64? { seed.map { UInt64(bitPattern: $0) } }

  /// Dates are stored as `StoreDate` text: UTC, to the millisecond, so text order is time order.
  static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy {
    .custom { StoreDate.string($0) }
  }

  static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy {
    .custom { value in String.fromDatabaseValue(value).flatMap(StoreDate.parse) }
  }

  /// The attempt's header.
  func header() throws -> AttemptHeader {
    AttemptHeader(
      id: try uuid, trainee: traineeId, cohort: cohort, scenarioID: scenarioId, scenarioVersion: scenarioVersion,
      scenarioTitle: scenarioTitle, contentHash: contentHash, scenarioPath: scenarioPath, mode: mode,
      rubricID: rubricId, rubricHash: rubricHash, status: status, startedAt: startedAt, finishedAt: finishedAt,
      ending: ending)
  }

  /// Stores the figures taken from `report` (nil clears them), and for an attempt recorded before
  /// v5 the report itself.
  mutating func setReport(_ report: SessionReport?) throws {
    self.report = log == nil ? try report.map { try StoreJSON.text($0) } : nil
    score = report?.headlineScore
    band = report?.overallBand
    let counts = report.map { report in Behaviour.allCases.map { report.count($0) } }
    countQ = counts?[0]
    countOQ = counts?[1]
    countCQ = counts?[2]
    countSR = counts?[3]
    countCR = counts?[4]
    countAF = counts?[5]
    countSEEK = counts?[6]
    countEMPH = counts?[7]
    countGI = counts?[8]
    countPERS = counts?[9]
    countPWP = counts?[10]
    countCON = counts?[11]
    mia = report?.mia
    mina = report?.mina
    cultivatingChangeTalk = report?.global(.cultivatingChangeTalk)
    softeningSustainTalk = report?.global(.softeningSustainTalk)
    partnership = report?.global(.partnership)
    empathy = report?.global(.empathy)
    relational = report?.metric(.relational)?.value
    technical = report?.metric(.technical)?.value
    percentComplexReflections = report?.metric(.percentComplexReflections)?.value
    reflectionToQuestion = report?.metric(.reflectionToQuestion)?.value
    percentOpenQuestions = report?.metric(.percentOpenQuestions)?.value
  }

  /// The behaviour counts, in `Behaviour.allCases` order; nil until complete.
  var counts: [Int?] {
    [
      countQ, countOQ, countCQ, countSR, countCR, countAF, countSEEK, countEMPH, countGI, countPERS, countPWP,
      countCON,
    ]
  }

  var uuid: UUID {
    get throws {
      guard let uuid = UUID(uuidString: id) else {
        throw StoreJSON.Damage(what: "attempt \(id)", detail: "its id is not a UUID")
      }
      return uuid
    }
  }

  func decodedState() throws -> SessionState {
    try StoreJSON.value(SessionState.self, from: state, what: "the saved state of attempt \(id)")
  }

  func decodedReport() throws -> SessionReport? {
    try report.map { try StoreJSON.value(SessionReport.self, from: $0, what: "the report of attempt \(id)") }
  }
}

extension AttemptMode: DatabaseValueConvertible {}
extension AttemptStatus: DatabaseValueConvertible {}
extension Band: DatabaseValueConvertible {}
