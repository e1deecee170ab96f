import CoachCore
import CoachStore
import Foundation
import GRDB

/// Fills a trainee database for the export benchmark: real attempts recorded through the store's
/// own API (every walkthrough of every bundled scenario, scored by the rubric), then copied in SQL
/// under new ids, 1,000 trainees (or as many as asked for) and 10 cohorts, until the store holds
/// the number asked for.
/// Copies have no turns of their own; the per-attempt export reads attempts, not turns.
enum StoreFiller {
  static func fill(
    database: AppDatabase, path: String, attempts count: Int, trainees: Int = 1000, scenarios: String,
    spacing: Int = 7
  ) throws {
    var recorded = 0
    for file in try FileManager.default.contentsOfDirectory(atPath: scenarios).sorted()
    where file.hasSuffix(".json") && !file.hasPrefix("rubric") && !file.hasSuffix(".schema.json") {
      guard let scenario = ScenarioLoader().load(path: "\(scenarios)/\(file)").scenario else { continue }
      let text = try String(contentsOfFile: "\(scenarios)/\(file)", encoding: .utf8)
      for walkthrough in scenario.walkthroughs {
        try record(walkthrough, of: scenario, text: text, in: database, trainee: "trainee-\(recorded % trainees)")
        recorded += 1
      }
    }
    try database.close()
    let queue = try DatabaseQueue(path: path)
    try queue.write { db in
      for index in 0..<trainees {
        try db.execute(
          sql: "INSERT OR IGNORE INTO trainees (id, name, cohort) VALUES (?, ?, ?)",
          arguments: ["trainee-\(index)", "Trainee \(index)", "cohort-\(index % 10)"])
      }
      let columns = try Row.fetchAll(db, sql: "PRAGMA table_info(attempts)").map { $0["name"] as String }
      let copied = columns.filter { !["id", "traineeId", "startedAt", "finishedAt", "cohort"].contains($0) }
      try db.execute(
        sql: "CREATE TEMP TABLE templates AS SELECT ROW_NUMBER() OVER (ORDER BY id) - 1 AS k, * FROM attempts")
      let templates = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM templates") ?? 1
      try db.execute(
        sql: """
          WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n < ?)
          INSERT INTO attempts (id, traineeId, startedAt, finishedAt, cohort, \(copied.joined(separator: ", ")))
          SELECT printf('00000000-0000-4000-8000-%012X', n), 'trainee-' || (n % ?),
            strftime('%Y-%m-%dT%H:%M:%fZ', '2026-01-01', '+' || (n * ?) || ' seconds'),
            CASE WHEN t.finishedAt IS NULL THEN NULL
              ELSE strftime('%Y-%m-%dT%H:%M:%fZ', '2026-01-01', '+' || (n * ? + 600) || ' seconds') END, NULL,
            \(copied.map { "t.\($0)" }.joined(separator: ", "))
          FROM seq JOIN templates t ON t.k = seq.n % ?
          """, arguments: [max(0, count - recorded) - 1, trainees, spacing, spacing, templates])
    }
  }

  static func record(
    _ walkthrough: Walkthrough, of scenario: Scenario, text: String, in database: some RecordStore, trainee: String
  )
    throws
  {
    _ = try database.upsertTrainee(id: trainee)
    let attempt = UUID()
    var session = Session(scenario: scenario)
    try database.begin(
      AttemptStart(
        id: attempt, trainee: trainee, cohort: nil, scenarioID: scenario.id, scenarioVersion: scenario.version,
        scenarioTitle: scenario.title, contentHash: scenario.contentHash, scenarioPath: "bench", mode: .practice,
        rubricID: Rubric.miti421.id, scenarioText: text, startedAt: Date(), state: session.state))
    for (index, choice) in walkthrough.choices.enumerated() {
      let step = try session.choose(choice)
      try database.record(
        TurnRecord(
          index: index, node: step.turn.node, choice: choice, codes: step.choice.codes,
          stateAfter: session.state.values, secondsToAnswer: 5, answeredAt: Date()),
        attempt: attempt, state: session.state)
    }
    let report = Rubric.miti421.score(Transcript(session: session))
    try database.finish(attempt: attempt, at: Date(), ending: session.node.id, report: report, state: session.state)
  }

  /// The columns of `coach scores --per attempt --format csv`, selected straight from SQLite.
  static let sameColumnsSQL = """
    SELECT a.id AS attempt, a.traineeId AS trainee, t.name, COALESCE(a.cohort, t.cohort) AS cohort,
      a.scenarioId || '@' || a.scenarioVersion AS scenario, a.scenarioId, a.scenarioVersion, a.contentHash,
      a.rubricId, a.mode, a.status, a.startedAt, a.finishedAt, a.ending,
      a.turnCount AS turns,
      a.score, a.band, a.countQ, a.countOQ, a.countCQ, a.countSR, a.countCR, a.countAF, a.countSEEK, a.countEMPH,
      a.countGI, a.countPERS, a.countPWP, a.countCON, a.mia, a.mina, a.cultivatingChangeTalk,
      a.softeningSustainTalk, a.partnership, a.empathy, a.relational, a.technical, a.percentComplexReflections,
      a.reflectionToQuestion, a.percentOpenQuestions
    FROM attempts a JOIN trainees t ON t.id = a.traineeId
    ORDER BY a.startedAt, a.id
    """
}

/// The story the load test plays: the flagship's shortest walkthrough.
enum Fixture {
  /// The flagship and its shortest walkthrough, or with `longest` its longest (a full consultation).
  static func flagship(scenarios: String, longest: Bool = false) throws -> (scenario: Scenario, choices: [String]) {
    guard let scenario = ScenarioLoader().load(path: "\(scenarios)/frank-diabetes-remission.json").scenario
    else { throw BenchError("the flagship scenario did not load") }
    let shortest = scenario.walkthroughs.min { $0.choices.count < $1.choices.count }!
    let longestPath = scenario.walkthroughs.max { $0.choices.count < $1.choices.count }!
    return (scenario, longest ? longestPath.choices : shortest.choices)
  }

  /// The flagship's file, as the store keeps it.
  static func flagshipText(scenarios: String) throws -> String {
    try String(contentsOfFile: "\(scenarios)/frank-diabetes-remission.json", encoding: .utf8)
  }
}
