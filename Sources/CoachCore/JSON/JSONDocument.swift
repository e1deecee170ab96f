/// The kind of one JSON value.
public enum JSONKind: UInt8, Sendable {
  case object, array, string, number, `true`, `false`, null

  /// How the kind is named in error messages ("an object", "a string").
  public var described: String {
    switch self {
    case .object: "an object"
    case .array: "an array"
    case .string: "a string"
    case .number: "a number"
    case .true, .false: "a boolean"
    case .null: "null"
    }
  }
}

/// One entry of the tape: a value, or an object key (a string entry).
struct JSONEntry {
  var kind: JSONKind
  /// For strings: the raw text contains at least one escape sequence.
  var hasEscapes: Bool
  /// Byte offset where the token starts (the opening quote of a string).
  var start: Int32
  /// Strings: offset of the closing quote. Numbers: offset just past the last digit.
  /// Containers: the tape index just past the container's last descendant.
  var end: Int32
  /// Containers: number of elements, or of key/value pairs.
  var count: Int32
}

/// A parsed JSON document: the original bytes plus a flat tape of entries that point into them.
///
/// Values are addressed by their tape index. Strings are only materialised when asked for, and
/// every value keeps its byte offset so that errors can be reported with a line and column.
package final class JSONDocument: Sendable {
  /// The source bytes, exactly as read.
  package let bytes: [UInt8]
  let tape: [JSONEntry]

  init(bytes: [UInt8], tape: [JSONEntry]) {
    self.bytes = bytes
    self.tape = tape
  }

  /// The largest document the tape can address: its offsets are 32-bit.
  package static let maxBytes = Int(Int32.max)

  /// Parses `bytes` as one JSON value, refusing nesting deeper than `maxDepth` and documents
  /// over ``maxBytes``.
  package convenience init(parsing bytes: [UInt8], maxDepth: Int = 64) throws(JSONSyntaxError) {
    guard bytes.count <= Self.maxBytes else {
      throw JSONSyntaxError(offset: 0, problem: .tooLarge(limit: Self.maxBytes))
    }
    var parser = JSONParser(bytes: bytes, maxDepth: maxDepth)
    let tape = try parser.parseDocument()
    self.init(bytes: bytes, tape: tape)
  }

  /// The tape index of the document's root value.
  package var root: Int { 0 }

  /// The kind of the value at `index`.
  package func kind(_ index: Int) -> JSONKind { tape[index].kind }

  /// The byte offset at which the value at `index` starts.
  package func offset(_ index: Int) -> Int { Int(tape[index].start) }

  /// The tape index just past the value at `index` and all its descendants.
  package func skip(_ index: Int) -> Int {
    let entry = tape[index]
    switch entry.kind {
    case .object, .array: return Int(entry.end)
    default: return index + 1
    }
  }

  /// The number of elements of an array, or of fields of an object.
  package func count(_ index: Int) -> Int { Int(tape[index].count) }

  /// The tape indices of an array's elements, in order.
  package func elements(_ index: Int) -> [Int] {
    precondition(tape[index].kind == .array)
    var result: [Int] = []
    result.reserveCapacity(Int(tape[index].count))
    var cursor = index + 1
    for _ in 0..<tape[index].count {
      result.append(cursor)
      cursor = skip(cursor)
    }
    return result
  }

  /// An object's fields in source order: the tape index of each key and of its value.
  package func fields(_ index: Int) -> [(key: Int, value: Int)] {
    precondition(tape[index].kind == .object)
    var result: [(key: Int, value: Int)] = []
    result.reserveCapacity(Int(tape[index].count))
    var cursor = index + 1
    for _ in 0..<tape[index].count {
      result.append((cursor, cursor + 1))
      cursor = skip(cursor + 1)
    }
    return result
  }

  /// The value of the field named `key` in the object at `index`, if present.
  package func field(_ key: String, in index: Int) -> Int? {
    for field in fields(index) where string(field.key) == key {
      return field.value
    }
    return nil
  }

  /// The decoded text of the string at `index`.
  package func string(_ index: Int) -> String {
    let entry = tape[index]
    precondition(entry.kind == .string)
    let from = Int(entry.start) + 1
    let to = Int(entry.end)
    if !entry.hasEscapes {
      return bytes.withUnsafeBufferPointer {
        String(decoding: UnsafeBufferPointer(rebasing: $0[from..<to]), as: UTF8.self)
      }
    }
    return JSONParser.unescape(bytes[from..<to])
  }

  /// Calls `body` with the raw bytes between the quotes of the string at `index`.
  func withStringBytes<T>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
    let entry = tape[index]
    return bytes.withUnsafeBufferPointer {
      body(UnsafeBufferPointer(rebasing: $0[(Int(entry.start) + 1)..<Int(entry.end)]))
    }
  }

  /// An array's elements as tape indices, without building an array.
  struct Elements: Sequence {
    let document: JSONDocument
    let array: Int

    var count: Int { document.count(array) }
    var isEmpty: Bool { count == 0 }

    func makeIterator() -> Iterator {
      Iterator(document: document, cursor: array + 1, remaining: document.count(array))
    }

    struct Iterator: IteratorProtocol {
      let document: JSONDocument
      var cursor: Int
      var remaining: Int

      mutating func next() -> Int? {
        guard remaining > 0 else { return nil }
        remaining -= 1
        defer { cursor = document.skip(cursor) }
        return cursor
      }
    }
  }

  /// The elements of the array at `index`, lazily.
  func lazyElements(_ index: Int) -> Elements {
    precondition(tape[index].kind == .array)
    return Elements(document: self, array: index)
  }

  /// Whether the string at `index` was written without escape sequences, so that positions
  /// inside its text map one to one onto source bytes.
  package func isVerbatimString(_ index: Int) -> Bool { !tape[index].hasEscapes }

  /// The number at `index` as written in the source ("71", "-0.5").
  package func numberText(_ index: Int) -> String {
    let entry = tape[index]
    precondition(entry.kind == .number)
    return String(decoding: bytes[Int(entry.start)..<Int(entry.end)], as: UTF8.self)
  }

  /// The numeric value at `index`.
  package func number(_ index: Int) -> Double { Double(numberText(index)) ?? .nan }

  /// The number at `index` when it is written as a whole number (digits, with an optional minus
  /// sign) that fits an `Int`; nil otherwise. Read from the bytes, without making a string.
  package func integer(_ index: Int) -> Int? {
    let entry = tape[index]
    precondition(entry.kind == .number)
    var position = Int(entry.start)
    let end = Int(entry.end)
    let negative = position < end && bytes[position] == UInt8(ascii: "-")
    if negative { position += 1 }
    guard position < end else { return nil }
    var value = 0
    while position < end {
      let digit = Int(bytes[position]) - Int(UInt8(ascii: "0"))
      guard (0...9).contains(digit) else { return nil }
      let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
      let (next, overflowAgain) = shifted.addingReportingOverflow(negative ? -digit : digit)
      guard !overflow, !overflowAgain else { return nil }
      value = next
      position += 1
    }
    return value
  }

  /// The value reached from the root by `path`, if every step exists.
  package func index(at path: JSONPath) -> Int? {
    var cursor = root
    for component in path.components {
      switch component {
      case .key(let key):
        guard kind(cursor) == .object, let next = field(key, in: cursor) else { return nil }
        cursor = next
      case .index(let position):
        guard kind(cursor) == .array, position >= 0, position < count(cursor) else { return nil }
        cursor = elements(cursor)[position]
      }
    }
    return cursor
  }

  /// `path` with the id of each array element that has one (a node's or choice's `id`, a
  /// walkthrough's `name`): `nodes[19] "walks-guarded" .choices[1] "ask-more" .next`.
  package func labelledDescription(of path: JSONPath) -> String {
    var labels: [Int: String] = [:]
    var cursor = root
    walk: for (position, component) in path.components.enumerated() {
      switch component {
      case .key(let key):
        guard kind(cursor) == .object, let next = field(key, in: cursor) else { break walk }
        cursor = next
      case .index(let element):
        guard kind(cursor) == .array, element >= 0, element < count(cursor) else { break walk }
        var iterator = lazyElements(cursor).makeIterator()
        for _ in 0..<element { _ = iterator.next() }
        cursor = iterator.next()!
        guard kind(cursor) == .object, let named = field("id", in: cursor) ?? field("name", in: cursor),
          kind(named) == .string
        else { continue }
        let id = string(named)
        if !id.isEmpty, id.utf8.count <= 64, TextPolicy.firstForbidden(in: id, allowNewlines: false) == nil {
          labels[position] = id
        }
      }
    }
    return path.labelled(labels)
  }

  /// The path from the root to the value (or object key) at tape `index`.
  package func path(to index: Int) -> JSONPath {
    var components: [JSONPath.Component] = []
    var cursor = root
    while cursor != index {
      switch kind(cursor) {
      case .object:
        guard
          let field = fields(cursor).first(where: { $0.key == index || ($0.value <= index && index < skip($0.value)) })
        else { return JSONPath(components) }
        components.append(.key(string(field.key)))
        if field.key == index { return JSONPath(components) }
        cursor = field.value
      case .array:
        guard let position = elements(cursor).firstIndex(where: { $0 <= index && index < skip($0) }) else {
          return JSONPath(components)
        }
        components.append(.index(position))
        cursor = elements(cursor)[position]
      default:
        return JSONPath(components)
      }
    }
    return JSONPath(components)
  }
}
