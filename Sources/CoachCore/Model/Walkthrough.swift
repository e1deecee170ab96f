/// A named play-through with expectations, so a trainer can check a story like a test.
public struct Walkthrough: Sendable {
  public var name: String
  /// Choice ids, in order.
  public var choices: [String]
  public var expectation: Expectation

  /// What must hold once the walkthrough's choices have been made.
  public struct Expectation: Sendable, Equatable {
    /// The id of the ending node reached.
    public var ending: String?
    public var outcome: Outcome?
    /// Expected values of state variables, in file order.
    public var state: [(name: String, value: Value)]
    /// The overall band the play-through must get under the rubric in use.
    public var band: Band?
    /// The lowest and highest headline score allowed, inclusive.
    public var scoreAtLeast: Double?
    public var scoreAtMost: Double?
    /// Safety tasks by id, and whether each must be done (true) or missed (false), in file order.
    public var safety: [(id: String, done: Bool)]

    public init(
      ending: String? = nil, outcome: Outcome? = nil, state: [(name: String, value: Value)] = [], band: Band? = nil,
      scoreAtLeast: Double? = nil, scoreAtMost: Double? = nil, safety: [(id: String, done: Bool)] = []
    ) {
      self.ending = ending
      self.outcome = outcome
      self.state = state
      self.band = band
      self.scoreAtLeast = scoreAtLeast
      self.scoreAtMost = scoreAtMost
      self.safety = safety
    }

    /// Whether the walkthrough checks the rubric's verdict, not only where the story went.
    public var checksScoring: Bool { band != nil || scoreAtLeast != nil || scoreAtMost != nil }

    public static func == (lhs: Expectation, rhs: Expectation) -> Bool {
      lhs.ending == rhs.ending && lhs.outcome == rhs.outcome
        && lhs.state.map(\.name) == rhs.state.map(\.name)
        && lhs.state.map(\.value) == rhs.state.map(\.value) && lhs.band == rhs.band
        && lhs.scoreAtLeast == rhs.scoreAtLeast && lhs.scoreAtMost == rhs.scoreAtMost
        && lhs.safety.map(\.id) == rhs.safety.map(\.id) && lhs.safety.map(\.done) == rhs.safety.map(\.done)
    }
  }
}
