/// How many distinct play-throughs a story has: different sequences of choices from the start to
/// an ending.
public enum PlayThroughCount: Sendable, Equatable, Codable, CustomStringConvertible {
  /// Exactly this many.
  case exact(Int)
  /// At least this many: the search stopped at a limit before it could count them all.
  case atLeast(Int)
  /// Infinitely many: some loop can be repeated as often as the trainee likes and still end.
  case unbounded

  /// The largest count held exactly; larger counts are reported as at least this.
  public static let countLimit = 1_000_000_000_000_000_000

  /// "12", "at least 1,000,000", "unbounded".
  public var description: String {
    switch self {
    case .exact(let count): Self.grouped(count)
    case .atLeast(let count): "at least " + Self.grouped(count)
    case .unbounded: "unbounded"
    }
  }

  /// The exact count, when known.
  public var exactValue: Int? {
    if case .exact(let count) = self { return count }
    return nil
  }

  /// `12345` as "12,345".
  static func grouped(_ number: Int) -> String {
    let digits = Array(String(number.magnitude))
    var text = ""
    for (offset, digit) in digits.enumerated() {
      if offset > 0, (digits.count - offset) % 3 == 0 { text.append(",") }
      text.append(digit)
    }
    return (number < 0 ? "-" : "") + text
  }

  private enum CodingKeys: String, CodingKey {
    case kind, count
  }

  private enum Kind: String, Codable {
    case exact
    case atLeast = "at-least"
    case unbounded
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    switch try container.decode(Kind.self, forKey: .kind) {
    case .exact: self = .exact(try container.decode(Int.self, forKey: .count))
    case .atLeast: self = .atLeast(try container.decode(Int.self, forKey: .count))
    case .unbounded: self = .unbounded
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    switch self {
    case .exact(let count):
      try container.encode(Kind.exact, forKey: .kind)
      try container.encode(count, forKey: .count)
    case .atLeast(let count):
      try container.encode(Kind.atLeast, forKey: .kind)
      try container.encode(count, forKey: .count)
    case .unbounded:
      try container.encode(Kind.unbounded, forKey: .kind)
    }
  }
}
