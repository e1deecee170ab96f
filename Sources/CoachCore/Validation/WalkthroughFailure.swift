/// How a walkthrough failed, reported the way a test runner reports a failing test.
public struct WalkthroughFailure: Equatable, Sendable {
  /// Where the play-through left the script.
  public enum Divergence: Equatable, Sendable {
    /// At `step` (1-based) the choice was not on offer.
    case notOffered(step: Int, choice: String, node: String, offered: [String])
    /// The story ended at `step` with choices still to make.
    case endedEarly(step: Int, ending: String, remaining: [String])
    /// The choices ran out before the story reached an ending the walkthrough expects.
    case ranOut(node: String, offered: [String])
  }

  /// One expectation that did not hold at the end.
  public struct Mismatch: Equatable, Sendable {
    public var what: String
    public var expected: String
    public var actual: String
  }

  public var walkthrough: String
  public var divergence: Divergence?
  public var mismatches: [Mismatch]
  /// The state where the walkthrough stopped: the node and every variable.
  public var node: String
  public var state: [(name: String, value: Value)]

  public static func == (lhs: WalkthroughFailure, rhs: WalkthroughFailure) -> Bool {
    lhs.walkthrough == rhs.walkthrough && lhs.divergence == rhs.divergence
      && lhs.mismatches == rhs.mismatches && lhs.node == rhs.node
      && lhs.state.map(\.name) == rhs.state.map(\.name) && lhs.state.map(\.value) == rhs.state.map(\.value)
  }

  public var message: String {
    switch divergence {
    case .notOffered(let step, let choice, let node, _):
      return
        "walkthrough \"\(walkthrough)\" failed at step \(step): choice \"\(choice)\" is not offered at node \"\(node)\""
    case .endedEarly(let step, let ending, let remaining):
      return "walkthrough \"\(walkthrough)\" failed at step \(step): the story already ended at \"\(ending)\" "
        + "with \(remaining.count) choice\(remaining.count == 1 ? "" : "s") left"
    case .ranOut(let node, _):
      return "walkthrough \"\(walkthrough)\" ran out of choices before an ending: the story is still at \"\(node)\""
    case nil:
      let first = mismatches.first.map { "\($0.what): expected \($0.expected), got \($0.actual)" } ?? ""
      return "walkthrough \"\(walkthrough)\" failed: \(first)"
    }
  }

  /// Expected against actual, then the state where it stopped.
  public var detailLines: [String] {
    var lines: [String] = []
    if case .notOffered(_, _, _, let offered) = divergence {
      lines.append("offered there: " + (offered.isEmpty ? "nothing" : offered.joined(separator: ", ")))
    }
    if case .endedEarly(_, _, let remaining) = divergence {
      lines.append("not played: " + remaining.joined(separator: ", "))
    }
    if case .ranOut(_, let offered) = divergence {
      lines.append("offered there: " + (offered.isEmpty ? "nothing" : offered.joined(separator: ", ")))
    }
    for mismatch in mismatches.dropFirst(divergence == nil ? 1 : 0) {
      lines.append("\(mismatch.what): expected \(mismatch.expected), got \(mismatch.actual)")
    }
    let values = state.map { "\($0.name) = \($0.value)" }.joined(separator: ", ")
    lines.append("state at \"\(node)\": " + (values.isEmpty ? "no variables" : values))
    return lines
  }
}
