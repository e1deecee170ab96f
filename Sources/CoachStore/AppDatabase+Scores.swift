import CoachCore
import Foundation
import GRDB

/// Scores for course leads.
extension AppDatabase {
  /// The rows `query` asks for, as a sheet ready for a table, CSV or JSON.
  public func scores(_ query: ScoreQuery) throws(StoreError) -> ScoreSheet {
    switch query.per {
    case .attempt: ScoreSheet(attempts: try attemptScores(query))
    case .trainee: ScoreSheet(trainees: try traineeScores(query))
    case .turn: ScoreSheet(turns: try turnScores(query))
    }
  }

  /// One row per attempt matching `query`, oldest first.
  public func attemptScores(_ query: ScoreQuery) throws(StoreError) -> [AttemptScore] {
    try read { db in try Self.fetchAttempts(db, query).map(\.score) }
  }

  /// One row per trainee and scenario version with attempts matching `query`, by trainee then
  /// scenario. Different versions, files or rubrics of a scenario get rows of their own.
  public func traineeScores(_ query: ScoreQuery) throws(StoreError) -> [TraineeScore] {
    let attempts = try attemptScores(query)
    let groups = Dictionary(grouping: attempts) { GroupKey(trainee: $0.trainee, scenario: $0.scenario) }
    return groups.keys.sorted().map { key in
      let group = groups[key]!
      let complete = group.filter { $0.figures != nil }.sorted {
        ($0.finishedAt ?? $0.startedAt, $0.startedAt, $0.attempt.uuidString)
          < ($1.finishedAt ?? $1.startedAt, $1.startedAt, $1.attempt.uuidString)
      }
      let latest = complete.last?.figures
      let previous = complete.count >= 2 ? complete[complete.count - 2].figures : nil
      let trend = latest.flatMap { latest in previous.map { ((latest.score - $0.score) * 10).rounded() / 10 } }
      return TraineeScore(
        trainee: key.trainee, name: group.last!.name, cohort: group.last!.cohort, scenario: key.scenario,
        scenarioTitle: group.last!.scenarioTitle, attempts: group.count, complete: complete.count,
        best: complete.compactMap { $0.figures?.score }.max(), latest: latest?.score, latestBand: latest?.band,
        trend: trend, firstStarted: group.first!.startedAt, lastStarted: group.last!.startedAt,
        latestFigures: latest)
    }
  }

  /// One row per turn of the attempts matching `query`, undone turns included.
  public func turnScores(_ query: ScoreQuery) throws(StoreError) -> [TurnScore] {
    try read { db in
      let attempts = try Self.fetchAttempts(db, query)
      let (filter, arguments) = Self.filter(query)
      let turnRows = try TurnRow.fetchAll(
        db,
        sql: """
          SELECT turns.* FROM turns WHERE attemptId IN (
            SELECT attempts.id FROM attempts JOIN trainees ON trainees.id = attempts.traineeId \(filter))
          ORDER BY attemptId, turnIndex
          """, arguments: arguments)
      let turnsByAttempt = Dictionary(grouping: turnRows, by: \.attemptId)
      var rows: [TurnScore] = []
      for attempt in attempts {
        let turns = try turnsByAttempt[attempt.row.id, default: []].map { try $0.record() }
        // The report assesses the turns that were not taken back, in order.
        let assessments = try attempt.row.decodedReport()?.turns ?? []
        let kept = turns.filter { !$0.undone }
        let matched = assessments.count == kept.count
        var next = 0
        for turn in turns {
          var quality: Double?
          var isPoor: Bool?
          if !turn.undone {
            if matched {
              quality = assessments[next].quality
              isPoor = assessments[next].isPoor
            }
            next += 1
          }
          rows.append(
            TurnScore(
              attempt: attempt.score.attempt, trainee: attempt.score.trainee, name: attempt.score.name,
              cohort: attempt.score.cohort, scenario: attempt.score.scenario, mode: attempt.score.mode,
              status: attempt.score.status, turn: turn, quality: quality, isPoor: isPoor))
        }
      }
      return rows
    }
  }

  // MARK: - Querying

  private struct GroupKey: Hashable, Comparable {
    var trainee: String
    var scenario: ScenarioKey

    static func < (lhs: GroupKey, rhs: GroupKey) -> Bool {
      (lhs.trainee, lhs.scenario) < (rhs.trainee, rhs.scenario)
    }
  }

  private struct FetchedAttempt {
    var row: AttemptRow
    var score: AttemptScore
  }

  /// The WHERE clause for `query`, over `attempts` joined with `trainees`.
  private static func filter(_ query: ScoreQuery) -> (String, StatementArguments) {
    var conditions: [String] = []
    var arguments: StatementArguments = []
    if let cohort = query.cohort {
      conditions.append("COALESCE(attempts.cohort, trainees.cohort) = ?")
      arguments += [cohort]
    }
    if let scenario = query.scenarioID {
      conditions.append("attempts.scenarioId = ?")
      arguments += [scenario]
    }
    if let version = query.scenarioVersion {
      conditions.append("attempts.scenarioVersion = ?")
      arguments += [version]
    }
    if let trainee = query.trainee {
      conditions.append("attempts.traineeId = ?")
      arguments += [trainee]
    }
    if let since = query.since {
      // Dates are fixed-width UTC text, so text order is time order.
      conditions.append("attempts.startedAt >= ?")
      arguments += [StoreDate.string(since)]
    }
    if query.assessedOnly {
      conditions.append("attempts.mode = 'assessed'")
    }
    return (conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "), arguments)
  }

  private static func fetchAttempts(_ db: Database, _ query: ScoreQuery) throws -> [FetchedAttempt] {
    let (filter, arguments) = filter(query)
    let sql = """
      SELECT attempts.*, trainees.name AS traineeName,
        COALESCE(attempts.cohort, trainees.cohort) AS effectiveCohort,
        (SELECT COUNT(*) FROM turns WHERE turns.attemptId = attempts.id AND NOT turns.undone) AS turnCount
      FROM attempts JOIN trainees ON trainees.id = attempts.traineeId
      \(filter)
      ORDER BY attempts.startedAt, attempts.id
      """
    return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
      let attempt = try AttemptRow(row: row)
      let status = try attempt.decodedStatus()
      let score = AttemptScore(
        attempt: try attempt.uuid, trainee: attempt.traineeId, name: row["traineeName"],
        cohort: row["effectiveCohort"],
        scenario: ScenarioKey(
          id: attempt.scenarioId, version: attempt.scenarioVersion, contentHash: attempt.contentHash,
          rubricID: attempt.rubricId),
        scenarioTitle: attempt.scenarioTitle, mode: try attempt.decodedMode(), status: status,
        startedAt: try attempt.date(attempt.startedAt, "start"),
        finishedAt: try attempt.finishedAt.map { try attempt.date($0, "finish") }, ending: attempt.ending,
        turnCount: row["turnCount"], figures: status == .complete ? try figures(attempt) : nil)
      return FetchedAttempt(row: attempt, score: score)
    }
  }

  private static func figures(_ row: AttemptRow) throws -> ScoreFigures? {
    guard let score = row.score, let bandName = row.band else { return nil }
    guard let band = Band(rawValue: bandName) else {
      throw StoreJSON.Damage(what: "attempt \(row.id)", detail: "unknown band \(bandName)")
    }
    var counts: [Behaviour: Int] = [:]
    for (behaviour, count) in zip(Behaviour.allCases, row.counts) { counts[behaviour] = count ?? 0 }
    var globals: [GlobalScore: Double] = [:]
    globals[.cultivatingChangeTalk] = row.cultivatingChangeTalk
    globals[.softeningSustainTalk] = row.softeningSustainTalk
    globals[.partnership] = row.partnership
    globals[.empathy] = row.empathy
    var metrics: [MetricKind: Double] = [:]
    metrics[.relational] = row.relational
    metrics[.technical] = row.technical
    metrics[.percentComplexReflections] = row.percentComplexReflections
    metrics[.reflectionToQuestion] = row.reflectionToQuestion
    metrics[.percentOpenQuestions] = row.percentOpenQuestions
    return ScoreFigures(
      score: score, band: band, counts: counts, mia: row.mia ?? 0, mina: row.mina ?? 0, globals: globals,
      metrics: metrics)
  }
}
