/// A problem found while decoding, anchored to a value on the tape and, for expressions and
/// text, to a byte offset inside that string.
struct Finding {
  var anchor: Int
  var innerOffset: Int?
  var problem: ScenarioProblem
  /// The finding (its index among the decoder's findings) this one only follows from: it is not
  /// shown, but counted under that one, so one mistake gives one error.
  var followOn: Int?
}

/// The fields of one JSON object, checked against the names the format allows there.
struct Fields {
  let object: Int
  let keys: KeySet
  /// For each allowed name, the tape index of its key and of its value (-1 when absent).
  private var keyAnchors = InlineSlots()
  private var values = InlineSlots()
  /// The unknown fields found in the object: each name, the allowed name nearest to it, and the
  /// finding that reported it. A missing field that one of them was meant to be follows from it.
  var unknown: [(name: String, nearest: String?, finding: Int)] = []

  init(object: Int, keys: KeySet) {
    self.object = object
    self.keys = keys
  }

  /// The tape index of the value of the field `name`, if present.
  func value(_ name: String) -> Int? {
    guard let slot = keys.slot(of: name), values[slot] >= 0 else { return nil }
    return Int(values[slot])
  }

  /// The tape index of the key of the field `name`, if present.
  func key(_ name: String) -> Int? {
    guard let slot = keys.slot(of: name), keyAnchors[slot] >= 0 else { return nil }
    return Int(keyAnchors[slot])
  }

  func has(slot: Int) -> Bool { values[slot] >= 0 }

  mutating func set(slot: Int, key: Int, value: Int) {
    keyAnchors[slot] = Int32(key)
    values[slot] = Int32(value)
  }

  /// The fields present, in the order of the allowed names.
  var entries: [(name: String, key: Int, value: Int)] {
    keys.names.indices.compactMap { slot in
      values[slot] >= 0 ? (keys.names[slot], Int(keyAnchors[slot]), Int(values[slot])) : nil
    }
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

  /// Records a problem; returns its index, so later problems can be marked as following from it.
  @discardableResult
  mutating func report(
    _ problem: ScenarioProblem, at anchor: Int, innerOffset: Int? = nil, followingFrom root: Int? = nil
  ) -> Int {
    findings.append(Finding(anchor: anchor, innerOffset: innerOffset, problem: problem, followOn: root))
    return findings.count - 1
  }

  /// The finding of the unknown field in `fields` that was meant to be one of `names`, if any.
  func misspelling(of names: String..., in fields: Fields) -> Int? {
    fields.unknown.first { unknown in unknown.nearest.map(names.contains) ?? false }?.finding
  }

  var hasErrors: Bool {
    findings.contains { $0.problem.defaultSeverity == .error }
  }

  // MARK: - Objects

  mutating func object(_ index: Int, allowed keys: KeySet, root: Bool = false) -> Fields? {
    guard document.kind(index) == .object else {
      report(.wrongType(expected: "an object", found: document.kind(index)), at: index)
      return nil
    }
    var fields = Fields(object: index, keys: keys)
    var cursor = index + 1
    for _ in 0..<document.count(index) {
      let key = cursor
      let value = cursor + 1
      cursor = document.skip(value)
      if let slot = keys.slot(ofKeyAt: key, in: document) {
        if fields.has(slot: slot) {
          report(.duplicateField(name: keys.names[slot]), at: key)
        } else {
          fields.set(slot: slot, key: key, value: value)
        }
        continue
      }
      let name = document.string(key)
      if name.hasPrefix("//") || (root && name == "$schema") { continue }
      let nearest = Suggestion.nearest(to: name, in: keys.names)
      let finding = report(.unknownField(name: name, suggestion: nearest, allowed: keys.names), at: key)
      fields.unknown.append((name, nearest, finding))
    }
    return fields
  }

  /// The value of the required field `name`; when it is missing, reports so, unless an unknown
  /// field of the object was meant to be it: that error already says what to fix.
  mutating func require(_ name: String, in fields: Fields, expected: String) -> Int? {
    guard let value = fields.value(name) else {
      if misspelling(of: name, in: fields) == nil {
        report(.missingField(name: name, expected: expected), at: fields.object)
      }
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
    // Empty unless something other than white space is found; only non-ASCII text needs the
    // Unicode tables.
    let firstVisible = value.utf8.first { !($0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D) }
    if firstVisible == nil || (firstVisible! >= 0x80 && value.unicodeScalars.allSatisfy(\.properties.isWhitespace)) {
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

  mutating func array(_ index: Int, of expected: String) -> JSONDocument.Elements? {
    guard document.kind(index) == .array else {
      report(.wrongType(expected: "an array of \(expected)", found: document.kind(index)), at: index)
      return nil
    }
    return document.lazyElements(index)
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
