import CoachCore
import CoachTestSupport
import Foundation
import Testing

/// One malformed input and exactly what the loader must say about it.
struct MalformedCase: Sendable, CustomTestStringConvertible {
  var name: String
  var json: String
  var code: String
  var path: String
  var message: String
  var suggestion: String?
  var severity: Diagnostic.Severity = .error
  /// Text whose position in the input the diagnostic must point at.
  var pointsAt: String?
  /// An offset in columns from the start of `pointsAt` (for positions inside a string).
  var columnOffset = 0

  var testDescription: String { name }
}

@Suite("Loader: malformed input")
struct LoaderErrorTests {
  static func mutate(_ target: String, _ replacement: String) -> String {
    (try? Fixtures.replacing(target, with: replacement)) ?? "fixture target missing: \(target)"
  }

  static let cases: [MalformedCase] = [
    MalformedCase(
      name: "empty file", json: "", code: "json-syntax", path: "(root)",
      message: "the file is empty; expected a JSON object"),
    MalformedCase(
      name: "whitespace only", json: "  \n\n ", code: "json-syntax", path: "(root)",
      message: "the file is empty; expected a JSON object"),
    MalformedCase(
      name: "truncated JSON", json: String(Fixtures.clinic.prefix(120)), code: "json-syntax", path: "(root)",
      message: "the file ends too early; expected a closing '\"' for the string (is the JSON truncated?)",
      suggestion: "check that every '{' and '[' is closed"),
    MalformedCase(
      name: "trailing comma", json: mutate(#""start": "hello","#, #""start": "hello",,"#), code: "json-syntax",
      path: "(root)", message: "unexpected ','; expected a field name in double quotes", pointsAt: #",,"#,
      columnOffset: 1),
    MalformedCase(
      name: "trailing comma before brace", json: #"{"format": 1,}"#, code: "json-syntax", path: "(root)",
      message: "a comma before '}'; JSON does not allow a trailing comma", suggestion: "remove the comma",
      pointsAt: ","),
    MalformedCase(
      name: "not an object", json: "[1, 2]", code: "wrong-type", path: "(root)",
      message: "expected an object, found an array"),
    MalformedCase(
      name: "text after the value", json: Fixtures.clinic + "\n}", code: "json-syntax", path: "(root)",
      message: "unexpected '}' after the end of the JSON value; a file holds exactly one value"),
    MalformedCase(
      name: "wrong type for title", json: mutate(#""title": "A short clinic visit""#, #""title": 42"#),
      code: "wrong-type", path: "title", message: "expected a string, found a number", pointsAt: "42"),
    MalformedCase(
      name: "missing required field", json: mutate(#""role": "Practice nurse","#, ""), code: "missing-field",
      path: "(root)", message: "missing the required field \"role\" (a string)"),
    MalformedCase(
      name: "unknown field with a typo", json: mutate(#""feedback": "Asking"#, #""feedbak": "Asking"#),
      code: "unknown-field", path: "nodes[0].choices[0].feedbak", message: "unknown field \"feedbak\"",
      suggestion:
        "did you mean \"feedback\"? (the fields here are id, say, codes, grade, if, effects, feedback, next, globals)",
      pointsAt: #""feedbak""#),
    MalformedCase(
      name: "duplicate field", json: mutate(#""title": "A short clinic visit","#, #""title": "A", "title": "B","#),
      code: "duplicate-field", path: "title",
      message: "the field \"title\" appears twice in this object; keep one", pointsAt: #""title": "B""#),
    MalformedCase(
      name: "typo in next", json: mutate(#""next": "gate"}"#, #""next": "gtae"}"#), code: "unknown-node",
      path: "nodes[1].choices[0].next", message: "there is no node with id \"gtae\"",
      suggestion: "did you mean \"gate\"?", pointsAt: #""gtae""#),
    MalformedCase(
      name: "unknown start", json: mutate(#""start": "hello""#, #""start": "helo""#), code: "unknown-node",
      path: "start", message: "there is no node with id \"helo\"", suggestion: "did you mean \"hello\"?",
      pointsAt: #""helo""#),
    MalformedCase(
      name: "duplicate node id", json: mutate(#"{"id": "partial""#, #"{"id": "plan""#), code: "duplicate-node-id",
      path: "nodes[4].id", message: "the node id \"plan\" is already used at nodes[3].id"),
    MalformedCase(
      name: "duplicate choice id", json: mutate(#"{"id": "check""#, #"{"id": "open""#), code: "duplicate-choice-id",
      path: "nodes[0].choices[2].id",
      message: "the choice id \"open\" is already used at nodes[0].choices[0].id; choice ids must be unique in the file"
    ),
    MalformedCase(
      name: "unknown technique code", json: mutate(#"["complex-reflection"]"#, #"["complex-reflexion"]"#),
      code: "unknown-code", path: "nodes[1].choices[0].codes[0]",
      message: "\"complex-reflexion\" is not a technique code", suggestion: "did you mean \"complex-reflection\"?",
      pointsAt: #""complex-reflexion""#),
    MalformedCase(
      name: "undeclared variable in a condition",
      json: mutate(#""if": "rapport >= 3 and told""#, #""if": "raport >= 3 and told""#),
      code: "expression", path: "nodes[2].routes[0].if", message: "'raport' is not a declared state variable",
      suggestion: "did you mean 'rapport'?", pointsAt: "raport", columnOffset: 0),
    MalformedCase(
      name: "undeclared variable in an effect",
      json: mutate(#""asked += 1"], "feedback": "Asking"#, #""akked += 1"], "feedback": "Asking"#),
      code: "expression", path: "nodes[0].choices[0].effects[1]", message: "'akked' is not a declared state variable",
      suggestion: "did you mean 'asked'?", pointsAt: "akked"),
    MalformedCase(
      name: "expression syntax error", json: mutate(#""rapport >= 0""#, #""rapport = 0""#), code: "expression",
      path: "nodes[2].routes[1].if", message: "'=' assigns a value; to compare, write '=='", pointsAt: "= 0"),
    MalformedCase(
      name: "mistyped operator", json: mutate(#""rapport >= 0""#, #""rapport >== 0""#), code: "expression",
      path: "nodes[2].routes[1].if", message: "'>==' is not an operator of the expression language",
      suggestion: "did you mean '>='?", pointsAt: ">== 0"),
    MalformedCase(
      name: "expression type error", json: mutate(#""rapport >= 0""#, #""rapport and told""#), code: "expression",
      path: "nodes[2].routes[1].if", message: "'and' needs true or false here, but this is a number",
      pointsAt: "rapport and told"),
    MalformedCase(
      name: "adding to a boolean", json: mutate(#""told = true""#, #""told += 1""#), code: "expression",
      path: "nodes[1].choices[0].effects[1]",
      message: "'+=' adds or subtracts numbers, but 'told' holds true or false; write 'told = true' or 'told = false'",
      pointsAt: "told += 1", columnOffset: 5),
    MalformedCase(
      name: "C-style operator", json: mutate(#""rapport >= 3 and told""#, #""rapport >= 3 && told""#),
      code: "expression", path: "nodes[2].routes[0].if",
      message: "'&&' is not part of the expression language; write 'and'",
      pointsAt: "&&"),
    MalformedCase(
      name: "visited names an unknown node", json: mutate(#"visits(\"worry\")"#, #"visits(\"wory\")"#),
      code: "expression", path: "nodes[1].choices[1].if", message: "there is no node with id \"wory\"",
      suggestion: "did you mean \"worry\"?"),
    MalformedCase(
      name: "terminal escape in text", json: mutate("Morning. I'm", #"Morning.\u001b[2J I'm"#),
      code: "control-character",
      path: "nodes[0].patient",
      message:
        "character 9 of the text is U+001B (escape, used by terminal control sequences); control and direction-changing characters are not allowed in scenario text"
    ),
    MalformedCase(
      name: "bidirectional override in text", json: mutate("A short clinic visit", #"A short \u202Eclinic visit"#),
      code: "control-character", path: "title",
      message:
        "character 9 of the text is U+202E (a bidirectional override, which can disguise text); control and direction-changing characters are not allowed in scenario text"
    ),
    MalformedCase(
      name: "line break in a one-line field", json: mutate("A short clinic visit", #"A short\nclinic visit"#),
      code: "control-character", path: "title",
      message:
        "character 8 of the text is U+000A (line feed); control and direction-changing characters are not allowed in scenario text",
      suggestion:
        "this text is one line: replace the line break (\\n) with a space; line breaks are allowed only in texts such as feedback, debriefs and the patient's words"
    ),
    MalformedCase(
      name: "raw control character in a string", json: mutate("Morning.", "Morn\u{07}ing."), code: "json-syntax",
      path: "(root)",
      message: "a raw control character (U+0007) inside a string; write it as an escape such as \\n, or remove it"),
    MalformedCase(
      name: "dead end",
      json: mutate(#"{"id": "gate", "routes": ["#, #"{"id": "gate", "cue": "silence", "// routes": ["#),
      code: "dead-end", path: "nodes[2]",
      message: "this node is a dead end: it has no choices, no routes and no ending",
      suggestion: "add \"choices\", \"routes\" or an \"ending\""),
    MalformedCase(
      name: "two kinds of content",
      json: mutate(#""talk": "neutral","#, #""talk": "neutral", "routes": [{"next": "plan"}],"#),
      code: "conflicting-content", path: "nodes[4].ending",
      message: "a node has choices, routes or an ending, but this one has \"routes\" and \"ending\""),
    MalformedCase(
      name: "routes without a fallback",
      json: mutate(#"{"next": "leaves"}"#, #"{"if": "rapport < 0", "next": "leaves"}"#),
      code: "no-fallback-route", path: "nodes[2].routes[2]",
      message: "every route has a condition, so when none holds the story has nowhere to go",
      suggestion: "add a last route without \"if\", e.g. {\"next\": \"...\"}"),
    MalformedCase(
      name: "a cycle with no exit (trap)",
      json: mutate(
        #"{"title": "Undecided", "outcome": "mixed", "debrief": "She left without a plan."}"#,
        #"{"title": "Undecided", "outcome": "mixed", "debrief": "x"}, "//": 0"#
      ).replacingOccurrences(
        of: #""ending": {"title": "Undecided""#,
        with:
          #""choices": [{"id": "loop", "say": "Go on.", "codes": ["open-question"], "feedback": "f", "next": "partial"}], "// ending": {"title": "Undecided""#
      ),
      code: "trap", path: "nodes[4]",
      message: "no ending can be reached from this node: a trainee who arrives here can never finish",
      suggestion: "add a choice or route from this part of the story towards an ending"),
    MalformedCase(
      name: "route cycle", json: mutate(#"{"next": "leaves"}"#, #"{"next": "gate"}"#), code: "route-cycle",
      path: "nodes[2]", message: "routes lead round in a circle with no decision point: gate → gate",
      suggestion: "let one of these nodes offer a choice, or send a route elsewhere"),
    MalformedCase(
      name: "every choice conditional",
      json: mutate(
        #""effects": ["rapport += 2", "told = true"]"#,
        #""if": "rapport > 0", "effects": ["rapport += 2", "told = true"]"#
      )
      .replacingOccurrences(
        of: #""codes": ["persuade", "giving-information"],"#,
        with: #""codes": ["persuade", "giving-information"], "if": "true","#),
      code: "all-choices-conditional", path: "nodes[1].choices",
      message: "every choice here has a condition, so under some state the trainee has nothing to choose",
      suggestion: "leave at least one choice without \"if\""),
    MalformedCase(
      name: "walkthrough diverges", json: mutate(#"["open", "reflect"]"#, #"["open", "check"]"#),
      code: "walkthrough-failed",
      path: "walkthroughs[0].choices[1]",
      message: "walkthrough \"best\" failed at step 2: choice \"check\" is not offered at node \"worry\""),
    MalformedCase(
      name: "walkthrough expectation not met", json: mutate(#""state": {"asked": 2}"#, #""state": {"asked": 3}"#),
      code: "walkthrough-failed", path: "walkthroughs[1].expect",
      message: "walkthrough \"typical\" failed: asked: expected 3, got 2"),
    MalformedCase(
      name: "walkthrough names an unknown choice", json: mutate(#"["lecture", "dismiss"]"#, #"["lecture", "dimsiss"]"#),
      code: "unknown-choice", path: "walkthroughs[2].choices[1]", message: "there is no choice with id \"dimsiss\"",
      suggestion: "did you mean \"dismiss\"?"),
    MalformedCase(
      name: "unsupported format", json: mutate(#""format": 1"#, #""format": 2"#), code: "unsupported-format",
      path: "format", message: "format 2 is not supported; this version of Coach reads format 1"),
    MalformedCase(
      name: "choice id of digits",
      json: mutate(#"{"id": "check""#, #"{"id": "3""#).replacingOccurrences(of: #""check""#, with: #""3""#),
      code: "numeric-choice-id", path: "nodes[0].choices[2].id",
      message: "the choice id \"3\" is only digits, which would be confused with a choice number",
      suggestion: "use a descriptive id, such as \"ask-3\""),
    MalformedCase(
      name: "node id with a space",
      json: mutate(#"{"id": "leaves""#, #"{"id": "she leaves""#).replacingOccurrences(
        of: #""next": "leaves""#, with: #""next": "she leaves""#),
      code: "invalid-id", path: "nodes[5].id",
      message:
        "\"she leaves\" is not a valid node id; use up to 64 letters, digits, '-', '_' or '.', starting with a letter or digit"
    ),
    MalformedCase(
      name: "initial value outside the clamp", json: mutate(#""initial": 0, "min": -2"#, #""initial": 7, "min": -2"#),
      code: "initial-outside-clamp", path: "state.rapport.initial", message: "the initial value 7 lies outside -2...3"),
    MalformedCase(
      name: "unknown talk tag", json: mutate(#""talk": "change-activation""#, #""talk": "change-activate""#),
      code: "unknown-talk-tag", path: "nodes[3].talk", message: "\"change-activate\" is not a talk tag",
      suggestion: "did you mean \"change-activation\"?"),
    MalformedCase(
      name: "outcome misspelt", json: mutate(#""outcome": "positive""#, #""outcome": "postive""#),
      code: "invalid-value",
      path: "nodes[3].ending.outcome",
      message: "\"postive\" is not allowed here; expected one of positive, mixed, negative",
      suggestion: "did you mean \"positive\"?"),
    MalformedCase(
      name: "age not a whole number", json: mutate(#""age": 58"#, #""age": 58.5"#), code: "not-whole-number",
      path: "patient.age", message: "expected a whole number, found 58.5"),
    MalformedCase(
      name: "keyword as a variable", json: mutate(#""asked": {"type""#, #""visited": {"type""#),
      code: "keyword-variable",
      path: "state.visited", message: "'visited' is a word of the expression language and cannot name a variable"),
    MalformedCase(
      name: "unpaired surrogate escape", json: mutate("Morning.", #"Morning\uD800."#), code: "json-syntax",
      path: "(root)",
      message: "a \\u escape names half of a surrogate pair without the other half"),
    MalformedCase(
      name: "unreachable node",
      json: mutate(#""nodes": ["#, #""nodes": [{"id": "orphan", "patient": "Hm.", "routes": [{"next": "plan"}]},"#),
      code: "unreachable-node", path: "nodes[0]", message: "no path from the start reaches this node",
      severity: .warning),
    MalformedCase(
      name: "no MI-consistent option",
      json: mutate(#""codes": ["open-question", "seeking-collaboration"]"#, #""codes": ["giving-information"]"#),
      code: "no-mi-consistent-option", path: "nodes[0].choices",
      message:
        "no choice here is MI-consistent (an open question, a reflection, a summary or an adherent code, without a non-adherent one), so a trainee cannot do well at this point",
      suggestion: "add a response that reflects, affirms or asks an open question", severity: .warning),
    MalformedCase(
      name: "duplicate choice text",
      json: mutate("Are you using your inhaler?", "What would you like to get out of today?"),
      code: "duplicate-choice-text", path: "nodes[0].choices[2].say",
      message: "this choice says exactly what choice \"open\" in the same node says", severity: .warning),
    MalformedCase(
      name: "route never taken",
      json: mutate(#"{"next": "leaves"}"#, #"{"next": "leaves"}, {"if": "told", "next": "plan"}"#),
      code: "route-never-taken", path: "nodes[2].routes[3]",
      message: "this route is never taken: an earlier route has no condition and always wins", severity: .warning),
  ]

  @Test(arguments: cases)
  func reportsTheExactProblem(_ malformed: MalformedCase) throws {
    let result = Fixtures.load(malformed.json, file: "story.json")
    let found = result.diagnostics.map(\.rendered).joined(separator: "\n")
    let match = try #require(
      result.diagnostics.first { $0.code == malformed.code && $0.path.description == malformed.path },
      "expected \(malformed.code) at \(malformed.path); got:\n\(found)")
    #expect(match.message == malformed.message)
    #expect(match.suggestion == malformed.suggestion)
    #expect(match.severity == malformed.severity)
    #expect(match.file == "story.json")
    if malformed.severity == .error {
      #expect(result.scenario == nil, "an error must stop the scenario from loading")
    } else {
      #expect(result.scenario != nil, "a warning must not stop the scenario from loading")
      #expect(result.errors.isEmpty)
    }
    if let needle = malformed.pointsAt {
      var expected = try #require(Fixtures.position(of: needle, in: malformed.json))
      expected.column += malformed.columnOffset
      #expect(match.position == expected)
    }
  }

  @Test func everyMalformedCaseIsDistinct() {
    #expect(Set(Self.cases.map(\.name)).count == Self.cases.count)
    #expect(Self.cases.count >= 25)
  }

  @Test func collectsEveryErrorNotOnlyTheFirst() throws {
    var json = try Fixtures.replacing(#""next": "gate"}"#, with: #""next": "gtae"}"#)
    json = try Fixtures.replacing(#""title": "A short clinic visit""#, with: #""title": 7"#, in: json)
    json = try Fixtures.replacing(#"["persuade"]"#, with: #"["persuasion"]"#, in: json)
    let result = Fixtures.load(json)
    #expect(Set(result.errors.map(\.code)) == ["unknown-node", "wrong-type", "unknown-code"])
    // Errors are listed in file order.
    let lines = result.errors.compactMap { $0.position?.line }
    #expect(lines == lines.sorted())
  }

  @Test func rendersLikeACompiler() throws {
    let json = try Fixtures.replacing(#""rapport >= 0""#, with: #""rapport >== 0""#)
    let diagnostic = try #require(Fixtures.load(json, file: "Scenarios/x.json").errors.first)
    let position = try #require(Fixtures.position(of: ">== 0", in: json))
    #expect(
      diagnostic.rendered == """
        Scenarios/x.json:\(position.line):\(position.column): error: nodes[2] "gate" .routes[1].if: '>==' is not an \
        operator of the expression language; did you mean '>='?
            rapport >== 0
                    ^^^
        """)
  }

  @Test func refusesAnOversizedFileBeforeParsing() {
    let result = Fixtures.load(Fixtures.clinic, limits: LoadLimits(maxBytes: 100))
    #expect(result.diagnostics.map(\.code) == ["too-large"])
    #expect(
      result.diagnostics[0].message.hasPrefix(
        "the file is \(Fixtures.clinic.utf8.count) bytes, over the limit of 100 bytes"))
  }

  @Test func refusesAbsurdNesting() {
    let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
    let result = Fixtures.load(deep)
    #expect(result.diagnostics.count == 1)
    #expect(result.diagnostics[0].message.hasPrefix("values are nested more than 32 levels deep"))
    #expect(result.diagnostics[0].position == SourcePosition(line: 1, column: 33))
  }

  @Test func rejectsInvalidUTF8WithItsPosition() {
    var bytes = Array(Fixtures.clinic.utf8)
    let target = Array("Morning.".utf8)
    let start = (0...(bytes.count - target.count)).first { Array(bytes[$0..<$0 + target.count]) == target }!
    bytes[start + 2] = 0xC3  // a lead byte followed by ASCII: not UTF-8
    let result = ScenarioLoader().load(bytes: bytes, file: "latin1.json")
    #expect(result.diagnostics.map(\.code) == ["json-syntax"])
    #expect(result.diagnostics[0].message == "the bytes here are not valid UTF-8; save the file as UTF-8")
    let expected = Fixtures.position(of: "Morning.", in: Fixtures.clinic)!
    #expect(result.diagnostics[0].position == SourcePosition(line: expected.line, column: expected.column + 2))
  }

  @Test func reportsADirectoryAndAMissingFileAsUnreadable() throws {
    let folder = try Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let directory = ScenarioLoader().load(path: folder.path)
    #expect(directory.diagnostics.map(\.message) == ["this is a directory; expected a scenario file (.json)"])
    #expect(directory.isUnreadable)
    let missing = ScenarioLoader().load(path: folder.appendingPathComponent("nope.json").path, as: "nope.json")
    #expect(missing.diagnostics.map(\.message) == ["cannot read the file: no such file"])
    #expect(missing.diagnostics[0].file == "nope.json")
    #expect(missing.isUnreadable)
  }

  /// Root reads any file whatever its mode, so as root the load runs in a child process that has
  /// given up root for the unprivileged user `nobody`: the check is made either way.
  @Test func reportsAFileWithoutReadPermission() async throws {
    let folder = try Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("locked.json")
    try Fixtures.clinic.write(to: file, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: file.path)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
    let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
    #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0)
    guard getuid() == 0 else {
      let result = ScenarioLoader().load(path: file.path)
      #expect(result.diagnostics.map(\.message) == ["cannot read the file: permission denied"])
      return
    }
    await #expect(processExitsWith: .exitCode(0)) { [path = file.path as String] in
      guard setgid(65534) == 0, setuid(65534) == 0, getuid() != 0 else { exit(2) }
      let result = ScenarioLoader().load(path: path)
      exit(result.diagnostics.map(\.message) == ["cannot read the file: permission denied"] ? 0 : 1)
    }
  }

  @Test func acceptsCommentsAndTheSchemaReference() throws {
    let json = try Fixtures.replacing(
      #""format": 1,"#, with: #""format": 1, "//": "a note", "// more": ["anything", 1],"#)
    #expect(Fixtures.load(json).diagnostics.isEmpty)
  }

  @Test func theFixtureIsClean() {
    let result = Fixtures.load(Fixtures.clinic)
    #expect(result.diagnostics.map(\.rendered) == [])
    #expect(result.scenario?.nodes.count == 6)
  }
}
