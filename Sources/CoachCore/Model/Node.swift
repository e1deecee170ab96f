/// One moment of the story: what the patient says and does, and what can happen next.
public struct Node: Sendable {
  public var id: String
  /// Who speaks, when it is not the scenario's patient (a relative, a second patient).
  public var speaker: String?
  /// The patient's words.
  public var patient: String?
  /// What the trainee sees: a non-verbal cue such as "He looks at the floor."
  public var cue: String?
  /// What the patient's words express about change, for the rubric.
  public var talk: TalkTag?
  public var content: Content

  /// What follows a node.
  public enum Content: Sendable {
    /// A decision point: the trainee picks one response.
    case choices([Choice])
    /// Automatic branching on state: the first route whose condition holds is taken.
    case routes([Route])
    /// The story ends here.
    case ending(Ending)
  }

  /// The node's choices, or none when it is not a decision point.
  public var choices: [Choice] {
    if case .choices(let choices) = content { return choices }
    return []
  }

  /// The node's routes, or none.
  public var routes: [Route] {
    if case .routes(let routes) = content { return routes }
    return []
  }

  /// The node's ending, when it is one.
  public var ending: Ending? {
    if case .ending(let ending) = content { return ending }
    return nil
  }

  /// Whether the trainee makes a choice here.
  public var isDecisionPoint: Bool {
    if case .choices = content { return true }
    return false
  }
}

/// A response the trainee can choose.
public struct Choice: Sendable {
  public var id: String
  /// The trainee's words.
  public var say: String
  /// The techniques the response demonstrates.
  public var codes: [TechniqueCode]
  /// When present, the choice is offered only while the condition holds.
  public var condition: Condition?
  /// Changes to state when the choice is made, applied in order.
  public var effects: [Effect]
  /// Why the response helps or harms.
  public var feedback: String
  /// The id of the node the story moves to.
  public var next: String
  /// Explicit adjustments to the MITI global scores; when empty the rubric's defaults apply.
  public var globals: [GlobalScore: Double]

  /// The position of `next` in the scenario's node list (resolved at load time).
  let nextIndex: Int

  /// Whether any code is MI-non-adherent.
  public var isNonAdherent: Bool { codes.contains { $0.family == .nonAdherent } }

  /// Whether the response is MI-consistent: at least one consistent code and no non-adherent one.
  public var isMIConsistent: Bool { !isNonAdherent && codes.contains { $0.isMIConsistent } }
}

/// An automatic branch.
public struct Route: Sendable {
  /// When absent, the route is the fallback and is always taken.
  public var condition: Condition?
  public var next: String
  let nextIndex: Int
}

/// How a story ends.
public struct Ending: Sendable, Equatable {
  public var title: String
  public var outcome: Outcome
  /// What the trainee should take away from this ending.
  public var debrief: String
}

/// Whether an ending is good for the patient.
public enum Outcome: String, Sendable, Codable, CaseIterable {
  case positive, mixed, negative
}
