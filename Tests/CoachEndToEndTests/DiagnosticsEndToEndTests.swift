import CoachTestSupport
import Foundation
import Testing

/// Each authoring mistake that used to bury itself under false errors gives one root error, with
/// the node's id in its path and a fix that is right, through the built binary.
@Suite("coach validate: one root mistake, one error")
struct DiagnosticsEndToEndTests {
  func validate(_ json: String, _ extra: [String] = [], environment: [String: String] = [:]) throws
    -> CoachProcess.Output
  {
    let folder = try Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    try json.write(to: folder.appendingPathComponent("story.json"), atomically: true, encoding: .utf8)
    return try CoachProcess.run(["validate", "story.json"] + extra, environment: environment, directory: folder)
  }

  /// The lines that report errors (each diagnostic's first line).
  func errors(_ output: CoachProcess.Output) -> [String] {
    output.stdout.split(separator: "\n").map(String.init).filter { $0.contains(": error: ") }
  }

  @Test func aQuotedInitialValueIsOneErrorThatSaysToDropTheQuotes() throws {
    let json = try Fixtures.replacing(#""initial": 0, "min": -2"#, with: #""initial": "0", "min": -2"#)
    let output = try validate(json)
    #expect(output.status == 65)
    let position = try #require(Fixtures.position(of: #""0", "min""#, in: json))
    #expect(
      errors(output) == [
        "story.json:\(position): error: state.rapport.initial: expected a number, true or false, found the string "
          + "\"0\"; remove the quotes: write 0, not \"0\""
      ])
    #expect(output.stdout.hasSuffix("story.json: invalid (1 error)\n"))
  }

  @Test func minAboveMaxIsOneError() throws {
    let output = try validate(try Fixtures.replacing(#""min": -2, "max": 3"#, with: #""min": 3, "max": -2"#))
    #expect(output.status == 65)
    #expect(errors(output).count == 1)
    #expect(errors(output).first?.hasSuffix("error: state.rapport.max: min (3) is greater than max (-2)") == true)
  }

  @Test func aMisspeltDeclarationIsOneErrorWithItsFollowOnsCounted() throws {
    // "told" is declared as "tld": its uses, and the walkthrough that checks it, follow from that one mistake.
    let output = try validate(try Fixtures.replacing(#""told": {"initial""#, with: #""tld": {"initial""#))
    #expect(output.status == 65)
    let lines = output.stdout.split(separator: "\n").map(String.init)
    #expect(errors(output).count == 1)
    let first = try #require(errors(output).first)
    #expect(first.contains(#"error: nodes[1] "worry" .choices[0] "reflect" .effects[1]: 'told' is not a declared"#))
    #expect(first.hasSuffix("did you mean 'tld'?"))
    #expect(
      lines.contains { $0.hasPrefix("    3 follow-on problems hidden (lines ") && $0.hasSuffix("; fix this one first") }
    )
  }

  @Test func aMistypedOperatorSuggestsTheOneMeant() throws {
    let output = try validate(try Fixtures.replacing(#""rapport >= 0""#, with: #""rapport >== 0""#))
    #expect(output.status == 65)
    #expect(
      errors(output).map { $0.components(separatedBy: ": error: ")[1] } == [
        #"nodes[2] "gate" .routes[1].if: '>==' is not an operator of the expression language; did you mean '>='?"#
      ])
  }

  @Test func aLineBreakInAStringSaysHowToWriteIt() throws {
    let output = try validate(
      try Fixtures.replacing("You stopped because it frightened you.", with: "You stopped because\nit frightened you."))
    #expect(output.status == 65)
    #expect(
      errors(output).map { $0.components(separatedBy: ": error: ")[1] } == [
        "a line break inside the text of \"say\"; JSON does not allow a string to run over two lines; join the "
          + "lines with a space: \"say\" is one line of text"
      ])
  }

  @Test func anUnknownFieldListsTheFieldsAllowedAndHidesTheMissingOne() throws {
    let output = try validate(try Fixtures.replacing(#""next": "gate"}"#, with: #""nxet": "gate"}"#))
    #expect(output.status == 65)
    #expect(
      errors(output).map { $0.components(separatedBy: ": error: ")[1] } == [
        #"nodes[1] "worry" .choices[0] "reflect" .nxet: unknown field "nxet"; did you mean "next"? "#
          + "(the fields here are id, say, codes, grade, if, effects, feedback, next, globals)"
      ])
  }

  @Test func anUnreadableFileIsNotCalledInvalid() throws {
    let output = try CoachProcess.run(["validate", "/nonexistent/story.json"])
    #expect(output.status == 66)
    #expect(!output.stdout.contains("invalid"))
    #expect(output.stdout.hasSuffix("/nonexistent/story.json: not checked: the file cannot be read\n"))
  }

  @Test func theHelpWrapsToTheTerminal() throws {
    let narrow = try CoachProcess.run(["validate", "--help"], environment: ["COLUMNS": "72"])
    #expect(narrow.status == 0)
    for line in narrow.stdout.split(separator: "\n") {
      #expect(line.count <= 72, "\(line)")
    }
    // Paragraphs are wrapped by the width, not broken where the source happened to end a line.
    let wide = try CoachProcess.run(["validate", "--help"], environment: ["COLUMNS": "400"])
    #expect(
      wide.stdout.contains(
        "Every problem is reported as FILE:LINE:COLUMN: error: PATH: message, with a suggested fix where one is "
          + "known (the nearest existing id for a typo)."))
  }
}
