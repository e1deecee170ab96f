import CoachCore
import CoachHTML
import CoachREPL
import CoachStore
import CoachTerminal
import Foundation

// coach-bench: the measurements of docs/performance.md, each against a baseline timed in the
// same run on the same input. Run through Benchmarks/run.sh, which builds everything in release.
//
//   coach-bench all --coach PATH --data DIR [--quick]
//   coach-bench load-test --coach PATH --data DIR [--processes 16] [--attempts 1000]
//   coach-bench load-once FILE          (a child: loads one story, for peak memory)
//   coach-bench play-worker DB COUNT ID (a child: plays COUNT scripted attempts into DB)
//   coach-bench noop                    (a child: the cost of starting a Swift process)

let arguments = CommandLine.arguments
func option(_ name: String) -> String? {
  arguments.firstIndex(of: name).flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
}
let quick = arguments.contains("--quick")
let scenarios = option("--scenarios") ?? "Scenarios"
let unlimited = LoadLimits(maxBytes: 1 << 30, maxDepth: 32, maxTextBytes: 32 << 10)

/// One row of the results table.
struct Result {
  var measure: String
  var coach: String
  var baseline: String
  var ratio: String
  var target: String
}

/// Prints a row as soon as it is measured.
func report(_ result: Result) {
  print("| \(result.measure) | \(result.coach) | \(result.baseline) | \(result.ratio) | \(result.target) |")
  fflush(nil)
}

/// Writes a generated story once and reuses it.
func story(nodes: Int, in folder: String) throws -> String {
  let path = "\(folder)/story-\(nodes).json"
  if !FileManager.default.fileExists(atPath: path) {
    try StoryGenerator.story(nodes: nodes).write(toFile: path, atomically: true, encoding: .utf8)
  }
  return path
}

let pythonLoad = """
  import json, sys, time
  path, runs = sys.argv[1], int(sys.argv[2])
  times = []
  for _ in range(runs):
      start = time.perf_counter()
      with open(path) as f:
          json.load(f)
      times.append(time.perf_counter() - start)
  times.sort()
  print(times[len(times) // 2])
  """

func pythonMedian(_ path: String, runs: Int) throws -> Double {
  Double(
    try Measure.output("/usr/bin/env", ["python3", "-c", pythonLoad, path, String(runs)]).trimmingCharacters(
      in: .whitespacesAndNewlines)) ?? .nan
}

// MARK: - 1. Load and validate

func benchLoad(data: String) throws {
  for nodes in quick ? [1000, 10000] : [1000, 10000, 100_000] {
    let path = try story(nodes: nodes, in: data)
    let runs = nodes >= 100_000 ? 3 : nodes >= 10000 ? 7 : 21
    let loader = ScenarioLoader(limits: unlimited)
    var nodeCount = 0
    let coach = Measure.median(
      Measure.times(runs) {
        let result = loader.load(path: path)
        nodeCount = result.scenario?.nodes.count ?? -1
      })
    precondition(nodeCount == nodes, "the generated story must load: \(path)")
    let python = try pythonMedian(path, runs: runs)
    let coachPeak = try Measure.process(CommandLine.arguments[0], ["load-once", path]).peakKiB
    let pythonPeak = try Measure.process(
      "/usr/bin/env", ["python3", "-c", "import json,sys; json.load(open(sys.argv[1]))", path]
    ).peakKiB
    let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    report(
      Result(
        measure: "1. load + validate, \(nodes) nodes (\(size / 1_048_576) MiB); peak memory",
        coach: "\(Format.duration(coach)); \(Format.mebibytes(coachPeak))",
        baseline: "Python json.load (parse only) \(Format.duration(python)); \(Format.mebibytes(pythonPeak))",
        ratio: Format.ratio(coach / python), target: nodes == 10000 ? "≤ 1.00× at 10k" : "report"))
  }
}

// MARK: - 2. Analysis

func benchAnalyze(data: String) throws {
  for nodes in quick ? [1000, 10000] : [1000, 10000, 100_000] {
    for conditions in [false, true] {
      let path = "\(data)/story-\(nodes)\(conditions ? "" : "-stateless").json"
      if !FileManager.default.fileExists(atPath: path) {
        try StoryGenerator.story(nodes: nodes, conditions: conditions).write(
          toFile: path, atomically: true, encoding: .utf8)
      }
      let scenario = ScenarioLoader(limits: unlimited).load(path: path).scenario!
      var analysis: ScenarioAnalysis?
      let seconds = Measure.median(
        Measure.times(nodes >= 100_000 ? 1 : 3, warmup: 0) { analysis = ScenarioAnalysis(scenario) })
      let search = analysis!.search
      let outcome =
        search.isComplete
        ? "\(search.states) play states, complete" : "stopped at the \(search.stateLimit)-state bound"
      report(
        Result(
          measure: "2. analyze, \(nodes) nodes, \(conditions ? "branching on state" : "no state-dependent branching")",
          coach: "\(Format.duration(seconds)) (\(Format.duration(seconds / Double(nodes))) per node; \(outcome))",
          baseline: "", ratio: "", target: conditions ? "report" : "linear in size"))
    }
  }
}

// MARK: - 3. Start-up

func benchStartup(coach: String) throws {
  let flagship =
    URL(fileURLWithPath: coach).deletingLastPathComponent().path + "/../../Scenarios/frank-diabetes-remission.json"
  let scenario = FileManager.default.fileExists(atPath: flagship) ? flagship : "Scenarios/frank-diabetes-remission.json"
  let runs = quick ? 11 : 41
  let coachTimes = try (0..<runs).map { _ in try Measure.spawn(coach, ["validate", scenario]) }
  let noopTimes = try (0..<runs).map { _ in try Measure.spawn(CommandLine.arguments[0], ["noop"]) }
  report(
    Result(
      measure: "3. start-up: `coach validate` of the flagship, as a process (median of \(runs))",
      coach: Format.duration(Measure.median(coachTimes)),
      baseline: "an empty Swift + Foundation process \(Format.duration(Measure.median(noopTimes)))",
      ratio: Format.ratio(Measure.median(coachTimes) / Measure.median(noopTimes)), target: "< 30 ms"))
}

// MARK: - 5. In-process engine costs

func benchEngine(data: String) throws {
  // The smallest generated story of at least 150 KB.
  var nodes = 100
  var text = StoryGenerator.story(nodes: nodes)
  while text.utf8.count < 150_000 {
    nodes += 5
    text = StoryGenerator.story(nodes: nodes)
  }
  let path = "\(data)/story-150k.json"
  try text.write(toFile: path, atomically: true, encoding: .utf8)
  let bytes = Array(text.utf8)
  let loader = ScenarioLoader()
  let load = Measure.median(Measure.times(quick ? 51 : 301) { _ = loader.load(bytes: bytes, file: "story.json") })
  let python = try pythonMedian(path, runs: 301)
  report(
    Result(
      measure: "5a. load + validate a \(bytes.count / 1000) KB story (\(nodes) nodes)", coach: Format.duration(load),
      baseline: "Python json.load \(Format.duration(python)); inkjs 3.5 ms", ratio: Format.ratio(load / python),
      target: "≤ 1.75 ms"))

  let scenario = loader.load(bytes: bytes, file: "story.json").scenario!
  // A session ten turns in, and the first choice on offer from there.
  var session = Session(scenario: scenario)
  for _ in 0..<10 { try session.choose(session.offeredChoices[0].id) }
  let base = session
  let choice = base.offeredChoices[0].id
  let turns = 20000
  let turn =
    Measure.median(
      Measure.times(quick ? 5 : 15) {
        for _ in 0..<turns {
          var copy = base
          _ = try? copy.choose(choice)
        }
      }) / Double(turns)
  report(
    Result(
      measure: "5b. one turn: choose → effects → routes → next node", coach: Format.duration(turn),
      baseline: "inkjs 23 µs", ratio: Format.ratio(turn / 23e-6), target: "≤ 12 µs"))

  let rounds = 2000
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.sortedKeys]
  let decoder = JSONDecoder()
  // The store saves the state with Foundation's Codable; the baseline is inkjs.
  let saveRestore =
    Measure.median(
      Measure.times(quick ? 5 : 15) {
        for _ in 0..<rounds {
          let data = try! encoder.encode(base.state)
          let state = try! decoder.decode(SessionState.self, from: data)
          _ = try! Session(scenario: scenario, restoring: state)
        }
      }) / Double(rounds)
  report(
    Result(
      measure: "5c. save + restore the session (Codable JSON, 10 turns in)", coach: Format.duration(saveRestore),
      baseline: "inkjs 40 µs", ratio: Format.ratio(saveRestore / 40e-6) + " of inkjs", target: "≤ 20 µs"))
}

// MARK: - 6. A turn at scale

func benchTurnAtScale(data: String) throws {
  for nodes in quick ? [1000, 10000] : [1000, 100_000] {
    let path = try story(nodes: nodes, in: data)
    let scenario = ScenarioLoader(limits: unlimited).load(path: path).scenario!
    var walker = Session(scenario: scenario)
    var script: [String] = []
    while !walker.isFinished, script.count < 200 {
      let id = walker.offeredChoices[0].id
      script.append(id)
      try walker.choose(id)
    }
    for saving in [false, true] {
      let folder = "\(data)/turn-db-\(UUID().uuidString)"
      let database =
        saving ? try AppDatabase.open(at: StoreLocation(path: "\(folder)/coach.sqlite", source: "bench")) : nil
      if let database { _ = try database.upsertTrainee(id: "bench") }
      let output = BufferedOutput()
      let attempt = UUID()
      let recorder: any AttemptRecorder = database ?? DiscardingRecorder()
      let fresh = Session(scenario: scenario)
      try recorder.begin(
        AttemptStart(
          id: attempt, trainee: "bench", cohort: nil, scenarioID: scenario.id, scenarioVersion: scenario.version,
          scenarioTitle: scenario.title, contentHash: scenario.contentHash, scenarioPath: path, mode: .practice,
          rubricID: Rubric.miti421.id, scenarioText: try String(contentsOfFile: path, encoding: .utf8),
          startedAt: Date(), state: fresh.state))
      let play = PlaySession(
        session: fresh,
        configuration: .init(attempt: attempt, mode: .practice, rubric: .miti421, terminal: .plain),
        recorder: recorder, reader: ScriptedLineReader([]), output: output)
      let clock = ContinuousClock()
      let elapsed = clock.measure { _ = play.runScripted(script) }
      let perTurn =
        (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18) / Double(script.count)
      try? FileManager.default.removeItem(atPath: folder)
      report(
        Result(
          measure:
            "6. answer → next prompt, scripted play, \(nodes) nodes, \(saving ? "recorded in SQLite" : "--no-save")",
          coach: Format.duration(perTurn), baseline: "", ratio: "", target: "report"))
    }
  }
}

// MARK: - 4. Export

func makeStore(attempts count: Int, data: String) throws -> String {
  let path = "\(data)/store-\(count).sqlite"
  if FileManager.default.fileExists(atPath: path) { return path }
  let database = try AppDatabase.open(at: StoreLocation(path: path, source: "bench"))
  try StoreFiller.fill(database: database, path: path, attempts: count, scenarios: scenarios)
  return path
}

func benchExport(coach: String, data: String) throws {
  let sizes = option("--export-sizes").map { $0.split(separator: ",").compactMap { Int($0) } }
  for count in sizes ?? (quick ? [10000] : [10000, 100_000, 1_000_000]) {
    let path = try makeStore(attempts: count, data: data)
    let runs = count >= 1_000_000 ? 3 : 7
    // One untimed run of each: brings the store's schema up to date and warms the page cache.
    try Measure.process(coach, ["scores", "--per", "attempt", "--format", "csv", "--db", path])
    try Measure.process("/usr/bin/sqlite3", ["-csv", "-header", path, StoreFiller.sameColumnsSQL])
    // Interleaved, so both see the same conditions on a shared machine.
    var coachTimes: [Double] = []
    var sqliteTimes: [Double] = []
    for _ in 0..<runs {
      coachTimes.append(try Measure.spawn(coach, ["scores", "--per", "attempt", "--format", "csv", "--db", path]))
      sqliteTimes.append(try Measure.spawn("/usr/bin/sqlite3", ["-csv", "-header", path, StoreFiller.sameColumnsSQL]))
    }
    let coachMedian = Measure.median(coachTimes)
    let sqliteMedian = Measure.median(sqliteTimes)
    let megabytes = ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) / 1_048_576
    report(
      Result(
        measure: "4. `coach scores --per attempt --format csv`, \(count) attempts (\(megabytes) MiB store)",
        coach: Format.duration(coachMedian),
        baseline: "`sqlite3 -csv` of the same columns \(Format.duration(sqliteMedian))",
        ratio: Format.ratio(coachMedian / sqliteMedian), target: "≤ 1.5×"))
  }
}

// MARK: - 7. The cohort dashboard

/// The columns `coach scores --html` reads, selected straight from SQLite: the score columns, the
/// seed and log each attempt is rebuilt from, and the scenario path.
let dashboardSQL = """
  SELECT a.id, a.traineeId, t.name, COALESCE(a.cohort, t.cohort), a.scenarioId, a.scenarioVersion, a.contentHash,
    a.rubricId, a.scenarioTitle, a.mode, a.status, a.startedAt, a.finishedAt, a.ending,
    a.turnCount,
    a.score, a.band, a.countQ, a.countOQ, a.countCQ, a.countSR, a.countCR, a.countAF, a.countSEEK, a.countEMPH,
    a.countGI, a.countPERS, a.countPWP, a.countCON, a.mia, a.mina, a.cultivatingChangeTalk, a.softeningSustainTalk,
    a.partnership, a.empathy, a.relational, a.technical, a.percentComplexReflections, a.reflectionToQuestion,
    a.percentOpenQuestions, a.rubricHash, a.seed, a.log, a.scenarioPath
  FROM attempts a JOIN trainees t ON t.id = a.traineeId
  ORDER BY a.startedAt, a.id
  """

func benchDashboard(coach: String, data: String) throws {
  let trainees = 300
  let attempts = 3000
  let path = "\(data)/cohort-\(trainees)x\(attempts).sqlite"
  if !FileManager.default.fileExists(atPath: path) {
    let database = try AppDatabase.open(at: StoreLocation(path: path, source: "bench"))
    // An attempt an hour: the cohort's attempts span about four months.
    try StoreFiller.fill(
      database: database, path: path, attempts: attempts, trainees: trainees, scenarios: scenarios, spacing: 3600)
  }
  let output = "\(data)/cohort-\(trainees)x\(attempts).html"
  let arguments = ["scores", "--html", "--output", output, "--force", "--db", path]
  // One untimed run of each: brings the schema up to date and warms the page cache.
  try Measure.process(coach, arguments)
  try Measure.process("/usr/bin/sqlite3", ["-json", path, dashboardSQL])
  var coachTimes: [Double] = []
  var sqliteTimes: [Double] = []
  for _ in 0..<(quick ? 5 : 11) {
    coachTimes.append(try Measure.spawn(coach, arguments))
    sqliteTimes.append(try Measure.spawn("/usr/bin/sqlite3", ["-json", path, dashboardSQL]))
  }
  let coachMedian = Measure.median(coachTimes)
  let sqliteMedian = Measure.median(sqliteTimes)
  let peak = try Measure.process(coach, arguments).peakKiB
  let bytes = (try FileManager.default.attributesOfItem(atPath: output)[.size] as? Int) ?? 0
  report(
    Result(
      measure: "7. `coach scores --html`, \(trainees) trainees, \(attempts) attempts: the whole command; peak memory",
      coach: "\(Format.duration(coachMedian)); \(Format.mebibytes(peak))",
      baseline: "`sqlite3 -json` of the same rows and reports \(Format.duration(sqliteMedian))",
      ratio: Format.ratio(coachMedian / sqliteMedian), target: "< 2 s"))
  report(
    Result(
      measure: "7. the page's size", coach: String(format: "%.2f MB (%d bytes)", Double(bytes) / 1e6, bytes),
      baseline: "", ratio: "", target: "< 5 MB"))

  // Where the time goes, in process.
  let database = try AppDatabase.open(at: StoreLocation(path: path, source: "bench"))
  var rows: [CohortAttempt] = []
  let read = Measure.median(try Measure.times(5) { rows = try database.cohortAttempts(ScoreQuery()) })
  var contexts: [String: CohortOverview.ScenarioContext] = [:]
  for row in rows where contexts[row.label] == nil {
    let scenario = ScenarioLoader().load(path: "\(scenarios)/\(row.score.scenario.id).json").scenario
    contexts[row.label] = .init(
      scenario: scenario?.contentHash == row.score.scenario.contentHash ? scenario : nil, rubric: .miti421)
  }
  var overview = CohortOverview(attempts: [])
  let aggregate = Measure.median(
    Measure.times(5) { overview = CohortOverview(attempts: rows.map(\.overviewAttempt), contexts: contexts) })
  var page = ""
  let render = Measure.median(Measure.times(5) { page = CohortPage(overview: overview).render() })
  report(
    Result(
      measure: "7. in process: read and decode \(rows.count) attempts / build the overview / render the page",
      coach: "\(Format.duration(read)) / \(Format.duration(aggregate)) / \(Format.duration(render)) "
        + "(\(page.utf8.count / 1000) KB)",
      baseline: "", ratio: "", target: "report"))
}

// MARK: - Load test

func loadTest(coach: String, data: String) throws {
  let processes = Int(option("--processes") ?? "16") ?? 16
  let attempts = Int(option("--attempts") ?? "1000") ?? 1000
  let path = "\(data)/load-\(UUID().uuidString).sqlite"
  _ = try AppDatabase.open(at: StoreLocation(path: path, source: "bench"))
  let clock = ContinuousClock()
  let failures = Failures()
  let elapsed = clock.measure {
    DispatchQueue.concurrentPerform(iterations: processes) { worker in
      do {
        try Measure.process(CommandLine.arguments[0], ["play-worker", path, String(attempts), String(worker)])
      } catch {
        failures.add("\(error)")
      }
    }
  }
  let database = try AppDatabase.open(at: StoreLocation(path: path, source: "bench"))
  let sheet = try database.attemptScores(ScoreQuery(per: .attempt))
  let ids = Set(sheet.map(\.attempt))
  let complete = sheet.filter { $0.status == .complete }.count
  print(
    """
    load test: \(processes) processes × \(attempts) attempts in \(Format.duration(Double(elapsed.components.seconds)))
      stored: \(sheet.count) attempts, \(ids.count) distinct, \(complete) complete; expected \(processes * attempts)
      failures reaching a user: \(failures.items.count)\(failures.items.first.map { " (first: \($0))" } ?? "")
    """)
  try? FileManager.default.removeItem(atPath: path)
  if sheet.count != processes * attempts || ids.count != sheet.count || !failures.items.isEmpty { exit(1) }
}

final class Failures: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: [String] = []
  func add(_ item: String) { lock.withLock { stored.append(item) } }
  var items: [String] { lock.withLock { stored } }
}

/// A child process of the load test: plays `count` scripted attempts of a bundled story into the
/// database, as `coach play --choices` does, and exits non-zero if any reaches the user as an error.
func playWorker(database path: String, count: Int, worker: String) throws {
  let database = try AppDatabase.open(at: StoreLocation(path: path, source: "bench"))
  let trainee = "worker-\(worker)"
  _ = try database.upsertTrainee(id: trainee, cohort: "load")
  let (scenario, choices) = try Fixture.flagship(scenarios: scenarios)
  let text = try Fixture.flagshipText(scenarios: scenarios)
  for _ in 0..<count {
    let attempt = UUID()
    let session = Session(scenario: scenario)
    try database.begin(
      AttemptStart(
        id: attempt, trainee: trainee, cohort: "load", scenarioID: scenario.id, scenarioVersion: scenario.version,
        scenarioTitle: scenario.title, contentHash: scenario.contentHash, scenarioPath: "frank.json",
        mode: .practice, rubricID: Rubric.miti421.id, scenarioText: text, startedAt: Date(), state: session.state))
    let play = PlaySession(
      session: session, configuration: .init(attempt: attempt, mode: .practice, rubric: .miti421, terminal: .plain),
      recorder: database, reader: ScriptedLineReader([]), output: BufferedOutput())
    guard case .finished = play.runScripted(choices) else {
      throw BenchError("attempt \(attempt) did not finish")
    }
  }
}

// MARK: - Entry

do {
  switch arguments.dropFirst().first {
  case "noop":
    _ = ProcessInfo.processInfo.environment
  case "load-once":
    _ = ScenarioLoader(limits: unlimited).load(path: arguments[2])
  case "play-worker":
    try playWorker(database: arguments[2], count: Int(arguments[3])!, worker: arguments[4])
  case "load-test":
    try loadTest(coach: option("--coach") ?? "coach", data: option("--data") ?? ".")
  case "server":
    try serverBench(
      coach: option("--coach") ?? "coach", url: option("--url") ?? "", restart: option("--restart"),
      data: option("--data") ?? ".")
  case "pg-worker":
    try pgWorker(
      url: arguments[2], trainee: arguments[3], attempts: Int(arguments[4])!, journal: arguments[5])
  case "all":
    let coach = option("--coach") ?? "coach"
    let data = option("--data") ?? "."
    try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
    print("| measure | Coach | baseline (same run) | ratio | target |")
    print("|---|---|---|---|---|")
    let only = option("--only")
    if only == nil || only == "load" { try benchLoad(data: data) }
    if only == nil || only == "analyze" { try benchAnalyze(data: data) }
    if only == nil || only == "startup" { try benchStartup(coach: coach) }
    if only == nil || only == "export" { try benchExport(coach: coach, data: data) }
    if only == nil || only == "engine" { try benchEngine(data: data) }
    if only == nil || only == "turn" { try benchTurnAtScale(data: data) }
    if only == nil || only == "dashboard" { try benchDashboard(coach: coach, data: data) }
  default:
    print(
      "usage: coach-bench all --coach PATH --data DIR [--quick] [--only load|analyze|startup|export|engine|turn|dashboard]"
    )
    print("       coach-bench load-test --coach PATH --data DIR [--processes 16] [--attempts 1000]")
    print("       coach-bench server --coach PATH --url postgres://… --restart COMMAND --data DIR")
    exit(64)
  }
} catch {
  FileHandle.standardError.write(Data("coach-bench: \(error)\n".utf8))
  exit(1)
}
