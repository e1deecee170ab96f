import CoachCore
import CoachStore
import CoachTestSupport
import Foundation
import Testing

@Suite("xAPI statements")
struct XAPITests {
  /// Ann's attempts: one complete and Fair-or-better, one complete and Developing, one unfinished
  /// with an undone turn.
  func annsDocument() throws -> (ExportDocument, [AttemptFixtures.Played]) {
    let store = try TemporaryStore("coach-xapi")
    defer { store.cleanUp() }
    let database = try store.open()
    _ = try database.upsertTrainee(id: "ann", name: "Ann Smith", cohort: "spring")
    let scenario = try Fixtures.scenario()
    let played = [
      try AttemptFixtures.record(["open", "reflect"], into: database, scenario: scenario, cohort: "spring"),
      try AttemptFixtures.record(
        ["lecture", "dismiss"], into: database, scenario: scenario, mode: .assessed,
        startedAt: AttemptFixtures.start + 86_400),
    ]
    let unfinished = UUID()
    try AttemptFixtures.record(
      ["check"], into: database, scenario: scenario, id: unfinished, startedAt: AttemptFixtures.start + 2 * 86_400)
    var session = Session(scenario: scenario)
    try session.choose("check")
    session = Session(scenario: scenario)
    try database.undo(attempt: unfinished, turnIndex: 0, state: session.state)
    return (try database.export(trainee: "ann"), played)
  }

  func json(_ statements: [XAPI.Statement]) throws -> [[String: Any]] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return try statements.map {
      try JSONSerialization.jsonObject(with: try encoder.encode($0)) as! [String: Any]
    }
  }

  func statements(base: String = XAPI.defaultBase) throws -> [XAPI.Statement] {
    let (document, _) = try annsDocument()
    return document.attempts.flatMap { XAPI.statements(for: $0, trainee: document.trainee, base: base) }
  }

  @Test("Every statement meets the specification's required fields and types")
  func conforms() throws {
    let all = try json(try statements())
    #expect(all.count == 11)
    for statement in all {
      let problems = XAPIValidator.problems(in: statement)
      #expect(problems.isEmpty, "\(problems)")
    }
  }

  @Test("Verbs in order: attempted, answered per kept response, completed, then passed or failed")
  func verbs() throws {
    let verbs = try statements().map { String($0.verb.id.split(separator: "/").last!) }
    #expect(
      verbs == [
        "attempted", "answered", "answered", "completed", "passed",
        "attempted", "answered", "answered", "completed", "failed",
        // The unfinished attempt's one response was taken back.
        "attempted",
      ])
  }

  @Test("The actor, activities, score, success and MITI extensions follow the documented mapping")
  func mapping() throws {
    let (document, played) = try annsDocument()
    let base = "https://lms.example.org/coach/"
    let first = XAPI.statements(for: document.attempts[0], trainee: document.trainee, base: base)
    let report = try #require(played[0].report)
    #expect(first.allSatisfy { $0.actor.account.homePage == base && $0.actor.account.name == "ann" })
    #expect(first.allSatisfy { $0.actor.name == "Ann Smith" })
    #expect(first.allSatisfy { $0.context?.registration == played[0].start.id.uuidString.lowercased() })
    #expect(first[0].object.id == base + "scenarios/clinic/1.2.0")
    #expect(first[0].object.definition.type == "http://adlnet.gov/expapi/activities/simulation")
    #expect(first[0].timestamp == "2025-03-01T10:00:00.000Z")
    let answer = first[1]
    #expect(answer.object.id == base + "scenarios/clinic/1.2.0/decision-points/hello")
    #expect(answer.object.definition.interactionType == "choice")
    #expect(answer.result?.response == "open")
    #expect(answer.result?.success == true)
    #expect(answer.result?.duration == "PT2.50S" || answer.result?.duration == "PT2.5S")
    #expect(answer.context?.contextActivities?.parent.first?.id == base + "scenarios/clinic/1.2.0")
    let passed = first[4]
    #expect(passed.result?.score?.scaled == (report.headlineScore * 10).rounded() / 1000)
    #expect(passed.result?.score?.raw == report.headlineScore)
    #expect(passed.result?.success == (report.overallBand != .developing))
    #expect(passed.result?.completion == true)
    #expect(passed.result?.duration == "PT1M20S")
    let extensions = try #require(passed.result?.extensions)
    #expect(extensions[base + "extensions/band"] == .string(report.overallBand.rawValue))
    #expect(extensions[base + "extensions/miti/relational"] == .number(report.metric(.relational)!.value!))
    #expect(extensions[base + "extensions/miti/mia"] == .number(Double(report.mia)))
    #expect(extensions[base + "extensions/miti/count/cr"] == .number(Double(report.count(.complexReflection))))
    #expect(extensions.keys.allSatisfy { $0.hasPrefix(base + "extensions/") })
    let failed = XAPI.statements(for: document.attempts[1], trainee: document.trainee, base: base)
    #expect(failed[4].verb.id == "http://adlnet.gov/expapi/verbs/failed")
    #expect(failed[4].result?.success == false)
    #expect(failed[1].result?.success == false)
  }

  @Test("Statement ids are version-5 UUIDs, unique, and the same when exported again")
  func stableIDs() throws {
    let (document, _) = try annsDocument()
    func ids() -> [String] {
      document.attempts.flatMap { XAPI.statements(for: $0, trainee: document.trainee) }.map(\.id)
    }
    let once = ids()
    #expect(Set(once).count == once.count)
    #expect(ids() == once)
    // The standard's example: uuid5(NAMESPACE_DNS, "python.org"), and Coach's own namespace.
    let dns = UUID(uuidString: "6ba7b810-9dad-11d1-80b4-00c04fd430c8")!
    #expect(
      XAPI.nameBasedUUID(namespace: dns, name: "python.org").uuidString.lowercased()
        == "886313e1-3b8a-5372-9b90-0c9aee199e5d")
    let coach = UUID(uuidString: "6f1c2a9e-3d52-4b8e-9a47-2c0f5e8d1b73")!
    #expect(
      XAPI.nameBasedUUID(namespace: coach, name: "x").uuidString.lowercased() == "cd64b4aa-11de-5aa2-9ca0-88a30ec9ac97")
  }

  @Test("SHA-1 matches the standard's test vectors")
  func sha1() {
    func hex(_ text: String) -> String {
      SHA1.digest(of: Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
    #expect(hex("abc") == "a9993e364706816aba3e25717850c26c9cd0d89d")
    #expect(hex("") == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
    #expect(
      hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
  }

  @Test("Durations and IRI segments")
  func formats() {
    #expect(XAPI.duration(0) == "PT0S")
    #expect(XAPI.duration(4.25) == "PT4.25S")
    #expect(XAPI.duration(3725.5) == "PT1H2M5.50S")
    #expect(XAPI.segment("clinic-1.2_x~") == "clinic-1.2_x~")
    #expect(XAPI.segment("a b/é") == "a%20b%2F%C3%A9")
  }

  @Test("The validator itself refuses what the specification forbids")
  func validatorCatchesProblems() throws {
    let good = try json(try statements())[4]
    #expect(XAPIValidator.problems(in: good).isEmpty)
    var missingVerb = good
    missingVerb["verb"] = nil
    #expect(!XAPIValidator.problems(in: missingVerb).isEmpty)
    var extra = good
    extra["score"] = 3
    #expect(!XAPIValidator.problems(in: extra).isEmpty)
    var badScore = good
    var result = good["result"] as! [String: Any]
    result["score"] = ["scaled": 1.5, "raw": 150, "min": 0, "max": 100]
    badScore["result"] = result
    #expect(XAPIValidator.problems(in: badScore).count == 2)
    var twoIdentifiers = good
    var actor = good["actor"] as! [String: Any]
    actor["mbox"] = "mailto:ann@example.org"
    twoIdentifiers["actor"] = actor
    #expect(!XAPIValidator.problems(in: twoIdentifiers).isEmpty)
    var badID = good
    badID["id"] = "not-a-uuid"
    #expect(!XAPIValidator.problems(in: badID).isEmpty)
    var badSuccess = good
    result = good["result"] as! [String: Any]
    result["success"] = 1
    badSuccess["result"] = result
    #expect(!XAPIValidator.problems(in: badSuccess).isEmpty)
  }
}
