/// A syntax or type error inside an expression, with its position in the expression's text.
public struct ExpressionError: Error, Equatable, Sendable {
  public enum Problem: Equatable, Sendable {
    case empty
    case tooLong(limit: Int)
    case tooDeep(limit: Int)
    case unexpectedCharacter(String)
    case unexpectedEnd(expected: String)
    case unexpectedToken(found: String, expected: String)
    case unterminatedString
    case useWordOperator(found: String, word: String)
    case singleEquals
    case mistypedOperator(found: String, meant: String)
    case undeclaredVariable(name: String, suggestion: String?)
    case unknownNode(id: String, suggestion: String?)
    case unknownFunction(name: String)
    case unknownChoice(id: String, suggestion: String?)
    case choseOutsideEnding
    case numberTooLarge(limit: Double)
    case operandType(operator: String, expected: ValueType, found: ValueType)
    case comparedTypes(operator: String, left: ValueType, right: ValueType)
    case notACondition(found: ValueType)
    case assignedType(variable: String, expected: ValueType, found: ValueType)
    case arithmeticOnBoolean(variable: String, operator: String)
    case notAnEffect
  }

  /// Offset of the problem in the expression text, in UTF-8 bytes.
  public var offset: Int
  /// How many bytes the problem spans (at least 1).
  public var length: Int
  public var problem: Problem

  public init(offset: Int, length: Int = 1, problem: Problem) {
    self.offset = offset
    self.length = max(1, length)
    self.problem = problem
  }

  public var message: String {
    switch problem {
    case .empty:
      return "the expression is empty"
    case .tooLong(let limit):
      return "the expression is longer than \(limit) characters"
    case .tooDeep(let limit):
      return "the expression nests more than \(limit) levels deep"
    case .unexpectedCharacter(let text):
      return "unexpected character \(text)"
    case .unexpectedEnd(let expected):
      return "the expression ends too early; expected \(expected)"
    case .unexpectedToken(let found, let expected):
      return "unexpected \(found); expected \(expected)"
    case .unterminatedString:
      return "a node id in quotes is missing its closing quote"
    case .useWordOperator(let found, let word):
      return "'\(found)' is not part of the expression language; write '\(word)'"
    case .singleEquals:
      return "'=' assigns a value; to compare, write '=='"
    case .mistypedOperator(let found, _):
      return "'\(found)' is not an operator of the expression language"
    case .undeclaredVariable(let name, _):
      return "'\(name)' is not a declared state variable"
    case .unknownNode(let id, _):
      return "there is no node with id \"\(id)\""
    case .unknownFunction(let name):
      return "'\(name)(...)' is not a function of the expression language; "
        + "the functions are visited(\"node-id\"), visits(\"node-id\") and, at the ending, chose(\"choice-id\")"
    case .unknownChoice(let id, _):
      return "there is no choice with id \"\(id)\""
    case .numberTooLarge(let limit):
      return "numbers in expressions are at most \(Value.format(limit)) either side of zero"
    case .choseOutsideEnding:
      return "chose(...) can be used only in conditions read at the ending (debrief paragraphs, objectives "
        + "and safety tasks), where it cannot change where the story goes"
    case .operandType(let op, let expected, let found):
      return "'\(op)' needs \(expected.described) here, but this is \(found.described)"
    case .comparedTypes(let op, let left, let right):
      return "'\(op)' compares values of one type, but the left side is \(left.described) "
        + "and the right side is \(right.described)"
    case .notACondition(let found):
      return "a condition must be true or false, but this expression is \(found.described)"
    case .assignedType(let variable, let expected, let found):
      return "'\(variable)' holds \(expected.described), but it is assigned \(found.described)"
    case .arithmeticOnBoolean(let variable, let op):
      return "'\(op)' adds or subtracts numbers, but '\(variable)' holds true or false; "
        + "write '\(variable) = true' or '\(variable) = false'"
    case .notAnEffect:
      return "an effect changes one variable: 'name = value', 'name += number' or 'name -= number'"
    }
  }

  /// A fix to try, when one is known.
  public var suggestion: String? {
    switch problem {
    case .undeclaredVariable(let name, let suggestion):
      if let suggestion { return "did you mean '\(suggestion)'?" }
      return "declare '\(name)' under \"state\" at the top of the file"
    case .unknownNode(_, let suggestion), .unknownChoice(_, let suggestion):
      return suggestion.map { "did you mean \"\($0)\"?" }
    case .mistypedOperator(_, let meant):
      return "did you mean '\(meant)'?"
    case .choseOutsideEnding:
      return "to steer the story by a choice, set a state variable in the choice's effects and test that"
    default:
      return nil
    }
  }
}
