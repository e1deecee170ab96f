/// A pattern across turns that MI assessors look for.
public enum PatternKind: String, Sendable, Codable, CaseIterable {
  /// Asked, offered information, asked again (ask–offer–ask).
  case elicitProvideElicit = "elicit-provide-elicit"
  /// Persuaded or confronted straight after sustain talk, or advised before eliciting anything.
  case rightingReflex = "righting-reflex"
  /// Asked what matters to the patient before giving any information or advice.
  case whatMattersFirst = "what-matters-first"
  /// Reflected or affirmed change talk as soon as the patient voiced it.
  case changeTalkReflected = "change-talk-reflected"
  /// Met sustain talk with a complex reflection or by emphasising autonomy.
  case sustainTalkSoftened = "sustain-talk-softened"
  /// Met sustain talk with a question that explores the barrier further.
  case amplifyingBarriers = "amplifying-barriers"

  /// Whether finding the pattern is to the trainee's credit.
  public var isStrength: Bool {
    switch self {
    case .rightingReflex, .amplifyingBarriers: false
    default: true
    }
  }

  public var title: String {
    switch self {
    case .elicitProvideElicit: "Elicit–provide–elicit"
    case .rightingReflex: "Righting reflex"
    case .whatMattersFirst: "Asked what matters first"
    case .changeTalkReflected: "Change talk reflected"
    case .sustainTalkSoftened: "Sustain talk softened"
    case .amplifyingBarriers: "Amplifying barriers"
    }
  }
}

/// A pattern found at one turn, with the reason in words.
public struct PatternFinding: Sendable, Equatable, Codable {
  public var kind: PatternKind
  /// The 1-based turn the pattern is reported at, and whose rating its movement joins: the turn
  /// that completes it, except elicit–provide–elicit, reported at the turn that provides.
  public var turn: Int
  public var detail: String

  public init(kind: PatternKind, turn: Int, detail: String) {
    self.kind = kind
    self.turn = turn
    self.detail = detail
  }
}

/// Finds patterns in the sequence of coded turns. Which codes are non-adherent comes from the
/// rubric, so a rubric file that moves a code between families changes the patterns with it.
public enum PatternDetector {
  static let eliciting: Set<TechniqueCode> = [.openQuestion, .seekingCollaboration]
  static let providing: Set<TechniqueCode> = [.givingInformation, .persuadeWithPermission]
  static let pushing: Set<TechniqueCode> = [.persuade, .confront, .prematureAdvice]
  static let advice: Set<TechniqueCode> = [.persuade, .prematureAdvice, .signpostingWithoutExploring]
  static let drawsOut: Set<TechniqueCode> = [
    .openQuestion, .simpleReflection, .complexReflection, .summary, .seekingCollaboration, .exploresWhatMatters,
  ]
  static let information: Set<TechniqueCode> = [
    .givingInformation, .persuadeWithPermission, .persuade, .prematureAdvice, .signpostingWithoutExploring,
  ]
  static let reflectsOrAffirms: Set<TechniqueCode> = [.simpleReflection, .complexReflection, .summary, .affirmation]
  static let softens: Set<TechniqueCode> = [.complexReflection, .emphasizingAutonomy]
  static let questions: Set<TechniqueCode> = [.openQuestion, .closedQuestion]
  static let staysWithThePerson: Set<TechniqueCode> = [
    .simpleReflection, .complexReflection, .summary, .affirmation, .emphasizingAutonomy, .seekingCollaboration,
    .exploresWhatMatters,
  ]

  public static func detect(_ turns: [CodedTurn], rubric: Rubric) -> [PatternFinding] {
    let nonAdherent = Set(TechniqueCode.allCases.filter { rubric.rule(for: $0).family == .nonAdherent })
    let pushing = Self.pushing.intersection(nonAdherent)
    let advice = Self.advice.intersection(nonAdherent)
    var findings: [PatternFinding] = []
    var elicitedBefore = false
    var informedBefore = false
    var whatMattersFound = false
    for (index, turn) in turns.enumerated() {
      let number = index + 1
      let codes = turn.codes
      let isPushy = !codes.isDisjoint(with: nonAdherent)

      if !codes.isDisjoint(with: providing), !isPushy, index > 0, index + 1 < turns.count,
        !turns[index - 1].codes.isDisjoint(with: eliciting), turns[index - 1].codes.isDisjoint(with: nonAdherent),
        !turns[index + 1].codes.isDisjoint(with: eliciting), turns[index + 1].codes.isDisjoint(with: nonAdherent)
      {
        findings.append(
          PatternFinding(
            kind: .elicitProvideElicit, turn: number,
            detail:
              "asked at turn \(number - 1), offered information at turn \(number), asked again at turn \(number + 1)"))
      }
      if turn.talk == .sustain, !codes.isDisjoint(with: pushing) {
        findings.append(
          PatternFinding(kind: .rightingReflex, turn: number, detail: "argued for change straight after sustain talk"))
      } else if !codes.isDisjoint(with: advice), !elicitedBefore {
        findings.append(
          PatternFinding(
            kind: .rightingReflex, turn: number, detail: "gave advice before drawing out the patient's own view"))
      }
      if codes.contains(.exploresWhatMatters), !whatMattersFound {
        whatMattersFound = true
        if !informedBefore {
          findings.append(
            PatternFinding(
              kind: .whatMattersFirst, turn: number, detail: "asked what matters before giving information or advice"))
        }
      }
      if turn.talk?.isChangeTalk == true, !isPushy, !codes.isDisjoint(with: reflectsOrAffirms) {
        findings.append(
          PatternFinding(
            kind: .changeTalkReflected, turn: number,
            detail: "reflected or affirmed \(turn.talk!.plainName) as soon as it was voiced"))
      }
      if turn.talk == .sustain, !isPushy, !codes.isDisjoint(with: softens) {
        findings.append(
          PatternFinding(
            kind: .sustainTalkSoftened, turn: number,
            detail: "met sustain talk with a complex reflection or by emphasising autonomy"))
      }
      if turn.talk == .sustain, !codes.isDisjoint(with: questions), codes.isDisjoint(with: staysWithThePerson) {
        findings.append(
          PatternFinding(
            kind: .amplifyingBarriers, turn: number,
            detail: "answered sustain talk with a question that digs into the barrier"
          ))
      }
      elicitedBefore = elicitedBefore || !codes.isDisjoint(with: drawsOut)
      informedBefore = informedBefore || !codes.isDisjoint(with: information)
    }
    return findings
  }
}
