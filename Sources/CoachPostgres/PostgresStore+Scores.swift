import CoachCore
import CoachStore
import Foundation

/// Scores for course leads, and moving records in and out.
extension PostgresStore {
  // MARK: - Scores

  public func attemptScores(_ query: ScoreQuery) throws(StoreError) -> [AttemptScore] {
    try transaction { session in try checkedScores(session, query, rebuilding: false).map(\.score) }
  }

  public func turnScores(_ query: ScoreQuery) throws(StoreError) -> [TurnScore] {
    try transaction { session in
      let attempts = try checkedScores(session, query)
      var turns: [UUID: [TurnRecord]] = [:]
      for attempt in attempts { turns[attempt.score.attempt] = attempt.replayed?.turns ?? [] }
      return TurnScore.rows(attempts.map { ($0.score, $0.replayed?.report) }, turns: { turns[$0, default: []] })
    }
  }

  public func cohortAttempts(_ query: ScoreQuery) throws(StoreError) -> [CohortAttempt] {
    try transaction { session in
      let labels = try Self.scenarioLabels(session, query)
      return try checkedScores(session, query).map { attempt in
        let score = attempt.score
        let (turns, safety) = CohortAttempt.digest(score.figures == nil ? nil : attempt.replayed?.report)
        return CohortAttempt(
          score: score, label: labels[score.scenario] ?? score.scenario.versioned,
          scenarioPath: attempt.scenarioPath, turns: turns, safety: safety)
      }
    }
  }

  /// The score rows matching `query`, each checked against its turns, with the attempt rebuilt.
  private func checkedScores(_ session: Session, _ query: ScoreQuery, rebuilding: Bool = true) throws
    -> [CheckedScore]
  {
    let (sql, values) = Self.attemptSQL(query)
    return try session.rows(sql, values).map { try checkedScore($0, session, rebuilding: rebuilding) }
  }

  private struct CheckedScore {
    var score: AttemptScore
    var replayed: ReplayedAttempt?
    var scenarioPath: String
  }

  /// The score row `row` holds, checked against its turns.
  /// The score row `row` holds, checked against its turns; with the attempt rebuilt from them
  /// when `rebuilding` (else only its score is recomputed).
  private func checkedScore(_ row: ResultRow, _ session: Session, rebuilding: Bool) throws -> CheckedScore {
    var score = try AttemptScore(reading: ScoreRow(row: row))
    let log = try row.text(ScoreColumn.extraStart).map { try AttemptLog(text: $0, what: "attempt \(score.attempt)") }
    let seed = try row.integer(ScoreColumn.extraStart + 1).map { UInt64(bitPattern: Int64($0)) }
    guard rebuilding else {
      let header = score.header
      score.verifyScore(log: log) { log in
        try log.earnedFigures(
          header: header, cache: cache,
          scenarioText: {
            try session.rows("SELECT text FROM scenarios WHERE hash = $1", [.text(header.contentHash)]).first?.text(0)
          },
          rubricText: {
            guard let hash = header.rubricHash else { return nil }
            return try session.rows("SELECT text FROM rubrics WHERE hash = $1", [.text(hash)]).first?.text(0)
          })
      }
      return CheckedScore(score: score, replayed: nil, scenarioPath: try row.text(ScoreColumn.extraStart + 2) ?? "")
    }
    let replayed = score.verify(log: log, seed: seed) { header, seed, log in
      try rebuild(session, header: header, seed: seed, log: log)
    }
    return CheckedScore(
      score: score, replayed: replayed, scenarioPath: try row.text(ScoreColumn.extraStart + 2) ?? "")
  }

  public func forEachAttemptScore(_ query: ScoreQuery, _ body: (AttemptScore, _ label: String) -> Bool)
    throws(StoreError)
  {
    try transaction { session in
      let labels = try Self.scenarioLabels(session, query)
      let (sql, values) = Self.attemptSQL(query)
      // A cursor reads a batch at a time, so memory stays flat however many attempts there are.
      try session.execute("DECLARE scores NO SCROLL CURSOR FOR \(sql)", values)
      fetching: while true {
        let batch = try session.rows("FETCH FORWARD 5000 FROM scores")
        if batch.isEmpty { break }
        for row in batch {
          let score = try checkedScore(row, session, rebuilding: false).score
          guard body(score, labels[score.scenario] ?? score.scenario.versioned) else { break fetching }
        }
      }
      try session.execute("CLOSE scores")
    }
  }

  // MARK: - Export and import

  public func export(trainee: String, now: Date) throws(StoreError) -> ExportDocument {
    try transaction { session in
      guard
        let person = try session.rows("SELECT id, name, cohort FROM trainees WHERE id = $1", [.text(trainee)]).first
      else { throw StoreError.traineeNotFound(trainee) }
      let ids = try session.rows(
        "SELECT id FROM attempts WHERE trainee_id = $1 ORDER BY started_at, id", [.text(trainee)]
      ).compactMap { try $0.uuid(0) }
      let attempts = try ids.map { id in try exported(session, id: id) }
      var rubrics: [String: String] = [:]
      for hash in Set(attempts.compactMap(\.rubricHash)) {
        rubrics[hash] = try session.rows("SELECT text FROM rubrics WHERE hash = $1", [.text(hash)]).first?.text(0)
      }
      var scenarios: [String: String] = [:]
      for hash in Set(attempts.map(\.contentHash)) {
        scenarios[hash] = try session.rows("SELECT text FROM scenarios WHERE hash = $1", [.text(hash)]).first?.text(0)
      }
      return ExportDocument(
        exportedAt: StoreDate.normalized(now),
        trainee: Trainee(id: try person.text(0) ?? trainee, name: try person.text(1), cohort: try person.text(2)),
        attempts: attempts, rubrics: rubrics.isEmpty ? nil : rubrics, scenarios: scenarios.isEmpty ? nil : scenarios)
    }
  }

  public func importExport(_ data: Data, file: String) throws(StoreError) -> ImportReport {
    var plan: ImportPlan
    switch ImportPlan.check(data, file: file) {
    case .plan(let checked): plan = checked
    case .rejected(let report): return report
    }
    // Nothing from a file with a conflict is kept.
    let outcome = try transaction(rollingBackWhen: { (outcome: ImportPlan.Outcome) in !outcome.conflicts.isEmpty }) {
      session in
      var outcome = ImportPlan.Outcome()
      outcome.conflicts = try plan.verify(
        cache: cache,
        scenarioText: { try session.rows("SELECT text FROM scenarios WHERE hash = $1", [.text($0)]).first?.text(0) },
        rubricText: { try session.rows("SELECT text FROM rubrics WHERE hash = $1", [.text($0)]).first?.text(0) })
      if !outcome.conflicts.isEmpty { return outcome }
      for (hash, text) in plan.scenarios {
        let attempt = plan.attempts.first { $0.contentHash == hash }
        try session.execute(
          "INSERT INTO scenarios (hash, id, version, text) VALUES ($1, $2, $3, $4) ON CONFLICT (hash) DO NOTHING",
          [.text(hash), .text(attempt?.scenarioID ?? ""), .text(attempt?.scenarioVersion ?? ""), .text(text)])
      }
      for (hash, text) in plan.rubrics {
        try session.execute(
          "INSERT INTO rubrics (hash, id, text) VALUES ($1, $2, $3) ON CONFLICT (hash) DO NOTHING",
          [.text(hash), .text(plan.rubricID(hash: hash)), .text(text)])
      }
      // A trainee already known keeps their name and cohort; the file only fills in what is missing,
      // and only what changes is written (a trainee's own login may not change a cohort).
      if let known = try session.rows(
        "SELECT name, cohort FROM trainees WHERE id = $1", [.text(plan.trainee.id)]
      ).first {
        if try known.text(0) == nil, let name = plan.trainee.name {
          try session.execute("UPDATE trainees SET name = $2 WHERE id = $1", [.text(plan.trainee.id), .text(name)])
        }
        if try known.text(1) == nil, let cohort = plan.trainee.cohort {
          try session.execute(
            "UPDATE trainees SET cohort = $2 WHERE id = $1", [.text(plan.trainee.id), .text(cohort)])
        }
      } else {
        try session.execute(
          "INSERT INTO trainees (id, name, cohort) VALUES ($1, $2, $3)",
          [.text(plan.trainee.id), .text(plan.trainee.name), .text(plan.trainee.cohort)])
      }
      for (index, attempt) in plan.attempts.enumerated() {
        guard
          try !session.rows("SELECT 1 FROM attempts WHERE id = $1", [.uuid(attempt.id)]).isEmpty
        else {
          try Self.store(session, attempt, log: plan.logs[attempt.id]!)
          outcome.added.append(attempt.id)
          continue
        }
        try outcome.merge(attempt, at: index, over: try exported(session, id: attempt.id)) {
          try Self.bringUpToDate(session, attempt, log: plan.logs[attempt.id]!)
        }
      }
      return outcome
    }
    return plan.report(outcome)
  }

  func exported(_ session: Session, id: UUID) throws -> ExportedAttempt {
    guard let (attempt, turns) = try storedAttempt(session, id: id) else { throw StoreError.attemptNotFound(id) }
    return ExportedAttempt(attempt, turns: turns)
  }

  /// Writes the progress of `attempt`, stored in progress and checked since: its log and, once
  /// finished, its ending and figures. An update, not a replacement, so a trainee's own login,
  /// which may carry on an attempt in progress but delete nothing, can do it.
  static func bringUpToDate(_ session: Session, _ attempt: ExportedAttempt, log: AttemptLog) throws {
    try save(session, attempt: attempt.id, log: log, start: attempt.startedAt)
    try conclude(session, attempt)
  }

  /// Stores `attempt`, checked, as its facts: header, seed, `log` and the figures of its report.
  /// It goes in as in progress and is then concluded, as a session would conclude it, so that a
  /// trainee's own login, which may add attempts and carry them on, can sync a finished one.
  static func store(_ session: Session, _ attempt: ExportedAttempt, log: AttemptLog) throws {
    var header = attempt.header
    header.status = .inProgress
    header.finishedAt = nil
    header.ending = nil
    try insertAttempt(session, header, seed: attempt.state.seed, log: log)
    try conclude(session, attempt)
  }

  /// Writes how `attempt` ended, and the figures of its report, in one statement.
  private static func conclude(_ session: Session, _ attempt: ExportedAttempt) throws {
    let finish: [(String, SQLValue)] = [
      ("status", .text(attempt.status.rawValue)), ("finished_at", .date(attempt.finishedAt.map(StoreDate.normalized))),
      ("ending", .text(attempt.ending)),
    ]
    if let report = attempt.report {
      try setFigures(session, attempt: attempt.id, report: report, also: finish)
    } else if attempt.status != .inProgress {
      try session.execute(
        "UPDATE attempts SET status = $2, finished_at = $3, ending = $4 WHERE id = $1",
        [.uuid(attempt.id)] + finish.map(\.1))
    }
  }

  // MARK: - Querying

  /// The SQL expression of each score column.
  private static func expression(_ column: ScoreColumn) -> String {
    switch column {
    case .id: "a.id"
    case .trainee: "a.trainee_id"
    case .name: "tr.name"
    case .cohort: "COALESCE(a.cohort, tr.cohort)"
    case .scenarioID: "a.scenario_id"
    case .scenarioVersion: "a.scenario_version"
    case .contentHash: "a.content_hash"
    case .rubricID: "a.rubric_id"
    case .rubricHash: "a.rubric_hash"
    case .title: "a.scenario_title"
    case .mode: "a.mode"
    case .status: "a.status"
    case .startedAt: "a.started_at"
    case .finishedAt: "a.finished_at"
    case .ending: "a.ending"
    case .turnCount: "a.turn_count"
    case .score: "a.score"
    case .band: "a.band"
    case .mia: "a.mia"
    case .mina: "a.mina"
    case .count(let behaviour): "a.\(PostgresSchema.countColumns[behaviour.position])"
    case .global(let global): "a.\(PostgresSchema.globalColumns[global.position])"
    case .metric(let kind): "a.\(PostgresSchema.metricColumns[kind.position])"
    }
  }

  private static let scoreColumns = ScoreColumn.all.map(expression).joined(separator: ", ")

  /// The WHERE clause for `query`, over `attempts a` joined with `trainees tr`.
  static func filter(_ query: ScoreQuery) -> (String, [SQLValue]) {
    var conditions: [String] = []
    var values: [SQLValue] = []
    func add(_ condition: String, _ value: SQLValue) {
      values.append(value)
      conditions.append(condition.replacingOccurrences(of: "?", with: "$\(values.count)"))
    }
    if let cohort = query.cohort { add("COALESCE(a.cohort, tr.cohort) = ?", .text(cohort)) }
    if let scenario = query.scenarioID { add("a.scenario_id = ?", .text(scenario)) }
    if let version = query.scenarioVersion { add("a.scenario_version = ?", .text(version)) }
    if let trainee = query.trainee { add("a.trainee_id = ?", .text(trainee)) }
    if let since = query.since { add("a.started_at >= ?", .date(StoreDate.normalized(since))) }
    if query.assessedOnly { conditions.append("a.mode = 'assessed'") }
    return (conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "), values)
  }

  /// The score columns of the attempts matching `query`, then the log, the seed and the path
  /// the scenario was loaded from.
  private static func attemptSQL(_ query: ScoreQuery) -> (String, [SQLValue]) {
    let (filter, values) = filter(query)
    let columns = [scoreColumns, "a.log", "a.seed", "a.scenario_path"].joined(separator: ", ")
    return (
      """
      SELECT \(columns)
      FROM attempts a JOIN trainees tr ON tr.id = a.trainee_id
      \(filter)
      ORDER BY a.started_at, a.id
      """, values
    )
  }

  /// The label of every scenario key among the attempts matching `query`.
  private static func scenarioLabels(_ session: Session, _ query: ScoreQuery) throws -> [ScenarioKey: String] {
    let (filter, values) = filter(query)
    let keys = try session.rows(
      """
      SELECT DISTINCT a.scenario_id, a.scenario_version, a.content_hash, a.rubric_id, a.rubric_hash
      FROM attempts a JOIN trainees tr ON tr.id = a.trainee_id \(filter)
      """, values
    ).map {
      ScenarioKey(
        id: try $0.text(0) ?? "", version: try $0.text(1) ?? "", contentHash: try $0.text(2) ?? "",
        rubricID: try $0.text(3) ?? "", rubricHash: try $0.text(4))
    }
    return ScenarioKey.labels(for: keys)
  }

  /// A result row of score columns, read by column.
  private struct ScoreRow: ScoreRowReader {
    var row: ResultRow

    func text(_ column: ScoreColumn) throws -> String? { try row.text(column.index) }
    func integer(_ column: ScoreColumn) throws -> Int? { try row.integer(column.index) }
    func number(_ column: ScoreColumn) throws -> Double? { try row.number(column.index) }
    func date(_ column: ScoreColumn) throws -> Date? { try row.date(column.index) }
    func uuid(_ column: ScoreColumn) throws -> UUID? { try row.uuid(column.index) }
  }
}
