/// The state an expression reads: variable values by position and visit counts by node.
protocol ExpressionEnvironment {
  func value(ofSlot slot: Int) -> Value
  func visits(ofNode node: Int) -> Int
  /// Whether the choice at `choice` in `Scenario.allChoices` was made. Only conditions read at
  /// the ending can ask, so environments that never evaluate those answer false.
  func chose(choice: Int) -> Bool
}

extension ExpressionEnvironment {
  func chose(choice: Int) -> Bool { false }
}

extension Expr {
  /// Evaluates a type-checked expression. Type checking at load time guarantees the operand
  /// types, so evaluation cannot fail.
  func evaluate<Environment: ExpressionEnvironment>(in environment: Environment) -> Value {
    switch self {
    case .literal(let value):
      return value
    case .variable(let slot):
      return environment.value(ofSlot: slot)
    case .visited(let node):
      return .boolean(environment.visits(ofNode: node) > 0)
    case .visits(let node):
      return .number(Double(environment.visits(ofNode: node)))
    case .chose(let choice):
      return .boolean(environment.chose(choice: choice))
    case .not(let operand):
      return .boolean(!operand.evaluate(in: environment).isTrue)
    case .negate(let operand):
      return .number(-(operand.evaluate(in: environment).number ?? 0))
    case .arithmetic(let op, let lhs, let rhs):
      let left = lhs.evaluate(in: environment).number ?? 0
      let right = rhs.evaluate(in: environment).number ?? 0
      return .number(op == .add ? left + right : left - right)
    case .logical(.and, let lhs, let rhs):
      return .boolean(lhs.evaluate(in: environment).isTrue && rhs.evaluate(in: environment).isTrue)
    case .logical(.or, let lhs, let rhs):
      return .boolean(lhs.evaluate(in: environment).isTrue || rhs.evaluate(in: environment).isTrue)
    case .comparison(let op, let lhs, let rhs):
      let left = lhs.evaluate(in: environment)
      let right = rhs.evaluate(in: environment)
      switch op {
      case .equal: return .boolean(left == right)
      case .notEqual: return .boolean(left != right)
      case .less: return .boolean((left.number ?? 0) < (right.number ?? 0))
      case .lessOrEqual: return .boolean((left.number ?? 0) <= (right.number ?? 0))
      case .greater: return .boolean((left.number ?? 0) > (right.number ?? 0))
      case .greaterOrEqual: return .boolean((left.number ?? 0) >= (right.number ?? 0))
      }
    }
  }
}

extension Value {
  var isTrue: Bool { self == .boolean(true) }
}

extension Condition {
  func holds<Environment: ExpressionEnvironment>(in environment: Environment) -> Bool {
    expression.evaluate(in: environment).isTrue
  }
}

// The story's rules, written once: the engine and the analysis both apply effects and take routes
// through these two functions.

extension Effect {
  /// The value `variable` takes when this effect is applied to `current` in `environment`:
  /// assigned, added or subtracted, then clamped to the variable's bounds.
  func applied<Environment: ExpressionEnvironment>(
    to current: Value, of variable: Variable, in environment: Environment
  ) -> Value {
    let operand = value.evaluate(in: environment)
    let updated: Value
    switch operation {
    case .set: updated = operand
    case .add: updated = .number((current.number ?? 0) + (operand.number ?? 0))
    case .subtract: updated = .number((current.number ?? 0) - (operand.number ?? 0))
    }
    return variable.clamped(updated)
  }
}

extension Route {
  /// Whether the story takes this route when it is the first of its node's routes to be tried
  /// now: a route without a condition always is.
  func isTaken<Environment: ExpressionEnvironment>(in environment: Environment) -> Bool {
    condition?.holds(in: environment) ?? true
  }
}
