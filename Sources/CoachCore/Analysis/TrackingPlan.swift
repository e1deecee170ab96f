/// Which parts of a session's state can change what happens next, and so must be part of a play
/// state when the analysis searches the story.
///
/// A variable matters when a condition reads it, or when an effect on a variable that matters
/// reads it. A node's visit count matters when a condition (or such an effect) reads it, and only
/// up to a cap: `visited("x")` cannot tell 1 visit from 5, and `visits("x") >= 2` cannot tell 3
/// from 7, so counts are held at the cap. Everything else is left out, so that a story whose
/// conditions read no state at all is searched on its plain node graph.
struct TrackingPlan: Sendable {
  /// Slots of the variables that matter, ascending.
  let variables: [Int]
  /// Positions of the nodes whose visit counts matter, ascending.
  let visitNodes: [Int]
  /// For each entry of `visitNodes`, the count at which it is held; `Int.max` when uncapped.
  let visitCaps: [Int]
  /// For each variable slot, whether it matters.
  let tracksVariable: [Bool]
  /// For each node, its position in `visitNodes`, or -1.
  let visitSlot: [Int32]

  /// Whether no condition depends on state: the story's branching is fixed.
  var isStateless: Bool { variables.isEmpty && visitNodes.isEmpty }

  init(_ scenario: Scenario) {
    let variableCount = scenario.variables.count
    var conditions: [Expr] = []
    var effectsByTarget = [[Expr]](repeating: [], count: variableCount)
    for node in scenario.nodes {
      switch node.content {
      case .choices(let choices):
        for choice in choices {
          if let condition = choice.condition { conditions.append(condition.expression) }
          for effect in choice.effects { effectsByTarget[effect.slot].append(effect.value) }
        }
      case .routes(let routes):
        conditions += routes.compactMap { $0.condition?.expression }
      case .ending:
        break
      }
    }

    // Variables that matter: read by a condition, or by an effect on a variable that matters.
    var tracks = [Bool](repeating: false, count: variableCount)
    var pending: [Int] = []
    func mark(_ slots: Set<Int>) {
      for slot in slots where !tracks[slot] {
        tracks[slot] = true
        pending.append(slot)
      }
    }
    for condition in conditions { mark(condition.variablesRead) }
    var relevantExpressions = conditions
    while let slot = pending.popLast() {
      for value in effectsByTarget[slot] {
        mark(value.variablesRead)
        relevantExpressions.append(value)
      }
    }

    // Visit counts that matter, with the cap each can be held at.
    var caps: [Int: Int] = [:]
    for expression in relevantExpressions {
      Self.collectVisitCaps(expression, into: &caps)
    }
    // An effect's right-hand side is not a comparison: counts it reads cannot be capped.
    for slot in tracks.indices where tracks[slot] {
      for value in effectsByTarget[slot] {
        for node in value.nodesRead { caps[node] = Int.max }
      }
    }

    variables = tracks.indices.filter { tracks[$0] }
    tracksVariable = tracks
    visitNodes = caps.keys.sorted()
    visitCaps = visitNodes.map { max(1, caps[$0]!) }
    var visitSlot = [Int32](repeating: -1, count: scenario.nodes.count)
    for (position, node) in visitNodes.enumerated() { visitSlot[node] = Int32(position) }
    self.visitSlot = visitSlot
  }

  /// Records, for every visit count `expression` reads, the smallest cap that keeps its value.
  private static func collectVisitCaps(_ expression: Expr, into caps: inout [Int: Int]) {
    func need(_ node: Int, _ cap: Int) {
      caps[node] = max(caps[node] ?? 0, cap)
    }
    switch expression {
    case .literal, .variable, .chose:
      return
    case .visited(let node):
      need(node, 1)
    case .visits(let node):
      need(node, Int.max)
    case .not(let operand), .negate(let operand):
      collectVisitCaps(operand, into: &caps)
    case .comparison(_, .visits(let node), let other), .comparison(_, let other, .visits(let node)):
      if let constant = other.constantNumber {
        // Counts above the constant all compare alike.
        need(node, constant < 0 ? 1 : Int(constant.rounded(.down)) + 1)
      } else {
        need(node, Int.max)
        collectVisitCaps(other, into: &caps)
      }
    case .arithmetic(_, let lhs, let rhs), .comparison(_, let lhs, let rhs), .logical(_, let lhs, let rhs):
      collectVisitCaps(lhs, into: &caps)
      collectVisitCaps(rhs, into: &caps)
    }
  }
}

extension Expr {
  /// The expression's value when it reads no state, such as `2` or `1 + 1`.
  var constantValue: Value? {
    guard variablesRead.isEmpty, nodesRead.isEmpty, !readsChoices else { return nil }
    return evaluate(in: NoState())
  }

  /// The expression's number when it is constant and a number below 2^53.
  var constantNumber: Double? {
    guard case .number(let value) = constantValue, value.isFinite, abs(value) < 9e15 else { return nil }
    return value
  }
}

/// An environment for expressions that read nothing.
private struct NoState: ExpressionEnvironment {
  func value(ofSlot slot: Int) -> Value { .number(0) }
  func visits(ofNode node: Int) -> Int { 0 }
}
