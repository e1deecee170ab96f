import CoachCore
import CoachTestSupport
import Foundation
import Testing

/// A database of stored attempts for the page tests, filled the way a course lead's is: export
/// files imported with `coach import`, and attempts played with `coach play`.
///
/// The story is the fixture clinic with hostile text in every field a page shows, and one trainee
/// is called `<script>alert(1)</script>`; a second plays the bundled flagship, whose long
/// conversation gives the state chart something to draw.
struct ReportStore {
  let folder: URL
  var database: String { folder.appendingPathComponent("lead.sqlite").path }
  static let hostileTrainee = Hostile.script

  init() throws {
    folder = try Fixtures.temporaryDirectory("coach-pages")
    let scenarios = folder.appendingPathComponent("Scenarios")
    try FileManager.default.createDirectory(at: scenarios, withIntermediateDirectories: true)
    let json = try Hostile.scenarioJSON()
    try json.write(to: scenarios.appendingPathComponent("clinic.json"), atomically: true, encoding: .utf8)
    let scenario = try Fixtures.scenario(json)
    let day = 86_400.0
    let start = AttemptFixtures.start
    let hostile = try AttemptFixtures.exportJSON(
      trainee: Self.hostileTrainee, name: Hostile.attribute, cohort: "spring",
      attempts: [
        .init(
          try AttemptFixtures.play(
            ["lecture", "dismiss"], scenario: scenario, trainee: Self.hostileTrainee, startedAt: start),
          cohort: "spring"),
        .init(
          try AttemptFixtures.play(
            ["check", "again"], scenario: scenario, trainee: Self.hostileTrainee, startedAt: start + day),
          cohort: "spring"),
        .init(
          try AttemptFixtures.play(
            ["open", "reflect"], scenario: scenario, trainee: Self.hostileTrainee, startedAt: start + 2 * day),
          cohort: "spring"),
      ])
    let bob = try AttemptFixtures.exportJSON(
      trainee: "bob", name: "Bob Okafor", cohort: "spring",
      attempts: [
        .init(
          try AttemptFixtures.play(["lecture", "reflect"], scenario: scenario, trainee: "bob", startedAt: start + day)),
        .init(
          try AttemptFixtures.play(["open", "dismiss"], scenario: scenario, trainee: "bob", startedAt: start + 3 * day)),
        .init(try AttemptFixtures.play(["open"], scenario: scenario, trainee: "bob", startedAt: start + 4 * day)),
      ])
    for (name, text) in [("hostile.json", hostile), ("bob.json", bob)] {
      try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    let imported = try run(["import", "hostile.json", "bob.json"])
    guard imported.status == 0 else { throw FixtureError(message: "import failed: \(imported.stderr)") }
  }

  /// Plays the flagship's "typical" walkthrough for `trainee` through the binary.
  func playFlagship(trainee: String = "carol", extra: [String] = []) throws -> CoachProcess.Output {
    let flagship = Fixtures.packageRoot.appendingPathComponent("Scenarios/frank-diabetes-remission.json")
    let scenario = try #require(ScenarioLoader().load(path: flagship.path).scenario)
    let walkthrough = try #require(scenario.walkthroughs.first { $0.name == "typical" })
    return try run(
      ["play", flagship.path, "--trainee", trainee, "--cohort", "spring", "--seed", "7", "--choices"]
        + [walkthrough.choices.joined(separator: ",")] + extra)
  }

  func run(_ arguments: [String]) throws -> CoachProcess.Output {
    try CoachProcess.run(arguments + ["--db", database], environment: ["COLUMNS": "100"], directory: folder)
  }

  func url(_ name: String) -> URL { folder.appendingPathComponent(name) }

  func read(_ name: String) throws -> String { try String(contentsOf: url(name), encoding: .utf8) }

  func remove() { try? FileManager.default.removeItem(at: folder) }
}

@Suite("HTML pages and xAPI statements through the coach binary")
struct ReportPageTests {
  @Test("coach review --html writes the review of a stored attempt, hostile text inert")
  func reviewPage() throws {
    let store = try ReportStore()
    defer { store.remove() }
    let result = try store.run(["review", "--trainee", ReportStore.hostileTrainee, "--html", "--output", "review.html"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("coach: wrote the review to review.html"))
    let page = try store.read("review.html")
    #expect(page.hasPrefix("<!DOCTYPE html>"))
    #expect(page.contains(#"<table id="metrics">"#))
    #expect(page.contains(#"class="state-chart""#))
    #expect(page.contains(#"<table id="state-table">"#))
    #expect(page.contains("Ending: A shared plan (positive)"))
    #expect(
      page.contains(
        "by &quot;&gt;&lt;img src=x onerror=alert(2)&gt; (&lt;script&gt;alert(1)&lt;/script&gt;) · practice · complete")
    )
    #expect(!page.contains("<script"))
    #expect(!page.contains("<img"))
    let attributes = try FileManager.default.attributesOfItem(atPath: store.url("review.html").path)
    #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
  }

  @Test("An existing page is kept unless --force; --output needs --html; --html and --json conflict")
  func outputRules() throws {
    let store = try ReportStore()
    defer { store.remove() }
    try "mine".write(to: store.url("review.html"), atomically: true, encoding: .utf8)
    let refused = try store.run(["review", "--trainee", "bob", "--html", "--output", "review.html"])
    #expect(refused.status == 73)
    #expect(refused.stderr.contains("review.html already exists; pass --force to replace it"))
    #expect(try store.read("review.html") == "mine")
    let forced = try store.run(["review", "--trainee", "bob", "--html", "--output", "review.html", "--force"])
    #expect(forced.status == 0, "\(forced.stderr)")
    #expect(try store.read("review.html").contains("<table id=\"metrics\">"))
    #expect(try store.run(["review", "--trainee", "bob", "--output", "x.html"]).status == 64)
    #expect(try store.run(["review", "--trainee", "bob", "--html", "--json"]).status == 64)
    // To a pipe, the page goes to standard output.
    let piped = try store.run(["review", "--trainee", "bob", "--html"])
    #expect(piped.status == 0)
    #expect(piped.stdout.hasPrefix("<!DOCTYPE html>"))
    // An attempt still in progress is reviewed as far as it went.
    #expect(piped.stdout.contains("Not finished: the review covers the turns so far."))
  }

  @Test("coach play --html FILE writes the review when the story ends, and refuses a file there before play")
  func playPage() throws {
    let store = try ReportStore()
    defer { store.remove() }
    let played = try store.playFlagship(extra: ["--html", "frank.html"])
    #expect(played.status == 0, "\(played.stderr)")
    let page = try store.read("frank.html")
    #expect(page.contains("Frank: the diabetes review he has been dreading"))
    #expect(page.contains("carol · practice · complete"))
    #expect(page.contains("<table id=\"safety\">") || page.contains("id=\"safety\""))
    let before = try store.run(["scores", "--per", "attempt", "--format", "csv"]).stdout
    let refused = try store.playFlagship(trainee: "dan", extra: ["--html", "frank.html"])
    #expect(refused.status == 73)
    // Refused before anything was played or recorded.
    #expect(try store.run(["scores", "--per", "attempt", "--format", "csv"]).stdout == before)
    let replaced = try store.playFlagship(trainee: "dan", extra: ["--html", "frank.html", "--force"])
    #expect(replaced.status == 0, "\(replaced.stderr)")
    #expect(try store.read("frank.html").contains("dan · practice · complete"))
    #expect(try store.run(["play", "--force", "--choices", "x"]).status == 64)
  }

  @Test("coach scores --html writes the cohort dashboard over the same filters")
  func cohortPage() throws {
    let store = try ReportStore()
    defer { store.remove() }
    _ = try store.playFlagship()
    let result = try store.run(["scores", "--html", "--output", "cohort.html"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("coach: wrote the dashboard of 7 attempts to cohort.html"))
    let page = try store.read("cohort.html")
    #expect(page.contains("3 trainees · 7 attempts · 6 complete · 2 scenario versions"))
    #expect(page.components(separatedBy: #"<section class="scenario""#).count - 1 == 2)
    #expect(page.contains(#"<table class="difficulty">"#))
    #expect(page.contains(#"<svg class="sparkline""#))
    #expect(page.contains(#"<table class="safety">"#))
    // The patient's lines come from the story files the attempts were played on.
    #expect(page.contains("The new inhaler makes my heart race, so I stopped it."))
    #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    #expect(!page.contains("<script"))
    // The extension picks the format; a filter narrows the page.
    let filtered = try store.run(["scores", "--trainee", "bob", "--output", "bob.html"])
    #expect(filtered.status == 0, "\(filtered.stderr)")
    let bob = try store.read("bob.html")
    #expect(bob.contains("Attempts: trainee bob."))
    #expect(bob.components(separatedBy: #"<svg class="sparkline""#).count - 1 == 1)
    #expect(bob.contains("<strong>Bob Okafor (bob)</strong>"))
    #expect(try store.run(["scores", "--html", "--format", "csv"]).status == 64)
    let again = try store.run(["scores", "--html", "--output", "cohort.html"])
    #expect(again.status == 73)
  }

  @Test("coach export --xapi writes statements that meet the specification, as an array or JSON lines")
  func xapi() throws {
    let store = try ReportStore()
    defer { store.remove() }
    let array = try store.run(["export", "--xapi", "--all", "--xapi-base", "https://lms.example.org/coach/"])
    #expect(array.status == 0, "\(array.stderr)")
    let statements = try #require(try JSONSerialization.jsonObject(with: Data(array.stdout.utf8)) as? [Any])
    // Six attempts: three and two complete ones of five statements each... counted from the verbs.
    #expect(!statements.isEmpty)
    for statement in statements {
      let problems = XAPIValidator.problems(in: statement)
      #expect(problems.isEmpty, "\(problems)")
    }
    let verbs = statements.compactMap { (($0 as? [String: Any])?["verb"] as? [String: Any])?["id"] as? String }
    #expect(verbs.filter { $0.hasSuffix("/attempted") }.count == 6)
    #expect(verbs.filter { $0.hasSuffix("/completed") }.count == 5)
    #expect(verbs.filter { $0.hasSuffix("/passed") || $0.hasSuffix("/failed") }.count == 5)
    #expect(array.stdout.contains("https://lms.example.org/coach/extensions/miti/relational"))

    let lines = try store.run(["export", "--xapi", "--lines", "--trainee", "bob", "--output", "bob.jsonl"])
    #expect(lines.status == 0, "\(lines.stderr)")
    #expect(lines.stderr.contains("for 3 attempts to bob.jsonl"))
    let text = try store.read("bob.jsonl")
    let rows = text.split(separator: "\n")
    #expect(text.hasSuffix("\n"))
    for row in rows {
      let statement = try JSONSerialization.jsonObject(with: Data(row.utf8))
      #expect(XAPIValidator.problems(in: statement).isEmpty)
    }
    #expect(try store.run(["export", "--lines", "--trainee", "bob"]).status == 64)
    #expect(try store.run(["export", "--xapi", "--xapi-base", "not an iri", "--all"]).status == 64)
    #expect(try store.run(["export", "--xapi", "--trainee", "nobody"]).status == 66)
  }
}
