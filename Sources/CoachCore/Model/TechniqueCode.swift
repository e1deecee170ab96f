/// A behaviour a trainee's response can demonstrate: the MITI 4.2.1 behaviour codes (with open
/// and closed questions kept apart) plus four health-coaching codes.
///
/// This is the one vocabulary shared by scenarios, the rubric, the validator and the graphs.
public enum TechniqueCode: String, CaseIterable, Sendable, Codable, DeclarationOrdered {
  case openQuestion = "open-question"
  case closedQuestion = "closed-question"
  case simpleReflection = "simple-reflection"
  case complexReflection = "complex-reflection"
  case affirmation
  case summary
  case seekingCollaboration = "seeking-collaboration"
  case emphasizingAutonomy = "emphasizing-autonomy"
  case givingInformation = "giving-information"
  case persuade
  case persuadeWithPermission = "persuade-with-permission"
  case confront
  case exploresWhatMatters = "explores-what-matters"
  case agreesPatientLedGoal = "agrees-patient-led-goal"
  case signpostingWithoutExploring = "signposting-without-exploring"
  case prematureAdvice = "premature-advice"

  /// A bit of its own, for sets of codes held in one word.
  var bit: UInt32 {
    switch self {
    case .openQuestion: 1 << 0
    case .closedQuestion: 1 << 1
    case .simpleReflection: 1 << 2
    case .complexReflection: 1 << 3
    case .affirmation: 1 << 4
    case .summary: 1 << 5
    case .seekingCollaboration: 1 << 6
    case .emphasizingAutonomy: 1 << 7
    case .givingInformation: 1 << 8
    case .persuade: 1 << 9
    case .persuadeWithPermission: 1 << 10
    case .confront: 1 << 11
    case .exploresWhatMatters: 1 << 12
    case .agreesPatientLedGoal: 1 << 13
    case .signpostingWithoutExploring: 1 << 14
    case .prematureAdvice: 1 << 15
    }
  }

  /// Codes that cannot describe the same response as this one: a question is open or closed.
  public var contradicts: [TechniqueCode] {
    switch self {
    case .openQuestion: [.closedQuestion]
    case .closedQuestion: [.openQuestion]
    default: []
    }
  }

  /// Where the code stands in motivational interviewing terms.
  public var family: TechniqueFamily {
    switch self {
    case .affirmation, .seekingCollaboration, .emphasizingAutonomy, .exploresWhatMatters,
      .agreesPatientLedGoal:
      .adherent
    case .persuade, .confront, .signpostingWithoutExploring, .prematureAdvice:
      .nonAdherent
    case .openQuestion, .closedQuestion, .simpleReflection, .complexReflection, .summary,
      .givingInformation, .persuadeWithPermission:
      .neutral
    }
  }

  /// Whether the code is a health-coaching code rather than a MITI behaviour code.
  public var isCoachingCode: Bool {
    switch self {
    case .exploresWhatMatters, .agreesPatientLedGoal, .signpostingWithoutExploring,
      .prematureAdvice:
      true
    default: false
    }
  }

  /// Whether a response with this code is consistent with motivational interviewing: an adherent
  /// code, a reflection, an open question or a summary (the OARS skills).
  public var isMIConsistent: Bool {
    switch self {
    case .openQuestion, .simpleReflection, .complexReflection, .summary: true
    default: family == .adherent
    }
  }

  /// The code in plain words, for trainees.
  public var plainName: String {
    switch self {
    case .openQuestion: "open question"
    case .closedQuestion: "closed question"
    case .simpleReflection: "simple reflection"
    case .complexReflection: "complex reflection"
    case .affirmation: "affirmation"
    case .summary: "summary"
    case .seekingCollaboration: "seeking collaboration"
    case .emphasizingAutonomy: "emphasising autonomy"
    case .givingInformation: "giving information"
    case .persuade: "persuading"
    case .persuadeWithPermission: "persuading with permission"
    case .confront: "confronting"
    case .exploresWhatMatters: "exploring what matters"
    case .agreesPatientLedGoal: "agreeing a patient-led goal"
    case .signpostingWithoutExploring: "signposting without exploring"
    case .prematureAdvice: "premature advice (the righting reflex)"
    }
  }

  /// One sentence on what the code means.
  public var explanation: String {
    switch self {
    case .openQuestion: "a question that invites the patient to tell their story in their own words"
    case .closedQuestion: "a question that can be answered with yes, no or a fact"
    case .simpleReflection: "repeats or rephrases what the patient said, adding little"
    case .complexReflection:
      "adds meaning or emphasis to what the patient said: a guess at the feeling or the reason beneath it"
    case .affirmation: "recognises the patient's strengths, efforts or values"
    case .summary: "draws together several things the patient has said"
    case .seekingCollaboration:
      "shares power: asks permission, or invites the patient's ideas and expertise"
    case .emphasizingAutonomy: "makes clear that the choice is the patient's to make"
    case .givingInformation: "offers facts or explanation without pressing for change"
    case .persuade: "tries to change the patient's mind with arguments, advice or warnings, uninvited"
    case .persuadeWithPermission: "gives advice or a concern after asking permission, leaving room to disagree"
    case .confront: "disagrees, criticises, shames or argues with the patient"
    case .exploresWhatMatters: "asks what matters to the patient in their life, beyond the condition"
    case .agreesPatientLedGoal: "agrees a goal or next step that the patient chose"
    case .signpostingWithoutExploring:
      "hands over a leaflet, group or service before finding out what the patient wants"
    case .prematureAdvice:
      "jumps to fixing or advising before the patient's view has been heard"
    }
  }
}

/// The three families of technique codes.
public enum TechniqueFamily: String, Sendable, Codable, CaseIterable {
  case adherent
  case nonAdherent = "non-adherent"
  case neutral
}
