/// Why a file is not well-formed JSON, and where.
public struct JSONSyntaxError: Error, Equatable, Sendable {
  /// What went wrong, as data; `message` turns it into words.
  public enum Problem: Equatable, Sendable {
    case emptyDocument
    case unexpectedEnd(expected: String)
    case unexpectedCharacter(found: String, expected: String)
    case trailingComma(closing: String)
    case invalidEscape(found: String)
    case invalidUnicodeEscape
    case unpairedSurrogate
    case unescapedControlCharacter(codePoint: UInt8)
    case invalidUTF8
    case invalidNumber(reason: String)
    case tooDeep(limit: Int)
    case trailingContent(found: String)
    case tooLarge(limit: Int)
  }

  /// The byte offset in the file where the problem was found.
  public var offset: Int
  public var problem: Problem

  public init(offset: Int, problem: Problem) {
    self.offset = offset
    self.problem = problem
  }

  /// One sentence: what was found and what was expected.
  public var message: String {
    switch problem {
    case .emptyDocument:
      "the file is empty; expected a JSON object"
    case .unexpectedEnd(let expected):
      "the file ends too early; expected \(expected) (is the JSON truncated?)"
    case .unexpectedCharacter(let found, let expected):
      "unexpected \(found); expected \(expected)"
    case .trailingComma(let closing):
      "a comma before '\(closing)'; JSON does not allow a trailing comma"
    case .invalidEscape(let found):
      "invalid escape \\\(found) in a string; expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX"
    case .invalidUnicodeEscape:
      "invalid \\u escape; expected four hexadecimal digits"
    case .unpairedSurrogate:
      "a \\u escape names half of a surrogate pair without the other half"
    case .unescapedControlCharacter(let codePoint):
      "a raw control character (U+\(hex4(UInt32(codePoint)))) inside a string; write it as an escape "
        + "such as \\n, or remove it"
    case .invalidUTF8:
      "the bytes here are not valid UTF-8; save the file as UTF-8"
    case .invalidNumber(let reason):
      "invalid number: \(reason)"
    case .tooDeep(let limit):
      "values are nested more than \(limit) levels deep; a scenario never needs this much nesting"
    case .trailingContent(let found):
      "unexpected \(found) after the end of the JSON value; a file holds exactly one value"
    case .tooLarge(let limit):
      "the file is over \(limit) bytes, more than a JSON document here can hold"
    }
  }
}

func hex4(_ value: UInt32) -> String {
  let digits = String(value, radix: 16, uppercase: true)
  return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}
