import CoachCore
import Foundation
import GRDB

/// Importing export files: every record is checked first, then the whole file goes in as one
/// transaction, so a file is never half-imported. Importing the same file again changes nothing.
extension AppDatabase {
  /// Imports the export file `data`, named `file` in the report.
  ///
  /// An attempt already stored identically is skipped; one stored in progress and further along
  /// in the file is brought up to date; one stored differently otherwise is a conflict. Any
  /// invalid or conflicting attempt rejects the whole file. Throws only when the database fails.
  public func importExport(_ data: Data, file: String) throws(StoreError) -> ImportReport {
    var plan: ImportPlan
    switch ImportPlan.check(data, file: file) {
    case .plan(let checked): plan = checked
    case .rejected(let report): return report
    }
    let attempts = plan.attempts
    let outcome: ImportPlan.Outcome = try write { db in
      let refused = try plan.verify(
        cache: cache,
        scenarioText: { try String.fetchOne(db, sql: "SELECT text FROM scenarios WHERE hash = ?", arguments: [$0]) },
        rubricText: { try String.fetchOne(db, sql: "SELECT text FROM rubrics WHERE hash = ?", arguments: [$0]) })
      if !refused.isEmpty {
        var outcome = ImportPlan.Outcome()
        outcome.conflicts = refused
        throw ImportPlan.Rollback(outcome: outcome)
      }
      for (hash, text) in plan.scenarios {
        let attempt = attempts.first { $0.contentHash == hash }
        try db.execute(
          sql: "INSERT OR IGNORE INTO scenarios (hash, id, version, text) VALUES (?, ?, ?, ?)",
          arguments: [hash, attempt?.scenarioID ?? "", attempt?.scenarioVersion ?? "", text])
      }
      for (hash, text) in plan.rubrics {
        try db.execute(
          sql: "INSERT OR IGNORE INTO rubrics (hash, id, text) VALUES (?, ?, ?)",
          arguments: [hash, plan.rubricID(hash: hash), text])
      }
      var outcome = ImportPlan.Outcome()
      var trainee = try TraineeRow.fetchOne(db, key: plan.trainee.id) ?? TraineeRow(id: plan.trainee.id)
      // A trainee already known keeps their name and cohort; the file only fills in what is missing.
      trainee.name = trainee.name ?? plan.trainee.name
      trainee.cohort = trainee.cohort ?? plan.trainee.cohort
      try trainee.save(db)
      for (index, attempt) in attempts.enumerated() {
        guard let existing = try AttemptRow.fetchOne(db, key: attempt.id.uuidString) else {
          try Self.store(attempt, log: plan.logs[attempt.id]!, db)
          outcome.added.append(attempt.id)
          continue
        }
        try outcome.merge(attempt, at: index, over: try exported(existing, db)) {
          try TurnRow.filter(Column("attemptId") == existing.id).deleteAll(db)
          try AttemptRow.deleteOne(db, key: existing.id)
          try Self.store(attempt, log: plan.logs[attempt.id]!, db)
        }
      }
      // Nothing from a file with a conflict is kept.
      if !outcome.conflicts.isEmpty { throw ImportPlan.Rollback(outcome: outcome) }
      return outcome
    } catch: { error in
      (error as? ImportPlan.Rollback)?.outcome
    }
    return plan.report(outcome)
  }

  // MARK: - Storing

  /// Runs `body` in one write transaction; when it throws an error `recover` turns into a value,
  /// the transaction is rolled back and that value returned.
  private func write<T>(_ body: (Database) throws -> T, catch recover: (any Error) -> T?) throws(StoreError) -> T {
    do {
      return try writer.write(body)
    } catch {
      if let value = recover(error) { return value }
      throw StoreError(error, path: path)
    }
  }

  /// Stores `attempt`, checked, as its facts: header, seed, `log` and the figures of its report.
  private static func store(_ attempt: ExportedAttempt, log: AttemptLog, _ db: Database) throws {
    var row = try AttemptRow(attempt.header, seed: attempt.state.seed, log: log)
    try row.setReport(attempt.report)
    try row.insert(db)
  }
}
