/// One moment of the story: what the patient says and does, and what can happen next.
/// Immutable once loaded, and shared rather than copied.
public final class Node: Sendable {
  public let id: String
  /// Who speaks, when it is not the scenario's patient (a relative, a second patient).
  public let speaker: String?
  /// The patient's words, with any variants chosen by state (`Session.patientLine` picks one).
  public let patientText: VaryingText?
  /// What the trainee sees: a non-verbal cue such as "He looks at the floor.", with any variants.
  public let cueText: VaryingText?
  /// What the patient's words express about change, for the rubric.
  public let talk: TalkTag?
  /// How much the decision here counts in the globals, relative to an ordinary turn (1): the crux
  /// of a story counts more than its opener.
  public let weight: Double
  /// The author's hint for this decision point, shown by `:hint` in place of the techniques of
  /// the best option.
  public let hint: String?
  public let content: Content

  init(
    id: String, speaker: String?, patient: VaryingText?, cue: VaryingText?, talk: TalkTag?, weight: Double = 1,
    hint: String? = nil, content: Content
  ) {
    self.id = id
    self.speaker = speaker
    self.patientText = patient
    self.cueText = cue
    self.talk = talk
    self.weight = weight
    self.hint = hint
    self.content = content
  }

  /// What follows a node.
  public enum Content: Sendable {
    /// A decision point: the trainee picks one response.
    case choices([Choice])
    /// Automatic branching on state: the first route whose condition holds is taken.
    case routes([Route])
    /// The story ends here.
    case ending(Ending)
  }

  /// The patient's words when no variant's condition holds (the only words, for most nodes).
  public var patient: String? { patientText?.fallback }

  /// The cue when no variant's condition holds.
  public var cue: String? { cueText?.fallback }

  /// The conditions of the variants of the node's own texts (its patient line and cue; its
  /// choices' and debrief's are their own).
  var variantConditions: [Condition] {
    (patientText?.conditions ?? []) + (cueText?.conditions ?? [])
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

/// A response the trainee can choose. Immutable once loaded, and shared rather than copied.
public final class Choice: Sendable {
  public let id: String
  /// The trainee's words, with any variants chosen by state (`Session.words(of:)` picks one).
  public let sayText: VaryingText
  /// The techniques the response demonstrates.
  public let codes: [TechniqueCode]
  /// When present, the choice is offered only while the condition holds.
  public let condition: Condition?
  /// Changes to state when the choice is made, applied in order.
  public let effects: [Effect]
  /// Why the response helps or harms.
  public let feedback: String
  /// The id of the node the story moves to.
  public let next: String
  /// Explicit adjustments to the MITI global scores; when empty the rubric's defaults apply.
  public let globals: [GlobalScore: Double]
  /// The author's grade of the response at its decision point, when given.
  public let grade: Grade?

  /// The position of `next` in the scenario's node list (resolved at load time).
  let nextIndex: Int

  init(
    id: String, say: VaryingText, codes: [TechniqueCode], condition: Condition?, effects: [Effect], feedback: String,
    next: String, globals: [GlobalScore: Double], grade: Grade? = nil, nextIndex: Int
  ) {
    self.id = id
    self.sayText = say
    self.codes = codes
    self.condition = condition
    self.effects = effects
    self.feedback = feedback
    self.next = next
    self.globals = globals
    self.grade = grade
    self.nextIndex = nextIndex
  }

  /// The trainee's words when no variant's condition holds (the only words, for most choices).
  public var say: String { sayText.fallback }

  /// The conditions of the variants of the choice's words.
  var variantConditions: [Condition] { sayText.conditions }

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
public struct Ending: Sendable {
  public var title: String
  public var outcome: Outcome
  /// What the trainee should take away from this ending, paragraph by paragraph; a paragraph
  /// with a condition is shown only when it holds (`Session.debrief`).
  public var paragraphs: [DebriefParagraph]

  /// Every paragraph that is shown whatever the path, joined by blank lines.
  public var unconditionalDebrief: String {
    paragraphs.filter { $0.condition == nil }.map(\.text).joined(separator: "\n\n")
  }
}

/// How well the consultation ended: it grades the consultation, not whether the patient changed.
/// A respectful, well-handled "not today" can be positive.
public enum Outcome: String, Sendable, Codable, CaseIterable, Comparable {
  case positive, mixed, negative

  private var rank: Int {
    switch self {
    case .negative: 0
    case .mixed: 1
    case .positive: 2
    }
  }

  /// Negative is below mixed, which is below positive.
  public static func < (lhs: Outcome, rhs: Outcome) -> Bool { lhs.rank < rhs.rank }
}
