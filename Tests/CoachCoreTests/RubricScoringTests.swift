import CoachCore
import Testing

/// Transcripts scored by hand from the MITI 4.2.1 formulas and the default rubric table
/// (docs/rubric.md). Each turn that moves a global is rated on it: 3 + 5 × (its movement plus the
/// movements of the patterns reported at that turn), clamped to 1–5; a global is the mean of its
/// ratings (all weights 1 here), rounded to hundredths, or 3 when no turn moved it. The headline is
/// the band's stretch (Developing 0–49.9, Fair 50–74.9, Good 75–100) times the weighted mean of its
/// components: tenths = low + round(mean × (high − low)). Movements are in hundredths as
/// (CCT, SST, Partnership, Empathy):
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
  /// Headline: Developing, mean (0.3 × 0.5 + 0.3 × 0.5) / 0.6 = 0.5; 0.5 × 499 = 249.5 → 250 → 25.
  @Test func emptyTranscript() {
    check(
      [],
      Expected(
        globals: (3, 3, 3, 3), relational: ("3", .developing), technical: ("3", .fair), percentComplex: ("n/a", nil),
        reflectionToQuestion: ("n/a", nil), percentOpen: ("n/a", nil), overall: .developing, headline: 25))
  }

  /// 2. One open question: one question is below the minimum denominator of 2, so R:Q and %OQ
  /// are n/a. CCT and P are each rated 3 + 5 × 0.1 = 3.5; SST and E are not moved and stay at 3.
  /// Relational 3.25 is Developing. Headline: mean 450/800 = 0.5625; 0.5625 × 499 = 280.7 → 28.1.
  @Test func oneOpenQuestion() {
    check(
      [Self.turn([.openQuestion])],
      Expected(
        counts: [.question: 1, .openQuestion: 1], globals: (3.5, 3, 3.5, 3), relational: ("3.25", .developing),
        technical: ("3.25", .fair), percentComplex: ("n/a", nil), reflectionToQuestion: ("n/a", nil),
        percentOpen: ("n/a", nil), overall: .developing, headline: 28.1))
  }

  /// 3. A skilful session. Ratings turn by turn (– where the turn does not move the global), with
  /// each pattern's movement at its turn:
  /// CCT 3.5, 3.5, 5 (50 with CTR, clamped), 4.25, –, –, 3.5, 5, 3.5, 5, 5: 38.25 / 9 = 4.25;
  /// SST 3.5, 5 (STS), 3.5, –, 3.5, –, –, 3.5, 5 (60, clamped), 3.25, 3.5: 30.75 / 8 = 3.84375 → 3.84;
  /// P 5, 3.5, 4, 5 (WMF), 4.5, 4.5 (EPE), 3.5, 3.5, 4.75, 3.5, 5: 46.75 / 11 = 4.25;
  /// E –, 4.5, 5, 3.5, –, –, –, 4.5, 4.5, 3.75, 4.5: 30.25 / 7 = 4.32.
  /// R:Q = 6/3 = 2:1, exactly the good threshold. Headline: Good, mean 0.3 × 657/800 + 0.3 × 609/800
  /// + 0.15 + 0.1 + 0.15 = 0.87475; 750 + 0.87475 × 250 = 968.7 → 96.9.
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
        mia: 4, mina: 0, globals: (4.25, 3.84, 4.25, 4.32), relational: ("4.285", .good),
        technical: ("4.045", .good), percentComplex: ("100%", .good), reflectionToQuestion: ("2:1", .good),
        percentOpen: ("100%", .good), overall: .good, headline: 96.9,
        patterns: [
          (.sustainTalkSoftened, 2), (.changeTalkReflected, 3), (.whatMattersFirst, 4), (.elicitProvideElicit, 6),
          (.changeTalkReflected, 8), (.sustainTalkSoftened, 9), (.changeTalkReflected, 10), (.changeTalkReflected, 11),
        ]))
  }

  /// 4. The righting reflex throughout (RR at turns 1, 3, 4 and 5; AMP at 2). Ratings:
  /// CCT 2, –, 2, 1.5, 2.5, –: 8 / 4 = 2; SST 1 (−60), 1.75 (−25), 1, 1, 1.5, –: 6.25 / 5 = 1.25;
  /// P 1, 2.75, 1, 1, 1, 2.75: 9.5 / 6 = 1.58; E 2, –, 2, 1, 2, –: 7 / 4 = 1.75. R:Q 0/2 = 0:1.
  /// Headline: Developing, mean (0.3 × 133/800 + 0.3 × 125/800 + 0 + 0) / 0.9 = 0.1075;
  /// 0.1075 × 499 = 53.6 → 5.4.
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
        globals: (2, 1.25, 1.58, 1.75), relational: ("1.665", .developing), technical: ("1.625", .developing),
        percentComplex: ("n/a", nil), reflectionToQuestion: ("0:1", .developing), percentOpen: ("0%", .developing),
        overall: .developing, headline: 5.4,
        patterns: [
          (.rightingReflex, 1), (.amplifyingBarriers, 2), (.rightingReflex, 3), (.rightingReflex, 4),
          (.rightingReflex, 5),
        ]))
  }

  /// 5. Exactly at the fair thresholds: R:Q 5/5 = 1:1 and %CR 2/5 = 40%. Ratings: simple
  /// reflection + open question (15, 0, 10, 15) three times: CCT 3.75, P 3.5, E 3.75; complex
  /// reflection + open question (20, 10, 20, 30) twice: CCT 4, SST 3.5, P 4, E 4.5.
  /// CCT 19.25 / 5 = 3.85; SST 3.5; P 18.5 / 5 = 3.7; E 20.25 / 5 = 4.05.
  /// Headline: Fair, mean (0.3 × 575/800 + 0.3 × 535/800 + 0.15 × 0.5 + 0.1 × 0.8) / 0.85 = 0.6721;
  /// 500 + 0.6721 × 249 = 667.3 → 66.7.
  @Test func exactlyAtTheFairThresholds() {
    check(
      Array(repeating: Self.turn([.simpleReflection, .openQuestion]), count: 3)
        + Array(repeating: Self.turn([.complexReflection, .openQuestion]), count: 2),
      Expected(
        counts: [.question: 5, .openQuestion: 5, .simpleReflection: 3, .complexReflection: 2],
        globals: (3.85, 3.5, 3.7, 4.05), relational: ("3.875", .fair), technical: ("3.675", .fair),
        percentComplex: ("40%", .fair), reflectionToQuestion: ("1:1", .fair), percentOpen: ("100%", .good),
        overall: .fair, headline: 66.7))
  }

  /// 6. Just below the fair thresholds: R:Q 8/9 and %CR 3/8 = 37.5%, so the band is Developing.
  /// Ratings as in 5, plus a lone open question (CCT 3.5, P 3.5): CCT (5 × 3.75 + 3 × 4 + 3.5) / 9
  /// = 3.81; SST 3.5; P (5 × 3.5 + 3 × 4 + 3.5) / 9 = 3.67; E (5 × 3.75 + 3 × 4.5) / 8 = 4.03.
  /// Headline: Developing, mean (0.3 × 570/800 + 0.3 × 531/800 + 0.15 × 4/9 + 0.1 × 0.75) / 0.85
  /// = 0.6524; 0.6524 × 499 = 325.5 → 32.6.
  @Test func justBelowTheFairThresholds() {
    check(
      Array(repeating: Self.turn([.simpleReflection, .openQuestion]), count: 5)
        + Array(repeating: Self.turn([.complexReflection, .openQuestion]), count: 3) + [Self.turn([.openQuestion])],
      Expected(
        counts: [.question: 9, .openQuestion: 9, .simpleReflection: 5, .complexReflection: 3],
        globals: (3.81, 3.5, 3.67, 4.03), relational: ("3.85", .fair), technical: ("3.655", .fair),
        percentComplex: ("37.5%", .developing), reflectionToQuestion: ("0.89:1", .developing),
        percentOpen: ("100%", .good), overall: .developing, headline: 32.6))
  }

  /// 7. No questions at all: R:Q has a zero denominator and is n/a, not infinity. Ratings: complex
  /// reflection twice (CCT 3.5, SST 3.5, P 3.5, E 4.5), simple reflection (CCT 3.25, E 3.75):
  /// CCT 10.25 / 3 = 3.42; SST 3.5; P 3.5; E 12.75 / 3 = 4.25. Relational 3.875 and technical 3.46
  /// are Fair. Headline: Fair, mean (0.3 × 575/800 + 0.3 × 492/800 + 0.1 × 1) / 0.7 = 0.7145;
  /// 500 + 0.7145 × 249 = 677.9 → 67.8.
  @Test func reflectionsWithoutQuestions() {
    check(
      [Self.turn([.complexReflection]), Self.turn([.complexReflection]), Self.turn([.simpleReflection])],
      Expected(
        counts: [.simpleReflection: 1, .complexReflection: 2], globals: (3.42, 3.5, 3.5, 4.25),
        relational: ("3.875", .fair), technical: ("3.46", .fair), percentComplex: ("66.7%", .good),
        reflectionToQuestion: ("n/a", nil), percentOpen: ("n/a", nil), overall: .fair, headline: 67.8))
  }

  /// 8. Tiny denominators: one reflection and one question are below the minimum of 2, so both
  /// ratios are n/a. Change talk reflected: CCT 20 + 30 = 50, rated 5.5, clamped to 5; SST 3.5;
  /// P 4; E 4.5. Headline: Good, mean (0.3 × 650/800 + 0.3 × 650/800) / 0.6 = 0.8125;
  /// 750 + 0.8125 × 250 = 953.1 → 95.3.
  @Test func tinyDenominatorsShowNotApplicable() {
    check(
      [Self.turn([.complexReflection, .openQuestion], talk: .changeReasons)],
      Expected(
        counts: [.question: 1, .openQuestion: 1, .complexReflection: 1], globals: (5, 3.5, 4, 4.5),
        relational: ("4.25", .good), technical: ("4.25", .good), percentComplex: ("n/a", nil),
        reflectionToQuestion: ("n/a", nil), percentOpen: ("n/a", nil), overall: .good, headline: 95.3,
        patterns: [(.changeTalkReflected, 1)]))
  }

  /// 9. Explicit global adjustments replace the defaults: +0.2 on each rates every global
  /// 3 + 5 × 0.2 = 4, exactly the good threshold. Headline: Good, mean 0.75;
  /// 750 + 0.75 × 250 = 937.5 → 93.8.
  @Test func explicitGlobalsReachGoodExactly() {
    let all: [GlobalScore: Double] = [
      .cultivatingChangeTalk: 0.2, .softeningSustainTalk: 0.2, .partnership: 0.2, .empathy: 0.2,
    ]
    check(
      [Self.turn([.openQuestion], globals: all)],
      Expected(
        counts: [.question: 1, .openQuestion: 1], globals: (4, 4, 4, 4), relational: ("4", .good),
        technical: ("4", .good), percentComplex: ("n/a", nil), reflectionToQuestion: ("n/a", nil),
        percentOpen: ("n/a", nil), overall: .good, headline: 93.8))
  }

  /// 10. Explicit adjustments replace only the scores they name: a complex reflection with
  /// partnership 0.2 and empathy 0 keeps its default CCT and SST of 0.1 (rated 3.5); partnership is
  /// rated 4, and empathy, moved by 0, keeps the start of 3. Relational (4 + 3) / 2 = 3.5, exactly
  /// fair. Headline: Fair, mean (0.3 × 500/800 + 0.3 × 500/800) / 0.6 = 0.625;
  /// 500 + 0.625 × 249 = 655.6 → 65.6.
  @Test func partialExplicitGlobalsAndRelationalExactlyFair() {
    check(
      [Self.turn([.complexReflection], globals: [.partnership: 0.2, .empathy: 0])],
      Expected(
        counts: [.complexReflection: 1], globals: (3.5, 3.5, 4, 3), relational: ("3.5", .fair),
        technical: ("3.5", .fair), percentComplex: ("n/a", nil), reflectionToQuestion: ("n/a", nil),
        percentOpen: ("n/a", nil), overall: .fair, headline: 65.6))
  }

  /// 11. Clamping: a confrontation is rated 3 − 5 × 0.4 = 1 on SST and partnership and
  /// 3 − 2.5 = 0.5, clamped to 1, on empathy; CCT 3 − 1.5 = 1.5. Confront is not advice, so with
  /// neutral talk there is no righting-reflex pattern. Headline: Developing, mean
  /// (0.3 × 0 + 0.3 × 50/800 + 0.15 × 0/10) / 0.75 = 0.025; 0.025 × 499 = 12.475 → 12 → 1.2.
  @Test func globalsClampAtOne() {
    check(
      Array(repeating: Self.turn([.confront]), count: 10),
      Expected(
        counts: [.confront: 10], mina: 10, globals: (1.5, 1, 1, 1), relational: ("1", .developing),
        technical: ("1.25", .developing), percentComplex: ("n/a", nil), reflectionToQuestion: ("n/a", nil),
        percentOpen: ("n/a", nil), overall: .developing, headline: 1.2))
  }

  /// 12. Ask–offer–ask with permission, then what matters asked only after information (so no
  /// what-matters-first). Ratings: CCT 3.5 (open question), 4.25 (what matters + open question):
  /// 7.75 / 2 = 3.875 → 3.88; SST 3.5 (seek); P 3.5, 4.5 (EPE at the permission turn), 4.5 (seek),
  /// 4.75: 17.25 / 4 = 4.3125 → 4.31; E 3.5. R:Q 0/2 makes the band Developing.
  /// Headline: Developing, mean (0.3 × 581/800 + 0.3 × 538/800 + 0.15 × 0 + 0.15 × 1) / 0.9
  /// = 0.6329; 0.6329 × 499 = 315.8 → 31.6.
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
        globals: (3.88, 3.5, 4.31, 3.5), relational: ("3.905", .fair), technical: ("3.69", .fair),
        percentComplex: ("n/a", nil), reflectionToQuestion: ("0:1", .developing), percentOpen: ("100%", .good),
        overall: .developing, headline: 31.6, patterns: [(.elicitProvideElicit, 2)]))
  }

  /// 13. Sustain talk met three ways: a bare question amplifies the barrier (SST −25); a simple
  /// reflection with a question stays with the person (neither pattern); emphasising autonomy
  /// softens it (SST +30). Ratings: CCT 3.5, 3.75: 3.625 → 3.63; SST 1.75, 5 (50): 3.375 → 3.38;
  /// P 3.5, 3.5, 4.25: 3.75; E 3.75. %OQ 2/2; R:Q 1/2 makes the band Developing.
  /// Headline: Developing, mean (0.3 × 550/800 + 0.3 × 501/800 + 0.15 × 0.25 + 0.15 × 1) / 0.9
  /// = 0.6463; 0.6463 × 499 = 322.5 → 32.2.
  @Test func sustainTalkAmplifiedOrSoftened() {
    check(
      [
        Self.turn([.openQuestion], talk: .sustain),
        Self.turn([.simpleReflection, .openQuestion], talk: .sustain),
        Self.turn([.emphasizingAutonomy], talk: .sustain),
      ],
      Expected(
        counts: [.question: 2, .openQuestion: 2, .simpleReflection: 1, .emphasize: 1], mia: 1,
        globals: (3.63, 3.38, 3.75, 3.75), relational: ("3.75", .fair), technical: ("3.505", .fair),
        percentComplex: ("n/a", nil), reflectionToQuestion: ("0.5:1", .developing), percentOpen: ("100%", .good),
        overall: .developing, headline: 32.2, patterns: [(.amplifyingBarriers, 1), (.sustainTalkSoftened, 3)]))
  }

  /// 14. A summary and a complex reflection in one turn count one complex reflection; an open and a
  /// closed question make Q = 2, OQ 1, CQ 1, so %OQ 1/2. Ratings: CCT 3.5, –, 4 (20): 3.75;
  /// SST 3.75 (15); P 3.5, 2.75, 4: 10.25 / 3 = 3.42; E 5.25, clamped to 5. One reflection: %CR n/a;
  /// R:Q 1/2 makes the band Developing. No MIA or MINA, so adherence is n/a.
  /// Headline: Developing, mean (0.3 × 642/800 + 0.3 × 550/800 + 0.15 × 0.25) / 0.75 = 0.646;
  /// 0.646 × 499 = 322.4 → 32.2.
  @Test func oneTurnCountsEachBehaviourOnce() {
    check(
      [
        Self.turn([.openQuestion]),
        Self.turn([.closedQuestion]),
        Self.turn([.summary, .complexReflection]),
      ],
      Expected(
        counts: [.question: 2, .openQuestion: 1, .closedQuestion: 1, .complexReflection: 1],
        globals: (3.75, 3.75, 3.42, 5), relational: ("4.21", .good), technical: ("3.75", .fair),
        percentComplex: ("n/a", nil), reflectionToQuestion: ("0.5:1", .developing),
        percentOpen: ("50%", .fair), overall: .developing, headline: 32.2))
  }
}
