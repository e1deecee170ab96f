import GRDB

/// A row of `settings`: one named value, such as the default trainee.
struct SettingRow: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
  static let databaseTableName = "settings"

  var key: String
  var value: String

  /// The id of the trainee used when none is named.
  static let defaultTrainee = "default-trainee"
}
