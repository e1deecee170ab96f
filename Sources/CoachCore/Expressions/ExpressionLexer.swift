/// A token of the expression language.
struct ExpressionToken: Equatable {
  enum Kind: Equatable {
    case number(Double)
    case word(String)
    case quoted(String)
    case symbol(String)
    case end
  }

  var kind: Kind
  /// UTF-8 offset and length in the source text.
  var offset: Int
  var length: Int

  /// How the token is named in "unexpected ..." messages.
  var described: String {
    switch kind {
    case .number(let value): "number \(Value.format(value))"
    case .word(let word): "'\(word)'"
    case .quoted(let text): "\"\(text)\""
    case .symbol(let symbol): "'\(symbol)'"
    case .end: "end of expression"
    }
  }
}

/// Splits expression text into tokens.
enum ExpressionLexer {
  /// Operators people type by habit or by a slip of the finger, with the one they meant.
  static let mistyped: [String: String] = [
    ">==": ">=", "<==": "<=", "===": "==", "!==": "!=", "=>": ">=", "=<": "<=", "<>": "!=",
  ]

  static func tokenize(_ source: String) throws(ExpressionError) -> [ExpressionToken] {
    let bytes = Array(source.utf8)
    var tokens: [ExpressionToken] = []
    var position = 0

    func isWordStart(_ byte: UInt8) -> Bool {
      (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
        || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || byte == UInt8(ascii: "_")
    }
    func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    while position < bytes.count {
      let byte = bytes[position]
      let start = position
      if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
        position += 1
      } else if isWordStart(byte) {
        while position < bytes.count,
          isWordStart(bytes[position]) || isDigit(bytes[position])
        {
          position += 1
        }
        let word = String(decoding: bytes[start..<position], as: UTF8.self)
        tokens.append(ExpressionToken(kind: .word(word), offset: start, length: position - start))
      } else if isDigit(byte)
        || (byte == UInt8(ascii: ".") && position + 1 < bytes.count && isDigit(bytes[position + 1]))
      {
        while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
          position += 1
          while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        guard let value = Double(text.hasPrefix(".") ? "0" + text : text), value.isFinite else {
          throw ExpressionError(offset: start, length: position - start, problem: .unexpectedCharacter("'\(text)'"))
        }
        guard value <= Value.largestMagnitude else {
          throw ExpressionError(
            offset: start, length: position - start, problem: .numberTooLarge(limit: Value.largestMagnitude))
        }
        tokens.append(ExpressionToken(kind: .number(value), offset: start, length: position - start))
      } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
        position += 1
        while position < bytes.count, bytes[position] != byte { position += 1 }
        guard position < bytes.count else {
          throw ExpressionError(offset: start, length: position - start, problem: .unterminatedString)
        }
        let text = String(decoding: bytes[(start + 1)..<position], as: UTF8.self)
        position += 1
        tokens.append(ExpressionToken(kind: .quoted(text), offset: start, length: position - start))
      } else {
        let two = position + 1 < bytes.count ? String(decoding: bytes[position...position + 1], as: UTF8.self) : ""
        let three = position + 2 < bytes.count ? String(decoding: bytes[position...position + 2], as: UTF8.self) : ""
        if let meant = Self.mistyped[three] ?? Self.mistyped[two] {
          let found = Self.mistyped[three] != nil ? three : two
          throw ExpressionError(
            offset: start, length: found.utf8.count, problem: .mistypedOperator(found: found, meant: meant))
        }
        if ["==", "!=", "<=", ">=", "+=", "-="].contains(two) {
          tokens.append(ExpressionToken(kind: .symbol(two), offset: start, length: 2))
          position += 2
        } else if two == "&&" || two == "||" {
          throw ExpressionError(
            offset: start, length: 2, problem: .useWordOperator(found: two, word: two == "&&" ? "and" : "or"))
        } else if "()<>+-=,".utf8.contains(byte) {
          tokens.append(ExpressionToken(kind: .symbol(String(UnicodeScalar(byte))), offset: start, length: 1))
          position += 1
        } else if byte == UInt8(ascii: "!") {
          throw ExpressionError(offset: start, problem: .useWordOperator(found: "!", word: "not"))
        } else {
          let scalar = String(decoding: bytes[start...], as: UTF8.self).unicodeScalars.first!
          let length = String(scalar).utf8.count
          let shown = scalar.value < 0x20 || scalar.value == 0x7F ? "U+\(hex4(scalar.value))" : "'\(scalar)'"
          throw ExpressionError(offset: start, length: length, problem: .unexpectedCharacter(shown))
        }
      }
    }
    tokens.append(ExpressionToken(kind: .end, offset: bytes.count, length: 1))
    return tokens
  }
}
