import CoachCore
import CoachTestSupport
import Foundation
import Testing

/// What makes a score measure technique: a shuffled, reproducible order; the author's grades in
/// context; weights; safety tasks and endings that cap the band; a headline that never
/// contradicts the band; debriefs and objectives that follow the path.
@Suite("Scores that measure technique")
struct ScoringValidityTests {
  /// The clinic fixture with grades, a weighted crux, an authored hint, a safety task, objectives
  /// with conditions and a debrief that follows the path.
  static func graded() throws -> String {
    var json = Fixtures.clinic
    json = try Fixtures.replacing(
      #""objectives": ["Hear Ann's worry before advising."],"#,
      with: #"""
        "objectives": [{"text": "Hear Ann's worry before advising.", "met": "told"}, "Agree a next step."],
        "safety": [{"id": "worry-heard", "label": "Her worry about the inhaler heard", "done": "told"}],
        """#, in: json)
    json = try Fixtures.replacing(
      #""codes": ["open-question", "seeking-collaboration"],"#,
      with: #""codes": ["open-question", "seeking-collaboration"], "grade": "best","#, in: json)
    json = try Fixtures.replacing(
      #""codes": ["persuade"],"#, with: #""codes": ["persuade"], "grade": "poor","#, in: json)
    json = try Fixtures.replacing(
      #""codes": ["closed-question"],"#, with: #""codes": ["closed-question"], "grade": "acceptable","#, in: json)
    // At the worry, the author prefers the open question to the reflection the codes favour.
    json = try Fixtures.replacing(
      #""codes": ["complex-reflection"],"#, with: #""codes": ["complex-reflection"], "grade": "good","#, in: json)
    json = try Fixtures.replacing(
      #""codes": ["open-question"], "if""#, with: #""codes": ["open-question"], "grade": "best", "if""#, in: json)
    json = try Fixtures.replacing(
      #""codes": ["persuade", "giving-information"],"#,
      with: #""codes": ["persuade", "giving-information"], "grade": "poor","#, in: json)
    json = try Fixtures.replacing(
      #""patient": "The new inhaler makes my heart race, so I stopped it.", "talk": "sustain","#,
      with:
        #""patient": "The new inhaler makes my heart race, so I stopped it.", "talk": "sustain", "weight": 3, "hint": "She has stopped a medicine: find out why before anything else.","#,
      in: json)
    json = try Fixtures.replacing(
      #""debrief": "She felt heard, so she asked for a change herself.""#,
      with: #"""
        "debrief": ["She felt heard, so she asked for a change herself.",
          {"if": "chose(\"open\")", "text": "You began with her agenda."},
          {"if": "chose(\"check\")", "text": "You began with a checklist question."}]
        """#, in: json)
    return json
  }

  // MARK: - The order of options

  @Test func theOrderComesFromTheSeedAndIsTheSameEveryTime() throws {
    let scenario = try Fixtures.scenario()
    let authored = Session(scenario: scenario).offeredChoices.map(\.id)
    #expect(authored == ["open", "lecture", "check"])
    var orders: Set<[String]> = []
    for seed in UInt64(0)..<40 {
      let order = Session(scenario: scenario, seed: seed).offeredChoices.map(\.id)
      #expect(order.sorted() == authored.sorted(), "a permutation of what is on offer")
      #expect(Session(scenario: scenario, seed: seed).offeredChoices.map(\.id) == order, "the same for the seed")
      orders.insert(order)
    }
    #expect(orders.count == 6, "every order of three options turns up over 40 seeds")
    // The best option is not always first.
    let firsts = (UInt64(0)..<40).map { Session(scenario: scenario, seed: $0).offeredChoices[0].id }
    #expect(Set(firsts).count == 3)
  }

  @Test func undoRestartResumeAndReplayShowTheSameOrder() throws {
    let scenario = try Fixtures.scenario()
    var session = Session(scenario: scenario, seed: 1234)
    let first = session.offeredChoices.map(\.id)
    try session.choose("check")
    let second = session.offeredChoices.map(\.id)
    // Resume from saved state.
    let resumed = try Session(
      scenario: scenario,
      restoring: JSONDecoder().decode(SessionState.self, from: JSONEncoder().encode(session.state)))
    #expect(resumed.offeredChoices.map(\.id) == second)
    // Replay from stored turns.
    let replayed = try Session.replaying(session.turns.map(\.choice), in: scenario, seed: session.seed)
    #expect(replayed.offeredChoices.map(\.id) == second)
    // Undo, then restart.
    try session.undo()
    #expect(session.offeredChoices.map(\.id) == first)
    try session.choose("check")
    session.restart()
    #expect(session.offeredChoices.map(\.id) == first)
    #expect(session.turns.isEmpty)
  }

  @Test func choosingByNumberMeansTheDisplayedOrder() throws {
    let scenario = try Fixtures.scenario()
    let seed = try #require(
      (UInt64(0)..<50).first { Session(scenario: scenario, seed: $0).offeredChoices[0].id != "open" })
    var session = Session(scenario: scenario, seed: seed)
    let shown = session.offeredChoices[0].id
    let step = try session.choose(number: 1)
    #expect(step.choice.id == shown)
    #expect(step.turn.offered == Session(scenario: scenario, seed: seed).offeredChoices.map(\.id))
  }

  // MARK: - Grades

  @Test func authoredGradesDecideTheMarkTheBetterOptionAndTheHint() throws {
    let scenario = try Fixtures.scenario(Self.graded())
    var session = Session(scenario: scenario)
    try session.choose("lecture")
    // At the worry the codes favour the reflection (0.6 against 0.2), but the author grades the
    // open question best: the better option follows the grades.
    try session.choose("reflect")
    let report = Rubric.miti421.score(Transcript(session: session))
    #expect(report.turns.map(\.grade) == [.poor, .good])
    #expect(report.turns.map(\.gradeIsAuthored) == [true, true])
    #expect(report.turns.map(\.isPoor) == [true, false])
    #expect(report.turns.map { $0.betterOption?.id } == ["open", "again"])
    #expect(report.turns[0].betterOption?.feedback == "Asking for her agenda shares control.")
    let atWorry = try Session.replaying(["lecture"], in: scenario)
    let strongest = Rubric.miti421.strongest(among: atWorry.availableChoices.map(CodedTurn.Option.init))
    #expect(strongest?.id == "again", "the hint's option is never graded below another on offer")
  }

  @Test func withoutGradesTheCodesDecideAndBetterNeedsTheMargin() {
    func judge(_ chosen: [TechniqueCode], _ others: [[TechniqueCode]]) -> Judgement {
      let option = CodedTurn.Option(id: "chosen", say: "s", codes: chosen)
      let offered =
        [option] + others.enumerated().map { CodedTurn.Option(id: "o\($0.offset)", say: "s", codes: $0.element) }
      return Rubric.miti421.judge(option, among: offered)
    }
    // 0.2 against 0.45 (open question + autonomy... 0.25 better): below the 0.3 margin, no better.
    let close = judge([.openQuestion], [[.simpleReflection, .openQuestion]])
    #expect(close.better == nil)
    #expect(close.grade == .good)
    // 0.2 against 0.6: a better option, and the chosen is acceptable.
    let far = judge([.openQuestion], [[.complexReflection]])
    #expect(far.better?.id == "o0")
    #expect(far.grade == .acceptable)
    #expect(far.mark == .neutral)
    // Non-adherent is poor whatever else was on offer.
    #expect(judge([.persuade], []).grade == .poor)
    #expect(judge([.persuade], []).mark == .poor)
  }

  @Test func gradesAreCheckedWhenTheFileLoads() throws {
    // Some graded and some not.
    let partial = try Fixtures.replacing(#", "grade": "acceptable""#, with: "", in: Self.graded())
    #expect(Fixtures.load(partial).errors.map(\.code) == ["partial-grades"])
    // None graded best.
    var noBest = try Fixtures.replacing(#""grade": "best","#, with: #""grade": "good","#, in: Self.graded())
    noBest = try Fixtures.replacing(#""grade": "best", "if""#, with: #""grade": "good", "if""#, in: noBest)
    #expect(Fixtures.load(noBest).errors.map(\.code) == ["no-best-grade", "no-best-grade"])
    // A persuading option graded above a reflection contradicts the codes: a warning naming both.
    let contradiction = try Fixtures.replacing(
      #""codes": ["persuade", "giving-information"], "grade": "poor""#,
      with: #""codes": ["persuade", "giving-information"], "grade": "best""#, in: Self.graded())
    let warnings = Fixtures.load(contradiction).warnings.filter { $0.code == "grade-contradicts-codes" }
    #expect(warnings.map(\.message).contains { $0.contains("\"dismiss\" is graded above \"reflect\"") })
    // Grades read as the authored ones.
    #expect(
      try Fixtures.scenario(Self.graded()).node(id: "hello")?.choices.map(\.grade) == [.best, .poor, .acceptable])
  }

  // MARK: - Weights, safety, caps and the band

  @Test func aWeightedCruxMovesTheGlobalsMore() throws {
    let plain = Transcript(turns: [
      CodedTurn(node: "a", talk: .neutral, chosen: .init(id: "r", say: "s", codes: [.complexReflection])),
      CodedTurn(node: "b", talk: .neutral, chosen: .init(id: "p", say: "s", codes: [.persuade])),
    ])
    var weighted = plain
    weighted.turns[1].weight = 3
    // Empathy: ratings 4.5 and 2; mean (4.5 + 2) / 2 = 3.25, weighted (4.5 + 3 × 2) / 4 = 2.63.
    #expect(Rubric.miti421.score(plain).global(.empathy) == 3.25)
    #expect(Rubric.miti421.score(weighted).global(.empathy) == 2.63)
  }

  @Test func safetyTasksAndEndingsCapTheBand() throws {
    let rubric = Rubric.miti421
    let good =
      Array(
        repeating: CodedTurn(
          node: "n", talk: .changeDesire,
          chosen: .init(id: "c", say: "s", codes: [.complexReflection, .affirmation, .emphasizingAutonomy])),
        count: 4)
      + Array(
        repeating: CodedTurn(
          node: "n", talk: .neutral, chosen: .init(id: "q", say: "s", codes: [.openQuestion, .seekingCollaboration])),
        count: 2)
    func scored(_ outcome: Outcome, safe: Bool) -> SessionReport {
      rubric.score(
        Transcript(
          turns: good,
          conclusion: Conclusion(
            ending: "end", title: "The end", outcome: outcome,
            safety: [SafetyResult(id: "net", label: "A safety-net", done: safe)])))
    }
    #expect(scored(.positive, safe: true).overallBand == .good)
    #expect(scored(.positive, safe: true).caps == [])
    #expect(scored(.mixed, safe: true).overallBand == .fair)
    #expect(scored(.negative, safe: true).overallBand == .developing)
    let unsafe = scored(.positive, safe: false)
    #expect(unsafe.overallBand == .developing)
    #expect(unsafe.metricBand == .good)
    #expect(unsafe.bindingCaps.map(\.detail) == ["safety task missed: A safety-net"])
    // The score follows the band: a capped attempt scores below every uncapped Good one.
    #expect(unsafe.headlineScore < 50)
    #expect(scored(.mixed, safe: true).headlineScore < 75)
    #expect(scored(.mixed, safe: true).headlineScore >= 50)
    // A rubric file may change the caps.
    var gentle = rubric
    gentle.caps[.missedSafety] = .fair
    gentle.caps[.mixedEnding] = nil
    let text = RubricFile.text(of: gentle)
    let loaded = try #require(RubricFile.load(bytes: Array(text.utf8), file: "gentle.json").rubric)
    #expect(loaded.caps == gentle.caps)
    #expect(
      loaded.score(
        Transcript(turns: good, conclusion: Conclusion(ending: "e", title: "t", outcome: .mixed, safety: []))
      )
      .overallBand == .good)
  }

  @Test func aSessionsSafetyObjectivesAndDebriefFollowThePathTaken() throws {
    let scenario = try Fixtures.scenario(Self.graded())
    let best = try Session.replaying(["open", "reflect"], in: scenario)
    #expect(
      best.safetyResults == [SafetyResult(id: "worry-heard", label: "Her worry about the inhaler heard", done: true)])
    #expect(best.objectiveResults.map(\.met) == [true, nil])
    #expect(best.debrief == ["She felt heard, so she asked for a change herself.", "You began with her agenda."])
    let unheard = try Session.replaying(["check", "again"], in: scenario)
    #expect(unheard.safetyResults.map(\.done) == [false])
    let report = Rubric.miti421.score(Transcript(session: unheard))
    #expect(report.overallBand == .developing)
    #expect(report.caps?.map(\.reason) == [.mixedEnding, .missedSafety])
  }

  @Test func chooseCanOnlyBeAskedAtTheEnding() throws {
    let json = try Fixtures.replacing(
      #"{"if": "rapport >= 0", "next": "partial"}"#, with: #"{"if": "chose(\"open\")", "next": "partial"}"#,
      in: Fixtures.clinic)
    let result = Fixtures.load(json)
    #expect(
      result.errors.map(\.message).first?.hasPrefix("chose(...) can be used only in conditions read at the ending")
        == true)
    let typo = try Fixtures.replacing(#"chose(\"open\")"#, with: #"chose(\"opne\")"#, in: Self.graded())
    #expect(Fixtures.load(typo).errors.map { $0.suggestion } == ["did you mean \"open\"?"])
    let allConditional = try Fixtures.replacing(
      #""She felt heard, so she asked for a change herself.","#, with: "", in: Self.graded())
    #expect(Fixtures.load(allConditional).errors.map(\.code) == ["no-unconditional-paragraph"])
  }

  @Test func aHigherScoreNeverHasALowerBand() throws {
    // Every play-through of many generated stories, scored with and without conclusions.
    var scored: [(Double, Band)] = []
    for seed in UInt64(1)...60 {
      var generator = StoryGenerator(seed: seed)
      let scenario = try Fixtures.scenario(generator.story())
      var random = SplitMix64(seed: seed)
      for _ in 0..<20 {
        var session = Session(scenario: scenario, seed: random.next() >> 11)
        for _ in 0..<30 where !session.isFinished {
          let offered = session.offeredChoices
          guard !offered.isEmpty else { break }
          try session.choose(offered[Int(random.next() % UInt64(offered.count))].id)
        }
        let report = Rubric.miti421.score(Transcript(session: session))
        scored.append((report.headlineScore, report.overallBand))
      }
    }
    #expect(Set(scored.map(\.1)).count == 3, "the sample covers every band")
    for (score, band) in scored {
      let lower = Band.allCases.filter { $0 < band }
      #expect(!scored.contains { $0.0 < score && !lower.contains($0.1) && $0.1 > band }, "\(score) \(band)")
      switch band {
      case .developing: #expect(score < 50)
      case .fair: #expect(score >= 50 && score < 75)
      case .good: #expect(score >= 75)
      }
    }
  }

  @Test func walkthroughsCanExpectTheBandTheScoreAndTheSafetyTasks() throws {
    var json = try Self.graded()
    json = try Fixtures.replacing(
      #""expect": {"ending": "plan", "outcome": "positive", "state": {"rapport": 3, "told": true}}"#,
      with: #""expect": {"ending": "plan", "band": "good", "score": {"min": 75}, "safety": {"worry-heard": true}}"#,
      in: json)
    // The fixture grades "again" above "reflect" against their codes on purpose: that warning only.
    #expect(Fixtures.load(json).diagnostics.filter { $0.severity != .note }.map(\.code) == ["grade-contradicts-codes"])
    let wrong = try Fixtures.replacing(
      #""band": "good", "score": {"min": 75}, "safety": {"worry-heard": true}"#,
      with: #""band": "fair", "score": {"max": 60}, "safety": {"worry-heard": false}"#, in: json)
    let failure = try #require(Fixtures.load(wrong).errors.first)
    #expect(
      failure.message.hasPrefix("walkthrough \"best\" failed: safety task worry-heard: expected missed, got done"))
    #expect(failure.detailLines.contains { $0.hasPrefix("band: expected Fair, got Good") })
    #expect(failure.detailLines.contains { $0.hasPrefix("score: expected at most 60, got ") })
    let unknown = try Fixtures.replacing(#""worry-heard": true"#, with: #""worry-herd": true"#, in: json)
    #expect(Fixtures.load(unknown).errors.map { $0.suggestion } == ["did you mean \"worry-heard\"?"])
  }

  // MARK: - Rubric fidelity

  @Test func patternsFollowTheRubricFilesFamilies() throws {
    var edited = Rubric.miti421
    edited.codes[.persuade]?.family = .neutral
    let text = RubricFile.text(of: edited)
    #expect(text != RubricFile.text(of: .miti421))
    let lenient = try #require(RubricFile.load(bytes: Array(text.utf8), file: "r.json").rubric)
    #expect(lenient.rule(for: .persuade).family == .neutral)
    let turns = Transcript(turns: [
      CodedTurn(node: "n", talk: .sustain, chosen: .init(id: "p", say: "s", codes: [.persuade])),
      CodedTurn(
        node: "m", talk: .changeDesire, chosen: .init(id: "r", say: "s", codes: [.complexReflection, .persuade])),
    ])
    #expect(Rubric.miti421.score(turns).patterns.map(\.kind) == [.rightingReflex, .rightingReflex])
    let report = lenient.score(turns)
    #expect(report.turns.map(\.family) == [.neutral, .neutral])
    // A neutral persuade is no righting reflex, and a reflection beside it now counts as change
    // talk reflected: one report, one family.
    #expect(report.patterns.map(\.kind) == [.changeTalkReflected])
  }

  @Test func aRatioThresholdWithoutAMinimumDenominatorDefaultsToTwo() throws {
    let text = RubricFile.text(of: .miti421).replacingOccurrences(
      of: #""reflection-to-question": {"fair": 1, "good": 2, "minimum-denominator": 2}"#,
      with: #""reflection-to-question": {"fair": 1, "good": 2}"#)
    #expect(text != RubricFile.text(of: .miti421))
    let rubric = try #require(RubricFile.load(bytes: Array(text.utf8), file: "r.json").rubric)
    #expect(rubric.thresholds[.reflectionToQuestion]?.minimumDenominator == 2)
    #expect(rubric == Rubric.miti421)
  }

  @Test func aChoiceCannotBeBothAnOpenAndAClosedQuestion() throws {
    let json = try Fixtures.replacing(
      #""codes": ["closed-question"]"#, with: #""codes": ["closed-question", "open-question"]"#, in: Fixtures.clinic)
    let errors = Fixtures.load(json).errors
    #expect(errors.map(\.message) == ["a response cannot be both closed-question and open-question"])
    #expect(errors.map(\.path.description) == ["nodes[0].choices[2].codes[1]"])
  }

  // MARK: - Numbers stay finite

  @Test func aValueDoubledInALoopStaysFinite() throws {
    let json = #"""
      {"format": 1, "id": "loop", "version": "1", "title": "T", "summary": "S.", "role": "R", "setting": "S.",
       "patient": {"name": "P", "background": "B."}, "objectives": ["O."],
       "state": {"x": {"initial": 1}},
       "start": "a",
       "nodes": [
         {"id": "a", "patient": "Again?", "choices": [
           {"id": "double", "say": "Again.", "codes": ["open-question"], "effects": ["x = x + x"], "feedback": "F.", "next": "a"},
           {"id": "stop", "say": "Stop.", "codes": ["complex-reflection"], "feedback": "F.", "next": "end"}]},
         {"id": "end", "ending": {"title": "E", "outcome": "positive", "debrief": "D."}}]}
      """#
    // Validation warns where the growth happens, and not once the variable has bounds.
    let warnings = Fixtures.load(json).warnings.filter { $0.code == "unbounded-growth" }
    #expect(warnings.map(\.path.description) == ["nodes[0].choices[0].effects[0]"])
    #expect(warnings.first?.suggestion == "declare \"min\" and \"max\" for 'x' under \"state\"")
    let bounded = try Fixtures.replacing(
      #""x": {"initial": 1}"#, with: #""x": {"initial": 1, "min": 0, "max": 100}"#, in: json)
    #expect(!Fixtures.load(bounded).diagnostics.contains { $0.code == "unbounded-growth" })
    var session = Session(scenario: try Fixtures.scenario(json))
    for _ in 0..<2000 { try session.choose("double") }
    #expect(session.value(of: "x") == .number(Variable.defaultBound))
    // The state stays valid JSON, so it can always be saved.
    let data = try JSONEncoder().encode(session.state)
    #expect(try JSONSerialization.jsonObject(with: data) is [String: Any])
    let huge = try Fixtures.replacing(#""x = x + x""#, with: #""x = 99999999999 + 1""#, in: json)
    #expect(
      Fixtures.load(huge).errors.map(\.message) == ["numbers in expressions are at most 1000000000 either side of zero"]
    )
  }
}

@Suite("Lints against cueing, and naive strategies")
struct CueingTests {
  /// A chain of `points` decision points; at each, a best option of `bestWords` words and two
  /// poor ones of `poorWords` words. The best leads on; the poor ones end the story badly.
  static func story(points: Int, bestWords: Int, poorWords: Int) -> String {
    func words(_ count: Int, _ word: String) -> String {
      Array(repeating: word, count: count).joined(separator: " ")
    }
    var nodes: [String] = []
    for index in 0..<points {
      let next = index + 1 < points ? "p\(index + 1)" : "good"
      nodes.append(
        """
        {"id": "p\(index)", "patient": "Line \(index).", "choices": [
          {"id": "best\(index)", "say": "\(words(bestWords, "reflect"))", "codes": ["complex-reflection", "emphasizing-autonomy"], "grade": "best", "feedback": "F.", "next": "\(next)"},
          {"id": "poor\(index)", "say": "\(words(poorWords, "push"))", "codes": ["persuade"], "grade": "poor", "feedback": "F.", "next": "bad"},
          {"id": "meh\(index)", "say": "\(words(poorWords, "tell"))", "codes": ["confront"], "grade": "poor", "feedback": "F.", "next": "bad"}]}
        """)
    }
    nodes.append(#"{"id": "good", "ending": {"title": "G", "outcome": "positive", "debrief": "D."}}"#)
    nodes.append(#"{"id": "bad", "ending": {"title": "B", "outcome": "negative", "debrief": "D."}}"#)
    return """
      {"format": 1, "id": "cue", "version": "1", "title": "T", "summary": "S.", "role": "R", "setting": "S.",
       "patient": {"name": "P", "background": "B."}, "objectives": ["O."], "start": "p0",
       "nodes": [\(nodes.joined(separator: ",\n"))]}
      """
  }

  @Test func theBestBeingTheLongestIsReportedWithItsFigure() throws {
    let result = Fixtures.load(Self.story(points: 8, bestWords: 12, poorWords: 8))
    let codes = result.diagnostics.map(\.code)
    #expect(codes.contains("best-is-longest"))
    #expect(
      result.warnings.first { $0.code == "best-is-longest" }?.message
        == "the best option is also the longest at 8 of 8 decision points (100%); a trainee can win by picking the longest"
    )
    #expect(result.diagnostics.first { $0.code == "one-acceptable-option" }?.severity == .note)
    #expect(!codes.contains("caricature-by-length"), "two fifths of the best's length is not a caricature")
  }

  @Test func aPoorOptionUnderAThirdOfTheBestsLengthIsACaricature() throws {
    let result = Fixtures.load(Self.story(points: 2, bestWords: 12, poorWords: 2))
    let caricatures = result.warnings.filter { $0.code == "caricature-by-length" }
    #expect(caricatures.count == 4)
    #expect(caricatures.first?.path.description == "nodes[0].choices[1].say")
    #expect(!result.diagnostics.contains { $0.code == "best-is-longest" }, "too few decision points for a share")
  }

  @Test func naiveStrategiesFindAStoryThatCuesItsAnswer() throws {
    let scenario = try Fixtures.scenario(Self.story(points: 8, bestWords: 12, poorWords: 6))
    let naive = NaiveStrategies(scenario: scenario, rubric: .miti421)
    let longest = try #require(naive.results.first { $0.strategy == .longest })
    #expect(longest.good == 20, "always the longest wins in every order")
    #expect(naive.anyGood)
    // Position alone does not: every seed that does not put the best first ends badly.
    let first = try #require(naive.results.first { $0.strategy == .position(1) })
    #expect(first.good < 20)
    #expect(first.bands.values.reduce(0, +) + first.unfinished == 20)
  }
}
