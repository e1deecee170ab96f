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
  var mode: String
  var rubricId: String
  /// SHA-256 of the rubric's canonical text; nil for attempts recorded before rubrics were hashed.
  var rubricHash: String?
  var status: String
  var startedAt: String
  var finishedAt: String?
  var ending: String?
  var state: String
  var report: String?
  var score: Double?
  var band: String?
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

  /// A new in-progress attempt.
  init(_ start: AttemptStart, cohort: String?) throws {
    id = start.id.uuidString
    traineeId = start.trainee
    self.cohort = cohort
    scenarioId = start.scenarioID
    scenarioVersion = start.scenarioVersion
    scenarioTitle = start.scenarioTitle
    contentHash = start.contentHash
    scenarioPath = start.scenarioPath
    mode = start.mode.rawValue
    rubricId = start.rubricID
    rubricHash = start.rubricHash
    status = AttemptStatus.inProgress.rawValue
    startedAt = StoreDate.string(start.startedAt)
    state = try StoreJSON.text(start.state)
  }

  /// Stores `report` and the figures taken from it; nil clears them.
  mutating func setReport(_ report: SessionReport?) throws {
    self.report = try report.map { try StoreJSON.text($0) }
    score = report?.headlineScore
    band = report?.overallBand.rawValue
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

  func decodedMode() throws -> AttemptMode {
    guard let mode = AttemptMode(rawValue: mode) else {
      throw StoreJSON.Damage(what: "attempt \(id)", detail: "unknown mode \(mode)")
    }
    return mode
  }

  func decodedStatus() throws -> AttemptStatus {
    guard let status = AttemptStatus(rawValue: status) else {
      throw StoreJSON.Damage(what: "attempt \(id)", detail: "unknown status \(status)")
    }
    return status
  }

  func date(_ text: String, _ what: String) throws -> Date {
    guard let date = StoreDate.parse(text) else {
      throw StoreJSON.Damage(what: "the \(what) date of attempt \(id)", detail: "\"\(text)\" is not a date")
    }
    return date
  }
}
