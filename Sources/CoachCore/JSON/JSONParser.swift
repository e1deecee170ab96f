/// A strict RFC 8259 JSON parser that writes a flat tape instead of a tree of values.
///
/// It validates UTF-8 and escapes as it scans, keeps every value's byte offset, and never recurses
/// deeper than `maxDepth`, so hostile input cannot exhaust the stack.
struct JSONParser {
  let bytes: [UInt8]
  let maxDepth: Int

  init(bytes: [UInt8], maxDepth: Int) {
    self.bytes = bytes
    self.maxDepth = maxDepth
  }

  mutating func parseDocument() throws(JSONSyntaxError) -> [JSONEntry] {
    let maxDepth = self.maxDepth
    return try bytes.withUnsafeBufferPointer {
      (buffer: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> [JSONEntry] in
      var scanner = Scanner(buffer: buffer, maxDepth: maxDepth)
      try scanner.parseDocument()
      return scanner.tape
    }
  }

  /// Decodes the raw text between a string's quotes, resolving escape sequences.
  /// The text has already been validated by the scanner.
  static func unescape(_ raw: ArraySlice<UInt8>) -> String {
    var output: [UInt8] = []
    output.reserveCapacity(raw.count)
    var index = raw.startIndex
    func hexValue(at position: Int) -> UInt32 {
      var value: UInt32 = 0
      for byte in raw[position..<position + 4] {
        value = value << 4 | UInt32(hexDigit(byte) ?? 0)
      }
      return value
    }
    while index < raw.endIndex {
      let byte = raw[index]
      guard byte == UInt8(ascii: "\\") else {
        output.append(byte)
        index += 1
        continue
      }
      let escape = raw[index + 1]
      index += 2
      switch escape {
      case UInt8(ascii: "b"): output.append(0x08)
      case UInt8(ascii: "f"): output.append(0x0C)
      case UInt8(ascii: "n"): output.append(0x0A)
      case UInt8(ascii: "r"): output.append(0x0D)
      case UInt8(ascii: "t"): output.append(0x09)
      case UInt8(ascii: "u"):
        var scalar = hexValue(at: index)
        index += 4
        if (0xD800...0xDBFF).contains(scalar) {
          let low = hexValue(at: index + 2)
          index += 6
          scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        }
        output.append(contentsOf: Array(String(Unicode.Scalar(scalar) ?? "\u{FFFD}").utf8))
      default: output.append(escape)
      }
    }
    return String(decoding: output, as: UTF8.self)
  }
}

func hexDigit(_ byte: UInt8) -> UInt8? {
  switch byte {
  case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
  case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
  case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
  default: nil
  }
}

private let quote = UInt8(ascii: "\"")
private let backslash = UInt8(ascii: "\\")

private struct Scanner {
  let buffer: UnsafeBufferPointer<UInt8>
  let maxDepth: Int
  var position = 0
  var tape: [JSONEntry] = []

  init(buffer: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
    self.buffer = buffer
    self.maxDepth = maxDepth
    tape.reserveCapacity(buffer.count / 12 + 16)
  }

  mutating func parseDocument() throws(JSONSyntaxError) {
    if buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF {
      position = 3
    }
    skipWhitespace()
    guard position < buffer.count else {
      throw JSONSyntaxError(offset: position, problem: .emptyDocument)
    }
    try parseValue(depth: 0)
    skipWhitespace()
    if position < buffer.count {
      throw JSONSyntaxError(offset: position, problem: .trailingContent(found: describeHere()))
    }
  }

  mutating func skipWhitespace() {
    while position < buffer.count {
      switch buffer[position] {
      case 0x20, 0x0A, 0x0D, 0x09: position += 1
      default: return
      }
    }
  }

  func describeHere() -> String {
    guard position < buffer.count else { return "end of file" }
    let byte = buffer[position]
    if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
    if byte < 0x80 { return "character U+\(hex4(UInt32(byte)))" }
    // Show the whole character when the bytes form one.
    let length = utf8SequenceLength(byte)
    if length > 1, position + length <= buffer.count,
      let text = String(validating: UnsafeBufferPointer(rebasing: buffer[position..<position + length]), as: UTF8.self)
    {
      return "'\(text)'"
    }
    return "byte 0x\(String(byte, radix: 16, uppercase: true))"
  }

  func fail(_ problem: JSONSyntaxError.Problem) -> JSONSyntaxError {
    JSONSyntaxError(offset: position, problem: problem)
  }

  func unexpected(expected: String) -> JSONSyntaxError {
    position >= buffer.count
      ? fail(.unexpectedEnd(expected: expected))
      : fail(.unexpectedCharacter(found: describeHere(), expected: expected))
  }

  mutating func parseValue(depth: Int) throws(JSONSyntaxError) {
    guard position < buffer.count else {
      throw fail(.unexpectedEnd(expected: "a value"))
    }
    switch buffer[position] {
    case UInt8(ascii: "{"): try parseObject(depth: depth)
    case UInt8(ascii: "["): try parseArray(depth: depth)
    case quote: try parseString()
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try parseNumber()
    case UInt8(ascii: "t"): try parseLiteral("true", kind: .true)
    case UInt8(ascii: "f"): try parseLiteral("false", kind: .false)
    case UInt8(ascii: "n"): try parseLiteral("null", kind: .null)
    default:
      throw unexpected(
        expected: "a value (an object, array, string, number, true, false or null)")
    }
  }

  mutating func parseLiteral(_ word: StaticString, kind: JSONKind) throws(JSONSyntaxError) {
    let length = word.utf8CodeUnitCount
    let start = position
    var matches = position + length <= buffer.count
    if matches {
      for offset in 0..<length where buffer[start + offset] != word.utf8Start[offset] {
        matches = false
        break
      }
    }
    guard matches else {
      throw unexpected(
        expected: "a value (an object, array, string, number, true, false or null)")
    }
    position += length
    tape.append(JSONEntry(kind: kind, hasEscapes: false, start: Int32(start), end: Int32(position), count: 0))
  }

  mutating func openContainer(_ kind: JSONKind, depth: Int) throws(JSONSyntaxError) -> Int {
    if depth >= maxDepth {
      throw fail(.tooDeep(limit: maxDepth))
    }
    tape.append(JSONEntry(kind: kind, hasEscapes: false, start: Int32(position), end: 0, count: 0))
    position += 1
    return tape.count - 1
  }

  mutating func parseObject(depth: Int) throws(JSONSyntaxError) {
    let entry = try openContainer(.object, depth: depth)
    let count = try parseMembers(closing: UInt8(ascii: "}")) { (scanner: inout Scanner) throws(JSONSyntaxError) in
      guard scanner.position < scanner.buffer.count, scanner.buffer[scanner.position] == quote else {
        throw scanner.unexpected(expected: "a field name in double quotes")
      }
      try scanner.parseString()
      scanner.skipWhitespace()
      guard scanner.position < scanner.buffer.count, scanner.buffer[scanner.position] == UInt8(ascii: ":") else {
        throw scanner.unexpected(expected: "':' after the field name")
      }
      scanner.position += 1
      scanner.skipWhitespace()
      try scanner.parseValue(depth: depth + 1)
    }
    tape[entry].count = count
    tape[entry].end = Int32(tape.count)
  }

  mutating func parseArray(depth: Int) throws(JSONSyntaxError) {
    let entry = try openContainer(.array, depth: depth)
    let count = try parseMembers(closing: UInt8(ascii: "]")) { (scanner: inout Scanner) throws(JSONSyntaxError) in
      try scanner.parseValue(depth: depth + 1)
    }
    tape[entry].count = count
    tape[entry].end = Int32(tape.count)
  }

  /// Parses comma-separated members up to `closing`, just after the opening bracket; returns
  /// how many there were. A trailing comma is an error, as JSON says.
  mutating func parseMembers(
    closing: UInt8, member: (inout Scanner) throws(JSONSyntaxError) -> Void
  ) throws(JSONSyntaxError) -> Int32 {
    let name = String(UnicodeScalar(closing))
    var count: Int32 = 0
    skipWhitespace()
    if position < buffer.count, buffer[position] == closing {
      position += 1
      return 0
    }
    while true {
      try member(&self)
      count += 1
      skipWhitespace()
      guard position < buffer.count else {
        throw fail(.unexpectedEnd(expected: "',' or '\(name)'"))
      }
      if buffer[position] == UInt8(ascii: ",") {
        let comma = position
        position += 1
        skipWhitespace()
        if position < buffer.count, buffer[position] == closing {
          throw JSONSyntaxError(offset: comma, problem: .trailingComma(closing: name))
        }
        continue
      }
      guard buffer[position] == closing else {
        throw unexpected(expected: "',' or '\(name)'")
      }
      position += 1
      return count
    }
  }

  mutating func parseNumber() throws(JSONSyntaxError) {
    let start = position
    func isDigit(_ index: Int) -> Bool {
      index < buffer.count && buffer[index] >= UInt8(ascii: "0") && buffer[index] <= UInt8(ascii: "9")
    }
    if buffer[position] == UInt8(ascii: "-") { position += 1 }
    guard isDigit(position) else {
      throw fail(.invalidNumber(reason: "expected a digit after '-'"))
    }
    if buffer[position] == UInt8(ascii: "0") {
      position += 1
      if isDigit(position) {
        throw fail(.invalidNumber(reason: "a number may not start with 0 followed by more digits"))
      }
    } else {
      while isDigit(position) { position += 1 }
    }
    if position < buffer.count, buffer[position] == UInt8(ascii: ".") {
      position += 1
      guard isDigit(position) else {
        throw fail(.invalidNumber(reason: "expected a digit after the decimal point"))
      }
      while isDigit(position) { position += 1 }
    }
    if position < buffer.count, buffer[position] | 0x20 == UInt8(ascii: "e") {
      position += 1
      if position < buffer.count, buffer[position] == UInt8(ascii: "+") || buffer[position] == UInt8(ascii: "-") {
        position += 1
      }
      guard isDigit(position) else {
        throw fail(.invalidNumber(reason: "expected a digit in the exponent"))
      }
      while isDigit(position) { position += 1 }
    }
    tape.append(JSONEntry(kind: .number, hasEscapes: false, start: Int32(start), end: Int32(position), count: 0))
  }

  mutating func parseString() throws(JSONSyntaxError) {
    let start = position
    position += 1
    var hasEscapes = false
    while true {
      // Fast path: plain ASCII text.
      while position < buffer.count {
        let byte = buffer[position]
        if byte == quote || byte == backslash || byte < 0x20 || byte >= 0x80 { break }
        position += 1
      }
      guard position < buffer.count else {
        throw fail(.unexpectedEnd(expected: "a closing '\"' for the string"))
      }
      let byte = buffer[position]
      if byte == quote {
        break
      } else if byte == backslash {
        hasEscapes = true
        try scanEscape()
      } else if byte < 0x20 {
        throw fail(.unescapedControlCharacter(codePoint: byte))
      } else {
        try scanUTF8Sequence()
      }
    }
    tape.append(
      JSONEntry(kind: .string, hasEscapes: hasEscapes, start: Int32(start), end: Int32(position), count: 0))
    position += 1
  }

  mutating func scanEscape() throws(JSONSyntaxError) {
    position += 1
    guard position < buffer.count else {
      throw fail(.unexpectedEnd(expected: "an escape character after '\\'"))
    }
    switch buffer[position] {
    case quote, backslash, UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
      UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
      position += 1
    case UInt8(ascii: "u"):
      let escapeStart = position - 1
      let scalar = try scanHex4()
      if (0xDC00...0xDFFF).contains(scalar) {
        throw JSONSyntaxError(offset: escapeStart, problem: .unpairedSurrogate)
      }
      if (0xD800...0xDBFF).contains(scalar) {
        guard position + 1 < buffer.count, buffer[position] == backslash,
          buffer[position + 1] == UInt8(ascii: "u")
        else {
          throw JSONSyntaxError(offset: escapeStart, problem: .unpairedSurrogate)
        }
        position += 1
        let low = try scanHex4()
        guard (0xDC00...0xDFFF).contains(low) else {
          throw JSONSyntaxError(offset: escapeStart, problem: .unpairedSurrogate)
        }
      }
    default:
      throw fail(.invalidEscape(found: describeHere().trimmingQuotes))
    }
  }

  /// Reads `uXXXX` with `position` on the `u`; leaves `position` after the last digit.
  mutating func scanHex4() throws(JSONSyntaxError) -> UInt32 {
    var value: UInt32 = 0
    for offset in 1...4 {
      guard position + offset < buffer.count, let digit = hexDigit(buffer[position + offset]) else {
        throw fail(.invalidUnicodeEscape)
      }
      value = value << 4 | UInt32(digit)
    }
    position += 5
    return value
  }

  /// Validates one multi-byte UTF-8 sequence starting at `position` (RFC 3629: no overlong forms,
  /// no surrogates, nothing above U+10FFFF).
  mutating func scanUTF8Sequence() throws(JSONSyntaxError) {
    let lead = buffer[position]
    let length = utf8SequenceLength(lead)
    guard length > 1, position + length <= buffer.count else { throw fail(.invalidUTF8) }
    let second = buffer[position + 1]
    var lower: UInt8 = 0x80
    var upper: UInt8 = 0xBF
    switch lead {
    case 0xE0: lower = 0xA0
    case 0xED: upper = 0x9F
    case 0xF0: lower = 0x90
    case 0xF4: upper = 0x8F
    default: break
    }
    guard second >= lower, second <= upper else { throw fail(.invalidUTF8) }
    for offset in 2..<length where buffer[position + offset] & 0xC0 != 0x80 {
      throw fail(.invalidUTF8)
    }
    position += length
  }
}

/// The length of the UTF-8 sequence introduced by `lead`, or 0 when it cannot start one.
private func utf8SequenceLength(_ lead: UInt8) -> Int {
  switch lead {
  case 0xC2...0xDF: 2
  case 0xE0...0xEF: 3
  case 0xF0...0xF4: 4
  default: 0
  }
}

extension String {
  fileprivate var trimmingQuotes: String {
    hasPrefix("'") && hasSuffix("'") && count >= 2 ? String(dropFirst().dropLast()) : self
  }
}
