/// A JSON value to write, with object fields in a chosen order, for files people read and edit.
public indirect enum JSONOutput: Sendable, Equatable {
  case object([(String, JSONOutput)])
  case array([JSONOutput])
  case string(String)
  case number(String)
  case bool(Bool)
  case null

  public static func == (lhs: JSONOutput, rhs: JSONOutput) -> Bool {
    lhs.rendered() == rhs.rendered()
  }

  /// A number written the way a person would: whole numbers without a decimal point.
  public static func number(_ value: Double) -> JSONOutput { .number(Value.format(value)) }

  /// Pretty-printed with two-space indentation. Arrays of scalars that fit stay on one line.
  public func rendered(indent: Int = 0, lineLength: Int = 100) -> String {
    let pad = String(repeating: " ", count: indent)
    let inner = String(repeating: " ", count: indent + 2)
    switch self {
    case .object(let fields):
      if fields.isEmpty { return "{}" }
      let compact = "{" + fields.map { "\(Self.quote($0.0)): \($0.1.rendered())" }.joined(separator: ", ") + "}"
      if fields.allSatisfy({ $0.1.isScalar }), compact.count + indent <= lineLength, fields.count <= 4 {
        return compact
      }
      let body = fields.map {
        "\(inner)\(Self.quote($0.0)): \($0.1.rendered(indent: indent + 2, lineLength: lineLength))"
      }
      return "{\n" + body.joined(separator: ",\n") + "\n\(pad)}"
    case .array(let elements):
      if elements.isEmpty { return "[]" }
      let compact = "[" + elements.map { $0.rendered() }.joined(separator: ", ") + "]"
      if elements.allSatisfy(\.isScalar), compact.count + indent <= lineLength { return compact }
      let body = elements.map { inner + $0.rendered(indent: indent + 2, lineLength: lineLength) }
      return "[\n" + body.joined(separator: ",\n") + "\n\(pad)]"
    case .string(let text): return Self.quote(text)
    case .number(let text): return text
    case .bool(let value): return value ? "true" : "false"
    case .null: return "null"
    }
  }

  var isScalar: Bool {
    switch self {
    case .object, .array: false
    default: true
    }
  }

  /// `text` as a JSON string literal; control characters are escaped.
  public static func quote(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F || (0x2028...0x2029).contains(scalar.value) {
          result += "\\u" + hex4(scalar.value).lowercased()
        } else {
          result.unicodeScalars.append(scalar)
        }
      }
    }
    return result + "\""
  }
}
