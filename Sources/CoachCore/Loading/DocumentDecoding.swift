/// A problem found while decoding, anchored to a value on the tape and, for expressions and
/// text, to a byte offset inside that string.
struct Finding {
  var anchor: Int
  var innerOffset: Int?
  var problem: ScenarioProblem
}

/// The fields of one JSON object, checked against the names the format allows there.
struct Fields {
  let object: Int
  var entries: [(name: String, key: Int, value: Int)]

  func value(_ name: String) -> Int? {
    entries.first { $0.name == name }?.value
  }
}

/// Typed, error-collecting reads from a parsed JSON document, shared by every file format Coach
/// reads (scenarios, rubrics). Each helper reports what it expected and returns nil on a mismatch,
/// so a decoder can carry on and collect every problem.
protocol DocumentDecoding {
  var document: JSONDocument { get }
  var limits: LoadLimits { get }
  var findings: [Finding] { get set }
}

extension DocumentDecoding {
  // MARK: - Reporting

  mutating func report(_ problem: ScenarioProblem, at anchor: Int, innerOffset: Int? = nil) {
    findings.append(Finding(anchor: anchor, innerOffset: innerOffset, problem: problem))
  }

  var hasErrors: Bool {
    findings.contains { $0.problem.defaultSeverity == .error }
  }

  // MARK: - Objects

  mutating func object(_ index: Int, allowed: [String], root: Bool = false) -> Fields? {
    guard document.kind(index) == .object else {
      report(.wrongType(expected: "an object", found: document.kind(index)), at: index)
      return nil
    }
    var fields = Fields(object: index, entries: [])
    for (key, value) in document.fields(index) {
      let name = document.string(key)
      if name.hasPrefix("//") || (root && name == "$schema") { continue }
      guard allowed.contains(name) else {
        report(.unknownField(name: name, suggestion: Suggestion.nearest(to: name, in: allowed)), at: key)
        continue
      }
      if fields.entries.contains(where: { $0.name == name }) {
        report(.duplicateField(name: name), at: key)
        continue
      }
      fields.entries.append((name, key, value))
    }
    return fields
  }

  mutating func require(_ name: String, in fields: Fields, expected: String) -> Int? {
    guard let value = fields.value(name) else {
      report(.missingField(name: name, expected: expected), at: fields.object)
      return nil
    }
    return value
  }

  // MARK: - Values

  /// The text at `index`, checked for type, emptiness, size and forbidden characters.
  mutating func text(_ index: Int, multiline: Bool) -> String? {
    guard document.kind(index) == .string else {
      report(.wrongType(expected: "a string", found: document.kind(index)), at: index)
      return nil
    }
    let value = document.string(index)
    let size = value.utf8.count
    if size > limits.maxTextBytes {
      report(.textTooLong(length: size, limit: limits.maxTextBytes), at: index)
      return nil
    }
    if let forbidden = TextPolicy.firstForbidden(in: value, allowNewlines: multiline) {
      report(.forbiddenCharacter(codePoint: forbidden.scalar, position: forbidden.position), at: index)
      return nil
    }
    if value.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D })
      || value.unicodeScalars.allSatisfy(\.properties.isWhitespace)
    {
      report(.emptyText, at: index)
      return nil
    }
    return value
  }

  mutating func requiredText(_ name: String, in fields: Fields, multiline: Bool) -> String? {
    guard let index = require(name, in: fields, expected: "a string") else { return nil }
    return text(index, multiline: multiline)
  }

  mutating func optionalText(_ name: String, in fields: Fields, multiline: Bool) -> String?? {
    guard let index = fields.value(name) else { return .some(nil) }
    guard let value = text(index, multiline: multiline) else { return nil }
    return .some(value)
  }

  mutating func number(_ index: Int) -> Double? {
    guard document.kind(index) == .number else {
      report(.wrongType(expected: "a number", found: document.kind(index)), at: index)
      return nil
    }
    let value = document.number(index)
    guard value.isFinite, abs(value) <= 1e9 else {
      report(.numberOutOfRange(found: document.numberText(index), range: "a number between -1e9 and 1e9"), at: index)
      return nil
    }
    return value
  }

  mutating func wholeNumber(_ index: Int, range: ClosedRange<Int>) -> Int? {
    guard let value = number(index) else { return nil }
    guard value == value.rounded() else {
      report(.notAWholeNumber(found: document.numberText(index)), at: index)
      return nil
    }
    guard range.contains(Int(value)) else {
      report(
        .numberOutOfRange(found: document.numberText(index), range: "\(range.lowerBound) to \(range.upperBound)"),
        at: index)
      return nil
    }
    return Int(value)
  }

  mutating func boolean(_ index: Int) -> Bool? {
    switch document.kind(index) {
    case .true: return true
    case .false: return false
    default:
      report(.wrongType(expected: "true or false", found: document.kind(index)), at: index)
      return nil
    }
  }

  mutating func array(_ index: Int, of expected: String) -> [Int]? {
    guard document.kind(index) == .array else {
      report(.wrongType(expected: "an array of \(expected)", found: document.kind(index)), at: index)
      return nil
    }
    return document.elements(index)
  }

  mutating func enumeration<T: RawRepresentable & CaseIterable>(
    _ index: Int, _ type: T.Type, expected: String
  ) -> T? where T.RawValue == String {
    guard document.kind(index) == .string else {
      report(.wrongType(expected: "a string", found: document.kind(index)), at: index)
      return nil
    }
    let raw = document.string(index)
    if let value = T(rawValue: raw) { return value }
    let names = T.allCases.map(\.rawValue)
    report(
      .invalidValue(
        found: raw, expected: "one of " + names.joined(separator: ", "),
        suggestion: Suggestion.nearest(to: raw, in: names)),
      at: index)
    return nil
  }

}
