extension Rubric {
  /// The default rubric: MITI 4.2.1's behaviour counts, summary formulas and thresholds, with
  /// open and closed questions kept apart as in MITI 3.1.1. The movements of the global scores
  /// per code and per pattern are Coach's own, documented in docs/rubric.md.
  public static let miti421: Rubric = {
    let codes = Dictionary(uniqueKeysWithValues: TechniqueCode.allCases.map { ($0, $0.defaultRule) })
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

extension TechniqueCode {
  /// The code's rule in the default rubric: the MITI behaviours it counts as, its family and its
  /// default movement of each global. With the code's `family`, `plainName` and `explanation`, this
  /// is the one table of technique codes; `Scenarios/rubric.json`, the JSON Schema's list of codes
  /// and the tables in docs/rubric.md are checked against it by the tests.
  public var defaultRule: Rubric.CodeRule {
    func rule(_ counts: [Behaviour], _ cct: Int, _ sst: Int, _ partnership: Int, _ empathy: Int) -> Rubric.CodeRule {
      Rubric.CodeRule(
        counts: counts, family: family,
        globals: [
          .cultivatingChangeTalk: Hundredths(raw: cct), .softeningSustainTalk: Hundredths(raw: sst),
          .partnership: Hundredths(raw: partnership), .empathy: Hundredths(raw: empathy),
        ])
    }
    return switch self {
    case .openQuestion: rule([.question, .openQuestion], 10, 0, 10, 0)
    case .closedQuestion: rule([.question, .closedQuestion], 0, 0, -5, 0)
    case .simpleReflection: rule([.simpleReflection], 5, 0, 0, 15)
    case .complexReflection: rule([.complexReflection], 10, 10, 10, 30)
    case .affirmation: rule([.affirm], 10, 0, 10, 10)
    case .summary: rule([.complexReflection], 10, 5, 10, 15)
    case .seekingCollaboration: rule([.seek], 0, 10, 30, 0)
    case .emphasizingAutonomy: rule([.emphasize], 0, 20, 25, 0)
    case .givingInformation: rule([.giveInformation], 0, 0, 0, 0)
    case .persuade: rule([.persuade], -20, -30, -40, -20)
    case .persuadeWithPermission: rule([.persuadeWithPermission], 0, 0, 0, 0)
    case .confront: rule([.confront], -30, -40, -40, -50)
    case .exploresWhatMatters: rule([], 15, 0, 25, 10)
    case .agreesPatientLedGoal: rule([], 30, 0, 30, 0)
    case .signpostingWithoutExploring: rule([.persuade], -10, 0, -40, -20)
    case .prematureAdvice: rule([.persuade], -20, -30, -30, -20)
    }
  }
}
