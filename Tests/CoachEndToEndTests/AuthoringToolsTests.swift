import CoachTestSupport
import Foundation
import Testing

/// coach script, coach diff, --watch and :reload, partial reports and state-dependent lines,
/// through the built binary.
@Suite("Authoring tools: script, diff, watch, partial reports")
struct AuthoringToolsTests {
  /// The fixture with Ann's second line depending on rapport, and the reflection's words on what
  /// came before.
  static func varying() throws -> String {
    var json = try Fixtures.replacing(
      #""patient": "The new inhaler makes my heart race, so I stopped it.""#,
      with: #"""
        "patient": [{"if": "rapport >= 1", "text": "Since you ask: it makes my heart race, so I stopped it."},
                    "The new inhaler makes my heart race, so I stopped it."]
        """#)
    json = try Fixtures.replacing(
      #""say": "You stopped because it frightened you.""#,
      with: #"""
        "say": [{"if": "chose(\"lecture\")", "text": "Sorry I jumped in. You stopped because it frightened you."},
                "You stopped because it frightened you."]
        """#,
      in: json)
    return json
  }

  func folder(with files: [String: String]) throws -> URL {
    let folder = try Fixtures.temporaryDirectory()
    for (name, text) in files {
      try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    return folder
  }

  // MARK: - State-dependent lines in play

  @Test func playAndItsReviewShowTheWordsOfTheMoment() throws {
    let folder = try folder(with: ["story.json": try Self.varying()])
    defer { try? FileManager.default.removeItem(at: folder) }
    let warm = try CoachProcess.run(
      ["play", "story.json", "--no-save", "--authored-order", "--choices", "open,reflect"], directory: folder)
    #expect(warm.status == 0)
    #expect(warm.stdout.contains("Ann: “Since you ask: it makes my heart race, so I stopped it.”"))
    #expect(warm.stdout.contains("  1. You stopped because it frightened you."))

    let cold = try CoachProcess.run(
      ["play", "story.json", "--no-save", "--authored-order", "--choices", "lecture,reflect", "--json"],
      directory: folder)
    #expect(cold.status == 0)
    #expect(cold.stderr.contains("Ann: “The new inhaler makes my heart race, so I stopped it.”"))
    #expect(cold.stderr.contains("  1. Sorry I jumped in. You stopped because it frightened you."))
    let result = try #require(try JSONSerialization.jsonObject(with: Data(cold.stdout.utf8)) as? [String: Any])
    let turns = try #require((result["review"] as? [String: Any])?["turns"] as? [[String: Any]])
    #expect(turns[1]["patientSaid"] as? String == "The new inhaler makes my heart race, so I stopped it.")
    let report = try #require(result["report"] as? [String: Any])
    let reportTurns = try #require(report["turns"] as? [[String: Any]])
    let chosen = try #require(reportTurns[1]["choice"] as? [String: Any])
    #expect(chosen["say"] as? String == "Sorry I jumped in. You stopped because it frightened you.")
  }

  // MARK: - Partial reports

  @Test func aScriptedPrefixReturnsTheReportSoFarMarkedPartial() throws {
    let folder = try folder(with: ["clinic.json": Fixtures.clinic])
    defer { try? FileManager.default.removeItem(at: folder) }
    let output = try CoachProcess.run(
      ["play", "clinic.json", "--no-save", "--authored-order", "--choices", "open", "--json"], directory: folder)
    #expect(output.status == 0)
    let result = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
    #expect(result["partial"] as? Bool == true)
    #expect(result["status"] as? String == "in-progress")
    #expect(result["ending"] == nil)
    let report = try #require(result["report"] as? [String: Any])
    #expect((report["turns"] as? [[String: Any]])?.count == 1)
    #expect((result["review"] as? [String: Any])?["ending"] == nil)

    let finished = try CoachProcess.run(
      ["play", "clinic.json", "--no-save", "--authored-order", "--choices", "open,reflect", "--json"],
      directory: folder)
    let complete = try #require(try JSONSerialization.jsonObject(with: Data(finished.stdout.utf8)) as? [String: Any])
    #expect(complete["partial"] as? Bool == false)
    #expect(complete["status"] as? String == "complete")
  }

  @Test func aScriptThatDoesNotFitStoresNothingAndExits65() throws {
    let folder = try folder(with: ["clinic.json": Fixtures.clinic])
    defer { try? FileManager.default.removeItem(at: folder) }
    let database = folder.appendingPathComponent("coach.sqlite").path
    let output = try CoachProcess.run(
      ["play", "clinic.json", "--db", database, "--trainee", "ann", "--choices", "open,lecture", "--json"],
      directory: folder)
    #expect(output.status == 65)
    #expect(output.stdout == "")
    #expect(output.stderr.contains("the scripted choices do not fit the story: step 2"))
    #expect(!FileManager.default.fileExists(atPath: database))
  }

  // MARK: - coach script

  @Test func scriptPrintsAScreenplayWithWhatLeadsIntoEachNode() throws {
    let folder = try folder(with: ["story.json": try Self.varying()])
    defer { try? FileManager.default.removeItem(at: folder) }
    let output = try CoachProcess.run(["script", "story.json"], directory: folder)
    #expect(output.status == 0)
    let text = output.stdout
    #expect(text.hasPrefix("# A short clinic visit\n\n`clinic 1.2.0`\n"))
    #expect(text.contains("## worry\n\n*decision point*\n"))
    #expect(text.contains("- `lecture` at [`hello`](#hello): “You should be using your preventer every day.”"))
    #expect(text.contains("if `rapport >= 1`: “Since you ask: it makes my heart race, so I stopped it.”"))
    #expect(text.contains("otherwise: “The new inhaler makes my heart race, so I stopped it.”"))
    #expect(
      text.contains(
        "1. `open` “What would you like to get out of today?” — open question, seeking collaboration · best (from "
          + "the codes) · `rapport += 1` · `asked += 1` → [`worry`](#worry)"))
    // An ending reached through a route names the route.
    #expect(
      text.contains(
        "- `again` at [`worry`](#worry), then route 1 of [`gate`](#gate) if `rapport >= 3 and told`: “Tell me more "
          + "about the racing.”"))
    #expect(text.contains("**Ending:** A shared plan (positive)"))
  }

  @Test func scriptHTMLIsOneSelfContainedPageWithEveryTextEscaped() throws {
    var json = try Fixtures.replacing("A short clinic visit", with: #"A <script>alert(1)</script> & \"clinic\""#)
    json = try Fixtures.replacing("She keeps her coat on.", with: "She keeps her <b>coat</b> on.", in: json)
    let folder = try folder(with: ["story.json": json])
    defer { try? FileManager.default.removeItem(at: folder) }
    let output = try CoachProcess.run(["script", "story.json", "--html", "--output", "page.html"], directory: folder)
    #expect(output.status == 0)
    #expect(output.stderr == "coach: wrote the screenplay of clinic to page.html\n")
    let page = try String(contentsOf: folder.appendingPathComponent("page.html"), encoding: .utf8)
    #expect(page.hasPrefix("<!DOCTYPE html>"))
    #expect(!page.contains("<script"))
    #expect(!page.contains("src="))
    #expect(page.contains("<h1>A &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;clinic&quot;</h1>"))
    #expect(page.contains("She keeps her &lt;b&gt;coat&lt;/b&gt; on."))
    #expect(page.contains(#"<h2 id="node-worry">worry</h2>"#))
    #expect(page.contains(##"<a href="#node-worry"><code>worry</code></a>"##))
    // An existing file is kept unless --force.
    let again = try CoachProcess.run(["script", "story.json", "--html", "--output", "page.html"], directory: folder)
    #expect(again.status == 73)
  }

  // MARK: - coach diff

  @Test func diffShowsWhatChangedAndFailsWhenTheVersionWasNotRaised() throws {
    var edited = try Fixtures.replacing(#"["persuade"]"#, with: #"["persuade", "confront"]"#)
    edited = try Fixtures.replacing("Tell me more about the racing.", with: "Say more about the racing.", in: edited)
    edited = try Fixtures.replacing(#""outcome": "mixed""#, with: #""outcome": "negative""#, in: edited)
    let folder = try folder(with: [
      "old.json": Fixtures.clinic, "same-version.json": edited,
      "raised.json": try Fixtures.replacing(#""version": "1.2.0""#, with: #""version": "1.3.0""#, in: edited),
    ])
    defer { try? FileManager.default.removeItem(at: folder) }
    let unraised = try CoachProcess.run(["diff", "old.json", "same-version.json"], directory: folder)
    #expect(unraised.status == 65)
    let lines = unraised.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    #expect(lines.first == "clinic 1.2.0 → clinic 1.2.0: A short clinic visit")
    #expect(lines.contains("  again (say)"))
    #expect(lines.contains("    - Tell me more about the racing."))
    #expect(lines.contains("    + Say more about the racing."))
    #expect(lines.contains("  lecture codes: persuade → persuade, confront"))
    #expect(lines.contains("  partial outcome: mixed → negative"))
    #expect(
      lines.contains { $0.hasPrefix("* typical: partial (mixed), Developing ") && $0.contains("→ partial (negative)") })
    #expect(lines.contains { $0.hasPrefix("  best:  Fair 70.5 at plan → Fair 70.5 at plan") })
    #expect(unraised.stdout.hasSuffix("raise it, so that scores from the two versions are never filed together.\n"))

    let raised = try CoachProcess.run(["diff", "old.json", "raised.json"], directory: folder)
    #expect(raised.status == 0)
    #expect(raised.stdout.hasSuffix("Version 1.2.0 → 1.3.0.\n"))

    let json = try CoachProcess.run(["diff", "old.json", "raised.json", "--json"], directory: folder)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    #expect((object["changed"] as? [[String: Any]])?.contains { $0["id"] as? String == "lecture" } == true)
  }

  @Test func diffOfALayoutChangeFindsNothingForTrainees() throws {
    let object = try JSONSerialization.jsonObject(with: Data(Fixtures.clinic.utf8))
    let relaid = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
    let folder = try folder(with: ["old.json": Fixtures.clinic, "new.json": String(decoding: relaid, as: UTF8.self)])
    defer { try? FileManager.default.removeItem(at: folder) }
    let output = try CoachProcess.run(["diff", "old.json", "new.json"], directory: folder)
    #expect(output.status == 0)
    #expect(output.stdout.hasSuffix("No change for trainees: the files differ only in layout, comments or order.\n"))
  }

  // MARK: - --watch and :reload

  func terminalEnvironment(_ home: URL) -> [String: String] {
    [
      "PATH": "/usr/bin:/bin", "HOME": home.path, "XDG_DATA_HOME": home.appendingPathComponent("data").path,
      "XDG_STATE_HOME": home.appendingPathComponent("state").path, "TERM": "xterm", "NO_COLOR": "1",
      "INPUTRC": "/dev/null",
    ]
  }

  @Test func validateWatchChecksAgainOnEverySave() throws {
    let folder = try folder(with: ["story.json": Fixtures.clinic])
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("story.json")
    let terminal = try PseudoTerminal(
      executable: CoachProcess.executable.path, arguments: ["validate", "--watch", file.path],
      environment: terminalEnvironment(folder))
    try terminal.expect("valid: clinic 1.2.0")
    try terminal.expect("Watching 1 file for changes; press Ctrl-C to stop.")

    try Fixtures.replacing(#""next": "gate"}"#, with: #""next": "gtae"}"#)
      .write(to: file, atomically: true, encoding: .utf8)
    let broken = try terminal.expect("Watching 1 file for changes")
    #expect(broken.contains(#"there is no node with id "gtae"; did you mean "gate"?"#))
    #expect(broken.contains("story.json: invalid (1 error)"))

    try Fixtures.clinic.write(to: file, atomically: true, encoding: .utf8)
    let fixed = try terminal.expect("Watching 1 file for changes")
    #expect(fixed.contains("valid: clinic 1.2.0, 6 nodes, 3 walkthroughs passed"))

    terminal.send("\u{03}")
    #expect(try terminal.waitForExit() == 130)
  }

  @Test func playWatchReloadsOnSaveKeepingThePlaceWhereItStillFits() throws {
    let folder = try folder(with: ["story.json": Fixtures.clinic])
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("story.json")
    let terminal = try PseudoTerminal(
      executable: CoachProcess.executable.path, arguments: ["play", file.path, "--watch", "--authored-order"],
      environment: terminalEnvironment(folder))
    try terminal.expect("Your response (1–3, :help) › ")
    terminal.send("1\r")
    try terminal.expect("Ann: “The new inhaler makes my heart race, so I stopped it.”")
    try terminal.expect("› ")

    // A save that rewords the line the trainee is looking at: reloaded, the response kept.
    try Fixtures.replacing(
      "The new inhaler makes my heart race, so I stopped it.", with: "This new inhaler makes my heart pound."
    ).write(to: file, atomically: true, encoding: .utf8)
    try terminal.expect("Reloaded the story: kept your response.")
    try terminal.expect("Ann: “This new inhaler makes my heart pound.”")
    try terminal.expect("› ")

    // A save that removes the response made: the place goes back to where it still fits.
    try Fixtures.replacing(#"{"id": "open", "say""#, with: #"{"id": "opened", "say""#)
      .replacingOccurrences(of: #"["open", "reflect"]"#, with: #"["opened", "reflect"]"#)
      .write(to: file, atomically: true, encoding: .utf8)
    try terminal.expect("Reloaded the story: kept 0 of 1 response; response 1 no longer fits")
    try terminal.expect("Ann: “Morning. I'm only here because the letter said so.”")
    try terminal.expect("› ")

    // A save that breaks the file keeps the version loaded before.
    try "{".write(to: file, atomically: true, encoding: .utf8)
    try terminal.expect("still playing the version loaded before")
    try terminal.expect("› ")
    terminal.send(":quit\r")
    #expect(try terminal.waitForExit() == 0)
  }

  @Test func reloadOnDemandWithNoSaveAndNotForARecordedAttempt() throws {
    let folder = try folder(with: ["story.json": Fixtures.clinic])
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("story.json")
    let terminal = try PseudoTerminal(
      executable: CoachProcess.executable.path, arguments: ["play", file.path, "--no-save", "--authored-order"],
      environment: terminalEnvironment(folder))
    try terminal.expect("› ")
    terminal.send("2\r")
    try terminal.expect("› ")
    try Fixtures.replacing("The new inhaler makes my heart race", with: "The inhaler makes my heart race")
      .write(to: file, atomically: true, encoding: .utf8)
    terminal.send(":reload\r")
    try terminal.expect("Reloaded the story: kept your response.")
    try terminal.expect("Ann: “The inhaler makes my heart race, so I stopped it.”")
    try terminal.expect("› ")
    terminal.send(":quit\r")
    #expect(try terminal.waitForExit() == 0)

    // A recorded attempt keeps the story it started with.
    let recorded = try PseudoTerminal(
      executable: CoachProcess.executable.path,
      arguments: ["play", file.path, "--authored-order", "--db", folder.appendingPathComponent("c.sqlite").path],
      environment: terminalEnvironment(folder).merging(["COACH_TRAINEE": "ann"]) { _, new in new })
    try recorded.expect("› ")
    recorded.send(":reload\r")
    try recorded.expect("`:reload` is for authors trying a story")
    recorded.send(":quit\r")
    #expect(try recorded.waitForExit() == 0)
  }
}
