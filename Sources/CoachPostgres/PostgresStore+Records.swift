import CoachCore
import CoachStore
import Foundation

/// Recording sessions, finding attempts and trainees.
extension PostgresStore {
  // MARK: - Recording

  public func begin(_ attempt: AttemptStart) throws(StoreError) {
    if let problem = Trainee.problem(withID: attempt.trainee) { throw .invalidValue(problem) }
    if let text = attempt.scenarioText, SHA256.hex(of: Array(text.utf8)) != attempt.contentHash {
      throw .invalidValue("the scenario's content is not the one its hash names")
    }
    try transaction { session in
      let cohort = try Self.saveTrainee(session, id: attempt.trainee, name: nil, cohort: attempt.cohort).cohort
      if try !session.rows("SELECT 1 FROM attempts WHERE id = $1", [.uuid(attempt.id)]).isEmpty {
        throw StoreError.invalidChange(attempt: attempt.id, reason: "an attempt with this id already exists")
      }
      try Self.keepScenario(
        session, hash: attempt.contentHash, id: attempt.scenarioID, version: attempt.scenarioVersion,
        text: attempt.scenarioText, attempt: attempt.id)
      var header = attempt.header
      header.cohort = cohort
      try Self.insertAttempt(session, header, seed: attempt.state.seed, log: AttemptLog())
      if let hash = attempt.rubricHash, let text = attempt.rubricText {
        try session.execute(
          "INSERT INTO rubrics (hash, id, text) VALUES ($1, $2, $3) ON CONFLICT (hash) DO NOTHING",
          [.text(hash), .text(attempt.rubricID), .text(text)])
      }
    }
  }

  public func record(_ turn: TurnRecord, attempt: UUID, state: SessionState) throws(StoreError) {
    guard turn.secondsToAnswer.isFinite, turn.secondsToAnswer >= 0 else {
      throw .invalidChange(attempt: attempt, reason: "a turn cannot take \(turn.secondsToAnswer) seconds")
    }
    try transaction { session in
      var (log, start) = try Self.lockInProgress(session, attempt)
      try log.append(turn, depth: state.turns.count - 1, start: start, attempt: attempt)
      try Self.save(session, attempt: attempt, log: log, start: start)
    }
  }

  public func undo(attempt: UUID, turnIndex: Int, state: SessionState) throws(StoreError) {
    try transaction { session in
      var (log, start) = try Self.lockInProgress(session, attempt)
      guard log.entries.indices.contains(turnIndex), !log.entries[turnIndex].undone else {
        throw StoreError.invalidChange(attempt: attempt, reason: "there is no answered turn \(turnIndex) to undo")
      }
      log.entries[turnIndex].undone = true
      try Self.save(session, attempt: attempt, log: log, start: start)
    }
  }

  public func restart(attempt: UUID, state: SessionState) throws(StoreError) {
    try transaction { session in
      var (log, start) = try Self.lockInProgress(session, attempt)
      for index in log.entries.indices { log.entries[index].undone = true }
      try Self.save(session, attempt: attempt, log: log, start: start)
    }
  }

  public func finish(
    attempt: UUID, at: Date, ending: String, report: SessionReport, state: SessionState
  ) throws(StoreError) {
    guard report.headlineScore.isFinite else {
      throw .invalidChange(attempt: attempt, reason: "the report's score is not a number")
    }
    try transaction { session in
      try Self.lockInProgress(session, attempt)
      // One statement: once complete, a trainee's login can change the attempt no further.
      try Self.setFigures(
        session, attempt: attempt, report: report,
        also: [
          ("status", .text(AttemptStatus.complete.rawValue)), ("finished_at", .date(StoreDate.normalized(at))),
          ("ending", .text(ending)),
        ])
    }
  }

  public func suspend(attempt: UUID, state: SessionState) throws(StoreError) {
    // The state is rebuilt from the log, which already holds every answer.
    try transaction { session in _ = try Self.lockInProgress(session, attempt) }
  }

  // MARK: - Attempts

  public func unfinishedAttempts(trainee: String?) throws(StoreError) -> [AttemptSummary] {
    try transaction { session in
      var sql = """
        SELECT a.id, a.trainee_id, a.scenario_id, a.scenario_version, a.scenario_title, a.scenario_path, a.mode,
          a.started_at, a.last_activity, a.turn_count
        FROM attempts a WHERE a.status = 'in-progress'
        """
      var values: [SQLValue] = []
      if let trainee {
        sql += " AND a.trainee_id = $1"
        values.append(.text(trainee))
      }
      sql += " ORDER BY a.last_activity DESC, a.id"
      return try session.rows(sql, values).map { row in
        let id = try Self.required(row.uuid(0), "an attempt's id")
        return AttemptSummary(
          id: id, trainee: try Self.required(row.text(1), "trainee"),
          scenarioID: try Self.required(row.text(2), "scenario"),
          scenarioVersion: try Self.required(row.text(3), "version"),
          scenarioTitle: try Self.required(row.text(4), "title"), scenarioPath: try Self.required(row.text(5), "path"),
          mode: try Self.mode(row.text(6), id), startedAt: try Self.required(row.date(7), "start"),
          lastActivity: try Self.required(row.date(8), "last activity"), turnCount: try row.integer(9) ?? 0)
      }
    }
  }

  public func attemptIDs(matching prefix: String, trainee: String?) throws(StoreError) -> [UUID] {
    try transaction { session in
      var sql = "SELECT id FROM attempts WHERE true"
      var values: [SQLValue] = []
      let latest = prefix.lowercased() == "latest"
      if !latest {
        let escaped = prefix.lowercased().replacingOccurrences(of: "\\", with: "\\\\")
          .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
        values.append(.text(escaped + "%"))
        sql += " AND id::text LIKE $\(values.count)"
      }
      if let trainee {
        values.append(.text(trainee))
        sql += " AND trainee_id = $\(values.count)"
      }
      sql += " ORDER BY started_at DESC, id"
      if latest { sql += " LIMIT 1" }
      return try session.rows(sql, values).compactMap { try $0.uuid(0) }
    }
  }

  public func rubricText(hash: String) throws(StoreError) -> String? {
    try transaction { session in
      try session.rows("SELECT text FROM rubrics WHERE hash = $1", [.text(hash)]).first?.text(0)
    }
  }

  public func attempt(id: UUID) throws(StoreError) -> StoredAttempt? {
    try transaction { session in try storedAttempt(session, id: id)?.attempt }
  }

  public func turns(attempt: UUID) throws(StoreError) -> [TurnRecord] {
    try transaction { session in try storedAttempt(session, id: attempt)?.turns ?? [] }
  }

  /// The content of the scenario with SHA-256 `hash`, when an attempt played on it is kept.
  public func scenarioText(hash: String) throws(StoreError) -> String? {
    try transaction { session in
      try session.rows("SELECT text FROM scenarios WHERE hash = $1", [.text(hash)]).first?.text(0)
    }
  }

  @discardableResult
  public func forgetTyped(attempt: UUID) throws(StoreError) -> Int {
    try transaction { session in
      guard
        let text = try session.rows("SELECT log FROM attempts WHERE id = $1 FOR UPDATE", [.uuid(attempt)]).first?
          .text(0)
      else { throw StoreError.attemptNotFound(attempt) }
      var log = try AttemptLog(text: text, what: "attempt \(attempt)")
      let count = log.entries.lazy.filter { $0.typed != nil }.count
      guard count > 0 else { return 0 }
      for index in log.entries.indices { log.entries[index].typed = nil }
      try session.execute("UPDATE attempts SET log = $2 WHERE id = $1", [.uuid(attempt), .text(try log.text)])
      return count
    }
  }

  public func abandon(attempt: UUID, at: Date) throws(StoreError) {
    try transaction { session in
      guard
        let status = try session.rows("SELECT status FROM attempts WHERE id = $1 FOR UPDATE", [.uuid(attempt)])
          .first?.text(0)
      else { throw StoreError.attemptNotFound(attempt) }
      if status == AttemptStatus.abandoned.rawValue { return }
      guard status == AttemptStatus.inProgress.rawValue else {
        throw StoreError.invalidChange(attempt: attempt, reason: "it is complete, so it cannot be abandoned")
      }
      try session.execute(
        "UPDATE attempts SET status = 'abandoned', finished_at = $2 WHERE id = $1",
        [.uuid(attempt), .date(StoreDate.normalized(at))])
    }
  }

  // MARK: - Trainees

  public func storeTrainee(id: String, name: String?, cohort: String?) throws(StoreError) -> Trainee {
    if let problem = Trainee.problem(withID: id) { throw .invalidValue(problem) }
    return try transaction { session in try Self.saveTrainee(session, id: id, name: name, cohort: cohort) }
  }

  public func trainee(id: String) throws(StoreError) -> Trainee? {
    try transaction { session in
      try session.rows("SELECT id, name, cohort FROM trainees WHERE id = $1", [.text(id)]).first.map {
        Trainee(id: try $0.text(0) ?? id, name: try $0.text(1), cohort: try $0.text(2))
      }
    }
  }

  public func trainees() throws(StoreError) -> [Trainee] {
    try transaction { session in
      try session.rows("SELECT id, name, cohort FROM trainees ORDER BY id COLLATE \"C\"").map {
        Trainee(id: try $0.text(0) ?? "", name: try $0.text(1), cohort: try $0.text(2))
      }
    }
  }

  /// The trainee remembered for this login, else the trainee this login was added as
  /// (`coach admin add-trainee`).
  public func defaultTrainee() throws(StoreError) -> String? {
    try transaction { session in
      if let remembered = try session.rows(
        "SELECT value FROM settings WHERE owner = current_user AND key = $1", [.text(Self.defaultTraineeKey)]
      ).first?.text(0) {
        return remembered
      }
      return try session.rows("SELECT trainee_id FROM coach_members WHERE role = current_user").first?.text(0)
    }
  }

  public func setDefaultTrainee(_ id: String?) throws(StoreError) {
    if let id, let problem = Trainee.problem(withID: id) { throw .invalidValue(problem) }
    try transaction { session in
      guard let id else {
        try session.execute(
          "DELETE FROM settings WHERE owner = current_user AND key = $1", [.text(Self.defaultTraineeKey)])
        return
      }
      try session.execute(
        "INSERT INTO trainees (id) VALUES ($1) ON CONFLICT (id) DO NOTHING", [.text(id)])
      try session.execute(
        """
        INSERT INTO settings (key, value) VALUES ($1, $2)
        ON CONFLICT (owner, key) DO UPDATE SET value = excluded.value
        """, [.text(Self.defaultTraineeKey), .text(id)])
    }
  }

  /// The key of the remembered trainee in `settings`, one per login.
  static let defaultTraineeKey = "default-trainee"

  // MARK: - Shared steps

  static func required<T>(_ value: T?, _ what: String) throws -> T {
    guard let value else { throw StoreJSON.Damage(what: "a stored attempt", detail: "it has no \(what)") }
    return value
  }

  static func mode(_ text: String?, _ id: UUID) throws -> AttemptMode {
    guard let text, let mode = AttemptMode(rawValue: text) else {
      throw StoreJSON.Damage(what: "attempt \(id)", detail: "unknown mode \(text ?? "none")")
    }
    return mode
  }

  /// Creates or updates a trainee; a nil name or cohort keeps what is stored. Only what changes
  /// is written, so a trainee's login, which may not change its cohort, can begin attempts.
  static func saveTrainee(_ session: Session, id: String, name: String?, cohort: String?) throws -> Trainee {
    guard let row = try session.rows("SELECT name, cohort FROM trainees WHERE id = $1", [.text(id)]).first else {
      try session.execute(
        "INSERT INTO trainees (id, name, cohort) VALUES ($1, $2, $3)", [.text(id), .text(name), .text(cohort)])
      return Trainee(id: id, name: name, cohort: cohort)
    }
    var trainee = Trainee(id: id, name: try row.text(0), cohort: try row.text(1))
    if let name, name != trainee.name {
      try session.execute("UPDATE trainees SET name = $2 WHERE id = $1", [.text(id), .text(name)])
      trainee.name = name
    }
    if let cohort, cohort != trainee.cohort {
      try session.execute("UPDATE trainees SET cohort = $2 WHERE id = $1", [.text(id), .text(cohort)])
      trainee.cohort = cohort
    }
    return trainee
  }

  /// Locks the attempt's row for this transaction; throws unless it exists and is in progress.
  /// Returns its log and start.
  @discardableResult
  static func lockInProgress(_ session: Session, _ id: UUID) throws -> (log: AttemptLog, start: Date) {
    guard
      let row = try session.rows("SELECT status, log, started_at FROM attempts WHERE id = $1 FOR UPDATE", [.uuid(id)])
        .first
    else { throw StoreError.attemptNotFound(id) }
    let status = try row.text(0) ?? ""
    guard status == AttemptStatus.inProgress.rawValue else {
      throw StoreError.invalidChange(attempt: id, reason: "it is \(status), not in progress")
    }
    return (
      try AttemptLog(text: try required(row.text(1), "log"), what: "attempt \(id)"),
      try required(row.date(2), "start")
    )
  }

  /// Writes `log` with the figures taken from it.
  static func save(_ session: Session, attempt: UUID, log: AttemptLog, start: Date) throws {
    try session.execute(
      "UPDATE attempts SET log = $2, turn_count = $3, last_activity = $4 WHERE id = $1",
      [.uuid(attempt), .text(try log.text), .integer(log.keptCount), .date(log.lastActivity(start: start))])
  }

  /// Keeps the scenario's content by its hash, once; throws when it is needed and not given.
  static func keepScenario(
    _ session: Session, hash: String, id: String, version: String, text: String?, attempt: UUID
  ) throws {
    if let text {
      try session.execute(
        "INSERT INTO scenarios (hash, id, version, text) VALUES ($1, $2, $3, $4) ON CONFLICT (hash) DO NOTHING",
        [.text(hash), .text(id), .text(version), .text(text)])
    } else if try session.rows("SELECT 1 FROM scenarios WHERE hash = $1", [.text(hash)]).isEmpty {
      throw StoreError.invalidChange(
        attempt: attempt, reason: "its scenario's content is not kept, so its score could never be checked")
    }
  }

  static func insertAttempt(_ session: Session, _ header: AttemptHeader, seed: UInt64?, log: AttemptLog) throws {
    try session.execute(
      """
      INSERT INTO attempts (id, trainee_id, cohort, scenario_id, scenario_version, scenario_title, content_hash,
        scenario_path, mode, rubric_id, rubric_hash, status, started_at, finished_at, ending, seed, log, turn_count,
        last_activity)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
      """,
      [
        .uuid(header.id), .text(header.trainee), .text(header.cohort), .text(header.scenarioID),
        .text(header.scenarioVersion), .text(header.scenarioTitle), .text(header.contentHash),
        .text(header.scenarioPath), .text(header.mode.rawValue), .text(header.rubricID), .text(header.rubricHash),
        .text(header.status.rawValue), .date(StoreDate.normalized(header.startedAt)),
        .date(header.finishedAt.map(StoreDate.normalized)), .text(header.ending),
        .integer(seed.map { Int(Int64(bitPattern: $0)) }), .text(try log.text), .integer(log.keptCount),
        .date(log.lastActivity(start: header.startedAt)),
      ])
  }

  /// Stores the figures of `report` and the `also` columns, in one statement.
  static func setFigures(
    _ session: Session, attempt: UUID, report: SessionReport, also: [(String, SQLValue)] = []
  ) throws {
    let figures = ReportColumns(report)
    var assignments = ["score = $2", "band = $3", "mia = $4", "mina = $5"]
    var values: [SQLValue] = [
      .uuid(attempt), .number(figures.score), .text(figures.band), .integer(figures.mia), .integer(figures.mina),
    ]
    for (column, count) in zip(PostgresSchema.countColumns, figures.counts) {
      values.append(.integer(count))
      assignments.append("\(column) = $\(values.count)")
    }
    for (column, value) in zip(
      PostgresSchema.globalColumns + PostgresSchema.metricColumns, figures.globals + figures.metrics)
    {
      values.append(.number(value))
      assignments.append("\(column) = $\(values.count)")
    }
    for (column, value) in also {
      values.append(value)
      assignments.append("\(column) = $\(values.count)")
    }
    try session.execute("UPDATE attempts SET \(assignments.joined(separator: ", ")) WHERE id = $1", values)
  }

  /// The columns `facts(_:)` reads, from `attempts a`.
  static let headerColumns = """
    a.id, a.trainee_id, a.cohort, a.scenario_id, a.scenario_version, a.scenario_title, a.content_hash,
    a.scenario_path, a.mode, a.rubric_id, a.rubric_hash, a.status, a.started_at, a.finished_at, a.ending, a.seed,
    a.log, a.score, a.band
    """

  /// The header, seed and log from the columns of `headerColumns`.
  static func facts(_ row: ResultRow) throws -> (header: AttemptHeader, seed: UInt64?, log: AttemptLog) {
    let id = try required(row.uuid(0), "id")
    let statusText = try row.text(11)
    guard let status = statusText.flatMap(AttemptStatus.init(rawValue:)) else {
      throw StoreJSON.Damage(what: "attempt \(id)", detail: "unknown status \(statusText ?? "none")")
    }
    let header = AttemptHeader(
      id: id, trainee: try required(row.text(1), "trainee"), cohort: try row.text(2),
      scenarioID: try required(row.text(3), "scenario"), scenarioVersion: try required(row.text(4), "version"),
      scenarioTitle: try required(row.text(5), "title"), contentHash: try required(row.text(6), "content hash"),
      scenarioPath: try required(row.text(7), "path"), mode: try mode(row.text(8), id),
      rubricID: try required(row.text(9), "rubric"), rubricHash: try row.text(10), status: status,
      startedAt: try required(row.date(12), "start"), finishedAt: try row.date(13), ending: try row.text(14))
    let seed = try row.integer(15).map { UInt64(bitPattern: Int64($0)) }
    let log = try AttemptLog(text: try required(row.text(16), "log"), what: "attempt \(id)")
    return (header, seed, log)
  }

  /// Replays `log` in the attempt's scenario and rubric, kept on the server by hash.
  func rebuild(_ session: Session, header: AttemptHeader, seed: UInt64?, log: AttemptLog) throws -> ReplayedAttempt {
    try log.rebuild(
      header: header, seed: seed, cache: cache,
      scenarioText: {
        try session.rows("SELECT text FROM scenarios WHERE hash = $1", [.text(header.contentHash)]).first?.text(0)
      },
      rubricText: {
        guard let hash = header.rubricHash else { return nil }
        return try session.rows("SELECT text FROM rubrics WHERE hash = $1", [.text(hash)]).first?.text(0)
      })
  }

  /// The attempt with `id` and all its turns, rebuilt; nil when there is none (or it is not
  /// visible to this login).
  func storedAttempt(_ session: Session, id: UUID) throws -> (attempt: StoredAttempt, turns: [TurnRecord])? {
    guard
      let row = try session.rows("SELECT \(Self.headerColumns) FROM attempts a WHERE a.id = $1", [.uuid(id)]).first
    else { return nil }
    let (header, seed, log) = try Self.facts(row)
    let replayed = try rebuild(session, header: header, seed: seed, log: log)
    let band = try row.text(18).flatMap(Band.init(rawValue:))
    return (
      StoredAttempt(
        header: header, state: replayed.state, report: replayed.report, turnCount: log.keptCount,
        nextTurnIndex: log.entries.count, storedScore: try row.number(17).flatMap { score in band.map { (score, $0) } }),
      replayed.turns
    )
  }
}
