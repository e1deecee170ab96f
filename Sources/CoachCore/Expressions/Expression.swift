/// A type-checked expression whose variables and node references are resolved to positions.
indirect enum Expr: Sendable, Equatable {
  case literal(Value)
  case variable(Int)
  case visited(Int)
  case visits(Int)
  /// Whether the trainee made the choice at this position of `Scenario.allChoices`: only in
  /// conditions read at the ending, which cannot change where the story goes.
  case chose(Int)
  case not(Expr)
  case negate(Expr)
  case arithmetic(ArithmeticOperator, Expr, Expr)
  case comparison(ComparisonOperator, Expr, Expr)
  case logical(LogicalOperator, Expr, Expr)

  /// Positions of the variables the expression reads.
  var variablesRead: Set<Int> {
    switch self {
    case .literal, .visited, .visits, .chose: []
    case .variable(let slot): [slot]
    case .not(let operand), .negate(let operand): operand.variablesRead
    case .arithmetic(_, let lhs, let rhs), .comparison(_, let lhs, let rhs),
      .logical(_, let lhs, let rhs):
      lhs.variablesRead.union(rhs.variablesRead)
    }
  }

  /// Whether the expression asks which choices were made.
  var readsChoices: Bool {
    switch self {
    case .chose: true
    case .literal, .variable, .visited, .visits: false
    case .not(let operand), .negate(let operand): operand.readsChoices
    case .arithmetic(_, let lhs, let rhs), .comparison(_, let lhs, let rhs), .logical(_, let lhs, let rhs):
      lhs.readsChoices || rhs.readsChoices
    }
  }

  /// Positions of the nodes whose visits the expression reads.
  var nodesRead: Set<Int> {
    switch self {
    case .literal, .variable, .chose: []
    case .visited(let node), .visits(let node): [node]
    case .not(let operand), .negate(let operand): operand.nodesRead
    case .arithmetic(_, let lhs, let rhs), .comparison(_, let lhs, let rhs),
      .logical(_, let lhs, let rhs):
      lhs.nodesRead.union(rhs.nodesRead)
    }
  }
}

enum ArithmeticOperator: String, Sendable {
  case add = "+"
  case subtract = "-"
}

enum ComparisonOperator: String, Sendable {
  case equal = "=="
  case notEqual = "!="
  case less = "<"
  case lessOrEqual = "<="
  case greater = ">"
  case greaterOrEqual = ">="
}

enum LogicalOperator: String, Sendable {
  case and, or
}

/// A condition from a scenario file, such as `rapport >= 2 and not visited("lecture")`.
public struct Condition: Sendable {
  /// The text as the author wrote it.
  public let source: String
  let expression: Expr

  /// The names of the variables the condition reads, given the scenario's declarations.
  public func variablesRead(in scenario: Scenario) -> [String] {
    expression.variablesRead.sorted().map { scenario.variables[$0].name }
  }

  /// The ids of the nodes whose visits the condition reads.
  public func nodesRead(in scenario: Scenario) -> [String] {
    expression.nodesRead.sorted().map { scenario.nodes[$0].id }
  }

  /// Whether the condition depends on visit counts as well as variables.
  public var readsVisits: Bool { !expression.nodesRead.isEmpty }
}

/// How an effect changes its variable.
public enum AssignmentOperator: String, Sendable {
  case set = "="
  case add = "+="
  case subtract = "-="
}

/// A change to state, such as `rapport += 1` or `disclosed_insulin = true`.
public struct Effect: Sendable {
  /// The text as the author wrote it.
  public let source: String
  /// The variable the effect changes.
  public let variable: String
  public let operation: AssignmentOperator
  let slot: Int
  let value: Expr

  /// The names of the variables read by the right-hand side (and the target for += and -=).
  public func variablesRead(in scenario: Scenario) -> [String] {
    var slots = value.variablesRead
    if operation != .set { slots.insert(slot) }
    return slots.sorted().map { scenario.variables[$0].name }
  }

  /// The constant the effect adds, subtracts or assigns, when it is a literal.
  public var constant: Value? {
    if case .literal(let value) = value { return value }
    return nil
  }
}
