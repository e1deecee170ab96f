import CoachCore
import Foundation

/// An export file checked before anything is stored: every record valid, or the report of why
/// not. Each engine then stores a plan in one transaction, so a file is never half-imported.
package struct ImportPlan: Sendable {
  /// The file as the user named it.
  package var file: String
  /// Whose attempts these are.
  package var trainee: Trainee
  /// Every attempt, valid, in file order.
  package var attempts: [ExportedAttempt]
  /// The rubrics' texts by hash, each checked against its hash.
  package var rubrics: [String: String]
  /// The scenarios' contents by hash, each checked against its hash.
  package var scenarios: [String: String]
  /// Each attempt's log, once `verify` has rebuilt it from the file's turns.
  package var logs: [UUID: AttemptLog] = [:]

  /// What storing the plan did.
  package struct Outcome: Sendable {
    package var added: [UUID] = []
    package var updated: [UUID] = []
    package var skipped: [UUID] = []
    package var conflicts: [ImportReport.Rejection] = []

    package init() {}

    /// Files `attempt`, at `index` in the file, against `stored`, the attempt already kept under
    /// its id: the same attempt is skipped, one carried further is brought up to date by
    /// `update`, and anything else is a conflict.
    package mutating func merge(
      _ attempt: ExportedAttempt, at index: Int, over stored: ExportedAttempt, update: () throws -> Void
    ) rethrows {
      if stored == attempt {
        skipped.append(attempt.id)
      } else if ImportPlan.isProgress(from: stored, to: attempt) {
        try update()
        updated.append(attempt.id)
      } else {
        conflicts.append(
          .init(
            index: index, attempt: attempt.id,
            reason: "conflict: an attempt with this id is already stored with different content"))
      }
    }
  }

  /// Thrown to roll an import's transaction back, carrying what was found.
  package struct Rollback: Error {
    package var outcome: Outcome

    package init(outcome: Outcome) { self.outcome = outcome }
  }

  /// The report of storing the plan with `outcome`.
  package func report(_ outcome: Outcome) -> ImportReport {
    var report = ImportReport(file: file, trainee: trainee.id)
    if outcome.conflicts.isEmpty {
      report.added = outcome.added
      report.updated = outcome.updated
      report.skipped = outcome.skipped
    } else {
      report.rejected = outcome.conflicts
    }
    return report
  }

  /// The rubric id an attempt in the file names for the rubric with `hash`, else "".
  package func rubricID(hash: String) -> String {
    attempts.first { $0.rubricHash == hash }?.rubricID ?? ""
  }

  /// A checked file: the plan to store, or the report that rejects it.
  package enum Checked: Sendable {
    case plan(ImportPlan)
    case rejected(ImportReport)
  }

  /// Checks the export file `data`: the plan to store, or the report rejecting it.
  package static func check(_ data: Data, file: String) -> Checked {
    var report = ImportReport(file: file)
    // Coach's own parser says where JSON is broken, which Foundation's decoder does not.
    do {
      _ = try JSONDocument(parsing: [UInt8](data))
    } catch {
      let position = SourcePosition(offset: error.offset, in: [UInt8](data))
      report.rejected = [.init(index: nil, attempt: nil, reason: "not valid JSON at \(position): \(error.message)")]
      return .rejected(report)
    }
    let document: LenientDocument
    do {
      let header = try JSONDecoder().decode(Header.self, from: data)
      guard header.kind == ExportDocument.kindName else {
        let kind = header.kind.map { "its kind is \"\($0)\"" } ?? "it has no \"kind\""
        report.rejected = [.init(index: nil, attempt: nil, reason: "not a Coach export (\(kind))")]
        return .rejected(report)
      }
      guard header.format == ExportDocument.currentFormat else {
        let format = header.format.map { "format \($0)" } ?? "no format"
        report.rejected = [
          .init(
            index: nil, attempt: nil,
            reason: "\(format) is not one this version of Coach reads (format \(ExportDocument.currentFormat)); "
              + "update Coach")
        ]
        return .rejected(report)
      }
      document = try StoreJSON.decoder().decode(LenientDocument.self, from: data)
    } catch {
      report.rejected = [.init(index: nil, attempt: nil, reason: ExportValidator.describe(error))]
      return .rejected(report)
    }
    report.trainee = document.trainee.id
    if let problem = Trainee.problem(withID: document.trainee.id) {
      report.rejected = [.init(index: nil, attempt: nil, reason: "trainee.id: \(problem)")]
      return .rejected(report)
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
    for (hash, text) in (document.scenarios ?? [:]).sorted(by: { $0.key < $1.key })
    where SHA256.hex(of: Array(text.utf8)) != hash {
      report.rejected.append(
        .init(index: nil, attempt: nil, reason: "the scenario filed under \(hash.prefix(12)) has different content"))
    }
    guard report.rejected.isEmpty else { return .rejected(report) }
    return .plan(
      ImportPlan(
        file: file, trainee: document.trainee, attempts: attempts, rubrics: document.rubrics ?? [:],
        scenarios: document.scenarios ?? [:]))
  }

  /// Replays every attempt from its turns in its scenario (from the file, else `scenarioText`)
  /// with its rubric (from the file, else `rubricText`), keeping each attempt's log: an attempt
  /// whose turns, state or score are not what its turns give is refused, named, with why. Returns
  /// the refusals; empty when every attempt checks out.
  package mutating func verify(
    cache: ContentCache, scenarioText: (String) throws -> String?, rubricText: (String) throws -> String?
  ) throws -> [ImportReport.Rejection] {
    var rejected: [ImportReport.Rejection] = []
    for (index, attempt) in attempts.enumerated() {
      func refuse(_ reason: String) { rejected.append(.init(index: index, attempt: attempt.id, reason: reason)) }
      let hash = attempt.contentHash
      let scenario: Scenario
      let rubric: Rubric
      do {
        scenario = try cache.scenario(hash: hash) { try scenarios[hash] ?? scenarioText(hash) }
      } catch is StoreJSON.Damage {
        refuse(
          "its scenario's content (\(hash.prefix(12))) is neither in the file nor in this database, so its score "
            + "cannot be checked")
        continue
      }
      do {
        rubric = try cache.rubric(id: attempt.rubricID, hash: attempt.rubricHash) {
          guard let rubricHash = attempt.rubricHash else { return nil }
          return try rubrics[rubricHash] ?? rubricText(rubricHash)
        }
      } catch is StoreJSON.Damage {
        refuse("its rubric \"\(attempt.rubricID)\" is neither in the file nor in this database")
        continue
      }
      guard
        let log = AttemptLog.inferred(
          from: attempt.turns, in: scenario, seed: attempt.state.seed, start: attempt.startedAt),
        let replayed = try? log.replay(
          in: scenario, seed: attempt.state.seed, start: attempt.startedAt, rubric: rubric,
          complete: attempt.status == .complete)
      else {
        refuse("its turns cannot have been played in its scenario")
        continue
      }
      if replayed.turns != attempt.turns {
        refuse("its turns' nodes, codes or states are not what its scenario gives them")
      } else if replayed.state != attempt.state {
        refuse("its saved state is not where its turns lead")
      } else if let disagreement = ReportColumns.disagreement(
        stored: attempt.report.map(ReportColumns.init), earned: replayed.report)
      {
        refuse(disagreement)
      } else if replayed.report != attempt.report {
        refuse("its report is not the one its turns earn")
      } else {
        logs[attempt.id] = log
      }
    }
    return rejected
  }

  /// Whether `new` is `old`, an attempt in progress, played further: the same attempt with the
  /// same turns so far (some perhaps undone since) and more turns or a finish.
  package static func isProgress(from old: ExportedAttempt, to new: ExportedAttempt) -> Bool {
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
    var scenarios: [String: String]?
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
