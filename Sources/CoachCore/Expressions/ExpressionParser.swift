/// What an expression may refer to: the scenario's declared variables and its node ids.
struct ExpressionSymbols {
  var variables: [String: (slot: Int, type: ValueType)]
  var nodes: [String: Int]
  /// Choice ids by their position in the file, for `chose("id")`; nil where the expression
  /// language may not ask which choices were made (anywhere the answer could change the story).
  var choices: [String: Int]? = nil

  /// Words that cannot name a variable.
  static let keywords: Set<String> = ["and", "or", "not", "true", "false", "visited", "visits"]
}

/// Parses, resolves and type-checks conditions and effects.
///
/// Grammar, loosest binding first:
/// ```
/// condition  := or
/// or         := and ("or" and)*
/// and        := not ("and" not)*
/// not        := "not" not | comparison
/// comparison := sum (("==" | "!=" | "<" | "<=" | ">" | ">=") sum)?
/// sum        := unary (("+" | "-") unary)*
/// unary      := "-" unary | primary
/// primary    := number | "true" | "false" | variable | "(" or ")"
///             | "visited" "(" "node-id" ")" | "visits" "(" "node-id" ")"
///             | "chose" "(" "choice-id" ")"      (only in conditions read at the ending)
/// effect     := variable ("=" | "+=" | "-=") or
/// ```
struct ExpressionParser {
  static let maxLength = 500
  static let maxDepth = 32

  private struct Typed {
    var expr: Expr
    var type: ValueType
    var offset: Int
    var end: Int
    var length: Int { end - offset }
  }

  private let tokens: [ExpressionToken]
  private let symbols: ExpressionSymbols
  private var position = 0
  private var depth = 0

  private init(tokens: [ExpressionToken], symbols: ExpressionSymbols) {
    self.tokens = tokens
    self.symbols = symbols
  }

  /// Parses a condition, which must be true or false.
  static func parseCondition(_ source: String, symbols: ExpressionSymbols) throws(ExpressionError) -> Expr {
    var parser = try ExpressionParser(tokens: lex(source), symbols: symbols)
    let result = try parser.parseOr()
    try parser.expectEnd()
    guard result.type == .boolean else {
      throw ExpressionError(offset: result.offset, length: result.length, problem: .notACondition(found: result.type))
    }
    return result.expr
  }

  /// Parses an effect: a variable, an assignment operator and a value of the right type.
  static func parseEffect(
    _ source: String, symbols: ExpressionSymbols
  ) throws(ExpressionError) -> (slot: Int, name: String, operation: AssignmentOperator, value: Expr) {
    var parser = try ExpressionParser(tokens: lex(source), symbols: symbols)
    guard case .word(let name) = parser.tokens[0].kind,
      case .symbol(let symbol) = parser.tokens[1].kind,
      let operation = AssignmentOperator(rawValue: symbol)
    else {
      throw ExpressionError(offset: 0, length: source.utf8.count, problem: .notAnEffect)
    }
    let target = parser.tokens[0]
    guard let variable = symbols.variables[name] else {
      throw ExpressionError(
        offset: target.offset, length: target.length,
        problem: .undeclaredVariable(
          name: name, suggestion: Suggestion.nearest(to: name, in: symbols.variables.keys)))
    }
    if operation != .set, variable.type == .boolean {
      throw ExpressionError(
        offset: parser.tokens[1].offset, length: 2,
        problem: .arithmeticOnBoolean(variable: name, operator: symbol))
    }
    parser.position = 2
    let value = try parser.parseOr()
    try parser.expectEnd()
    guard value.type == variable.type else {
      throw ExpressionError(
        offset: value.offset, length: value.length,
        problem: operation == .set
          ? .assignedType(variable: name, expected: variable.type, found: value.type)
          : .operandType(operator: symbol, expected: .number, found: value.type))
    }
    return (variable.slot, name, operation, value.expr)
  }

  private static func lex(_ source: String) throws(ExpressionError) -> [ExpressionToken] {
    let length = source.utf8.count
    if length > maxLength {
      throw ExpressionError(offset: maxLength, length: length - maxLength, problem: .tooLong(limit: maxLength))
    }
    let tokens = try ExpressionLexer.tokenize(source)
    if tokens.count == 1 {
      throw ExpressionError(offset: 0, length: max(1, length), problem: .empty)
    }
    return tokens
  }

  private var current: ExpressionToken { tokens[position] }

  private func isSymbol(_ symbol: String) -> Bool { current.kind == .symbol(symbol) }
  private func isWord(_ word: String) -> Bool { current.kind == .word(word) }

  private func unexpected(expected: String) -> ExpressionError {
    if current.kind == .end {
      return ExpressionError(offset: current.offset, problem: .unexpectedEnd(expected: expected))
    }
    if isSymbol("=") {
      return ExpressionError(offset: current.offset, problem: .singleEquals)
    }
    return ExpressionError(
      offset: current.offset, length: current.length,
      problem: .unexpectedToken(found: current.described, expected: expected))
  }

  private mutating func expectEnd() throws(ExpressionError) {
    guard current.kind == .end else {
      if case .symbol(let symbol) = current.kind, ["==", "!=", "<", "<=", ">", ">="].contains(symbol) {
        throw ExpressionError(
          offset: current.offset, length: current.length,
          problem: .unexpectedToken(
            found: current.described, expected: "the end; to combine comparisons, join them with 'and'"))
      }
      throw unexpected(expected: "the end of the expression, or an operator such as 'and'")
    }
  }

  private mutating func nested<T>(_ body: (inout ExpressionParser) throws(ExpressionError) -> T) throws(ExpressionError)
    -> T
  {
    depth += 1
    defer { depth -= 1 }
    if depth > Self.maxDepth {
      throw ExpressionError(offset: current.offset, problem: .tooDeep(limit: Self.maxDepth))
    }
    return try body(&self)
  }

  private func require(_ operand: Typed, _ type: ValueType, for op: String) throws(ExpressionError) {
    guard operand.type == type else {
      throw ExpressionError(
        offset: operand.offset, length: operand.length,
        problem: .operandType(operator: op, expected: type, found: operand.type))
    }
  }

  private mutating func parseOr() throws(ExpressionError) -> Typed {
    try nested { (parser: inout ExpressionParser) throws(ExpressionError) -> Typed in
      var lhs = try parser.parseAnd()
      while parser.isWord("or") {
        parser.position += 1
        let rhs = try parser.parseAnd()
        try parser.require(lhs, .boolean, for: "or")
        try parser.require(rhs, .boolean, for: "or")
        lhs = Typed(expr: .logical(.or, lhs.expr, rhs.expr), type: .boolean, offset: lhs.offset, end: rhs.end)
      }
      return lhs
    }
  }

  private mutating func parseAnd() throws(ExpressionError) -> Typed {
    var lhs = try parseNot()
    while isWord("and") {
      position += 1
      let rhs = try parseNot()
      try require(lhs, .boolean, for: "and")
      try require(rhs, .boolean, for: "and")
      lhs = Typed(expr: .logical(.and, lhs.expr, rhs.expr), type: .boolean, offset: lhs.offset, end: rhs.end)
    }
    return lhs
  }

  private mutating func parseNot() throws(ExpressionError) -> Typed {
    guard isWord("not") else { return try parseComparison() }
    let start = current.offset
    position += 1
    let operand = try nested { (parser: inout ExpressionParser) throws(ExpressionError) -> Typed in
      try parser.parseNot()
    }
    try require(operand, .boolean, for: "not")
    return Typed(expr: .not(operand.expr), type: .boolean, offset: start, end: operand.end)
  }

  private mutating func parseComparison() throws(ExpressionError) -> Typed {
    let lhs = try parseSum()
    guard case .symbol(let symbol) = current.kind, let op = ComparisonOperator(rawValue: symbol) else {
      return lhs
    }
    position += 1
    let rhs = try parseSum()
    switch op {
    case .equal, .notEqual:
      guard lhs.type == rhs.type else {
        throw ExpressionError(
          offset: lhs.offset, length: rhs.end - lhs.offset,
          problem: .comparedTypes(operator: symbol, left: lhs.type, right: rhs.type))
      }
    case .less, .lessOrEqual, .greater, .greaterOrEqual:
      try require(lhs, .number, for: symbol)
      try require(rhs, .number, for: symbol)
    }
    return Typed(expr: .comparison(op, lhs.expr, rhs.expr), type: .boolean, offset: lhs.offset, end: rhs.end)
  }

  private mutating func parseSum() throws(ExpressionError) -> Typed {
    var lhs = try parseUnary()
    while case .symbol(let symbol) = current.kind, let op = ArithmeticOperator(rawValue: symbol) {
      position += 1
      let rhs = try parseUnary()
      try require(lhs, .number, for: symbol)
      try require(rhs, .number, for: symbol)
      lhs = Typed(expr: .arithmetic(op, lhs.expr, rhs.expr), type: .number, offset: lhs.offset, end: rhs.end)
    }
    return lhs
  }

  private mutating func parseUnary() throws(ExpressionError) -> Typed {
    guard isSymbol("-") else { return try parsePrimary() }
    let start = current.offset
    position += 1
    let operand = try nested { (parser: inout ExpressionParser) throws(ExpressionError) -> Typed in
      try parser.parseUnary()
    }
    try require(operand, .number, for: "-")
    if case .literal(.number(let value)) = operand.expr {
      return Typed(expr: .literal(.number(-value)), type: .number, offset: start, end: operand.end)
    }
    return Typed(expr: .negate(operand.expr), type: .number, offset: start, end: operand.end)
  }

  private mutating func parsePrimary() throws(ExpressionError) -> Typed {
    let token = current
    let end = token.offset + token.length
    switch token.kind {
    case .number(let value):
      position += 1
      return Typed(expr: .literal(.number(value)), type: .number, offset: token.offset, end: end)
    case .word("true"), .word("false"):
      position += 1
      return Typed(
        expr: .literal(.boolean(token.kind == .word("true"))), type: .boolean, offset: token.offset, end: end)
    case .word(let name):
      position += 1
      if isSymbol("(") {
        return try parseCall(name, at: token)
      }
      if ExpressionSymbols.keywords.contains(name) {
        position -= 1
        throw unexpected(expected: "a value")
      }
      guard let variable = symbols.variables[name] else {
        throw ExpressionError(
          offset: token.offset, length: token.length,
          problem: .undeclaredVariable(
            name: name, suggestion: Suggestion.nearest(to: name, in: symbols.variables.keys)))
      }
      return Typed(expr: .variable(variable.slot), type: variable.type, offset: token.offset, end: end)
    case .symbol("("):
      position += 1
      let inner = try parseOr()
      guard isSymbol(")") else { throw unexpected(expected: "')'") }
      let end = current.offset + 1
      position += 1
      return Typed(expr: inner.expr, type: inner.type, offset: token.offset, end: end)
    default:
      throw unexpected(expected: "a value: a number, true, false, a variable or visited(\"node-id\")")
    }
  }

  private mutating func parseCall(_ name: String, at token: ExpressionToken) throws(ExpressionError) -> Typed {
    if name == "chose" { return try parseChose(at: token) }
    guard name == "visited" || name == "visits" else {
      throw ExpressionError(offset: token.offset, length: token.length, problem: .unknownFunction(name: name))
    }
    position += 1
    guard case .quoted(let id) = current.kind else {
      throw unexpected(expected: "a node id in quotes, as in \(name)(\"node-id\")")
    }
    let idToken = current
    guard let node = symbols.nodes[id] else {
      throw ExpressionError(
        offset: idToken.offset, length: idToken.length,
        problem: .unknownNode(id: id, suggestion: Suggestion.nearest(to: id, in: symbols.nodes.keys)))
    }
    position += 1
    guard isSymbol(")") else { throw unexpected(expected: "')'") }
    let end = current.offset + 1
    position += 1
    return name == "visited"
      ? Typed(expr: .visited(node), type: .boolean, offset: token.offset, end: end)
      : Typed(expr: .visits(node), type: .number, offset: token.offset, end: end)
  }

  /// `chose("choice-id")`: true when the trainee made that choice.
  private mutating func parseChose(at token: ExpressionToken) throws(ExpressionError) -> Typed {
    guard let choices = symbols.choices else {
      throw ExpressionError(offset: token.offset, length: token.length, problem: .choseOutsideEnding)
    }
    position += 1
    guard case .quoted(let id) = current.kind else {
      throw unexpected(expected: "a choice id in quotes, as in chose(\"choice-id\")")
    }
    let idToken = current
    guard let choice = choices[id] else {
      throw ExpressionError(
        offset: idToken.offset, length: idToken.length,
        problem: .unknownChoice(id: id, suggestion: Suggestion.nearest(to: id, in: choices.keys)))
    }
    position += 1
    guard isSymbol(")") else { throw unexpected(expected: "')'") }
    let end = current.offset + 1
    position += 1
    return Typed(expr: .chose(choice), type: .boolean, offset: token.offset, end: end)
  }
}
