import Foundation

/// Pushing a trainee's attempts from one store to another (`coach sync`): from the SQLite file on
/// their laptop to the programme's server, say, after practising offline.
///
/// Each attempt goes as an export of its own, checked and stored in one transaction, so a sync cut
/// short keeps what it had pushed, and running it again pushes the rest: an attempt already there
/// is skipped, one there in progress and since played further is brought up to date.
public enum RecordSync {
  /// What a sync did.
  public struct Report: Sendable, Equatable {
    public var added: [UUID] = []
    public var updated: [UUID] = []
    public var skipped: [UUID] = []
    public var rejected: [ImportReport.Rejection] = []
    /// Whether the sync went through every attempt (false when told to stop).
    public var finished = true

    public init() {}
  }

  /// Pushes every attempt of `trainee` in `source` to `target`, oldest first. `proceed` is asked
  /// before each attempt and stops the sync when it says no.
  public static func push(
    trainee: String, from source: any RecordStore, to target: any RecordStore, now: Date = Date(),
    proceed: (UUID) -> Bool = { _ in true }
  ) throws(StoreError) -> Report {
    let document = try source.export(trainee: trainee, now: now)
    var report = Report()
    for attempt in document.attempts {
      guard proceed(attempt.id) else {
        report.finished = false
        break
      }
      let single = ExportDocument(
        exportedAt: document.exportedAt, trainee: document.trainee, attempts: [attempt],
        rubrics: attempt.rubricHash.flatMap { hash in document.rubrics?[hash].map { [hash: $0] } },
        scenarios: document.scenarios?[attempt.contentHash].map { [attempt.contentHash: $0] })
      let outcome = try target.importExport(try single.encoded(), file: "attempt \(attempt.id.uuidString)")
      report.added += outcome.added
      report.updated += outcome.updated
      report.skipped += outcome.skipped
      report.rejected += outcome.rejected
    }
    return report
  }
}
