/// What the patient's words express about change, as MI coders hear it.
///
/// Change talk is split by its DARN-CAT type: Desire, Ability, Reasons and Need (preparatory),
/// then Commitment, Activation and Taking steps (mobilising).
public enum TalkTag: String, CaseIterable, Sendable, Codable {
  case changeDesire = "change-desire"
  case changeAbility = "change-ability"
  case changeReasons = "change-reasons"
  case changeNeed = "change-need"
  case changeCommitment = "change-commitment"
  case changeActivation = "change-activation"
  case changeTakingSteps = "change-taking-steps"
  case sustain
  case neutral

  /// Whether the patient is voicing change talk of any type.
  public var isChangeTalk: Bool {
    switch self {
    case .sustain, .neutral: false
    default: true
    }
  }

  /// The tag in plain words.
  public var plainName: String {
    switch self {
    case .changeDesire: "change talk (desire)"
    case .changeAbility: "change talk (ability)"
    case .changeReasons: "change talk (reasons)"
    case .changeNeed: "change talk (need)"
    case .changeCommitment: "change talk (commitment)"
    case .changeActivation: "change talk (activation)"
    case .changeTakingSteps: "change talk (taking steps)"
    case .sustain: "sustain talk"
    case .neutral: "neutral"
    }
  }
}
