import GRDB

/// Trainees and the remembered default trainee.
extension AppDatabase {
  /// Creates the trainee, or updates them when they exist; a nil `name` or `cohort` keeps what is
  /// stored. Returns the trainee as stored.
  public func storeTrainee(id: String, name: String?, cohort: String?) throws(StoreError) -> Trainee {
    if let problem = Trainee.problem(withID: id) { throw .invalidValue(problem) }
    return try write { db in
      var row = try TraineeRow.fetchOne(db, key: id) ?? TraineeRow(id: id)
      if let name { row.name = name }
      if let cohort { row.cohort = cohort }
      try row.save(db)
      return Trainee(id: row.id, name: row.name, cohort: row.cohort)
    }
  }

  /// The trainee with `id`, if known.
  public func trainee(id: String) throws(StoreError) -> Trainee? {
    try read { db in
      try TraineeRow.fetchOne(db, key: id).map { Trainee(id: $0.id, name: $0.name, cohort: $0.cohort) }
    }
  }

  /// Every trainee, by id.
  public func trainees() throws(StoreError) -> [Trainee] {
    try read { db in
      try TraineeRow.order(Column("id")).fetchAll(db).map { Trainee(id: $0.id, name: $0.name, cohort: $0.cohort) }
    }
  }

  /// The trainee remembered for when none is named, if any.
  public func defaultTrainee() throws(StoreError) -> String? {
    try read { db in try SettingRow.fetchOne(db, key: SettingRow.defaultTrainee)?.value }
  }

  /// Remembers `id` as the default trainee (creating the trainee if new); nil forgets it.
  public func setDefaultTrainee(_ id: String?) throws(StoreError) {
    if let id, let problem = Trainee.problem(withID: id) { throw .invalidValue(problem) }
    try write { db in
      guard let id else {
        _ = try SettingRow.deleteOne(db, key: SettingRow.defaultTrainee)
        return
      }
      if try !TraineeRow.exists(db, key: id) { try TraineeRow(id: id).insert(db) }
      try SettingRow(key: SettingRow.defaultTrainee, value: id).save(db)
    }
  }
}
