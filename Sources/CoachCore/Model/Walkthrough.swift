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

    public init(ending: String? = nil, outcome: Outcome? = nil, state: [(name: String, value: Value)] = []) {
      self.ending = ending
      self.outcome = outcome
      self.state = state
    }

    public static func == (lhs: Expectation, rhs: Expectation) -> Bool {
      lhs.ending == rhs.ending && lhs.outcome == rhs.outcome
        && lhs.state.map(\.name) == rhs.state.map(\.name)
        && lhs.state.map(\.value) == rhs.state.map(\.value)
    }
  }
}
