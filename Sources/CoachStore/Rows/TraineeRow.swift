import GRDB

/// A row of `trainees`.
struct TraineeRow: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
  static let databaseTableName = "trainees"

  var id: String
  var name: String?
  var cohort: String?
}
