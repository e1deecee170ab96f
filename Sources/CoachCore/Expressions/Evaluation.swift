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
