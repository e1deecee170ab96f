import CoachCore
import CoachTestSupport
import Foundation
import Testing

@Suite("Bundled scenarios")
struct BundledScenarioTests {
  static let files = Fixtures.bundledScenarioFiles

  @Test func theFlagshipIsBundled() {
    #expect(Self.files.map(\.lastPathComponent).contains("frank-diabetes-remission.json"))
  }

  @Test func theLibraryHasSevenStories() {
    #expect(Self.files.count == 7)
  }

  /// No errors and no warnings, the cueing lints included (`coach validate --strict` passes).
  @Test(arguments: files)
  func loadsWithoutAnyErrorOrWarning(_ file: URL) {
    let result = ScenarioLoader().load(path: file.path, as: file.lastPathComponent)
    #expect(result.diagnostics.filter { $0.severity != .note }.map(\.rendered) == [])
    #expect(result.scenario?.id == file.deletingPathExtension().lastPathComponent, "the file is named after its id")
  }

  /// Each story teaches: its best walkthrough scores in the top band, its worst in the bottom one.
  @Test(arguments: files)
  func bestAndWorstWalkthroughsScoreAtTheExtremes(_ file: URL) throws {
    let scenario = try #require(ScenarioLoader().load(path: file.path).scenario)
    for (name, band) in [("best", Band.good), ("worst", Band.developing)] {
      let walkthrough = try #require(scenario.walkthroughs.first { $0.name == name }, "a \(name) walkthrough")
      let run = WalkthroughRunner.run(walkthrough, in: scenario)
      let report = Rubric.miti421.score(Transcript(session: run.session))
      #expect(report.overallBand == band, "\(name): \(report.metrics.map { "\($0.kind.rawValue) \($0.display)" })")
    }
  }

  /// Over every play-through, not only the walkthroughs: the best a trainee can do is Good and
  /// the worst Developing, with the default rubric.
  @Test(arguments: files)
  func bestAndWorstAchievableScoresAreAtTheExtremes(_ file: URL) throws {
    let scenario = try #require(ScenarioLoader().load(path: file.path).scenario)
    let analysis = ScenarioAnalysis(scenario)
    let score = try #require(analysis.score)
    #expect(score.best.band == .good, "best: \(score.best.choices)")
    #expect(score.worst.band == .developing, "worst: \(score.worst.choices)")
    for found in [score.best, score.worst] {
      let report = Rubric.miti421.score(Transcript(session: try Session.replaying(found.choices, in: scenario)))
      #expect(report.overallBand == found.band && report.headlineScore == found.headlineScore)
    }
    #expect(analysis.unreachableNodes.isEmpty && analysis.search.isComplete)
  }

  @Test(arguments: files)
  func referencesTheSchema(_ file: URL) throws {
    let object = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any]
    #expect(object?["$schema"] as? String == "./scenario.schema.json")
  }

  /// Every bundled scenario, the test fixture and the starter scenario pass the JSON Schema, checked by an independent
  /// validator (Python's jsonschema), so the schema and the loader cannot drift apart unnoticed.
  @Test func everyBundledScenarioPassesTheSchema() throws {
    let folder = try Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let fixture = folder.appendingPathComponent("fixture.json")
    try Fixtures.clinic.write(to: fixture, atomically: true, encoding: .utf8)
    let starter = folder.appendingPathComponent("starter.json")
    try ScenarioTemplate.json(id: "starter").write(to: starter, atomically: true, encoding: .utf8)
    let broken = folder.appendingPathComponent("broken.json")
    try Fixtures.replacing(#""outcome": "positive""#, with: #""outcome": "great""#).write(
      to: broken, atomically: true, encoding: .utf8)
    let schema = Fixtures.packageRoot.appendingPathComponent("Scenarios/scenario.schema.json")
    let script = """
      import json, sys
      import jsonschema
      schema = json.load(open(sys.argv[1]))
      jsonschema.Draft202012Validator.check_schema(schema)
      validator = jsonschema.Draft202012Validator(schema)
      for path in sys.argv[2:]:
          errors = list(validator.iter_errors(json.load(open(path))))
          print(path.rsplit('/', 1)[-1], 'ok' if not errors else 'invalid: ' + errors[0].message)
      """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments =
      ["python3", "-c", script, schema.path, fixture.path, starter.path, broken.path] + Self.files.map(\.path)
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    try #require(process.terminationStatus == 0, "python3 with jsonschema is needed: \(output)")
    let lines = output.split(separator: "\n").map(String.init)
    #expect(lines.first == "fixture.json ok")
    #expect(lines.dropFirst().first == "starter.json ok", "the starter that `coach new` writes")
    #expect(lines.dropFirst(2).first?.hasPrefix("broken.json invalid: 'great' is not one of") == true)
    #expect(Array(lines.dropFirst(3)) == Self.files.map { "\($0.lastPathComponent) ok" })
  }

  // MARK: - Scores that measure technique

  /// A trainee who never reads the patient (always option k, always the longest, always the most
  /// codes) never reaches Good, over 20 seeds of the option order.
  @Test(arguments: files)
  func naiveStrategiesNeverReachGood(_ file: URL) throws {
    let scenario = try #require(ScenarioLoader().load(path: file.path).scenario)
    let naive = NaiveStrategies(scenario: scenario, rubric: .miti421, seeds: 20)
    for result in naive.results {
      #expect(result.good == 0, "\(result.strategy): \(result.bands)")
    }
    #expect(naive.results.contains { $0.strategy == .longest })
    #expect(naive.results.contains { $0.strategy == .position(1) })
  }

  /// Over hundreds of random play-throughs: an ending that went badly is never banded above
  /// Developing, a mixed one never above Fair, and a missed safety task is never Good.
  @Test(arguments: files)
  func endingsAndSafetyCapEveryPath(_ file: URL) throws {
    let scenario = try #require(ScenarioLoader().load(path: file.path).scenario)
    #expect(!scenario.safetyTasks.isEmpty, "every bundled story declares its safety tasks")
    var random = SplitMix64(seed: 2026)
    var seen: Set<Outcome> = []
    for _ in 0..<400 {
      var session = Session(scenario: scenario, seed: random.next() >> 11)
      for _ in 0..<200 where !session.isFinished {
        let offered = session.offeredChoices
        // Lean towards the first shown (a random option), so good paths are sampled too.
        let pick = random.next() % 3 == 0 ? offered[Int(random.next() % UInt64(offered.count))] : offered[0]
        try session.choose(pick.id)
      }
      guard let ending = session.ending else { continue }
      seen.insert(ending.outcome)
      let report = Rubric.miti421.score(Transcript(session: session))
      switch ending.outcome {
      case .negative: #expect(report.overallBand == .developing)
      case .mixed: #expect(report.overallBand <= .fair)
      case .positive: break
      }
      if session.safetyResults.contains(where: { !$0.done }) {
        #expect(report.overallBand == .developing, "\(session.turns.map(\.choice))")
      }
    }
    #expect(seen.count >= 2, "the sample reaches more than one kind of ending")
  }

  /// Each story's walkthroughs reach every ending and say which band they expect.
  @Test(arguments: files)
  func walkthroughsCoverEveryEndingAndAssertTheBand(_ file: URL) throws {
    let scenario = try #require(ScenarioLoader().load(path: file.path).scenario)
    let reached = Set(scenario.walkthroughs.compactMap(\.expectation.ending))
    #expect(reached == Set(scenario.endingNodes.map(\.id)))
    for walkthrough in scenario.walkthroughs {
      #expect(walkthrough.expectation.band != nil, "\(walkthrough.name) asserts its band")
    }
  }

  /// The library's options do not cue the answer: the best is the longest at no more than 40% of
  /// decision points, and at least one decision point in three offers two options graded good
  /// or better.
  @Test(arguments: files)
  func optionsOfferRealChoices(_ file: URL) throws {
    let scenario = try #require(ScenarioLoader().load(path: file.path).scenario)
    let points = scenario.decisionPoints.filter { $0.choices.count > 1 }
    var longest = 0
    var twoGood = 0
    for node in points {
      #expect(node.choices.allSatisfy { $0.grade != nil }, "\(node.id) is graded")
      let best = node.choices.filter { $0.grade == .best }
      let length = node.choices.map(\.say.count).max()!
      if best.contains(where: { $0.say.count == length }) { longest += 1 }
      if node.choices.filter({ ($0.grade ?? .poor) >= .good }).count >= 2 { twoGood += 1 }
    }
    #expect(longest * 10 <= points.count * 4, "best is longest at \(longest) of \(points.count)")
    #expect(twoGood * 3 >= points.count, "two good options at \(twoGood) of \(points.count)")
  }
}
