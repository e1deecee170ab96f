import CoachCore
import Testing

/// Transcripts scored by hand from the MITI 4.2.1 formulas and the default rubric table
/// (docs/rubric.md). Movements are in hundredths as (CCT, SST, Partnership, Empathy):
/// OQ (10,0,10,0), CQ (0,0,-5,0), SR (5,0,0,15), CR (10,10,10,30), AF (10,0,10,10),
/// summary (10,5,10,15), SEEK (0,10,30,0), EMPH (0,20,25,0), GI and PWP 0, PERS (-20,-30,-40,-20),
/// CON (-30,-40,-40,-50), what-matters (15,0,25,10), goal (30,0,30,0), signposting (-10,0,-40,-20),
/// premature advice (-20,-30,-30,-20). Patterns: elicit-provide-elicit P+30, righting reflex
/// SST-30 P-20, what-matters-first P+20, change talk reflected CCT+30, sustain talk softened
/// SST+30, amplifying barriers SST-25.
@Suite("Rubric: hand-scored transcripts")
struct RubricScoringTests {
  struct Expected {
    var counts: [Behaviour: Int] = [:]
    var mia = 0
    var mina = 0
    var globals: (cct: Double, sst: Double, partnership: Double, empathy: Double)
    var relational: (String, Band)
    var technical: (String, Band)
    var percentComplex: (String, Band?)
    var reflectionToQuestion: (String, Band?)
    var percentOpen: (String, Band?)
    var overall: Band
    var headline: Double
    var patterns: [(PatternKind, Int)] = []
  }

  static func turn(
    _ codes: [TechniqueCode], talk: TalkTag? = .neutral, globals: [GlobalScore: Double] = [:],
    alternatives: [[TechniqueCode]] = []
  ) -> CodedTurn {
    CodedTurn(
      node: "n", talk: talk, chosen: CodedTurn.Option(id: "c", say: "words", codes: codes, globals: globals),
      alternatives: alternatives.enumerated().map {
        CodedTurn.Option(id: "alt\($0.offset)", say: "other", codes: $0.element)
      })
  }

  func check(_ turns: [CodedTurn], _ expected: Expected, sourceLocation: SourceLocation = #_sourceLocation) {
    let report = Rubric.miti421.score(Transcript(turns: turns))
    for behaviour in Behaviour.allCases {
      #expect(
        report.count(behaviour) == expected.counts[behaviour, default: 0], "\(behaviour.rawValue)",
        sourceLocation: sourceLocation)
    }
    #expect(report.mia == expected.mia, "MIA", sourceLocation: sourceLocation)
    #expect(report.mina == expected.mina, "MINA", sourceLocation: sourceLocation)
    #expect(report.global(.cultivatingChangeTalk) == expected.globals.cct, "CCT", sourceLocation: sourceLocation)
    #expect(report.global(.softeningSustainTalk) == expected.globals.sst, "SST", sourceLocation: sourceLocation)
    #expect(report.global(.partnership) == expected.globals.partnership, "Partnership", sourceLocation: sourceLocation)
    #expect(report.global(.empathy) == expected.globals.empathy, "Empathy", sourceLocation: sourceLocation)
    let metrics: [(MetricKind, String, Band?)] = [
      (.relational, expected.relational.0, expected.relational.1),
      (.technical, expected.technical.0, expected.technical.1),
      (.percentComplexReflections, expected.percentComplex.0, expected.percentComplex.1),
      (.reflectionToQuestion, expected.reflectionToQuestion.0, expected.reflectionToQuestion.1),
      (.percentOpenQuestions, expected.percentOpen.0, expected.percentOpen.1),
    ]
    for (kind, display, band) in metrics {
      #expect(report.metric(kind)?.display == display, "\(kind.rawValue) display", sourceLocation: sourceLocation)
      #expect(report.metric(kind)?.band == band, "\(kind.rawValue) band", sourceLocation: sourceLocation)
      #expect((report.metric(kind)?.value == nil) == (display == "n/a"), sourceLocation: sourceLocation)
    }
    #expect(report.overallBand == expected.overall, "overall band", sourceLocation: sourceLocation)
    #expect(report.headlineScore == expected.headline, "headline", sourceLocation: sourceLocation)
    #expect(report.patterns.map(\.kind) == expected.patterns.map(\.0), "patterns", sourceLocation: sourceLocation)
    #expect(report.patterns.map(\.turn) == expected.patterns.map(\.1), "pattern turns", sourceLocation: sourceLocation)
  }

  /// 1. Nothing said: every global stays at 3; relational 3 is below fair, technical 3 is fair.
  /// Headline: (0.3 × 0.5 + 0.3 × 0.5) / 0.6 = 50.
  @Test func emptyTranscript() {
    check(
      [],
      Expected(
        globals: (3, 3, 3, 3), relational: ("3", .developing), technical: ("3", .fair), percentComplex: ("n/a", nil),
        reflectionToQuestion: ("n/a", nil), percentOpen: ("n/a", nil), overall: .developing, headline: 50))
  }

  /// 2. One open question: one question is below the minimum denominator of 2, so R:Q and %OQ
  /// are n/a. CCT 3.1, P 3.1. Headline: 0.3 × (410/800) × 2 / 0.6 = 51.25 → 51.3.
  @Test func oneOpenQuestion() {
    check(
      [Self.turn([.openQuestion])],
      Expected(
        counts: [.question: 1, .openQuestion: 1], globals: (3.1, 3, 3.1, 3), relational: ("3.05", .developing),
        technical: ("3.05", .fair), percentComplex: ("n/a", nil), reflectionToQuestion: ("n/a", nil),
        percentOpen: ("n/a", nil), overall: .developing, headline: 51.3))
  }

  /// 3. A skilful session. CCT 145 + 4 × 30 = 265 → 5.65, clamped to 5; SST 95 + 60 → 4.55;
  /// P 240 + 30 (EPE) + 20 (what matters first) → 5.9, clamped to 5; E 185 → 4.85. R:Q = 6/3 = 2:1,
  /// exactly the good threshold. Headline: 0.3 × 785/800 + 0.3 × 755/800 + 0.15 + 0.1 + 0.15 = 0.9775 → 97.8.
  @Test func skilfulSessionReachesGood() {
    check(
      [
        Self.turn([.openQuestion, .seekingCollaboration]),
        Self.turn([.complexReflection], talk: .sustain),
        Self.turn([.complexReflection, .affirmation], talk: .changeAbility),
        Self.turn([.exploresWhatMatters, .openQuestion]),
        Self.turn([.seekingCollaboration]),
        Self.turn([.givingInformation]),
        Self.turn([.openQuestion]),
        Self.turn([.complexReflection], talk: .changeDesire),
        Self.turn([.emphasizingAutonomy, .complexReflection], talk: .sustain),
        Self.turn([.summary], talk: .changeCommitment),
        Self.turn([.agreesPatientLedGoal, .complexReflection], talk: .changeCommitment),
      ],
      Expected(
        counts: [
          .question: 3, .openQuestion: 3, .complexReflection: 6, .affirm: 1, .seek: 2, .emphasize: 1,
          .giveInformation: 1,
        ],
        mia: 4, mina: 0, globals: (5, 4.55, 5, 4.85), relational: ("4.925", .good), technical: ("4.775", .good),
        percentComplex: ("100%", .good), reflectionToQuestion: ("2:1", .good), percentOpen: ("100%", .good),
        overall: .good, headline: 97.8,
        patterns: [
          (.sustainTalkSoftened, 2), (.changeTalkReflected, 3), (.whatMattersFirst, 4), (.elicitProvideElicit, 6),
          (.changeTalkReflected, 8), (.sustainTalkSoftened, 9), (.changeTalkReflected, 10), (.changeTalkReflected, 11),
        ]))
  }

  /// 4. The righting reflex throughout. CCT -80 → 2.2; SST -100 - 4 × 30 - 25 → 0.55, clamped to 1;
  /// P -160 - 4 × 20 → 0.6, clamped to 1; E -110 → 1.9. R:Q 0/2 = 0:1.
  /// Headline: (0.3 × 90/800 + 0.3 × 120/800 + 0 + 0) / 0.9 = 0.0875 → 8.8.
  @Test func rightingReflexSessionIsDeveloping() {
    check(
      [
        Self.turn([.prematureAdvice]),
        Self.turn([.closedQuestion], talk: .sustain),
        Self.turn([.persuade], talk: .sustain),
        Self.turn([.confront], talk: .sustain),
        Self.turn([.signpostingWithoutExploring]),
        Self.turn([.closedQuestion], talk: .changeDesire),
      ],
      Expected(
        counts: [.question: 2, .closedQuestion: 2, .persuade: 3, .confront: 1], mia: 0, mina: 4,
        globals: (2.2, 1, 1, 1.9), relational: ("1.45", .developing), technical: ("1.6", .developing),
        percentComplex: ("n/a", nil), reflectionToQuestion: ("0:1", .developing), percentOpen: ("0%", .developing),
        overall: .developing, headline: 8.8,
        patterns: [
          (.rightingReflex, 1), (.amplifyingBarriers, 2), (.rightingReflex, 3), (.rightingReflex, 4),
          (.rightingReflex, 5),
        ]))
  }

  /// 5. Exactly at the fair thresholds: R:Q 5/5 = 1:1 and %CR 2/5 = 40%. CCT 85, SST 20, P 70,
  /// E 105. Headline: (0.3 × 575/800 + 0.3 × 505/800 + 0.15 × 0.5 + 0.1 × 0.8) / 0.85 = 56/85 → 65.9.
  @Test func exactlyAtTheFairThresholds() {
    check(
      Array(repeating: Self.turn([.simpleReflection, .openQuestion]), count: 3)
        + Array(repeating: Self.turn([.complexReflection, .openQuestion]), count: 2),
      Expected(
        counts: [.question: 5, .openQuestion: 5, .simpleReflection: 3, .complexReflection: 2],
        globals: (3.85, 3.2, 3.7, 4.05), relational: ("3.875", .fair), technical: ("3.525", .fair),
        percentComplex: ("40%", .fair), reflectionToQuestion: ("1:1", .fair), percentOpen: ("100%", .good),
        overall: .fair, headline: 65.9))
  }

  /// 6. Just below the fair thresholds: R:Q 8/9 and %CR 3/8 = 37.5%. CCT 145, SST 30, P 120,
  /// E 165. Headline: (0.3 × 685/800 + 0.3 × 575/800 + 0.15 × 4/9 + 0.1 × 0.75) / 0.85 → 72.25… → 72.3.
  @Test func justBelowTheFairThresholds() {
    check(
      Array(repeating: Self.turn([.simpleReflection, .openQuestion]), count: 5)
        + Array(repeating: Self.turn([.complexReflection, .openQuestion]), count: 3) + [Self.turn([.openQuestion])],
      Expected(
        counts: [.question: 9, .openQuestion: 9, .simpleReflection: 5, .complexReflection: 3],
        globals: (4.45, 3.3, 4.2, 4.65), relational: ("4.425", .good), technical: ("3.875", .fair),
        percentComplex: ("37.5%", .developing), reflectionToQuestion: ("0.89:1", .developing),
        percentOpen: ("100%", .good), overall: .developing, headline: 72.3))
  }

  /// 7. No questions at all: R:Q has a zero denominator and is n/a, not infinity. Relational
  /// (3.2 + 3.75) / 2 = 3.475, just below fair. Headline: (0.3 × 495/800 + 0.3 × 445/800 + 0.1) / 0.7 → 64.6.
  @Test func reflectionsWithoutQuestions() {
    check(
      [Self.turn([.complexReflection]), Self.turn([.complexReflection]), Self.turn([.simpleReflection])],
      Expected(
        counts: [.simpleReflection: 1, .complexReflection: 2], globals: (3.25, 3.2, 3.2, 3.75),
        relational: ("3.475", .developing), technical: ("3.225", .fair), percentComplex: ("66.7%", .good),
        reflectionToQuestion: ("n/a", nil), percentOpen: ("n/a", nil), overall: .developing, headline: 64.6))
  }

  /// 8. Tiny denominators: one reflection and one question are below the minimum of 2, so both
  /// ratios are n/a. Change talk reflected: CCT 20 + 30. Headline: (0.3 × 450/800 + 0.3 × 460/800) / 0.6 → 56.9.
  @Test func tinyDenominatorsShowNotApplicable() {
    check(
      [Self.turn([.complexReflection, .openQuestion], talk: .changeReasons)],
      Expected(
        counts: [.question: 1, .openQuestion: 1, .complexReflection: 1], globals: (3.5, 3.1, 3.2, 3.3),
        relational: ("3.25", .developing), technical: ("3.3", .fair), percentComplex: ("n/a", nil),
        reflectionToQuestion: ("n/a", nil), percentOpen: ("n/a", nil), overall: .developing, headline: 56.9,
        patterns: [(.changeTalkReflected, 1)]))
  }

  /// 9. Explicit global adjustments replace the defaults: +1 on each makes every global exactly 4,
  /// the good threshold. Headline: 0.75 → 75.
  @Test func explicitGlobalsReachGoodExactly() {
    let all: [GlobalScore: Double] = [
      .cultivatingChangeTalk: 1, .softeningSustainTalk: 1, .partnership: 1, .empathy: 1,
    ]
    check(
      [Self.turn([.openQuestion], globals: all)],
      Expected(
        counts: [.question: 1, .openQuestion: 1], globals: (4, 4, 4, 4), relational: ("4", .good),
        technical: ("4", .good), percentComplex: ("n/a", nil), reflectionToQuestion: ("n/a", nil),
        percentOpen: ("n/a", nil), overall: .good, headline: 75))
  }

  /// 10. Explicit adjustments replace only the scores they name: a complex reflection with
  /// partnership 0.6 and empathy 0.4 keeps its default CCT and SST of 0.1. Relational (3.6 + 3.4) / 2
  /// = 3.5 exactly fair. Headline: (0.3 × 500/800 + 0.3 × 420/800) / 0.6 = 57.5.
  @Test func partialExplicitGlobalsAndRelationalExactlyFair() {
    check(
      [Self.turn([.complexReflection], globals: [.partnership: 0.6, .empathy: 0.4])],
      Expected(
        counts: [.complexReflection: 1], globals: (3.1, 3.1, 3.6, 3.4), relational: ("3.5", .fair),
        technical: ("3.1", .fair), percentComplex: ("n/a", nil), reflectionToQuestion: ("n/a", nil),
        percentOpen: ("n/a", nil), overall: .fair, headline: 57.5))
  }

  /// 11. Clamping: ten confrontations drive every global below 1, where it stops. Confront is not
  /// advice, so with neutral talk there is no righting-reflex pattern. Headline 0.
  @Test func globalsClampAtOne() {
    check(
      Array(repeating: Self.turn([.confront]), count: 10),
      Expected(
        counts: [.confront: 10], mina: 10, globals: (1, 1, 1, 1), relational: ("1", .developing),
        technical: ("1", .developing), percentComplex: ("n/a", nil), reflectionToQuestion: ("n/a", nil),
        percentOpen: ("n/a", nil), overall: .developing, headline: 0))
  }

  /// 12. Ask–offer–ask with permission, then what matters asked only after information (so no
  /// what-matters-first). CCT 35, SST 10, P 75 + 30, E 10. R:Q 0/2.
  /// Headline: (0.3 × 515/800 + 0.3 × 445/800 + 0 + 0.15 × 1) / 0.9 → 56.7.
  @Test func elicitProvideElicitWithPermission() {
    check(
      [
        Self.turn([.openQuestion]),
        Self.turn([.persuadeWithPermission]),
        Self.turn([.seekingCollaboration]),
        Self.turn([.exploresWhatMatters, .openQuestion]),
        Self.turn([.givingInformation], talk: .sustain),
      ],
      Expected(
        counts: [.question: 2, .openQuestion: 2, .persuadeWithPermission: 1, .seek: 1, .giveInformation: 1], mia: 1,
        globals: (3.35, 3.1, 4.05, 3.1), relational: ("3.575", .fair), technical: ("3.225", .fair),
        percentComplex: ("n/a", nil), reflectionToQuestion: ("0:1", .developing), percentOpen: ("100%", .good),
        overall: .developing, headline: 56.7, patterns: [(.elicitProvideElicit, 2)]))
  }

  /// 13. Sustain talk met three ways: a bare question amplifies the barrier (SST -25); a simple
  /// reflection with a question stays with the person (neither pattern); emphasising autonomy
  /// softens it (SST +30). CCT 10 + 15 = 25; SST -25 + 20 + 30 = 25; P 10 + 10 + 25 = 45; E 15.
  /// %OQ 2/2. Headline: (0.3 × 460/800 + 0.3 × 450/800 + 0.15 × 0.25 + 0.15 × 1) / 0.9 → 58.8.
  @Test func sustainTalkAmplifiedOrSoftened() {
    check(
      [
        Self.turn([.openQuestion], talk: .sustain),
        Self.turn([.simpleReflection, .openQuestion], talk: .sustain),
        Self.turn([.emphasizingAutonomy], talk: .sustain),
      ],
      Expected(
        counts: [.question: 2, .openQuestion: 2, .simpleReflection: 1, .emphasize: 1], mia: 1,
        globals: (3.25, 3.25, 3.45, 3.15), relational: ("3.3", .developing), technical: ("3.25", .fair),
        percentComplex: ("n/a", nil), reflectionToQuestion: ("0.5:1", .developing), percentOpen: ("100%", .good),
        overall: .developing, headline: 58.8, patterns: [(.amplifyingBarriers, 1), (.sustainTalkSoftened, 3)]))
  }

  /// 14. A summary and a complex reflection in one turn count one complex reflection; open and
  /// closed questions in one turn count one question, and one of each kind. Q = 2, OQ 2, CQ 1, so
  /// %OQ 2/3. CCT 40, SST 15, P 35, E 45. One reflection: %CR n/a; R:Q 1/2. No MIA or MINA, so
  /// adherence is n/a. Headline: (0.3 × 480/800 + 0.3 × 455/800 + 0.15 × 0.25) / 0.75 = 0.5175 → 51.8.
  @Test func oneTurnCountsEachBehaviourOnce() {
    check(
      [
        Self.turn([.openQuestion]),
        Self.turn([.openQuestion, .closedQuestion]),
        Self.turn([.summary, .complexReflection]),
      ],
      Expected(
        counts: [.question: 2, .openQuestion: 2, .closedQuestion: 1, .complexReflection: 1],
        globals: (3.4, 3.15, 3.35, 3.45), relational: ("3.4", .developing), technical: ("3.275", .fair),
        percentComplex: ("n/a", nil), reflectionToQuestion: ("0.5:1", .developing),
        percentOpen: ("66.7%", .fair), overall: .developing, headline: 51.8))
  }
}
