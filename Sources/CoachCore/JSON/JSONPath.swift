/// A path from the root of a JSON document to one value, written the way a person reads it:
/// `nodes[3].choices[1].next`.
public struct JSONPath: Hashable, Sendable, CustomStringConvertible, Codable {
  /// One step: a field of an object or an element of an array.
  public enum Component: Hashable, Sendable {
    case key(String)
    case index(Int)
  }

  public var components: [Component]

  public init(_ components: [Component] = []) {
    self.components = components
  }

  /// The document's root.
  public static let root = JSONPath()

  /// This path extended by one field.
  public func appending(_ key: String) -> JSONPath {
    JSONPath(components + [.key(key)])
  }

  /// This path extended by one array element.
  public func appending(_ index: Int) -> JSONPath {
    JSONPath(components + [.index(index)])
  }

  public var description: String {
    if components.isEmpty { return "(root)" }
    var text = ""
    for component in components {
      switch component {
      case .key(let key):
        if Self.isPlainKey(key) {
          if !text.isEmpty { text += "." }
          text += key
        } else {
          text += "[\"\(key)\"]"
        }
      case .index(let index):
        text += "[\(index)]"
      }
    }
    return text
  }

  /// Parses the textual form produced by `description`.
  public init?(parsing text: String) {
    if text == "(root)" {
      self.init()
      return
    }
    var components: [Component] = []
    var rest = Substring(text)
    while !rest.isEmpty {
      if rest.hasPrefix("[\"") {
        let afterOpening = rest.dropFirst(2)
        guard let quote = afterOpening.firstIndex(of: "\""),
          afterOpening[afterOpening.index(after: quote)...].hasPrefix("]")
        else { return nil }
        components.append(.key(String(afterOpening[..<quote])))
        rest = afterOpening[afterOpening.index(quote, offsetBy: 2)...]
      } else if rest.hasPrefix("[") {
        guard let close = rest.firstIndex(of: "]"),
          let index = Int(rest[rest.index(after: rest.startIndex)..<close])
        else { return nil }
        components.append(.index(index))
        rest = rest[rest.index(after: close)...]
      } else {
        if rest.hasPrefix(".") { rest = rest.dropFirst() }
        let end = rest.firstIndex { $0 == "." || $0 == "[" } ?? rest.endIndex
        guard end > rest.startIndex else { return nil }
        components.append(.key(String(rest[..<end])))
        rest = rest[end...]
      }
    }
    self.init(components)
  }

  public init(from decoder: any Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let path = JSONPath(parsing: text) else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: "not a JSON path: \(text)"))
    }
    self = path
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }

  /// The path as a person reads it, with the id of each element that has one:
  /// `nodes[19] "walks-guarded" .choices[1] "ask-more" .next`. `labels[n]` is the id of the
  /// element that the first n + 1 components lead to, if it has one.
  public func labelled(_ labels: [Int: String]) -> String {
    if components.isEmpty { return "(root)" }
    var text = ""
    var afterLabel = false
    for (position, component) in components.enumerated() {
      switch component {
      case .key(let key):
        if Self.isPlainKey(key) {
          if afterLabel {
            text += " ."
          } else if !text.isEmpty {
            text += "."
          }
          text += key
        } else {
          text += (afterLabel ? " " : "") + "[\"\(key)\"]"
        }
        afterLabel = false
      case .index(let index):
        text += "[\(index)]"
        afterLabel = false
        if let id = labels[position] {
          text += " \"\(id)\""
          afterLabel = true
        }
      }
    }
    return text
  }

  private static func isPlainKey(_ key: String) -> Bool {
    guard let first = key.unicodeScalars.first, first != "-", !("0"..."9").contains(first) else {
      return false
    }
    return key.unicodeScalars.allSatisfy {
      ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
        || $0 == "_" || $0 == "-"
    }
  }
}
