import CoachCore
import CoachPostgres
import CoachStore
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

// The PostgreSQL measures of docs/performance.md (Benchmarks/server.sh starts the server):
//
//   8. 200 trainee sessions at once, each its own process and connection, 20 attempts each
//   9. kill -9 of sessions mid-attempt: every answered turn is there
//  10. the server restarted mid-session: sessions carry on, nothing lost
//  11. `coach scores --per attempt --format csv` of 100,000 attempts against psql's \copy
//  12. bytes per stored attempt, on the server and in SQLite

/// The database `name` on the server `url` names, created afresh with Coach's schema.
func freshDatabase(_ url: String, _ name: String) throws -> String {
  let environment = ProcessInfo.processInfo.environment
  let server = try ServerAddress(url: url, environment: environment)
  try PostgresStore.administer(server, statements: ["DROP DATABASE IF EXISTS \(name)", "CREATE DATABASE \(name)"])
  var components = URLComponents(string: url)!
  components.path = "/" + name
  let address = try ServerAddress(url: components.string!, environment: environment)
  try PostgresStore.open(address, migrating: true).close()
  return components.string!
}

/// Starts `count` worker processes, each playing `attempts` flagship attempts into `url` as its own
/// trainee and journaling every answer once it is committed.
func startWorkers(_ count: Int, attempts: Int, url: String, folder: String) throws -> [Process] {
  try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
  return try (0..<count).map { worker in
    let process = Process()
    process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
    process.arguments = ["pg-worker", url, "trainee-\(worker)", String(attempts), "\(folder)/\(worker).journal"]
    process.standardOutput = FileHandle.nullDevice
    guard FileManager.default.createFile(atPath: "\(folder)/\(worker).err", contents: nil) else {
      throw BenchError("cannot create \(folder)/\(worker).err")
    }
    process.standardError = FileHandle(forWritingAtPath: "\(folder)/\(worker).err")
    try process.run()
    return process
  }
}

/// Lines journaled so far by the workers in `folder`.
func journaled(_ folder: String) -> [String] {
  let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
  return files.filter { $0.hasSuffix(".journal") }.flatMap { file in
    ((try? String(contentsOfFile: "\(folder)/\(file)", encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
  }
}

/// Waits until the workers in `folder` have journaled `lines` answers.
func waitForProgress(_ folder: String, lines: Int) {
  while journaled(folder).count < lines { usleep(50_000) }
}

/// For every attempt the workers journaled, how many answers they saw committed, against how many
/// the server holds.
func answersKept(_ folder: String, store: PostgresStore) throws -> (journaled: Int, found: Int) {
  var answered: [UUID: Int] = [:]
  for line in journaled(folder) {
    let parts = line.split(separator: " ")
    guard parts.count == 3, parts[0] == "turn", let id = UUID(uuidString: String(parts[1])),
      let index = Int(parts[2])
    else { continue }
    answered[id] = max(answered[id] ?? 0, index + 1)
  }
  var found = 0
  for (id, count) in answered {
    let stored = try store.attempt(id: id)?.nextTurnIndex ?? 0
    found += min(stored, count)
  }
  return (answered.values.reduce(0, +), found)
}

func serverBench(coach: String, url: String, restart: String?, data: String) throws {
  guard !url.isEmpty else { throw BenchError("pass --url postgres://… (Benchmarks/server.sh does)") }
  let workers = Int(option("--workers") ?? "200") ?? 200
  let attempts = Int(option("--attempts") ?? "20") ?? 20
  let (_, choices) = try Fixture.flagship(scenarios: scenarios, longest: true)
  let only = option("--only")
  if only == nil || only == "sessions" {
    try benchSessions(workers: workers, attempts: attempts, url: url, data: data, choices: choices)
  }
  if only == nil || only == "kill" { try benchKill(attempts: attempts, url: url, data: data, choices: choices) }
  if let restart, only == nil || only == "restart" {
    try benchRestart(restart, url: url, data: data, choices: choices)
  }
  if only == nil || only == "export" { try benchServerExport(coach: coach, url: url) }
}

func benchSessions(workers: Int, attempts: Int, url: String, data: String, choices: [String]) throws {
  let environment = ProcessInfo.processInfo.environment
  // 8. Many sessions at once.
  let loadURL = try freshDatabase(url, "bench_load")
  let loadFolder = "\(data)/pg-load"
  try? FileManager.default.removeItem(atPath: loadFolder)
  let clock = ContinuousClock()
  let start = clock.now
  let processes = try startWorkers(workers, attempts: attempts, url: loadURL, folder: loadFolder)
  for process in processes { process.waitUntilExit() }
  let elapsed = clock.now - start
  let failed = processes.filter { $0.terminationStatus != 0 }.count
  let load = try PostgresStore.open(try ServerAddress(url: loadURL, environment: environment))
  let stored = try load.attemptScores(ScoreQuery(per: .attempt))
  let complete = stored.filter { $0.status == .complete }.count
  let verified = stored.filter { $0.check == .verified }.count
  var latencies: [Double] = []
  for worker in 0..<workers {
    let text = (try? String(contentsOfFile: "\(loadFolder)/\(worker).journal.latency", encoding: .utf8)) ?? ""
    latencies += text.split(separator: "\n").compactMap { Double($0) }
  }
  latencies.sort()
  func percentile(_ p: Double) -> Double {
    latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]
  }
  report(
    Result(
      measure:
        "8. \(workers) trainee sessions at once (a process and a connection each) × \(attempts) attempts of the "
        + "flagship (\(choices.count) answers each), into one PostgreSQL database",
      coach:
        "\(stored.count) attempts stored of \(workers * attempts) expected, \(complete) complete, \(verified) "
        + "checked against their turns; \(failed) sessions failed; \(latencies.count) answers in "
        + "\(Format.duration(Double(elapsed.components.seconds)))",
      baseline: "", ratio: "",
      target: "stored = expected"))
  report(
    Result(
      measure: "8. answer → committed turn, \(workers) sessions at once",
      coach: "p50 \(Format.duration(percentile(0.5))), p99 \(Format.duration(percentile(0.99)))",
      baseline: "", ratio: "", target: "report"))

  // 12. Bytes per attempt, on the server: the attempts' rows, their indexes and any out-of-line
  // storage, and apart from them each scenario's content once. Each answer updates its attempt's
  // row, leaving the old version for VACUUM: measured as the sessions left it, and compacted.
  func sizes() throws -> [Double] {
    try load.column(
      """
      SELECT pg_total_relation_size('attempts')::text UNION ALL SELECT pg_relation_size('attempts')::text
      UNION ALL SELECT avg(pg_column_size(a.*))::text FROM attempts a
      UNION ALL SELECT pg_total_relation_size('scenarios')::text
      """
    ).map { Double($0 ?? "0") ?? 0 }
  }
  let before = try sizes()
  try PostgresStore.administer(
    try ServerAddress(url: loadURL, environment: environment), statements: ["VACUUM FULL attempts"])
  let after = try sizes()
  let attemptsStored = Double(max(1, stored.count))
  report(
    Result(
      measure:
        "12. bytes per stored attempt, PostgreSQL (\(stored.count) flagship attempts of \(choices.count) answers)",
      coach: String(
        format:
          "%.0f B with its indexes, compacted (%.0f B of table pages; %.0f B of row data); %.0f B as the sessions "
          + "left it, before VACUUM; the scenario kept once: %.0f KB",
        after[0] / attemptsStored, after[1] / attemptsStored, after[2], before[0] / attemptsStored, after[3] / 1024),
      baseline: "", ratio: "", target: "≤ 2 KB"))
  try load.close()
  try sqliteBytesPerAttempt(data: data, attempts: 1000)
}

func benchKill(attempts: Int, url: String, data: String, choices: [String]) throws {
  let environment = ProcessInfo.processInfo.environment
  // 9. kill -9 mid-attempt.
  let killURL = try freshDatabase(url, "bench_kill")
  let killFolder = "\(data)/pg-kill"
  try? FileManager.default.removeItem(atPath: killFolder)
  let victims = try startWorkers(50, attempts: attempts, url: killURL, folder: killFolder)
  waitForProgress(killFolder, lines: 50 * choices.count * 3 / 2)
  for process in victims { kill(process.processIdentifier, SIGKILL) }
  for process in victims { process.waitUntilExit() }
  let killStore = try PostgresStore.open(try ServerAddress(url: killURL, environment: environment))
  let kept = try answersKept(killFolder, store: killStore)
  let unfinished = try killStore.unfinishedAttempts(trainee: nil).count
  report(
    Result(
      measure: "9. kill -9 of 50 sessions mid-attempt",
      coach:
        "\(kept.journaled) answers committed before the kill, \(kept.found) found after it; \(unfinished) attempts "
        + "left in progress, each resumable",
      baseline: "", ratio: "", target: "none lost"))
  try killStore.close()
}

func benchRestart(_ restart: String, url: String, data: String, choices: [String]) throws {
  let environment = ProcessInfo.processInfo.environment
  // 10. The server restarted mid-session.
  do {
    let restartURL = try freshDatabase(url, "bench_restart")
    let restartFolder = "\(data)/pg-restart"
    try? FileManager.default.removeItem(atPath: restartFolder)
    let sessions = try startWorkers(50, attempts: 10, url: restartURL, folder: restartFolder)
    waitForProgress(restartFolder, lines: 50 * choices.count)
    // Not `Process`: the restarted server inherits the descriptor Foundation watches for the
    // shell's exit, so `waitUntilExit()` would wait for the server to stop. `system` waits for the
    // shell alone.
    // (-1 means the shell was reaped elsewhere; what follows checks the server is back.)
    guard system("/bin/sh '\(restart)'") <= 0 else { throw BenchError("the restart script failed: \(restart)") }
    for process in sessions { process.waitUntilExit() }
    let messages = Set(
      (0..<50).flatMap { worker in
        ((try? String(contentsOfFile: "\(restartFolder)/\(worker).err", encoding: .utf8)) ?? "")
          .split(separator: "\n").map { String($0.drop { $0 != ":" }.dropFirst(2)) }
      })
    let restartStore = try PostgresStore.open(try ServerAddress(url: restartURL, environment: environment))
    let after = try restartStore.attemptScores(ScoreQuery(per: .attempt))
    let keptAcross = try answersKept(restartFolder, store: restartStore)
    report(
      Result(
        measure: "10. the server restarted (`pg_ctl restart -m fast`) under 50 sessions × 10 attempts",
        coach:
          "\(sessions.filter { $0.terminationStatus == 0 }.count) of 50 sessions carried on to the end; "
          + "\(after.filter { $0.status == .complete && $0.check == .verified }.count) of 500 attempts complete and "
          + "checked; \(keptAcross.found) of \(keptAcross.journaled) committed answers there; what the sessions "
          + "were told: \(messages.sorted().joined(separator: " / "))",
        baseline: "", ratio: "", target: "carry on or stop clearly; nothing lost"))
    try restartStore.close()
  }
}

func benchServerExport(coach: String, url: String) throws {
  let environment = ProcessInfo.processInfo.environment
  // 11. CSV export of 100,000 attempts against psql.
  let count = Int(option("--export-attempts") ?? "100000") ?? 100_000
  let exportURL = try freshDatabase(url, "bench_export")
  let exportStore = try PostgresStore.open(try ServerAddress(url: exportURL, environment: environment))
  try fillServer(exportStore, attempts: count)
  try exportStore.close()
  let coachArguments = ["scores", "--per", "attempt", "--format", "csv", "--db", exportURL]
  let psqlArguments = ["-X", "-q", "-d", exportURL, "-c", "\\copy (\(sameColumnsPostgres)) TO STDOUT CSV HEADER"]
  let psql = "/usr/bin/psql"
  _ = try Measure.spawn(coach, coachArguments)
  _ = try Measure.spawn(psql, psqlArguments)
  var coachTimes: [Double] = []
  var psqlTimes: [Double] = []
  for _ in 0..<(quick ? 3 : 5) {
    coachTimes.append(try Measure.spawn(coach, coachArguments))
    psqlTimes.append(try Measure.spawn(psql, psqlArguments))
  }
  let coachMedian = Measure.median(coachTimes)
  let psqlMedian = Measure.median(psqlTimes)
  report(
    Result(
      measure: "11. `coach scores --per attempt --format csv`, \(count) attempts on PostgreSQL, every score checked",
      coach: Format.duration(coachMedian),
      baseline: "`psql \\copy … TO STDOUT CSV` of the same columns \(Format.duration(psqlMedian))",
      ratio: Format.ratio(coachMedian / psqlMedian), target: "≤ 1.5×"))
}

/// The columns of `coach scores --per attempt --format csv`, selected straight from PostgreSQL.
let sameColumnsPostgres = """
  SELECT a.id, a.trainee_id, t.name, COALESCE(a.cohort, t.cohort), a.scenario_id || '@' || a.scenario_version,
    a.scenario_id, a.scenario_version, a.content_hash, a.rubric_id, a.rubric_hash, a.mode, a.status, a.started_at,
    a.finished_at, a.ending, a.turn_count, round(a.score::numeric, 1), a.band, a.count_q, a.count_oq, a.count_cq,
    a.count_sr, a.count_cr, a.count_af, a.count_seek, a.count_emph, a.count_gi, a.count_pers, a.count_pwp,
    a.count_con, a.mia, a.mina, round(a.cultivating_change_talk::numeric, 2), round(a.softening_sustain_talk::numeric, 2),
    round(a.partnership::numeric, 2), round(a.empathy::numeric, 2), round(a.relational::numeric, 3),
    round(a.technical::numeric, 3), round(100 * a.percent_complex_reflections::numeric, 1),
    round(a.reflection_to_question::numeric, 2), round(100 * a.percent_open_questions::numeric, 1)
  FROM attempts a JOIN trainees t ON t.id = a.trainee_id
  ORDER BY a.started_at, a.id
  """

/// Fills the server's database with `count` attempts: every walkthrough of every bundled story
/// recorded through the store, then copied in SQL under new ids across 1,000 trainees.
func fillServer(_ store: PostgresStore, attempts count: Int) throws {
  var recorded = 0
  for file in try FileManager.default.contentsOfDirectory(atPath: scenarios).sorted()
  where file.hasSuffix(".json") && !file.hasPrefix("rubric") && !file.hasSuffix(".schema.json") {
    guard let scenario = ScenarioLoader().load(path: "\(scenarios)/\(file)").scenario else { continue }
    let text = try String(contentsOfFile: "\(scenarios)/\(file)", encoding: .utf8)
    for walkthrough in scenario.walkthroughs {
      try StoreFiller.record(walkthrough, of: scenario, text: text, in: store, trainee: "trainee-\(recorded % 1000)")
      recorded += 1
    }
  }
  _ = try store.executeRaw(
    """
    INSERT INTO trainees (id, name, cohort)
    SELECT 'trainee-' || n, 'Trainee ' || n, 'cohort-' || (n % 10) FROM generate_series(0, 999) n
    ON CONFLICT (id) DO UPDATE SET name = excluded.name, cohort = excluded.cohort
    """)
  _ = try store.executeRaw(
    """
    INSERT INTO attempts (id, trainee_id, cohort, scenario_id, scenario_version, scenario_title, content_hash,
      scenario_path, mode, rubric_id, rubric_hash, status, started_at, finished_at, ending, seed, log, turn_count,
      last_activity, score, band, count_q, count_oq, count_cq, count_sr, count_cr, count_af, count_seek, count_emph,
      count_gi, count_pers, count_pwp, count_con, mia, mina, cultivating_change_talk, softening_sustain_talk,
      partnership, empathy, relational, technical, percent_complex_reflections, reflection_to_question,
      percent_open_questions)
    SELECT md5('copy' || n)::uuid, 'trainee-' || (n % 1000), NULL, t.scenario_id, t.scenario_version,
      t.scenario_title, t.content_hash, t.scenario_path, t.mode, t.rubric_id, t.rubric_hash, t.status,
      timestamptz '2026-01-01' + n * interval '7 seconds', timestamptz '2026-01-01' + n * interval '7 seconds' + interval '10 minutes',
      t.ending, t.seed, t.log, t.turn_count, timestamptz '2026-01-01' + n * interval '7 seconds', t.score, t.band,
      t.count_q, t.count_oq, t.count_cq, t.count_sr, t.count_cr, t.count_af, t.count_seek, t.count_emph, t.count_gi,
      t.count_pers, t.count_pwp, t.count_con, t.mia, t.mina, t.cultivating_change_talk, t.softening_sustain_talk,
      t.partnership, t.empathy, t.relational, t.technical, t.percent_complex_reflections, t.reflection_to_question,
      t.percent_open_questions
    FROM generate_series(0, \(max(0, count - recorded) - 1)) n
    JOIN (SELECT row_number() OVER (ORDER BY id) - 1 AS k, * FROM attempts) t
      ON t.k = n % \(recorded)
    """)
  _ = try store.executeRaw("ANALYZE attempts")
}

/// Bytes per attempt in SQLite: `count` flagship attempts recorded through the store, measured
/// page by page with SQLite's dbstat.
func sqliteBytesPerAttempt(data: String, attempts count: Int) throws {
  let path = "\(data)/bytes-\(UUID().uuidString).sqlite"
  defer {
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
  }
  let database = try AppDatabase.open(at: StoreLocation(path: path, source: "bench"))
  let (scenario, choices) = try Fixture.flagship(scenarios: scenarios, longest: true)
  let text = try Fixture.flagshipText(scenarios: scenarios)
  for attempt in 0..<count {
    try playOnce(
      scenario: scenario, text: text, choices: choices, seed: UInt64(attempt), into: database,
      trainee: "t\(attempt % 50)")
  }
  try database.close()
  let output = try Measure.output(
    "/usr/bin/sqlite3",
    [
      path,
      "SELECT SUM(pgsize) FROM dbstat WHERE name = 'attempts' OR name LIKE 'attempts_on_%' "
        + "OR name LIKE 'sqlite_autoindex_attempts%'; SELECT SUM(pgsize) FROM dbstat WHERE name = 'attempts'; "
        + "SELECT SUM(pgsize) FROM dbstat WHERE name = 'scenarios' OR name LIKE 'sqlite_autoindex_scenarios%';",
    ])
  let numbers = output.split(separator: "\n").map { Double($0) ?? 0 }
  report(
    Result(
      measure: "12. bytes per stored attempt, SQLite (\(count) flagship attempts of \(choices.count) answers)",
      coach: String(
        format: "%.0f B with its indexes (%.0f B of table pages); the scenario kept once: %.0f KB",
        numbers[0] / Double(count), numbers[1] / Double(count), numbers[2] / 1024),
      baseline: "", ratio: "", target: "≤ 2 KB"))
}

/// Plays the flagship's `choices` into `store` as a session does: begin, each answer, finish.
/// Each call is retried when the server is away (as after a restart); an answer found already
/// committed is not recorded twice. Calls `answered` after each committed answer with the time
/// from the answer to its commit.
func playOnce(
  scenario: Scenario, text: String, choices: [String], seed: UInt64, into store: some RecordStore, trainee: String,
  answered: (UUID, Int, Double) -> Void = { _, _, _ in }
) throws {
  let id = UUID()
  var session = Session(scenario: scenario, seed: seed)
  let start = AttemptStart(
    id: id, trainee: trainee, cohort: "load", scenarioID: scenario.id, scenarioVersion: scenario.version,
    scenarioTitle: scenario.title, contentHash: scenario.contentHash, scenarioPath: "frank.json", mode: .practice,
    rubricID: Rubric.miti421.id, rubricHash: Rubric.miti421.contentHash, rubricText: RubricFile.text(of: .miti421),
    scenarioText: text, startedAt: Date(), state: session.state)
  try persevering(store, id) {
    try store.begin(start)
  } done: {
    (try store.attempt(id: id)) != nil
  }
  let clock = ContinuousClock()
  for (index, choice) in choices.enumerated() {
    let step = try session.choose(choice)
    let turn = TurnRecord(
      index: index, node: step.turn.node, choice: choice, codes: step.choice.codes, stateAfter: session.state.values,
      secondsToAnswer: 2, answeredAt: Date())
    let before = clock.now
    try persevering(store, id) {
      try store.record(turn, attempt: id, state: session.state)
    } done: {
      (try store.attempt(id: id)?.nextTurnIndex ?? 0) > index
    }
    let took = clock.now - before
    answered(id, index, Double(took.components.seconds) + Double(took.components.attoseconds) / 1e18)
  }
  let report = Rubric.miti421.score(Transcript(session: session))
  try persevering(store, id) {
    try store.finish(attempt: id, at: Date(), ending: session.node.id, report: report, state: session.state)
  } done: {
    try store.attempt(id: id)?.status == .complete
  }
}

/// Runs `body`; when the server is away, says so on standard error as a trainee would be told,
/// waits and tries again (the store connects afresh), unless `done` finds the change was made
/// after all (committed just before the connection went).
func persevering(
  _ store: some RecordStore, _ attempt: UUID, _ body: () throws -> Void, done: () throws -> Bool
) throws {
  for round in 0..<600 {
    do {
      try body()
      return
    } catch let error as StoreError {
      guard case .serverUnavailable = error else {
        if round > 0, (try? done()) == true { return }
        throw error
      }
      if round == 0 { FileHandle.standardError.write(Data("coach: \(error.message)\n".utf8)) }
      usleep(100_000)
      if (try? done()) == true { return }
    }
  }
  throw BenchError("the server did not come back")
}

/// A child of measures 8–10: plays `attempts` flagship attempts into `url` as `trainee`, journaling
/// each answer once committed ("turn ID INDEX") and its commit time.
func pgWorker(url: String, trainee: String, attempts: Int, journal: String) throws {
  let store = try PostgresStore.open(try ServerAddress(url: url, environment: ProcessInfo.processInfo.environment))
  let (scenario, choices) = try Fixture.flagship(scenarios: scenarios, longest: true)
  let text = try Fixture.flagshipText(scenarios: scenarios)
  let descriptor = open(journal, O_WRONLY | O_CREAT | O_APPEND, 0o644)
  var latencies = ""
  for attempt in 0..<attempts {
    try playOnce(
      scenario: scenario, text: text, choices: choices, seed: UInt64(attempt), into: store, trainee: trainee
    ) { id, index, seconds in
      let line = "turn \(id.uuidString) \(index)\n"
      _ = line.withCString { write(descriptor, $0, strlen($0)) }
      latencies += "\(seconds)\n"
    }
  }
  close(descriptor)
  try latencies.write(toFile: journal + ".latency", atomically: false, encoding: .utf8)
}
