import CoachCore
import CoachTestSupport
import Testing

/// A patient's line, a cue, a response's words and a debrief paragraph can have variants chosen
/// by state: the first whose condition holds, else the fallback.
@Suite("State-dependent lines")
struct VaryingTextTests {
  /// The clinic fixture with Ann's second line, the reflection and the negative ending's debrief
  /// varying with the state.
  static func story() throws -> String {
    var json = try Fixtures.replacing(
      #""patient": "The new inhaler makes my heart race, so I stopped it.""#,
      with: #"""
        "patient": [{"if": "rapport >= 1", "text": "Since you ask: the inhaler makes my heart race, so I stopped it."},
                    {"if": "chose(\"lecture\")", "text": "Well, if you must know, it makes my heart race."},
                    "The new inhaler makes my heart race, so I stopped it."],
        "cue": [{"if": "rapport < 0", "text": "She folds her arms."}, {"text": "She looks up."}]
        """#)
    json = try Fixtures.replacing(
      #""say": "You stopped because it frightened you.""#,
      with: #"""
        "say": [{"if": "chose(\"lecture\")", "text": "Sorry I jumped in. You stopped because it frightened you."},
                "You stopped because it frightened you."]
        """#,
      in: json)
    json = try Fixtures.replacing(
      #""debrief": "Advice first lost her.""#,
      with: #"""
        "debrief": ["She left.", {"text": [{"if": "rapport <= -2", "text": "Advice first lost her, and she never warmed up."},
                                           "Advice first lost her."]}]
        """#,
      in: json)
    return json
  }

  @Test func theFirstVariantWhoseConditionHoldsIsShown() throws {
    let scenario = try Fixtures.scenario(try Self.story())
    #expect(scenario.hasVaryingText)
    var warm = Session(scenario: scenario)
    try warm.choose("open")
    #expect(warm.patientLine == "Since you ask: the inhaler makes my heart race, so I stopped it.")
    #expect(warm.cue == "She looks up.")
    let reflect = try #require(scenario.choice(id: "reflect")?.choice)
    #expect(warm.words(of: reflect) == "You stopped because it frightened you.")

    var cold = Session(scenario: scenario)
    try cold.choose("lecture")
    #expect(cold.patientLine == "Well, if you must know, it makes my heart race.")
    #expect(cold.cue == "She folds her arms.")
    #expect(cold.words(of: reflect) == "Sorry I jumped in. You stopped because it frightened you.")
    // The node's own words, for tools that show the story rather than a play, are the fallback.
    #expect(cold.node.patient == "The new inhaler makes my heart race, so I stopped it.")

    var neutral = Session(scenario: scenario)
    try neutral.choose("check")
    #expect(neutral.patientLine == "The new inhaler makes my heart race, so I stopped it.")
  }

  @Test func theDebriefTheTranscriptAndTheReviewUseTheWordsOfTheMoment() throws {
    let scenario = try Fixtures.scenario(try Self.story())
    let worst = try Session.replaying(["lecture", "dismiss"], in: scenario)
    #expect(worst.debrief == ["She left.", "Advice first lost her, and she never warmed up."])

    let session = try Session.replaying(["lecture", "reflect"], in: scenario)
    let transcript = Transcript(session: session)
    #expect(transcript.turns[1].chosen.say == "Sorry I jumped in. You stopped because it frightened you.")
    let review = AfterActionReview(session: session, report: Rubric.miti421.score(transcript))
    #expect(review.turns[1].patientSaid == "Well, if you must know, it makes my heart race.")
    #expect(session.momentsBeforeTurns().count == 2)
  }

  @Test func aTextWithoutVariantsIsItsOwnFallback() throws {
    let scenario = try Fixtures.scenario()
    #expect(!scenario.hasVaryingText)
    let session = Session(scenario: scenario)
    #expect(session.patientLine == "Morning. I'm only here because the letter said so.")
    #expect(session.node.patientText?.variants.count == 1)
  }

  @Test func variantsAreCheckedLikeEveryOtherText() throws {
    let noFallback = try Fixtures.replacing(
      #"{"text": "She looks up."}"#, with: #"{"if": "told", "text": "She looks up."}"#, in: try Self.story())
    let missing = Fixtures.load(noFallback)
    let error = try #require(missing.errors.first)
    #expect(error.code == "no-fallback-variant")
    #expect(error.shownPath == #"nodes[1] "worry" .cue"#)

    let shadowed = Fixtures.load(
      try Fixtures.replacing(
        #""The new inhaler makes my heart race, so I stopped it."],"#,
        with: #""The new inhaler makes my heart race, so I stopped it.", "Never shown."],"#, in: try Self.story()))
    #expect(shadowed.errors.isEmpty)
    #expect(shadowed.warnings.map(\.code) == ["variant-never-shown"])
    #expect(
      shadowed.warnings.first?.message == "this variant is never shown: variant 3 has no condition and always wins")

    let typo = Fixtures.load(
      try Fixtures.replacing(#""if": "rapport >= 1""#, with: #""if": "raport >= 1""#, in: try Self.story()))
    let expression = try #require(typo.errors.first)
    #expect(expression.shownPath == #"nodes[1] "worry" .patient[0].if"#)
    #expect(expression.suggestion == "did you mean 'rapport'?")

    let lineBreak = Fixtures.load(
      try Fixtures.replacing(
        #""Sorry I jumped in. You stopped"#, with: #""Sorry I jumped in.\nYou stopped"#, in: try Self.story()))
    #expect(lineBreak.errors.map(\.code) == ["control-character"])
  }
}
