extension Rubric {
  /// The default rubric: MITI 4.2.1's behaviour counts, summary formulas and thresholds, with
  /// open and closed questions kept apart as in MITI 3.1.1. The movements of the global scores
  /// per code and per pattern are Coach's own, documented in docs/rubric.md.
  public static let miti421: Rubric = {
    func moves(_ cct: Int, _ sst: Int, _ partnership: Int, _ empathy: Int) -> [GlobalScore: Hundredths] {
      [
        .cultivatingChangeTalk: Hundredths(raw: cct), .softeningSustainTalk: Hundredths(raw: sst),
        .partnership: Hundredths(raw: partnership), .empathy: Hundredths(raw: empathy),
      ]
    }
    let codes: [TechniqueCode: CodeRule] = [
      .openQuestion: CodeRule(counts: [.question, .openQuestion], family: .neutral, globals: moves(10, 0, 10, 0)),
      .closedQuestion: CodeRule(counts: [.question, .closedQuestion], family: .neutral, globals: moves(0, 0, -5, 0)),
      .simpleReflection: CodeRule(counts: [.simpleReflection], family: .neutral, globals: moves(5, 0, 0, 15)),
      .complexReflection: CodeRule(counts: [.complexReflection], family: .neutral, globals: moves(10, 10, 10, 30)),
      .affirmation: CodeRule(counts: [.affirm], family: .adherent, globals: moves(10, 0, 10, 10)),
      .summary: CodeRule(counts: [.complexReflection], family: .neutral, globals: moves(10, 5, 10, 15)),
      .seekingCollaboration: CodeRule(counts: [.seek], family: .adherent, globals: moves(0, 10, 30, 0)),
      .emphasizingAutonomy: CodeRule(counts: [.emphasize], family: .adherent, globals: moves(0, 20, 25, 0)),
      .givingInformation: CodeRule(counts: [.giveInformation], family: .neutral, globals: moves(0, 0, 0, 0)),
      .persuade: CodeRule(counts: [.persuade], family: .nonAdherent, globals: moves(-20, -30, -40, -20)),
      .persuadeWithPermission: CodeRule(
        counts: [.persuadeWithPermission], family: .neutral, globals: moves(0, 0, 0, 0)),
      .confront: CodeRule(counts: [.confront], family: .nonAdherent, globals: moves(-30, -40, -40, -50)),
      .exploresWhatMatters: CodeRule(counts: [], family: .adherent, globals: moves(15, 0, 25, 10)),
      .agreesPatientLedGoal: CodeRule(counts: [], family: .adherent, globals: moves(30, 0, 30, 0)),
      .signpostingWithoutExploring: CodeRule(
        counts: [.persuade], family: .nonAdherent, globals: moves(-10, 0, -40, -20)),
      .prematureAdvice: CodeRule(counts: [.persuade], family: .nonAdherent, globals: moves(-20, -30, -30, -20)),
    ]
    return Rubric(
      id: "miti-4.2.1",
      title: "MITI 4.2.1",
      source:
        "Moyers, T.B., Manuel, J.K., & Ernst, D. (2015). Motivational Interviewing Treatment Integrity Coding "
        + "Manual 4.2.1. Open-question figures from MITI 3.1.1 (Moyers, Martin, Manuel, Miller & Ernst, 2010).",
      globalStart: Hundredths(3),
      globalRange: Hundredths(1)...Hundredths(5),
      codes: codes,
      adherentBehaviours: [.affirm, .seek, .emphasize],
      nonAdherentBehaviours: [.persuade, .confront],
      patterns: [
        .elicitProvideElicit: [.partnership: Hundredths(raw: 30)],
        .rightingReflex: [.softeningSustainTalk: Hundredths(raw: -30), .partnership: Hundredths(raw: -20)],
        .whatMattersFirst: [.partnership: Hundredths(raw: 20)],
        .changeTalkReflected: [.cultivatingChangeTalk: Hundredths(raw: 30)],
        .sustainTalkSoftened: [.softeningSustainTalk: Hundredths(raw: 30)],
        .amplifyingBarriers: [.softeningSustainTalk: Hundredths(raw: -25)],
      ],
      thresholds: [
        .relational: Threshold(fair: Hundredths(raw: 350), good: Hundredths(4)),
        .technical: Threshold(fair: Hundredths(3), good: Hundredths(4)),
        .percentComplexReflections: Threshold(
          fair: Hundredths(raw: 40), good: Hundredths(raw: 50), minimumDenominator: 2),
        .reflectionToQuestion: Threshold(fair: Hundredths(1), good: Hundredths(2), minimumDenominator: 2),
        .percentOpenQuestions: Threshold(fair: Hundredths(raw: 50), good: Hundredths(raw: 70), minimumDenominator: 2),
      ],
      overall: [.relational, .technical, .percentComplexReflections, .reflectionToQuestion],
      headline: [
        .relational: Hundredths(raw: 30), .technical: Hundredths(raw: 30), .reflectionToQuestion: Hundredths(raw: 15),
        .percentComplexReflections: Hundredths(raw: 10), .adherence: Hundredths(raw: 15),
      ])
  }()
}
