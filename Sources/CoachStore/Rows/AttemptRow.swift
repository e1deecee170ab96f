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
  var state: String
  var report: String?
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

  /// The row of an attempt with `header`, saved `state` and no report yet.
  init(_ header: AttemptHeader, state: SessionState) throws {
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
    self.state = try StoreJSON.text(state)
  }

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

  /// Stores `report` and the figures taken from it; nil clears them.
  mutating func setReport(_ report: SessionReport?) throws {
    self.report = try report.map { try StoreJSON.text($0) }
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
