import CoachCore
import CoachTestSupport
import Foundation
import Testing

/// `coach play --say-first`: the trainee types their own response before the options, Coach says
/// what it heard, and the words are kept with the turn, in the review, the exports and imports.
@Suite("coach play --say-first")
struct SayFirstTests {
  typealias Sandbox = PlayCommandTests.Sandbox

  static func unwrapped(_ text: String) -> String {
    text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
  }

  /// The typed words of the standing turns of the latest attempt, from the per-turn CSV's JSON.
  static func typed(_ sandbox: Sandbox) throws -> [String?] {
    let turns = try sandbox.run(["scores", "--per", "turn", "--format", "json"])
    let rows = try #require(try JSONSerialization.jsonObject(with: Data(turns.stdout.utf8)) as? [[String: Any]])
    return rows.filter { ($0["undone"] as? Bool) == false }.map { $0["typed"] as? String }
  }

  @Test func typedWordsAreHeardShownAndKept() throws {
    let sandbox = try Sandbox()
    defer { sandbox.remove() }
    let input = "It sounds like the letter\nfelt like a summons.\n\n1\n:skip\n1\n"
    let output = try sandbox.run(["play", sandbox.story, "--say-first", "--authored-order"], input: input)
    #expect(output.status == 0, "\(output.stderr)")
    let text = Self.unwrapped(output.stdout)
    #expect(text.contains("In your own words (a blank line ends it; :skip for the options)"))
    #expect(text.contains("You said: “It sounds like the letter felt like a summons.”"))
    #expect(text.contains("Coach heard (approximate): a complex reflection"))
    #expect(text.contains("In your own words (advisory; never part of the score)"))
    #expect(text.contains("You typed 1 response of your own: Coach heard a reflection in 1 and a question in 0"))
    #expect(try Self.typed(sandbox) == ["It sounds like the letter\nfelt like a summons.", nil])

    let review = try sandbox.run(["review", "--json"])
    let object = try #require(try JSONSerialization.jsonObject(with: Data(review.stdout.utf8)) as? [String: Any])
    let turns = try #require((object["review"] as? [String: Any])?["turns"] as? [[String: Any]])
    #expect(turns.first?["typed"] as? String == "It sounds like the letter\nfelt like a summons.")
    #expect(((turns.first?["heard"] as? [String: Any])?["kind"]) as? String == "reflection")

    let page = sandbox.folder.appendingPathComponent("review.html").path
    #expect(try sandbox.run(["review", "--html", "--output", page]).status == 0)
    let html = try String(contentsOfFile: page, encoding: .utf8)
    #expect(html.contains("In your own words:</strong> “It sounds like the letter\nfelt like a summons.”"))

    // The score stays on the picks: the same picks without typing score the same.
    let plain = try sandbox.run(["play", sandbox.story, "--authored-order", "--choices", "1,1", "--json"])
    let scores = try sandbox.run(["scores", "--per", "attempt", "--format", "json"])
    let rows = try #require(try JSONSerialization.jsonObject(with: Data(scores.stdout.utf8)) as? [[String: Any]])
    #expect(plain.status == 0)
    #expect(rows.count == 2 && rows[0]["score"] as? Double == rows[1]["score"] as? Double)
  }

  @Test func typedWordsSurviveExportAndImportAndCanBeForgotten() throws {
    let sandbox = try Sandbox()
    defer { sandbox.remove() }
    _ = try sandbox.run(
      ["play", sandbox.story, "--say-first", "--authored-order"],
      input: "You should use the preventer. =1+1\n\n1\nWhat worries you most?\n\n1\n")
    let file = sandbox.folder.appendingPathComponent("export.json").path
    let exported = try sandbox.run(["export", "--trainee", "tester", "--output", file])
    #expect(exported.status == 0, "\(exported.stderr)")
    let other = PlayCommandTests.Sandbox.init
    let lead = try other()
    defer { lead.remove() }
    let imported = try lead.run(["import", file])
    #expect(imported.status == 0, "\(imported.stderr)")
    #expect(try Self.typed(lead) == ["You should use the preventer. =1+1", "What worries you most?"])
    // The CSV neutralises a typed formula like every other text.
    let csv = try lead.run(["scores", "--per", "turn", "--format", "csv"])
    #expect(
      csv.stdout.contains("\"'You should use the preventer. =1+1\"")
        || csv.stdout.contains("You should use the preventer. =1+1"))
    #expect(!csv.stdout.contains(",=1+1"))

    let forgot = try sandbox.run(["forget", "latest", "--typed"])
    #expect(forgot.stdout.contains("Deleted 2 typed responses"))
    #expect(try Self.typed(sandbox) == [nil, nil])
    #expect(try sandbox.run(["forget", "latest"]).status == 64)
  }

  @Test func undoAndAKilledPlayKeepTheRightWords() throws {
    let sandbox = try Sandbox()
    defer { sandbox.remove() }
    let play = try sandbox.start(["play", sandbox.story, "--say-first", "--authored-order"])
    play.type("Tell me to go away, then.\n\n2\n:undo\nWhat would you like from today?\n\n1\n")
    try play.waitFor("Asking for her agenda shares control.")
    play.kill()
    let resumed = try sandbox.run(["resume", "latest"], input: "You stopped because it scared you.\n\n1\n")
    #expect(resumed.status == 0, "\(resumed.stderr)")
    #expect(resumed.stdout.contains("In your own words"), "resumed in say-first play")
    #expect(try Self.typed(sandbox) == ["What would you like from today?", "You stopped because it scared you."])
  }
}
