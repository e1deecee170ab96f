/// A decimal with two places, held as a whole number of hundredths so that sums such as
/// 3 + 0.1 + 0.2 are exact and a score never misses a threshold by a floating-point hair.
public struct Hundredths: Hashable, Sendable, Comparable, AdditiveArithmetic, CustomStringConvertible {
  public var raw: Int

  public init(raw: Int) { self.raw = raw }

  /// The value nearest `value`; `nil` when `value` needs more than two decimal places.
  public init?(exactly value: Double) {
    let scaled = (value * 100).rounded()
    guard value.isFinite, abs(scaled) < 1e12, abs(scaled / 100 - value) < 1e-9 else { return nil }
    self.raw = Int(scaled)
  }

  public init(_ whole: Int) { self.raw = whole * 100 }

  public static let zero = Hundredths(raw: 0)

  public var value: Double { Double(raw) / 100 }

  public static func + (lhs: Hundredths, rhs: Hundredths) -> Hundredths { Hundredths(raw: lhs.raw + rhs.raw) }
  public static func - (lhs: Hundredths, rhs: Hundredths) -> Hundredths { Hundredths(raw: lhs.raw - rhs.raw) }
  public static func < (lhs: Hundredths, rhs: Hundredths) -> Bool { lhs.raw < rhs.raw }

  /// The value limited to `range`.
  public func clamped(to range: ClosedRange<Hundredths>) -> Hundredths {
    Swift.min(Swift.max(self, range.lowerBound), range.upperBound)
  }

  /// "3", "3.5", "3.25", "-0.1".
  public var description: String {
    let sign = raw < 0 ? "-" : ""
    let magnitude = abs(raw)
    let whole = magnitude / 100
    let fraction = magnitude % 100
    if fraction == 0 { return "\(sign)\(whole)" }
    if fraction % 10 == 0 { return "\(sign)\(whole).\(fraction / 10)" }
    return "\(sign)\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
  }
}

/// An exact ratio of two counts, compared against decimal thresholds without rounding.
public struct Ratio: Hashable, Sendable {
  public var numerator: Int
  public var denominator: Int

  public init(_ numerator: Int, _ denominator: Int) {
    self.numerator = numerator
    self.denominator = denominator
  }

  /// The value, or nil when the denominator is zero.
  public var value: Double? { denominator == 0 ? nil : Double(numerator) / Double(denominator) }

  /// Whether the ratio is at least `threshold`, exactly.
  public func isAtLeast(_ threshold: Hundredths) -> Bool {
    numerator * 100 >= threshold.raw * denominator
  }
}
