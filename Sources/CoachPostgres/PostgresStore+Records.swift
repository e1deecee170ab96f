import CoachCore
import CoachStore
import Foundation

/// Recording sessions, finding attempts and trainees.
extension PostgresStore {
  // MARK: - Recording

  public func begin(_ attempt: AttemptStart) throws(StoreError) {
    if let problem = Trainee.problem(withID: attempt.trainee) { throw .invalidValue(problem) }
    let state = try json(attempt.state)
    try transaction { session in
      let cohort = try Self.saveTrainee(session, id: attempt.trainee, name: nil, cohort: attempt.cohort).cohort
      if try !session.rows("SELECT 1 FROM attempts WHERE id = $1", [.uuid(attempt.id)]).isEmpty {
        throw StoreError.invalidChange(attempt: attempt.id, reason: "an attempt with this id already exists")
      }
      var header = AttemptHeader(attempt)
      header.cohort = cohort
      try Self.insertAttempt(session, header, state: state)
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
    let stateText = try json(state)
    let row = try TurnColumns(turn)
    try transaction { session in
      try Self.lockInProgress(session, attempt)
      let expected =
        try session.rows("SELECT count(*) FROM turns WHERE attempt_id = $1", [.uuid(attempt)]).first?.integer(0) ?? 0
      guard turn.index == expected else {
        throw StoreError.invalidChange(
          attempt: attempt, reason: "turn \(turn.index) was recorded where turn \(expected) was expected")
      }
      try Self.insertTurn(session, row, attempt: attempt)
      try session.execute("UPDATE attempts SET state = $2 WHERE id = $1", [.uuid(attempt), .text(stateText)])
    }
  }

  public func undo(attempt: UUID, turnIndex: Int, state: SessionState) throws(StoreError) {
    let stateText = try json(state)
    try transaction { session in
      try Self.lockInProgress(session, attempt)
      let changed = try session.execute(
        "UPDATE turns SET undone = true WHERE attempt_id = $1 AND turn_index = $2 AND NOT undone",
        [.uuid(attempt), .integer(turnIndex)])
      guard changed == 1 else {
        throw StoreError.invalidChange(attempt: attempt, reason: "there is no answered turn \(turnIndex) to undo")
      }
      try session.execute("UPDATE attempts SET state = $2 WHERE id = $1", [.uuid(attempt), .text(stateText)])
    }
  }

  public func restart(attempt: UUID, state: SessionState) throws(StoreError) {
    let stateText = try json(state)
    try transaction { session in
      try Self.lockInProgress(session, attempt)
      try session.execute("UPDATE turns SET undone = true WHERE attempt_id = $1", [.uuid(attempt)])
      try session.execute("UPDATE attempts SET state = $2 WHERE id = $1", [.uuid(attempt), .text(stateText)])
    }
  }

  public func finish(
    attempt: UUID, at: Date, ending: String, report: SessionReport, state: SessionState
  ) throws(StoreError) {
    guard report.headlineScore.isFinite else {
      throw .invalidChange(attempt: attempt, reason: "the report's score is not a number")
    }
    let stateText = try json(state)
    let reportText = try json(report)
    try transaction { session in
      try Self.lockInProgress(session, attempt)
      // One statement: once complete, a trainee's login can change the attempt no further.
      try Self.setReport(
        session, attempt: attempt, report: report, text: reportText,
        also: [
          ("status", .text(AttemptStatus.complete.rawValue)), ("finished_at", .date(StoreDate.normalized(at))),
          ("ending", .text(ending)), ("state", .text(stateText)),
        ])
    }
  }

  public func suspend(attempt: UUID, state: SessionState) throws(StoreError) {
    let stateText = try json(state)
    try transaction { session in
      try Self.lockInProgress(session, attempt)
      try session.execute("UPDATE attempts SET state = $2 WHERE id = $1", [.uuid(attempt), .text(stateText)])
    }
  }

  // MARK: - Attempts

  public func unfinishedAttempts(trainee: String?) throws(StoreError) -> [AttemptSummary] {
    try transaction { session in
      var sql = """
        SELECT a.id, a.trainee_id, a.scenario_id, a.scenario_version, a.scenario_title, a.scenario_path, a.mode,
          a.started_at,
          COALESCE((SELECT max(answered_at) FROM turns t WHERE t.attempt_id = a.id), a.started_at) AS last_activity,
          (SELECT count(*) FROM turns t WHERE t.attempt_id = a.id AND NOT t.undone)::integer
        FROM attempts a WHERE a.status = 'in-progress'
        """
      var values: [SQLValue] = []
      if let trainee {
        sql += " AND a.trainee_id = $1"
        values.append(.text(trainee))
      }
      sql += " ORDER BY last_activity DESC, a.id"
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
    try transaction { session in try Self.storedAttempt(session, id: id) }
  }

  public func turns(attempt: UUID) throws(StoreError) -> [TurnRecord] {
    try transaction { session in try Self.turns(session, attempt: attempt) }
  }

  @discardableResult
  public func forgetTyped(attempt: UUID) throws(StoreError) -> Int {
    try transaction { session in
      guard try !session.rows("SELECT 1 FROM attempts WHERE id = $1", [.uuid(attempt)]).isEmpty else {
        throw StoreError.attemptNotFound(attempt)
      }
      return try session.execute(
        "UPDATE turns SET typed = NULL WHERE attempt_id = $1 AND typed IS NOT NULL", [.uuid(attempt)])
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

  /// `value` as the store's JSON text.
  func json(_ value: some Encodable) throws(StoreError) -> String {
    do { return try StoreJSON.text(value) } catch { throw PostgresStore.storeError(error, server: location) }
  }

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
  static func lockInProgress(_ session: Session, _ id: UUID) throws {
    guard
      let status = try session.rows("SELECT status FROM attempts WHERE id = $1 FOR UPDATE", [.uuid(id)]).first?.text(0)
    else { throw StoreError.attemptNotFound(id) }
    guard status == AttemptStatus.inProgress.rawValue else {
      throw StoreError.invalidChange(attempt: id, reason: "it is \(status), not in progress")
    }
  }

  static func insertAttempt(_ session: Session, _ header: AttemptHeader, state: String) throws {
    try session.execute(
      """
      INSERT INTO attempts (id, trainee_id, cohort, scenario_id, scenario_version, scenario_title, content_hash,
        scenario_path, mode, rubric_id, rubric_hash, status, started_at, finished_at, ending, state)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
      """,
      [
        .uuid(header.id), .text(header.trainee), .text(header.cohort), .text(header.scenarioID),
        .text(header.scenarioVersion),
        .text(header.scenarioTitle), .text(header.contentHash), .text(header.scenarioPath),
        .text(header.mode.rawValue), .text(header.rubricID), .text(header.rubricHash), .text(header.status.rawValue),
        .date(StoreDate.normalized(header.startedAt)), .date(header.finishedAt.map(StoreDate.normalized)),
        .text(header.ending), .text(state),
      ])
  }

  /// Stores the report and the figures taken from it, and the `also` columns, in one statement.
  static func setReport(
    _ session: Session, attempt: UUID, report: SessionReport, text: String, also: [(String, SQLValue)] = []
  ) throws {
    let figures = ReportColumns(report)
    var assignments = ["report = $2", "score = $3", "band = $4", "mia = $5", "mina = $6"]
    var values: [SQLValue] = [
      .uuid(attempt), .text(text), .number(figures.score), .text(figures.band), .integer(figures.mia),
      .integer(figures.mina),
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

  static func insertTurn(_ session: Session, _ turn: TurnColumns, attempt: UUID) throws {
    try session.execute(
      """
      INSERT INTO turns (attempt_id, turn_index, node_id, choice_id, codes, state_after, seconds_to_answer,
        answered_at, undone, typed)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
      """,
      [
        .uuid(attempt), .integer(turn.index), .text(turn.node), .text(turn.choice), .text(turn.codes),
        .text(turn.stateAfter), .number(turn.secondsToAnswer), .date(turn.answeredAt), .flag(turn.undone),
        .text(turn.typed),
      ])
  }

  static func turns(_ session: Session, attempt: UUID) throws -> [TurnRecord] {
    try session.rows(
      """
      SELECT turn_index, node_id, choice_id, codes, state_after, seconds_to_answer, answered_at, undone, typed
      FROM turns WHERE attempt_id = $1 ORDER BY turn_index
      """, [.uuid(attempt)]
    ).map { try turnRecord($0, attempt: attempt) }
  }

  /// A turn from the columns `turns(_:attempt:)` selects, from column `offset` on.
  static func turnRecord(_ row: ResultRow, attempt: UUID, offset: Int = 0) throws -> TurnRecord {
    let index = try required(row.integer(offset), "turn index")
    let what = "turn \(index) of attempt \(attempt)"
    return TurnRecord(
      index: index, node: try required(row.text(offset + 1), "node"),
      choice: try required(row.text(offset + 2), "choice"),
      codes: try StoreJSON.value(
        [TechniqueCode].self, from: try required(row.text(offset + 3), "codes"), what: "the codes of \(what)"),
      stateAfter: try StoreJSON.value(
        [String: Value].self, from: try required(row.text(offset + 4), "state"), what: "the state after \(what)"),
      secondsToAnswer: try required(row.number(offset + 5), "time"),
      answeredAt: try required(row.date(offset + 6), "answer time"), undone: try row.bool(offset + 7) ?? false,
      typed: try row.text(offset + 8))
  }

  static func storedAttempt(_ session: Session, id: UUID) throws -> StoredAttempt? {
    guard
      let row = try session.rows(
        """
        SELECT a.id, a.trainee_id, a.cohort, a.scenario_id, a.scenario_version, a.scenario_title, a.content_hash,
          a.scenario_path, a.mode, a.rubric_id, a.rubric_hash, a.status, a.started_at, a.finished_at, a.ending,
          a.state, a.report,
          (SELECT count(*) FROM turns t WHERE t.attempt_id = a.id AND NOT t.undone)::integer,
          (SELECT count(*) FROM turns t WHERE t.attempt_id = a.id)::integer
        FROM attempts a WHERE a.id = $1
        """, [.uuid(id)]
      ).first
    else { return nil }
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
    return StoredAttempt(
      header: header,
      state: try StoreJSON.value(
        SessionState.self, from: try required(row.text(15), "state"), what: "the saved state of attempt \(id)"),
      report: try row.text(16).map {
        try StoreJSON.value(SessionReport.self, from: $0, what: "the report of attempt \(id)")
      }, turnCount: try row.integer(17) ?? 0, nextTurnIndex: try row.integer(18) ?? 0)
  }
}

/// A turn as its columns hold it.
struct TurnColumns {
  var index: Int
  var node: String
  var choice: String
  var codes: String
  var stateAfter: String
  var secondsToAnswer: Double
  var answeredAt: Date
  var undone: Bool
  var typed: String?

  init(_ turn: TurnRecord) throws(StoreError) {
    index = turn.index
    node = turn.node
    choice = turn.choice
    do {
      codes = try StoreJSON.text(turn.codes)
      stateAfter = try StoreJSON.text(turn.stateAfter)
    } catch {
      throw .invalidValue("cannot save turn \(turn.index): a value cannot be written")
    }
    secondsToAnswer = turn.secondsToAnswer
    answeredAt = StoreDate.normalized(turn.answeredAt)
    undone = turn.undone
    typed = turn.typed
  }
}
