/// The value of a state variable: a number or a boolean.
public enum Value: Hashable, Sendable, Codable, CustomStringConvertible {
  case number(Double)
  case boolean(Bool)

  /// The largest magnitude of a number a scenario may write (in an expression, or as a variable's
  /// initial value, min or max), so that no sum a story can compute leaves the finite numbers.
  public static let largestMagnitude = 1_000_000_000.0

  /// The type of the value.
  public var type: ValueType {
    switch self {
    case .number: .number
    case .boolean: .boolean
    }
  }

  /// The number, when the value is one.
  public var number: Double? {
    if case .number(let value) = self { return value }
    return nil
  }

  /// The boolean, when the value is one.
  public var boolean: Bool? {
    if case .boolean(let value) = self { return value }
    return nil
  }

  /// Numbers print without a trailing ".0" when whole ("3", "-0.5"); booleans as true/false.
  public var description: String {
    switch self {
    case .boolean(let value): return value ? "true" : "false"
    case .number(let value): return Value.format(value)
    }
  }

  /// Formats a number the way a person writes it: whole numbers without a decimal point, and,
  /// given `places`, rounded to that many decimal places first ("71.1", "0.625", "4").
  ///
  /// Every figure Coach shows a person passes through here, so "71.1" reads the same in the
  /// terminal, the pages and the messages.
  public static func format(_ number: Double, places: Int? = nil) -> String {
    var number = number
    if let places, number.isFinite {
      var scale = 1.0
      for _ in 0..<min(max(places, 0), 6) { scale *= 10 }
      number = (number * scale).rounded() / scale
    }
    if number.isFinite, number == number.rounded(), abs(number) < 1e15 {
      return String(Int64(number))
    }
    return String(number)
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if let boolean = try? container.decode(Bool.self) {
      self = .boolean(boolean)
    } else {
      self = .number(try container.decode(Double.self))
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .number(let value): try container.encode(value)
    case .boolean(let value): try container.encode(value)
    }
  }
}

/// The type of a state variable or expression.
public enum ValueType: String, Sendable, Codable, CaseIterable {
  case number
  case boolean

  /// "a number", "true or false": how the type is named in messages.
  public var described: String {
    switch self {
    case .number: "a number"
    case .boolean: "true or false"
    }
  }
}
