import CoachCore
import Foundation

/// The trainee records, whichever database keeps them: SQLite on a trainee's own machine
/// (`AppDatabase`) or a programme's shared PostgreSQL server (`CoachPostgres.PostgresStore`).
///
/// Every method says what it does and is one transaction, durable when it returns. The two
/// engines pass the same contract tests, so a command never needs to know which one it has.
public protocol RecordStore: AttemptRecorder {
  /// Where the records are, as a person reads it: a file path, or a server's address without its
  /// password.
  var location: String { get }

  // Recording a session: `AttemptRecorder`'s methods, each one transaction. Both engines throw
  // only `StoreError` from them.

  // MARK: Attempts

  /// The attempts still in progress, most recently active first; only `trainee`'s when given.
  func unfinishedAttempts(trainee: String?) throws(StoreError) -> [AttemptSummary]
  /// The ids of the attempts whose id starts with `prefix` (case-insensitive), most recently
  /// started first; only `trainee`'s when given. `latest` names the most recent one.
  func attemptIDs(matching prefix: String, trainee: String?) throws(StoreError) -> [UUID]
  /// The attempt with `id`, with everything needed to resume it; nil when there is none.
  func attempt(id: UUID) throws(StoreError) -> StoredAttempt?
  /// Every turn recorded for the attempt, undone ones included, in order.
  func turns(attempt: UUID) throws(StoreError) -> [TurnRecord]
  /// Gives up an attempt in progress; abandoning an abandoned attempt does nothing.
  func abandon(attempt: UUID, at: Date) throws(StoreError)
  /// Deletes what the trainee typed in their own words in an attempt; returns how many.
  @discardableResult
  func forgetTyped(attempt: UUID) throws(StoreError) -> Int
  /// The canonical text of the rubric with SHA-256 `hash`, when an attempt scored with it is kept.
  func rubricText(hash: String) throws(StoreError) -> String?
  /// The content of the scenario file with SHA-256 `hash`, when an attempt played on it is kept.
  func scenarioText(hash: String) throws(StoreError) -> String?

  // MARK: Trainees

  /// Creates the trainee, or updates them; a nil `name` or `cohort` keeps what is stored. Returns
  /// the trainee as stored.
  func storeTrainee(id: String, name: String?, cohort: String?) throws(StoreError) -> Trainee
  /// The trainee with `id`, if known (and visible to whoever is asking).
  func trainee(id: String) throws(StoreError) -> Trainee?
  /// Every trainee, by id.
  func trainees() throws(StoreError) -> [Trainee]
  /// The trainee remembered for when none is named, if any.
  func defaultTrainee() throws(StoreError) -> String?
  /// Remembers `id` as the default trainee (creating the trainee if new); nil forgets it.
  func setDefaultTrainee(_ id: String?) throws(StoreError)

  // MARK: Scores

  /// One row per attempt matching `query`, oldest first.
  func attemptScores(_ query: ScoreQuery) throws(StoreError) -> [AttemptScore]
  /// One row per turn of the attempts matching `query`, undone turns included.
  func turnScores(_ query: ScoreQuery) throws(StoreError) -> [TurnScore]
  /// Every attempt matching `query`, oldest first, with what the cohort dashboard reads.
  func cohortAttempts(_ query: ScoreQuery) throws(StoreError) -> [CohortAttempt]
  /// Calls `body` with each attempt matching `query`, oldest first, and its scenario's label,
  /// reading a few rows at a time so any number of attempts streams in little memory. `body`
  /// returns false to stop.
  func forEachAttemptScore(_ query: ScoreQuery, _ body: (AttemptScore, _ label: String) -> Bool)
    throws(StoreError)

  // MARK: Moving records

  /// Every attempt of `trainee`, oldest first, as an export document dated `now`.
  func export(trainee: String, now: Date) throws(StoreError) -> ExportDocument
  /// Imports the export file `data`, named `file` in the report: whole or not at all.
  func importExport(_ data: Data, file: String) throws(StoreError) -> ImportReport

  /// Closes the store; later calls fail.
  func close() throws(StoreError)
}

extension RecordStore {
  /// Creates the trainee, or updates them when they exist; a nil `name` or `cohort` keeps what is
  /// stored. Returns the trainee as stored.
  @discardableResult
  public func upsertTrainee(id: String, name: String? = nil, cohort: String? = nil) throws(StoreError) -> Trainee {
    try storeTrainee(id: id, name: name, cohort: cohort)
  }

  /// Gives up an attempt in progress now.
  public func abandon(attempt: UUID) throws(StoreError) {
    try abandon(attempt: attempt, at: Date())
  }

  /// Every attempt of `trainee`, dated now.
  public func export(trainee: String) throws(StoreError) -> ExportDocument {
    try export(trainee: trainee, now: Date())
  }

  /// One row per trainee and scenario version with attempts matching `query`, by trainee then
  /// scenario. Different versions, files or rubrics of a scenario get rows of their own.
  public func traineeScores(_ query: ScoreQuery) throws(StoreError) -> [TraineeScore] {
    TraineeScore.grouping(try attemptScores(query))
  }
}
