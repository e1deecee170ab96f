import CoachCore
import CoachStore
import Foundation

/// Scores for course leads, and moving records in and out.
extension PostgresStore {
  // MARK: - Scores

  public func attemptScores(_ query: ScoreQuery) throws(StoreError) -> [AttemptScore] {
    try transaction { session in
      let (sql, values) = Self.attemptSQL(query)
      return try session.rows(sql, values).map { try AttemptScore(reading: ScoreRow(row: $0)) }
    }
  }

  public func turnScores(_ query: ScoreQuery) throws(StoreError) -> [TurnScore] {
    try transaction { session in
      let (sql, values) = Self.attemptSQL(query, extra: ["a.report"])
      let attempts = try session.rows(sql, values).map { row in
        (try AttemptScore(reading: ScoreRow(row: row)), try row.text(ScoreColumn.extraStart))
      }
      let (filter, filterValues) = Self.filter(query)
      var turns: [UUID: [TurnRecord]] = [:]
      for row in try session.rows(
        """
        SELECT t.attempt_id, t.turn_index, t.node_id, t.choice_id, t.codes, t.state_after, t.seconds_to_answer,
          t.answered_at, t.undone, t.typed
        FROM turns t WHERE t.attempt_id IN (
          SELECT a.id FROM attempts a JOIN trainees tr ON tr.id = a.trainee_id \(filter))
        ORDER BY t.attempt_id, t.turn_index
        """, filterValues)
      {
        let attempt = try Self.required(row.uuid(0), "attempt")
        turns[attempt, default: []].append(try Self.turnRecord(row, attempt: attempt, offset: 1))
      }
      return try TurnScore.rows(attempts, turns: { turns[$0, default: []] })
    }
  }

  public func cohortAttempts(_ query: ScoreQuery) throws(StoreError) -> [CohortAttempt] {
    try transaction { session in
      let labels = try Self.scenarioLabels(session, query)
      let (sql, values) = Self.attemptSQL(query, extra: ["a.report", "a.scenario_path"])
      let decoder = JSONDecoder()
      return try session.rows(sql, values).map { row in
        let score = try AttemptScore(reading: ScoreRow(row: row))
        let (turns, safety) = try CohortAttempt.digest(
          score.figures == nil ? nil : try row.text(ScoreColumn.extraStart), attempt: score.attempt, decoder: decoder)
        return CohortAttempt(
          score: score, label: labels[score.scenario] ?? score.scenario.versioned,
          scenarioPath: try row.text(ScoreColumn.extraStart + 1) ?? "", turns: turns, safety: safety)
      }
    }
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
          let score = try AttemptScore(reading: ScoreRow(row: row))
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
      let attempts = try ids.map { id in try Self.exported(session, id: id) }
      var rubrics: [String: String] = [:]
      for hash in Set(attempts.compactMap(\.rubricHash)) {
        rubrics[hash] = try session.rows("SELECT text FROM rubrics WHERE hash = $1", [.text(hash)]).first?.text(0)
      }
      return ExportDocument(
        exportedAt: StoreDate.normalized(now),
        trainee: Trainee(id: try person.text(0) ?? trainee, name: try person.text(1), cohort: try person.text(2)),
        attempts: attempts, rubrics: rubrics.isEmpty ? nil : rubrics)
    }
  }

  public func importExport(_ data: Data, file: String) throws(StoreError) -> ImportReport {
    let plan: ImportPlan
    switch ImportPlan.check(data, file: file) {
    case .plan(let checked): plan = checked
    case .rejected(let report): return report
    }
    // Nothing from a file with a conflict is kept.
    let outcome = try transaction(rollingBackWhen: { !$0.conflicts.isEmpty }) { session in
      for (hash, text) in plan.rubrics {
        try session.execute(
          "INSERT INTO rubrics (hash, id, text) VALUES ($1, $2, $3) ON CONFLICT (hash) DO NOTHING",
          [.text(hash), .text(plan.rubricID(hash: hash)), .text(text)])
      }
      // A trainee already known keeps their name and cohort; the file only fills in what is missing.
      try session.execute(
        """
        INSERT INTO trainees (id, name, cohort) VALUES ($1, $2, $3)
        ON CONFLICT (id) DO UPDATE SET name = COALESCE(trainees.name, excluded.name),
          cohort = COALESCE(trainees.cohort, excluded.cohort)
        """, [.text(plan.trainee.id), .text(plan.trainee.name), .text(plan.trainee.cohort)])
      var outcome = ImportPlan.Outcome()
      for (index, attempt) in plan.attempts.enumerated() {
        guard
          try !session.rows("SELECT 1 FROM attempts WHERE id = $1 FOR UPDATE", [.uuid(attempt.id)]).isEmpty
        else {
          try Self.store(session, attempt)
          outcome.added.append(attempt.id)
          continue
        }
        let stored = try Self.exported(session, id: attempt.id)
        if stored == attempt {
          outcome.skipped.append(attempt.id)
        } else if ImportPlan.isProgress(from: stored, to: attempt) {
          try session.execute("DELETE FROM attempts WHERE id = $1", [.uuid(attempt.id)])
          try Self.store(session, attempt)
          outcome.updated.append(attempt.id)
        } else {
          outcome.conflicts.append(
            .init(
              index: index, attempt: attempt.id,
              reason: "conflict: an attempt with this id is already stored with different content"))
        }
      }
      return outcome
    }
    return plan.report(outcome)
  }

  static func exported(_ session: Session, id: UUID) throws -> ExportedAttempt {
    guard let stored = try storedAttempt(session, id: id) else { throw StoreError.attemptNotFound(id) }
    return ExportedAttempt(stored, turns: try turns(session, attempt: id))
  }

  static func store(_ session: Session, _ attempt: ExportedAttempt) throws {
    try insertAttempt(session, attempt.header, state: try StoreJSON.text(attempt.state))
    if let report = attempt.report {
      try setReport(session, attempt: attempt.id, report: report, text: try StoreJSON.text(report))
    }
    for turn in attempt.turns { try insertTurn(session, try TurnColumns(turn), attempt: attempt.id) }
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
    case .turnCount: "(SELECT count(*) FROM turns t WHERE t.attempt_id = a.id AND NOT t.undone)::integer"
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

  private static func attemptSQL(_ query: ScoreQuery, extra: [String] = []) -> (String, [SQLValue]) {
    let (filter, values) = filter(query)
    let columns = ([scoreColumns] + extra).joined(separator: ", ")
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
