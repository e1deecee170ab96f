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
    var report = ImportReport(file: file)
    // Coach's own parser says where JSON is broken, which Foundation's decoder does not.
    do {
      _ = try JSONDocument(parsing: [UInt8](data))
    } catch {
      let position = SourcePosition(offset: error.offset, in: [UInt8](data))
      report.rejected = [.init(index: nil, attempt: nil, reason: "not valid JSON at \(position): \(error.message)")]
      return report
    }
    let document: LenientDocument
    do {
      let header = try JSONDecoder().decode(Header.self, from: data)
      guard header.kind == ExportDocument.kindName else {
        let kind = header.kind.map { "its kind is \"\($0)\"" } ?? "it has no \"kind\""
        report.rejected = [.init(index: nil, attempt: nil, reason: "not a Coach export (\(kind))")]
        return report
      }
      guard header.format == ExportDocument.currentFormat else {
        let format = header.format.map { "format \($0)" } ?? "no format"
        report.rejected = [
          .init(
            index: nil, attempt: nil,
            reason: "\(format) is not one this version of Coach reads (format \(ExportDocument.currentFormat)); "
              + "update Coach")
        ]
        return report
      }
      document = try StoreJSON.decoder().decode(LenientDocument.self, from: data)
    } catch {
      report.rejected = [.init(index: nil, attempt: nil, reason: ExportValidator.describe(error))]
      return report
    }
    report.trainee = document.trainee.id
    if let problem = Trainee.problem(withID: document.trainee.id) {
      report.rejected = [.init(index: nil, attempt: nil, reason: "trainee.id: \(problem)")]
      return report
    }
    for (field, value) in [
      ("trainee.id", document.trainee.id), ("trainee.name", document.trainee.name),
      ("trainee.cohort", document.trainee.cohort),
    ] {
      if let value, let problem = ExportValidator.textProblem(value) {
        report.rejected.append(.init(index: nil, attempt: nil, reason: "\(field) \(problem)"))
      }
    }

    // Check every record before touching the database.
    var attempts: [ExportedAttempt] = []
    var seen: Set<UUID> = []
    for (index, entry) in document.attempts.enumerated() {
      switch entry.result {
      case .failure(let error):
        report.rejected.append(
          .init(index: index, attempt: entry.id, reason: ExportValidator.describe(error, dropping: 2)))
      case .success(let attempt):
        var problems = ExportValidator.problems(attempt, trainee: document.trainee.id)
        if !seen.insert(attempt.id).inserted { problems.append("the file has this attempt twice") }
        for problem in problems {
          report.rejected.append(.init(index: index, attempt: attempt.id, reason: problem))
        }
        attempts.append(attempt)
      }
    }
    // A rubric's text must be the one its hash names, or a score could claim a rubric it was not.
    for (hash, text) in (document.rubrics ?? [:]).sorted(by: { $0.key < $1.key })
    where SHA256.hex(of: Array(text.utf8)) != hash {
      report.rejected.append(
        .init(index: nil, attempt: nil, reason: "the rubric filed under \(hash.prefix(12)) has different content"))
    }
    guard report.rejected.isEmpty else { return report }

    let outcome: Outcome = try write { db in
      for (hash, text) in document.rubrics ?? [:] {
        let id = document.attempts.lazy.compactMap { try? $0.result.get() }.first { $0.rubricHash == hash }?.rubricID
        try db.execute(
          sql: "INSERT OR IGNORE INTO rubrics (hash, id, text) VALUES (?, ?, ?)", arguments: [hash, id ?? "", text])
      }
      var outcome = Outcome()
      var trainee = try TraineeRow.fetchOne(db, key: document.trainee.id) ?? TraineeRow(id: document.trainee.id)
      // A trainee already known keeps their name and cohort; the file only fills in what is missing.
      trainee.name = trainee.name ?? document.trainee.name
      trainee.cohort = trainee.cohort ?? document.trainee.cohort
      try trainee.save(db)
      for (index, attempt) in attempts.enumerated() {
        guard let existing = try AttemptRow.fetchOne(db, key: attempt.id.uuidString) else {
          try Self.store(attempt, db)
          outcome.added.append(attempt.id)
          continue
        }
        let stored = try Self.exported(existing, db)
        if stored == attempt {
          outcome.skipped.append(attempt.id)
        } else if Self.isProgress(from: stored, to: attempt) {
          try TurnRow.filter(Column("attemptId") == existing.id).deleteAll(db)
          try AttemptRow.deleteOne(db, key: existing.id)
          try Self.store(attempt, db)
          outcome.updated.append(attempt.id)
        } else {
          outcome.conflicts.append(
            .init(
              index: index, attempt: attempt.id,
              reason: "conflict: an attempt with this id is already stored with different content"))
        }
      }
      // Nothing from a file with a conflict is kept.
      if !outcome.conflicts.isEmpty { throw Rollback(outcome: outcome) }
      return outcome
    } catch: { error in
      (error as? Rollback)?.outcome
    }
    if outcome.conflicts.isEmpty {
      report.added = outcome.added
      report.updated = outcome.updated
      report.skipped = outcome.skipped
    } else {
      report.rejected = outcome.conflicts
    }
    return report
  }

  // MARK: - Storing

  private struct Outcome {
    var added: [UUID] = []
    var updated: [UUID] = []
    var skipped: [UUID] = []
    var conflicts: [ImportReport.Rejection] = []
  }

  /// Thrown to roll the import's transaction back, carrying what was found.
  private struct Rollback: Error {
    var outcome: Outcome
  }

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

  private static func store(_ attempt: ExportedAttempt, _ db: Database) throws {
    var row = try AttemptRow(AttemptStart(attempt), cohort: attempt.cohort)
    row.status = attempt.status.rawValue
    row.finishedAt = attempt.finishedAt.map(StoreDate.string)
    row.ending = attempt.ending
    try row.setReport(attempt.report)
    try row.insert(db)
    for turn in attempt.turns { try TurnRow(turn, attempt: attempt.id).insert(db) }
  }

  /// Whether `new` is `old`, an attempt in progress, played further: the same attempt with the
  /// same turns so far (some perhaps undone since) and more turns or a finish.
  static func isProgress(from old: ExportedAttempt, to new: ExportedAttempt) -> Bool {
    guard old.status == .inProgress, new.turns.count >= old.turns.count else { return false }
    var sameStart = new
    sameStart.status = old.status
    sameStart.finishedAt = old.finishedAt
    sameStart.ending = old.ending
    sameStart.state = old.state
    sameStart.report = old.report
    sameStart.turns = old.turns
    guard sameStart == old else { return false }
    for (before, after) in zip(old.turns, new.turns) {
      var undoneLater = after
      if before.undone == false { undoneLater.undone = false }
      if undoneLater != before { return false }
    }
    return true
  }

  // MARK: - Reading leniently

  /// Just enough to tell an export file from any other JSON, and its format.
  private struct Header: Decodable {
    var format: Int?
    var kind: String?
  }

  /// The document with each attempt decoded on its own, so one bad record is reported with its
  /// position instead of failing the whole file at once.
  private struct LenientDocument: Decodable {
    var trainee: Trainee
    var exportedAt: Date
    var attempts: [Lenient]
    var rubrics: [String: String]?
  }

  private struct Lenient: Decodable {
    var result: Result<ExportedAttempt, any Error>
    var id: UUID?

    private enum Keys: String, CodingKey { case id }

    init(from decoder: any Decoder) throws {
      do {
        result = .success(try ExportedAttempt(from: decoder))
      } catch {
        result = .failure(error)
      }
      id = try? decoder.container(keyedBy: Keys.self).decode(UUID.self, forKey: .id)
    }
  }
}
