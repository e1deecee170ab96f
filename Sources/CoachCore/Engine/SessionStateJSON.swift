/// A fast JSON form of `SessionState`, written and read without Foundation, because a state is
/// saved after every answer. It has exactly the shape `Codable` gives (keys sorted), so either
/// reads what the other wrote.
extension SessionState {
  /// Why saved state text could not be read back.
  public struct DecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    public var reason: String
    public var description: String { "the saved session state cannot be read: \(reason)" }

    public init(reason: String) {
      self.reason = reason
    }
  }

  /// The state as compact JSON, keys in sorted order.
  public func jsonBytes() -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(256 + turns.count * 96)
    out.append(contentsOf: #"{"node":"#.utf8)
    JSONBytes.string(node, to: &out)
    out.append(contentsOf: #","scenarioID":"#.utf8)
    JSONBytes.string(scenarioID, to: &out)
    out.append(contentsOf: #","scenarioVersion":"#.utf8)
    JSONBytes.string(scenarioVersion, to: &out)
    out.append(contentsOf: #","turns":["#.utf8)
    for (index, turn) in turns.enumerated() {
      if index > 0 { out.append(UInt8(ascii: ",")) }
      out.append(contentsOf: #"{"choice":"#.utf8)
      JSONBytes.string(turn.choice, to: &out)
      out.append(contentsOf: #","node":"#.utf8)
      JSONBytes.string(turn.node, to: &out)
      out.append(contentsOf: #","offered":["#.utf8)
      for (position, id) in turn.offered.enumerated() {
        if position > 0 { out.append(UInt8(ascii: ",")) }
        JSONBytes.string(id, to: &out)
      }
      out.append(contentsOf: "]}".utf8)
    }
    out.append(contentsOf: #"],"values":{"#.utf8)
    for (index, name) in values.keys.sorted().enumerated() {
      if index > 0 { out.append(UInt8(ascii: ",")) }
      JSONBytes.string(name, to: &out)
      out.append(UInt8(ascii: ":"))
      switch values[name]! {
      case .boolean(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
      case .number(let number): out.append(contentsOf: JSONBytes.number(number).utf8)
      }
    }
    out.append(contentsOf: #"},"visits":{"#.utf8)
    for (index, id) in visits.keys.sorted().enumerated() {
      if index > 0 { out.append(UInt8(ascii: ",")) }
      JSONBytes.string(id, to: &out)
      out.append(UInt8(ascii: ":"))
      out.append(contentsOf: String(visits[id]!).utf8)
    }
    out.append(contentsOf: "}}".utf8)
    return out
  }

  /// Reads state written by `jsonBytes()` or by `Codable`.
  public init(json bytes: [UInt8]) throws(DecodingError) {
    let document: JSONDocument
    do {
      document = try JSONDocument(parsing: bytes, maxDepth: 8)
    } catch {
      throw DecodingError(reason: error.message)
    }
    func fail(_ reason: String) -> DecodingError { DecodingError(reason: reason) }
    func string(_ index: Int?, _ what: String) throws(DecodingError) -> String {
      guard let index, document.kind(index) == .string else { throw fail("\(what) is missing or not text") }
      return document.string(index)
    }
    let root = document.root
    guard document.kind(root) == .object else { throw fail("expected an object") }
    var scenarioID: String?
    var scenarioVersion: String?
    var node: String?
    var values: [String: Value] = [:]
    var visits: [String: Int] = [:]
    var turns: [Session.Turn] = []
    var seen: Set<String> = []
    for (key, value) in document.fields(root) {
      let name = document.string(key)
      guard seen.insert(name).inserted else { throw fail("\(name) appears twice") }
      switch name {
      case "scenarioID": scenarioID = try string(value, name)
      case "scenarioVersion": scenarioVersion = try string(value, name)
      case "node": node = try string(value, name)
      case "values":
        guard document.kind(value) == .object else { throw fail("values is not an object") }
        for (variable, entry) in document.fields(value) {
          switch document.kind(entry) {
          case .number: values[document.string(variable)] = .number(document.number(entry))
          case .true, .false: values[document.string(variable)] = .boolean(document.kind(entry) == .true)
          default: throw fail("the value of \(document.string(variable)) is neither a number nor true or false")
          }
        }
      case "visits":
        guard document.kind(value) == .object else { throw fail("visits is not an object") }
        for (id, count) in document.fields(value) {
          let number = document.kind(count) == .number ? document.number(count) : .nan
          guard number.isFinite, number == number.rounded(), abs(number) < 1e15 else {
            throw fail("the visit count of \(document.string(id)) is not a whole number")
          }
          visits[document.string(id)] = Int(number)
        }
      case "turns":
        guard document.kind(value) == .array else { throw fail("turns is not an array") }
        for element in document.elements(value) {
          guard document.kind(element) == .object else { throw fail("a turn is not an object") }
          let fields = document.fields(element)
          func field(_ name: String) -> Int? { fields.first { document.string($0.key) == name }?.value }
          guard let offered = field("offered"), document.kind(offered) == .array else {
            throw fail("a turn has no list of offered choices")
          }
          var ids: [String] = []
          for id in document.elements(offered) { ids.append(try string(id, "an offered choice")) }
          turns.append(
            Session.Turn(
              node: try string(field("node"), "a turn's node"), choice: try string(field("choice"), "a turn's choice"),
              offered: ids))
        }
      default:
        throw fail("unknown field \(name)")
      }
    }
    guard let scenarioID, let scenarioVersion, let node else {
      throw fail("scenarioID, scenarioVersion and node are required")
    }
    self.init(
      scenarioID: scenarioID, scenarioVersion: scenarioVersion, node: node, values: values, visits: visits, turns: turns
    )
  }
}

/// Byte-level JSON writing for the few values written on hot paths.
enum JSONBytes {
  /// Appends `text` as a JSON string literal.
  static func string(_ text: String, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
      case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
      case 0x0A: out.append(contentsOf: #"\n"#.utf8)
      case 0x0D: out.append(contentsOf: #"\r"#.utf8)
      case 0x09: out.append(contentsOf: #"\t"#.utf8)
      case 0x00..<0x20, 0x7F:
        out.append(contentsOf: "\\u00".utf8)
        out.append(
          contentsOf: String(byte, radix: 16).count == 1
            ? "0\(String(byte, radix: 16))".utf8 : String(byte, radix: 16).utf8)
      default: out.append(byte)
      }
    }
    out.append(UInt8(ascii: "\""))
  }

  /// A number as JSON: whole numbers without a decimal point, as `Codable` writes them.
  static func number(_ value: Double) -> String {
    Value.format(value)
  }
}
