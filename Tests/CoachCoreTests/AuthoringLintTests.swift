import CoachCore
import CoachTestSupport
import Testing

@Suite("Authoring lint")
struct AuthoringLintTests {
  /// The fixture with the first decision point's choices replaced by `choices` (JSON).
  func scenario(withChoices choices: String) throws -> LoadResult {
    let start = try #require(Fixtures.clinic.range(of: #"{"id": "open""#))
    let end = try #require(Fixtures.clinic.range(of: #"{"id": "worry""#))
    var json = Fixtures.clinic
    let block = json[start.lowerBound..<end.lowerBound]
    let closing = try #require(block.range(of: "]}", options: .backwards))
    json.replaceSubrange(start.lowerBound..<closing.lowerBound, with: choices)
    // The fixture's walkthroughs name the replaced choices; this story has none.
    let walkthroughs = try #require(json.range(of: #""walkthroughs": ["#))
    let last = try #require(json.range(of: "]", options: .backwards))
    json.replaceSubrange(walkthroughs.lowerBound..<last.upperBound, with: #""walkthroughs": []"#)
    return Fixtures.load(json)
  }

  func choice(_ id: String, _ say: String, _ codes: [String]) -> String {
    let list = codes.map { "\"\($0)\"" }.joined(separator: ", ")
    return #"{"id": "\#(id)", "say": "\#(say)", "codes": [\#(list)], "feedback": "f", "next": "worry"}"#
  }

  @Test func flagsMiscodedChoices() throws {
    let choices = [
      choice("c1", "What brings you in today?", ["open-question"]),
      choice("c2", "Do you take your tablets every day?", ["open-question"]),
      choice("c3", "You feel tired all the time?", ["simple-reflection"]),
      choice("c4", "You need to cut down on sugar.", ["giving-information"]),
      choice("c5", "Would it be OK if I shared some information?", ["closed-question"]),
      choice("c6", "That sounds hard. Is it every night?", ["complex-reflection", "open-question"]),
    ].joined(separator: ",\n")
    let result = try scenario(withChoices: choices)
    let lint = result.warnings.filter { $0.code.hasPrefix("lint-") }
    #expect(
      lint.map { "\($0.path) \($0.code)" } == [
        "nodes[0].choices[1].codes lint-open-question-reads-closed",
        "nodes[0].choices[2].codes lint-reflection-ends-with-question",
        "nodes[0].choices[3].codes lint-directive-not-persuade",
        "nodes[0].choices[4].codes lint-permission-not-seeking-collaboration",
        "nodes[0].choices[4].codes lint-permission-coded-as-question",
        "nodes[0].choices[5].codes lint-open-question-reads-closed",
      ])
    #expect(
      lint[0].message
        == "choice \"c2\" is coded open-question but reads as a closed question (\"Do you take your tablets every day?\" can be answered yes or no)"
    )
    #expect(lint[0].suggestion == "code it closed-question, or reword it to begin with what, how or tell me")
    #expect(
      lint[2].message
        == "choice \"c4\" tells the patient what to do (\"you need to\") but is not coded persuade, persuade-with-permission, confront or premature-advice"
    )
    #expect(
      lint[3].message
        == "choice \"c5\" asks permission (\"would it be ok\") but is not coded seeking-collaboration or persuade-with-permission"
    )
    #expect(lint.allSatisfy { $0.severity == .warning && $0.position != nil })
    #expect(result.errors.map(\.rendered) == [], "lint findings are warnings")
  }

  @Test func staysSilentOnCorrectlyCodedChoices() throws {
    let choices = [
      choice("c1", "What brings you in today?", ["open-question"]),
      choice("c2", "Can you tell me more about that?", ["open-question"]),
      choice("c3", "You feel tired all the time.", ["simple-reflection"]),
      choice("c4", "You need to cut down on sugar.", ["persuade"]),
      choice("c5", "Would it be OK if I shared some information?", ["seeking-collaboration"]),
      choice("c6", "What do you feel you need to do next?", ["open-question"]),
      choice("c7", "You're worn out. What would help?", ["complex-reflection", "open-question"]),
      choice("c8", "Could I share a concern? Stopping suddenly carries a risk.", ["persuade-with-permission"]),
      // The coding convention: a reflection plus a permission question is no question.
      choice(
        "c9", "Part of you wants a rest from all of it. Could I share an idea?",
        ["complex-reflection", "seeking-collaboration"]),
      choice(
        "c10", "You've kept at it for months. Shall we look at the numbers together?",
        ["affirmation", "simple-reflection", "seeking-collaboration"]),
    ].joined(separator: ",\n")
    let result = try scenario(withChoices: choices)
    #expect(result.warnings.filter { $0.code.hasPrefix("lint-") }.map(\.rendered) == [])
  }

  @Test func flagsQuestionsWrittenAsStatementsAndPermissionCodedAsAQuestion() throws {
    let choices = [
      choice("c1", "Do you think it's the tablets.", ["complex-reflection"]),
      choice("c2", "So far: the book, the diet and the worry about telling us?", ["summary"]),
      choice("c3", "Could I share a concern?", ["closed-question", "seeking-collaboration"]),
      choice("c4", "I think we need to get your sugars down.", ["giving-information"]),
      choice("c5", "What would help most right now.", ["open-question"]),
      choice("c6", "And you're happy you're taking them properly?", ["open-question"]),
    ].joined(separator: ",\n")
    let result = try scenario(withChoices: choices)
    let lint = result.warnings.filter { $0.code.hasPrefix("lint-") }
    #expect(
      lint.map { "\($0.path) \($0.code)" } == [
        "nodes[0].choices[0].codes lint-question-without-question-mark",
        "nodes[0].choices[1].codes lint-reflection-ends-with-question",
        "nodes[0].choices[2].codes lint-permission-coded-as-question",
        "nodes[0].choices[3].codes lint-directive-not-persuade",
        "nodes[0].choices[4].codes lint-question-without-question-mark",
        "nodes[0].choices[5].codes lint-open-question-reads-closed",
      ])
    #expect(
      lint[0].message
        == "choice \"c1\" has a sentence that reads as a question (\"Do you think it's the tablets.\") but does not end with a question mark"
    )
    #expect(lint[2].suggestion == "remove the question code and keep seeking-collaboration")
  }

  @Test func readsQuestionsAndDirectivesInContext() throws {
    let choices = [
      // Someone else's "should" is a reflection of it, and a condition is no instruction.
      choice("s1", "You feel you should be able to manage on your own.", ["complex-reflection"]),
      choice("s2", "If you need to, ring us any time.", ["giving-information"]),
      // A question word that does not open a question.
      choice("s3", "What you're weighing up is whether it's worth the bother.", ["complex-reflection"]),
      // The main clause is the question; an aside does not close it.
      choice("s4", "And the metformin, what do you make of it?", ["open-question"]),
      choice("s5", "What matters most to you, do you think?", ["open-question"]),
      // Asking permission, then a real question after the colon.
      choice("s6", "Can I just check: are you still taking it?", ["closed-question", "seeking-collaboration"]),
      // A push worded as an offer is the push's, not a request for permission.
      choice("s7", "Shall I put your name down while you're here?", ["closed-question", "persuade"]),
    ].joined(separator: ",\n")
    let result = try scenario(withChoices: choices)
    #expect(result.warnings.filter { $0.code.hasPrefix("lint-") }.map(\.rendered) == [])
  }

  @Test func aReflectionEndingInAQuestionThatIsNotPermissionIsStillFlagged() throws {
    let choices = [
      choice("c1", "Part of you wants a rest from all of it. Could I share an idea?", ["complex-reflection"]),
      choice("c2", "You feel tired. Is it the tablets?", ["simple-reflection", "seeking-collaboration"]),
    ].joined(separator: ",\n")
    let result = try scenario(withChoices: choices)
    #expect(
      result.warnings.filter { $0.code == "lint-reflection-ends-with-question" }.map(\.message) == [
        "choice \"c1\" is coded as a reflection but ends with a question mark; a reflection is a statement",
        "choice \"c2\" is coded as a reflection but ends with a question mark; a reflection is a statement",
      ])
  }
}
