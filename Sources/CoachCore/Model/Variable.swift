/// A state variable declared by a scenario, such as rapport or whether the patient has disclosed
/// something.
public struct Variable: Sendable, Equatable {
  public var name: String
  public var type: ValueType
  public var initial: Value
  /// Numbers are clamped to `min`...`max` after every effect (each defaults to the default bound).
  public var min: Double?
  public var max: Double?
  /// A human label, e.g. "Rapport".
  public var label: String
  /// Whether the trainee sees the variable as a meter while playing.
  public var visible: Bool

  public init(
    name: String, type: ValueType, initial: Value, min: Double? = nil, max: Double? = nil,
    label: String? = nil, visible: Bool = false
  ) {
    self.name = name
    self.type = type
    self.initial = initial
    self.min = min
    self.max = max
    self.label = label ?? name
    self.visible = visible
  }

  /// How far a number without a declared `min` or `max` may go either side of zero, so that a
  /// story that doubles a value in a loop stays finite: numbers in stories are small counts.
  public static let defaultBound = 1_000_000.0

  /// The lowest value the variable can take: its `min`, or `-defaultBound`.
  public var lowerBound: Double { min ?? -Self.defaultBound }
  /// The highest value the variable can take: its `max`, or `defaultBound`.
  public var upperBound: Double { max ?? Self.defaultBound }

  /// `value` limited to the variable's clamp, or to the default bound where it declares none.
  public func clamped(_ value: Value) -> Value {
    guard case .number(let number) = value else { return value }
    return .number(Swift.min(Swift.max(number, lowerBound), upperBound))
  }
}
