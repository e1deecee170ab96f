import CoachCore
import CoachTestSupport
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The scores that measure technique, through the built `coach`: a shuffled order that survives a
/// crash, the after-action review of a stored attempt, and the risk turn of the link-worker story.
@Suite("coach play, resume and review: technique, not position")
struct TechniqueEndToEndTests {
  typealias Sandbox = PlayCommandTests.Sandbox

  /// Wrapped terminal text as one line, so a phrase split over two lines is still found.
  static func unwrapped(_ text: String) -> String {
    text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
  }

  /// The ids a fresh session with `seed` makes by always taking the first option shown.
  static func firstShown(seed: UInt64, turns: Int) throws -> [String] {
    var session = Session(scenario: try Fixtures.scenario(), seed: seed)
    for _ in 0..<turns where !session.isFinished { try session.choose(number: 1) }
    return session.turns.map(\.choice)
  }

  @Test func aKilledPlayResumesWithTheSameShuffledOrder() throws {
    let sandbox = try Sandbox()
    defer { sandbox.remove() }
    // A seed whose order differs from the authored one at both decision points, so that the
    // test could tell.
    let seed = try #require(
      (UInt64(1)..<500).first { try Self.firstShown(seed: $0, turns: 2) != ["open", "reflect"] })
    let play = try sandbox.start(["play", sandbox.story, "--seed", String(seed)])
    play.type("1\n")
    try play.waitFor("You: “")
    play.kill()

    // Resumed, "1" is again the first option shown for that seed at the second decision point.
    let resumed = try sandbox.run(["resume", "latest"], input: "1\n")
    #expect(resumed.status == 0, "\(resumed.stderr)")
    let turns = try sandbox.run(["scores", "--per", "turn", "--format", "json"])
    let rows = try #require(try JSONSerialization.jsonObject(with: Data(turns.stdout.utf8)) as? [[String: Any]])
    let expected = try Self.firstShown(seed: seed, turns: 2)
    #expect(rows.map { $0["choice"] as? String } == expected.map(Optional.some))
  }

  @Test func numbersFollowTheSeedAndIdsDoNot() throws {
    let sandbox = try Sandbox()
    defer { sandbox.remove() }
    let seed = try #require(
      (UInt64(1)..<500).first { try Self.firstShown(seed: $0, turns: 2) != ["open", "reflect"] })
    let byNumber = try sandbox.run(["play", sandbox.story, "--seed", String(seed), "--choices", "1,1", "--json"])
    let result = try JSONSerialization.jsonObject(with: Data(byNumber.stdout.utf8)) as? [String: Any]
    #expect(result?["choices"] as? [String] == (try Self.firstShown(seed: seed, turns: 2)))
    #expect(result?["seed"] as? Int == Int(seed))
    for seed in ["1", "99", "12345"] {
      let byID = try sandbox.run(["play", sandbox.story, "--seed", seed, "--choices", "open,reflect", "--json"])
      let object = try JSONSerialization.jsonObject(with: Data(byID.stdout.utf8)) as? [String: Any]
      #expect(object?["choices"] as? [String] == ["open", "reflect"])
    }
    let authored = try sandbox.run(["play", sandbox.story, "--authored-order", "--choices", "1,1", "--json"])
    let object = try JSONSerialization.jsonObject(with: Data(authored.stdout.utf8)) as? [String: Any]
    #expect(object?["choices"] as? [String] == ["open", "reflect"])
    #expect(object?["seed"] == nil)
  }

  @Test func seedsAreCheckedAsUsage() throws {
    let both = try CoachProcess.run(["play", "--seed", "3", "--authored-order", "--no-save"])
    #expect(both.status == 64)
    #expect(both.stderr.contains("--seed and --authored-order cannot be used together"))
    let big = try CoachProcess.run(["play", "--seed", "9007199254740992", "--no-save"])
    #expect(big.status == 64)
    #expect(big.stderr.contains("--seed must be from 0 to 9007199254740991"))
  }

  @Test func reviewRebuildsAStoredAttemptFromItsTurns() throws {
    let sandbox = try Sandbox()
    defer { sandbox.remove() }
    let played = try sandbox.run(["play", sandbox.story, "--assess", "--choices", "lecture,dismiss"])
    #expect(played.status == 0, "\(played.stderr)")
    let review = try sandbox.run(["review"])
    #expect(review.status == 0, "\(review.stderr)")
    let text = Self.unwrapped(review.stdout)
    #expect(text.contains("Ending: She leaves (negative)"))
    #expect(text.contains("Developing at most: the consultation ended badly (She leaves)."))
    #expect(text.contains("Turns to revisit"))
    #expect(text.contains("Why: Advice before listening puts her on the defensive."))
    #expect(text.contains("Better: “What would you like to get out of today?”"))
    #expect(text.contains("Why it is better: Asking for her agenda shares control."))
    #expect(text.contains("Your conversation, turn by turn"))
    #expect(text.contains("Reassurance without listening dismisses her worry."))
    #expect(text.contains("Righting reflex at turn 1"))

    let json = try sandbox.run(["review", "latest", "--json"])
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    #expect(object["storedScoreMatches"] as? Bool == true)
    let body = object["review"] as? [String: Any]
    #expect((body?["turns"] as? [Any])?.count == 2)
    #expect(((body?["report"] as? [String: Any])?["overallBand"]) as? String == "developing")

    // A score edited in the database is noticed: the review shows what the turns earn.
    let edit = Process()
    edit.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    edit.arguments = [
      "sqlite3", sandbox.database,
      "UPDATE attempts SET band = 'good'",
    ]
    try edit.run()
    edit.waitUntilExit()
    try #require(edit.terminationStatus == 0, "sqlite3 is needed")
    let tampered = try sandbox.run(["review"])
    #expect(Self.unwrapped(tampered.stdout).contains("differs from what the stored turns earn now"))
    let missing = try sandbox.run(["review", "ffffffff"])
    #expect(missing.status == 66)
  }

  /// At the link-worker story's risk turn, once the trainee has moved on past "what's the point of
  /// getting up?", everything Coach says points to going back and asking about suicide: the
  /// hint, the mark, the better option in practice and in the report.
  @Test func atTheRiskTurnEverythingPointsToAskingAboutSuicide() throws {
    let file = Fixtures.packageRoot.appendingPathComponent("Scenarios/link-worker-first-meeting.json")
    let scenario = try #require(ScenarioLoader().load(path: file.path).scenario)
    let prefix = ["open-role-permission", "loss-reflect", "days-reflect", "point-move-on"]
    var session = Session(scenario: scenario)
    var numbers: [Int] = []
    for id in prefix {
      numbers.append(try #require(session.offeredChoices.firstIndex { $0.id == id }) + 1)
      try session.choose(id)
    }
    #expect(session.node.id == "r-moved-on")
    let goBack = try #require(session.offeredChoices.firstIndex { $0.id == "rmo-go-back" }) + 1
    let moveOn = try #require(session.offeredChoices.firstIndex { $0.id == "rmo-hobbies" }) + 1
    let goBackWords = try #require(scenario.choice(id: "rmo-go-back")?.choice.say)
    let typed = numbers.map(String.init).joined(separator: "\n")

    let poor = try CoachProcess.run(
      ["play", "link-worker-first-meeting", "--authored-order", "--no-save"],
      input: typed + "\n:hint\n\(moveOn)\n")
    let poorText = Self.unwrapped(poor.stdout)
    #expect(poorText.contains("Hint: He said he can't see the point of getting up"))
    #expect(poorText.contains("ask him directly and kindly whether he has had thoughts of ending his life"))
    #expect(poorText.contains("✘ a poor option here"))
    #expect(poorText.contains("Better here: “" + goBackWords + "”"))

    let good = try CoachProcess.run(
      ["play", "link-worker-first-meeting", "--authored-order", "--no-save"], input: typed + "\n\(goBack)\n")
    #expect(Self.unwrapped(good.stdout).contains("✔ the strongest option here"))

    let walkthrough = try #require(scenario.walkthroughs.first { $0.name == "warm but risk missed" })
    #expect(walkthrough.choices.contains("rmo-hobbies"))
    let scripted = try CoachProcess.run(
      [
        "play", "link-worker-first-meeting", "--no-save", "--json", "--choices",
        walkthrough.choices.joined(separator: ","),
      ])
    #expect(scripted.status == 0, "\(scripted.stderr)")
    let result = try #require(try JSONSerialization.jsonObject(with: Data(scripted.stdout.utf8)) as? [String: Any])
    let turns = try #require((result["report"] as? [String: Any])?["turns"] as? [[String: Any]])
    let atRisk = try #require(turns.first { $0["node"] as? String == "r-moved-on" })
    #expect((atRisk["betterOption"] as? [String: Any])?["id"] as? String == "rmo-go-back")
    #expect(atRisk["isPoor"] as? Bool == true)
    #expect(
      (result["report"] as? [String: Any])?["overallBand"] as? String == "developing", "a missed risk caps the band")
  }
}
