import CoachCore
import Foundation
import GRDB

/// Exporting a trainee's attempts.
extension AppDatabase {
  /// Every attempt of `trainee`, oldest first, as an export document dated `now`.
  public func export(trainee: String, now: Date) throws(StoreError) -> ExportDocument {
    try read { db in
      guard let row = try TraineeRow.fetchOne(db, key: trainee) else { throw StoreError.traineeNotFound(trainee) }
      let attempts = try AttemptRow.filter(Column("traineeId") == trainee)
        .order(Column("startedAt"), Column("id")).fetchAll(db)
        .map { try exported($0, db) }
      var rubrics: [String: String] = [:]
      for hash in Set(attempts.compactMap(\.rubricHash)) {
        rubrics[hash] = try String.fetchOne(db, sql: "SELECT text FROM rubrics WHERE hash = ?", arguments: [hash])
      }
      var scenarios: [String: String] = [:]
      for hash in Set(attempts.map(\.contentHash)) {
        scenarios[hash] = try String.fetchOne(
          db, sql: "SELECT text FROM scenarios WHERE hash = ?", arguments: [hash])
      }
      return ExportDocument(
        exportedAt: StoreDate.normalized(now), trainee: Trainee(id: row.id, name: row.name, cohort: row.cohort),
        attempts: attempts, rubrics: rubrics.isEmpty ? nil : rubrics, scenarios: scenarios.isEmpty ? nil : scenarios)
    }
  }

  /// The stored attempt `row` as it appears in an export.
  func exported(_ row: AttemptRow, _ db: Database) throws -> ExportedAttempt {
    let (attempt, turns) = try stored(row, db)
    return ExportedAttempt(attempt, turns: turns)
  }
}
