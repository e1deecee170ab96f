/// A state variable declared by a scenario, such as rapport or whether the patient has disclosed
/// something.
public struct Variable: Sendable, Equatable {
  public var name: String
  public var type: ValueType
  public var initial: Value
  /// Numbers are clamped to `min`...`max` after every effect.
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

  /// `value` limited to the variable's clamp, when it has one.
  public func clamped(_ value: Value) -> Value {
    guard case .number(var number) = value else { return value }
    if let min { number = Swift.max(min, number) }
    if let max { number = Swift.min(max, number) }
    return .number(number)
  }
}
