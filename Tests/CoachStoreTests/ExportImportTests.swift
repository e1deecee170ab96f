import CoachCore
import CoachSheets
import CoachStore
import CoachTestSupport
import Foundation
import Testing

@Suite("Store: export and import")
struct ExportImportTests {
  let scenario: Scenario

  init() throws {
    scenario = try Fixtures.scenario()
  }

  /// Ann's database: a complete attempt, one in progress with an undone turn, one abandoned.
  func annsDatabase(_ engine: Engine) throws -> any RecordStore {
    let database = try engine.store()
    try database.upsertTrainee(id: "ann", name: "Ann Smith", cohort: "spring")
    try AttemptFixtures.record(["open", "reflect"], into: database, scenario: scenario, mode: .assessed)
    let unfinished = try AttemptFixtures.record(
      ["check"], into: database, scenario: scenario, startedAt: AttemptFixtures.start + 60)
    var session = Session(scenario: scenario)
    try session.choose("check")
    try session.undo()
    try database.undo(attempt: unfinished.start.id, turnIndex: 0, state: session.state)
    let abandoned = try AttemptFixtures.record(
      ["lecture"], into: database, scenario: scenario, startedAt: AttemptFixtures.start + 120)
    try database.abandon(attempt: abandoned.start.id, at: AttemptFixtures.start + 200)
    return database
  }

  @Test(arguments: Engine.all) func exportThenImportReproducesEveryRow(engine: Engine) throws {
    let source = try annsDatabase(engine)
    let exported = try exportText(source, trainee: "ann")
    let target = try engine.store()
    let report = try target.importExport(Data(exported.utf8), file: "ann.json")
    #expect(report.imported)
    #expect(report.added.count == 3)
    #expect(report.trainee == "ann")
    #expect(try exportText(target, trainee: "ann") == exported)
    #expect(try target.trainee(id: "ann") == Trainee(id: "ann", name: "Ann Smith", cohort: "spring"))
    #expect(try target.attemptScores(ScoreQuery(per: .attempt)) == source.attemptScores(ScoreQuery(per: .attempt)))
    #expect(try target.turnScores(ScoreQuery(per: .turn)) == source.turnScores(ScoreQuery(per: .turn)))
  }

  @Test(arguments: Engine.all) func theExportDocumentHasTheDocumentedShape(engine: Engine) throws {
    let exported = try exportText(try annsDatabase(engine), trainee: "ann")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(exported.utf8)) as? [String: Any])
    #expect(object["format"] as? Int == 1)
    #expect(object["kind"] as? String == "coach-export")
    #expect(object["exportedAt"] as? String == "2025-03-01T10:00:00.000Z")
    #expect((object["trainee"] as? [String: Any])?["name"] as? String == "Ann Smith")
    let attempts = try #require(object["attempts"] as? [[String: Any]])
    #expect(attempts.map { $0["status"] as? String } == ["complete", "in-progress", "abandoned"])
    #expect(attempts[0]["report"] is [String: Any])
    #expect((attempts[1]["turns"] as? [[String: Any]])?.first?["undone"] as? Bool == true)
  }

  @Test(arguments: Engine.all) func importingAgainChangesNothing(engine: Engine) throws {
    let exported = Data(try exportText(try annsDatabase(engine), trainee: "ann").utf8)
    let target = try engine.store()
    _ = try target.importExport(exported, file: "ann.json")
    let again = try target.importExport(exported, file: "ann.json")
    #expect(again.imported)
    #expect(again.added.isEmpty)
    #expect(again.skipped.count == 3)
    #expect(try exportText(target, trainee: "ann") == String(decoding: exported, as: UTF8.self))
  }

  @Test(arguments: Engine.all) func aHandWrittenExportImports(engine: Engine) throws {
    let played = try AttemptFixtures.play(["open", "reflect"], scenario: scenario, trainee: "dev")
    let json = try AttemptFixtures.exportJSON(
      trainee: "dev", name: "Dev", attempts: [.init(played, cohort: "spring")])
    let database = try engine.store()
    let report = try database.importExport(Data(json.utf8), file: "dev.json")
    #expect(report.rejected == [])
    let stored = try #require(try database.attempt(id: played.start.id))
    #expect(stored.report == played.report)
    #expect(stored.state == played.session.state)
    #expect(try database.turns(attempt: played.start.id) == played.turns)
  }

  @Test(arguments: Engine.all) func aTamperedFileIsRejectedWhole(engine: Engine) throws {
    let database = try engine.store()
    let good = try AttemptFixtures.play(["open", "reflect"], scenario: scenario, trainee: "eve")
    var tampered = try AttemptFixtures.play(["lecture", "dismiss"], scenario: scenario, trainee: "eve")
    tampered.report!.headlineScore = 100
    tampered.report!.turnCount = 5
    let json = try AttemptFixtures.exportJSON(trainee: "eve", attempts: [.init(good), .init(tampered)])
    let report = try database.importExport(Data(json.utf8), file: "eve.json")
    #expect(!report.imported)
    #expect(report.added.isEmpty)
    #expect(
      report.rejected == [
        .init(index: 1, attempt: tampered.start.id, reason: "its report scores 5 turns, but 2 were answered")
      ])
    #expect(try database.attempt(id: good.start.id) == nil, "nothing from the file is imported")
    #expect(try database.trainee(id: "eve") == nil)
  }

  @Test(arguments: [
    (#""mode" : "practice""#, #""mode" : "exam""#, #"mode: "exam" is not one of practice, assessed"#),
    (#""index" : 1"#, #""index" : 7"#, "turns[1] has index 7"),
    (#""trainee" : "fay","#, #""trainee" : "gus","#, "it belongs to trainee \"gus\""),
    (#""status" : "complete""#, #""status" : "in-progress""#, "it is in-progress but has a report"),
    (#""choice" : "reflect""#, #""choice" : "dismiss""#, "do not match the choices in its state"),
    (#""startedAt" : "2025"#, #""startedAt" : "yesterday"#, "): startedAt: \"yesterday-03-01T10:00:00.000Z\" is not"),
    (#""codes" : ["#, #""codes" : ["bogus", "#, #"report.turns[0].choice.codes[0]: "bogus" is not a technique code"#),
    (#""secondsToAnswer" : 2.5"#, #""secondsToAnswer" : "slow""#, "turns[0].secondsToAnswer: expected a number"),
  ])
  func everyRecordIsValidated(original: String, replacement: String, reason: String) throws {
    // A file is checked whole before any engine is touched: one engine is enough here.
    let engine = Engine.sqlite
    let played = try AttemptFixtures.play(["open", "reflect"], scenario: scenario, trainee: "fay")
    let json = try AttemptFixtures.exportJSON(trainee: "fay", attempts: [.init(played)])
    let broken = try Fixtures.replacing(original, with: replacement, in: json)
    let report = try engine.store().importExport(Data(broken.utf8), file: "fay.json")
    #expect(!report.imported)
    #expect(report.rejected.count >= 1)
    #expect(report.rejected.contains { $0.description.contains(reason) }, "\(report.rejected)")
  }

  @Test(arguments: [
    ("{", "not valid JSON at 1:2: the file ends too early"),
    ("{\"format\": 1,\n \"kind\": ]", "not valid JSON at 2:10: unexpected"),
    (#"{"format": 1, "kind": "something-else"}"#, "not a Coach export (its kind is \"something-else\")"),
    (#"[1, 2]"#, "the document: expected"),
    (#"{"format": 2, "kind": "coach-export"}"#, "format 2 is not one this version of Coach reads"),
    (
      #"{"format": 1, "kind": "coach-export", "exportedAt": "2025-03-01T10:00:00Z", "attempts": []}"#,
      "trainee: missing"
    ),
  ])
  func aFileThatIsNotAnExportIsRejected(text: String, reason: String) throws {
    // A file is checked whole before any engine is touched: one engine is enough here.
    let engine = Engine.sqlite
    let report = try engine.store().importExport(Data(text.utf8), file: "x.json")
    #expect(!report.imported)
    #expect(report.rejected.count == 1)
    #expect(report.rejected[0].index == nil)
    #expect(report.rejected[0].reason.contains(reason), "\(report.rejected[0].reason)")
  }

  /// A NUL would cut a name short, an escape sequence reach a terminal, a direction override
  /// disguise the text: each is refused, naming the field, and nothing from the file goes in.
  @Test(
    arguments: [
      ("name", "Ann\u{0}Smith", nil, nil, "trainee.name contains the control character U+0000 (at character 4)"),
      (
        "cohort", "Ann", "spring\u{1B}[2J", nil, "trainee.cohort contains the control character U+001B (at character 7)"
      ),
      ("line break", "Ann\nSmith", nil, nil, "trainee.name contains the control character U+000A (at character 4)"),
      ("override", "Ann \u{202E}htimS", nil, nil, "trainee.name contains the invisible formatting character U+202E"),
      ("attempt cohort", "Ann", nil, "late\u{7}", "attempts[0]"),
    ] as [(String, String, String?, String?, String)])
  func controlCharactersInNamesAreRefusedWithTheField(
    _ label: String, name: String, cohort: String?, attemptCohort: String?, reason: String
  ) throws {
    // A file is checked whole before any engine is touched: one engine is enough here.
    let database = try Engine.sqlite.store()
    let played = try AttemptFixtures.play(["open", "reflect"], scenario: scenario, trainee: "hal")
    let json = try AttemptFixtures.exportJSON(
      trainee: "hal", name: name, cohort: cohort, attempts: [.init(played, cohort: attemptCohort)])
    let report = try database.importExport(Data(json.utf8), file: "hal.json")
    #expect(!report.imported)
    #expect(report.rejected.contains { $0.description.contains(reason) }, "\(report.rejected)")
    if attemptCohort != nil {
      #expect(
        report.rejected.map(\.reason) == [
          "cohort contains the control character U+0007 (at character 5), which is not allowed"
        ])
    }
    #expect(try database.trainee(id: "hal") == nil, "nothing from the file is imported")
    #expect(try database.attempt(id: played.start.id) == nil)
  }

  @Test(arguments: Engine.all) func controlCharactersInIdsAreRefusedWithTheField(engine: Engine) throws {
    var played = try AttemptFixtures.play(["open", "reflect"], scenario: scenario, trainee: "ivy")
    played.turns[1].node = "wor\u{0}ry"
    let json = try AttemptFixtures.exportJSON(trainee: "ivy", attempts: [.init(played)])
    let report = try engine.store().importExport(Data(json.utf8), file: "ivy.json")
    #expect(!report.imported)
    #expect(
      report.rejected.first?.reason
        == "turns[1].node contains the control character U+0000 (at character 4), which is not allowed")
  }

  @Test(arguments: Engine.all) func aConflictingAttemptRejectsTheFile(engine: Engine) throws {
    let database = try engine.store()
    let played = try AttemptFixtures.play(["open", "reflect"], scenario: scenario, trainee: "hal")
    _ = try database.importExport(
      Data(try AttemptFixtures.exportJSON(trainee: "hal", attempts: [.init(played)]).utf8), file: "a.json")
    var changed = played
    changed.start.scenarioTitle = "Renamed"
    let fresh = try AttemptFixtures.play(["check"], scenario: scenario, trainee: "hal")
    let report = try database.importExport(
      Data(try AttemptFixtures.exportJSON(trainee: "hal", attempts: [.init(fresh), .init(changed)]).utf8),
      file: "b.json")
    #expect(
      report.rejected == [
        .init(
          index: 1, attempt: played.start.id,
          reason: "conflict: an attempt with this id is already stored with different content")
      ])
    #expect(try database.attempt(id: fresh.start.id) == nil)
    #expect(try database.attempt(id: played.start.id)?.scenarioTitle == "A short clinic visit")
  }

  @Test(arguments: Engine.all) func anAttemptInProgressIsBroughtUpToDate(engine: Engine) throws {
    let database = try engine.store()
    let id = UUID()
    let early = try AttemptFixtures.play(["open"], scenario: scenario, id: id, trainee: "ida")
    let late = try AttemptFixtures.play(["open", "reflect"], scenario: scenario, id: id, trainee: "ida")
    _ = try database.importExport(
      Data(try AttemptFixtures.exportJSON(trainee: "ida", attempts: [.init(early)]).utf8), file: "week1.json")
    #expect(try database.attempt(id: id)?.status == .inProgress)
    let report = try database.importExport(
      Data(try AttemptFixtures.exportJSON(trainee: "ida", attempts: [.init(late)]).utf8), file: "week2.json")
    #expect(report.updated == [id])
    let stored = try #require(try database.attempt(id: id))
    #expect(stored.status == .complete)
    #expect(stored.report == late.report)
    // Going back to the earlier file is a conflict: a complete attempt is never rewound.
    let back = try database.importExport(
      Data(try AttemptFixtures.exportJSON(trainee: "ida", attempts: [.init(early)]).utf8), file: "week1.json")
    #expect(!back.imported)
  }

  @Test(arguments: Engine.all) func theSameAttemptTwiceInOneFileIsRejected(engine: Engine) throws {
    let played = try AttemptFixtures.play(["open"], scenario: scenario, trainee: "jo")
    let json = try AttemptFixtures.exportJSON(trainee: "jo", attempts: [.init(played), .init(played)])
    let report = try engine.store().importExport(Data(json.utf8), file: "jo.json")
    #expect(report.rejected.map(\.reason) == ["the file has this attempt twice"])
  }

  @Test(arguments: Engine.all) func aFormulaForANameStaysInertText(engine: Engine) throws {
    let name = #"=HYPERLINK("http://x","y")"#
    let database = try engine.store()
    try database.upsertTrainee(id: name, name: name, cohort: "+cohort")
    try AttemptFixtures.record(["open", "reflect"], into: database, scenario: scenario, trainee: name)
    let exported = try exportText(database, trainee: name)
    let object = try JSONSerialization.jsonObject(with: Data(exported.utf8)) as? [String: Any]
    #expect((object?["trainee"] as? [String: Any])?["name"] as? String == name)

    let imported = try engine.store()
    #expect(try imported.importExport(Data(exported.utf8), file: "x.json").imported)
    let csv = ScoreSheet(attempts: try imported.attemptScores(ScoreQuery(per: .attempt))).csv
    let record = try #require(csv.components(separatedBy: "\r\n").dropFirst().first)
    #expect(record.contains(#","'=HYPERLINK(""http://x"",""y"")","'=HYPERLINK(""http://x"",""y"")","'+cohort","#))
    #expect(!csv.contains(",=") && !csv.contains("\n="))
  }

  @Test(arguments: Engine.all) func exportingAnUnknownTraineeFails(engine: Engine) throws {
    #expect(throws: StoreError.traineeNotFound("nobody")) {
      try engine.store().export(trainee: "nobody")
    }
  }

  /// The rubric that scored each attempt travels with it, once per rubric, so the lead's database
  /// can recompute any score; a rubric whose text does not match its hash is refused.
  @Test(arguments: Engine.all) func rubricsTravelWithTheirAttemptsByContent(engine: Engine) throws {
    let exported = try exportText(try annsDatabase(engine), trainee: "ann")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(exported.utf8)) as? [String: Any])
    let hash = Rubric.miti421.contentHash
    #expect((object["rubrics"] as? [String: String]) == [hash: RubricFile.text(of: .miti421)])
    #expect((object["attempts"] as? [[String: Any]])?.allSatisfy { $0["rubricHash"] as? String == hash } == true)
    let target = try engine.store()
    #expect(try target.importExport(Data(exported.utf8), file: "ann.json").imported)
    #expect(try target.rubricText(hash: hash) == RubricFile.text(of: .miti421))
    #expect(try target.attemptScores(ScoreQuery(per: .attempt)).allSatisfy { $0.scenario.rubricHash == hash })

    let forged = exported.replacingOccurrences(of: #""title" : "MITI 4.2.1""#, with: #""title" : "MITI 4.2.2""#)
      .replacingOccurrences(of: #"\"title\": \"MITI 4.2.1\""#, with: #"\"title\": \"MITI 4.2.2\""#)
    #expect(forged != exported)
    let refused = try engine.store().importExport(Data(forged.utf8), file: "ann.json")
    #expect(!refused.imported)
    #expect(refused.rejected.map(\.reason) == ["the rubric filed under \(hash.prefix(12)) has different content"])
  }

  /// A score edited in an export file, its turns left as they were, is refused: the attempt is
  /// replayed from its turns in the scenario the file carries and scored again.
  @Test(arguments: Engine.all) func aForgedScoreInAnExportIsRejectedWithTheAttemptNamed(engine: Engine) throws {
    let exported = try exportText(try annsDatabase(engine), trainee: "ann")
    var object = try #require(try JSONSerialization.jsonObject(with: Data(exported.utf8)) as? [String: Any])
    var attempts = try #require(object["attempts"] as? [[String: Any]])
    var report = try #require(attempts[0]["report"] as? [String: Any])
    let earned = try #require(report["headlineScore"] as? Double)
    report["headlineScore"] = 100.0
    attempts[0]["report"] = report
    object["attempts"] = attempts
    let forged = try JSONSerialization.data(withJSONObject: object)
    let target = try engine.store()
    let refused = try target.importExport(forged, file: "ann.json")
    #expect(!refused.imported)
    let id = try #require(UUID(uuidString: attempts[0]["id"] as? String ?? ""))
    #expect(refused.rejected.map(\.attempt) == [id])
    #expect(
      refused.rejected.first?.reason.hasPrefix(
        "its stored score 100 (\(report["overallBand"] as? String ?? "")) is not what its turns earn: "
          + Value.format(earned)) == true, "\(refused.rejected)")
    #expect(try target.attempt(id: id) == nil, "nothing from the file is kept")

    // The same file without the forgery goes in, and every score checks out.
    #expect(try target.importExport(Data(exported.utf8), file: "ann.json").imported)
    #expect(try target.attemptScores(ScoreQuery(per: .attempt)).map(\.check) == [.verified, .verified, .verified])
  }

  /// An export file whose scenario content is missing cannot be checked, and is refused.
  @Test(arguments: Engine.all) func anExportWithoutItsScenarioIsRejected(engine: Engine) throws {
    let exported = try exportText(try annsDatabase(engine), trainee: "ann")
    var object = try #require(try JSONSerialization.jsonObject(with: Data(exported.utf8)) as? [String: Any])
    object["scenarios"] = nil
    let report = try engine.store().importExport(try JSONSerialization.data(withJSONObject: object), file: "a.json")
    #expect(!report.imported)
    #expect(report.rejected.count == 3)
    #expect(report.rejected.allSatisfy { $0.reason.contains("is neither in the file nor in this database") })
  }
}
