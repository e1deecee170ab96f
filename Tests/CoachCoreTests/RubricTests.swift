import CoachCore
import CoachTestSupport
import Foundation
import Testing

@Suite("Rubric: definition, file and per-turn assessment")
struct RubricTests {
  static let defaultFile = Fixtures.packageRoot.appendingPathComponent("Scenarios/rubric.json")

  @Test func theDefaultRubricFileRoundTrips() throws {
    let text = try String(contentsOf: Self.defaultFile, encoding: .utf8)
    #expect(text == RubricFile.text(of: .miti421), "Scenarios/rubric.json is the default rubric, canonically written")
    let loaded = RubricFile.load(path: Self.defaultFile.path)
    #expect(loaded.diagnostics.map(\.rendered) == [])
    #expect(loaded.rubric == Rubric.miti421)
  }

  @Test func theDefaultReproducesMITIFigures() {
    let rubric = Rubric.miti421
    #expect(rubric.adherentBehaviours == [.affirm, .seek, .emphasize])
    #expect(rubric.nonAdherentBehaviours == [.persuade, .confront])
    #expect(rubric.globalStart == Hundredths(3))
    #expect(rubric.globalRange == Hundredths(1)...Hundredths(5))
    #expect(rubric.thresholds[.relational] == .init(fair: Hundredths(raw: 350), good: Hundredths(4)))
    #expect(rubric.thresholds[.technical] == .init(fair: Hundredths(3), good: Hundredths(4)))
    #expect(rubric.thresholds[.percentComplexReflections]?.fair == Hundredths(raw: 40))
    #expect(rubric.thresholds[.percentComplexReflections]?.good == Hundredths(raw: 50))
    #expect(rubric.thresholds[.reflectionToQuestion]?.fair == Hundredths(1))
    #expect(rubric.thresholds[.reflectionToQuestion]?.good == Hundredths(2))
    #expect(rubric.thresholds[.percentOpenQuestions]?.fair == Hundredths(raw: 50))
    #expect(rubric.thresholds[.percentOpenQuestions]?.good == Hundredths(raw: 70))
    #expect(rubric.rule(for: .givingInformation).counts == [.giveInformation])
    #expect(rubric.rule(for: .persuadeWithPermission).counts == [.persuadeWithPermission])
  }

  /// A session at 2.5:1 and exactly 40% complex reflections, relational and technical good (every
  /// reflection meets change talk, so each is rated high on cultivating change talk).
  static let session: [CodedTurn] =
    Array(
      repeating: CodedTurn(
        node: "n", talk: .changeDesire,
        chosen: .init(id: "c", say: "s", codes: [.complexReflection, .affirmation, .emphasizingAutonomy])),
      count: 2)
    + Array(
      repeating: CodedTurn(
        node: "n", talk: .changeDesire, chosen: .init(id: "s", say: "s", codes: [.simpleReflection])),
      count: 3)
    + [
      CodedTurn(
        node: "n", talk: .neutral, chosen: .init(id: "q", say: "s", codes: [.openQuestion, .seekingCollaboration])),
      CodedTurn(
        node: "n", talk: .neutral, chosen: .init(id: "q", say: "s", codes: [.openQuestion, .seekingCollaboration])),
    ]

  @Test func aStricterRubricLowersTheBands() throws {
    let text = RubricFile.text(of: .miti421)
      .replacingOccurrences(
        of: #""reflection-to-question": {"fair": 1, "good": 2, "minimum-denominator": 2}"#,
        with: #""reflection-to-question": {"fair": 2, "good": 3, "minimum-denominator": 2}"#
      )
      .replacingOccurrences(of: #""id": "miti-4.2.1""#, with: #""id": "strict""#)
    let strict = try #require(RubricFile.load(bytes: Array(text.utf8), file: "strict.json").rubric)
    #expect(strict.id == "strict")
    let transcript = Transcript(turns: Self.session)
    let usual = Rubric.miti421.score(transcript)
    let stricter = strict.score(transcript)
    #expect(usual.metric(.reflectionToQuestion)?.display == "2.5:1")
    #expect(usual.metric(.reflectionToQuestion)?.band == .good)
    #expect(stricter.metric(.reflectionToQuestion)?.band == .fair)
    #expect(usual.metric(.percentComplexReflections)?.band == .fair)
    #expect(usual.metric(.relational)?.band == .good)
    #expect(usual.metric(.technical)?.band == .good)
    #expect(usual.overallBand == .fair)
    #expect(stricter.overallBand == .fair)
  }

  @Test func aGentlerRubricRaisesTheOverallBand() throws {
    let text = RubricFile.text(of: .miti421)
      .replacingOccurrences(
        of: #""percent-complex-reflections": {"fair": 0.4, "good": 0.5, "minimum-denominator": 2}"#,
        with: #""percent-complex-reflections": {"fair": 0.3, "good": 0.4, "minimum-denominator": 2}"#)
    let gentle = try #require(RubricFile.load(bytes: Array(text.utf8), file: "gentle.json").rubric)
    let transcript = Transcript(turns: Self.session)
    #expect(Rubric.miti421.score(transcript).overallBand == .fair)
    #expect(gentle.score(transcript).overallBand == .good)
  }

  @Test func aRubricFileIsValidatedLikeAScenario() {
    var text = RubricFile.text(of: .miti421)
    text = text.replacingOccurrences(of: #""fair": 3.5, "good": 4"#, with: #""fair": 4.5, "good": 4"#)
    text = text.replacingOccurrences(of: #""open-question": {"#, with: #""open-questoin": {"#)
    text = text.replacingOccurrences(
      of: #""elicit-provide-elicit": {"partnership": 0.3}"#, with: #""elicit-provide-elicit": {"partnership": 0.333}"#)
    let result = RubricFile.load(bytes: Array(text.utf8), file: "r.json")
    #expect(result.rubric == nil)
    let messages = result.diagnostics.map { "\($0.path): \($0.message)" + ($0.suggestion.map { "; \($0)" } ?? "") }
    #expect(
      messages == [
        #"codes.open-questoin: "open-questoin" is not a technique code; did you mean "open-question"?"#,
        #"patterns.elicit-provide-elicit.partnership: "0.333" is not allowed here; expected a number with at most two decimal places"#,
        #"thresholds.relational: "fair 4.5, good 4" is not allowed here; expected fair at most good"#,
      ])
    #expect(result.diagnostics.allSatisfy { $0.position != nil })
  }

  /// A rubric written before a code existed still loads: the missing code scores as the default
  /// rubric scores it, with a warning that says so.
  @Test func aRubricMissingACodeRuleDefaultsItWithAWarning() throws {
    let text = RubricFile.text(of: .miti421).replacingOccurrences(of: #""confront": {"#, with: #""// confront": {"#)
    let result = RubricFile.load(bytes: Array(text.utf8), file: "r.json")
    #expect(
      result.diagnostics.map(\.message) == [
        #"the rubric has no rule for the technique code "confront", so it is scored as the default rubric scores it"#
      ])
    #expect(result.diagnostics.map(\.severity) == [.warning])
    #expect(try #require(result.rubric).rule(for: .confront) == TechniqueCode.confront.defaultRule)
  }

  @Test func aPoorTurnNamesTheBetterOptionOnOffer() {
    let turns = [
      // A closed question loses partnership; the reflection and affirmation on offer was better.
      CodedTurn(
        node: "a", talk: .changeAbility, chosen: .init(id: "check", say: "Any problems?", codes: [.closedQuestion]),
        feedback: "A checklist question.",
        alternatives: [
          .init(id: "lecture", say: "Keep at it.", codes: [.persuade]),
          .init(id: "reflect", say: "You've done this yourself.", codes: [.complexReflection, .affirmation]),
        ]),
      // An open question when an option 0.4 better was on offer: acceptable, with the better named.
      CodedTurn(
        node: "b", talk: .neutral, chosen: .init(id: "ask", say: "What else?", codes: [.openQuestion]),
        alternatives: [.init(id: "ask-permission", say: "May I?", codes: [.openQuestion, .seekingCollaboration])]),
      // A complex reflection: the best on offer, not poor.
      CodedTurn(
        node: "c", talk: .sustain, chosen: .init(id: "deep", say: "It feels unfair.", codes: [.complexReflection]),
        alternatives: [.init(id: "ask", say: "Why?", codes: [.openQuestion])]),
      // Persuading is poor even when nothing better was offered.
      CodedTurn(node: "d", talk: .neutral, chosen: .init(id: "push", say: "You must.", codes: [.persuade])),
    ]
    let report = Rubric.miti421.score(Transcript(turns: turns))
    #expect(report.turns.map(\.grade) == [.poor, .acceptable, .best, .poor])
    #expect(report.turns.map(\.isPoor) == [true, false, false, true])
    #expect(report.turns.map { $0.betterOption?.id } == ["reflect", "ask-permission", nil, nil])
    #expect(report.turns.map(\.quality) == [-0.05, 0.2, 0.6, -1.1])
    #expect(report.turns.map(\.family) == [.neutral, .neutral, .neutral, .nonAdherent])
    #expect(report.turns[0].feedback == "A checklist question.")
    #expect(report.turns[2].patterns == [.sustainTalkSoftened])
  }

  @Test func aScenarioSessionBecomesATranscript() throws {
    let scenario = try Fixtures.scenario()
    let session = try Session.replaying(["lecture", "reflect"], in: scenario)
    let transcript = Transcript(session: session)
    #expect(transcript.turns.map(\.node) == ["hello", "worry"])
    #expect(transcript.turns.map(\.talk) == [.sustain, .sustain])
    #expect(transcript.turns[0].alternatives.map(\.id) == ["open", "check"])
    #expect(transcript.turns[1].alternatives.map(\.id) == ["again", "dismiss"], "only what was on offer")
    let report = Rubric.miti421.score(transcript)
    #expect(report.patterns.map(\.kind) == [.rightingReflex, .sustainTalkSoftened])
    #expect(report.turns[0].betterOption?.id == "open")
  }

  @Test func theReportRoundTripsThroughJSON() throws {
    let report = Rubric.miti421.score(Transcript(turns: Self.session))
    let data = try JSONEncoder().encode(report)
    #expect(try JSONDecoder().decode(SessionReport.self, from: data) == report)
    let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
    #expect((object?["counts"] as? [String: Int])?["CR"] == 2, "behaviour counts are keyed by their MITI code")
  }

  /// A rubric that keeps the built-in id but changes a figure is not the built-in rubric: it is
  /// renamed with the start of its hash, with a warning, so its scores are never filed as standard.
  @Test func aModifiedRubricClaimingABuiltInIDIsRenamed() throws {
    var edited = Rubric.miti421
    edited.thresholds[.relational]?.good = Hundredths(raw: 350)
    let result = RubricFile.load(bytes: Array(RubricFile.text(of: edited).utf8), file: "mine.json")
    let rubric = try #require(result.rubric)
    #expect(rubric.id == "miti-4.2.1-modified-" + edited.contentHash.prefix(8))
    #expect(!rubric.isBuiltIn)
    #expect(result.diagnostics.map(\.code) == ["modified-built-in-rubric"])
    #expect(result.diagnostics.first?.severity == .warning)
    #expect(result.diagnostics.first?.path.description == "id")
    // The built-in rubric itself loads as it is.
    let standard = RubricFile.load(bytes: Array(RubricFile.text(of: .miti421).utf8), file: "rubric.json")
    #expect(standard.rubric?.id == "miti-4.2.1")
    #expect(standard.rubric?.isBuiltIn == true)
    #expect(standard.diagnostics.isEmpty)
    #expect(Rubric.miti421.contentHash == SHA256.hex(of: Array(RubricFile.text(of: .miti421).utf8)))
  }
}
