/// The order in which a decision point's options are shown: drawn from the attempt's seed, the
/// node and how many times the story has entered it, so the same attempt always shows the same
/// order (on resume, undo, restart and replay), while the best option has no fixed place.
///
/// The generator and the shuffle are written out here rather than taken from the standard
/// library, whose algorithms may change between releases: a stored attempt must show the same
/// order in every future version.
public enum ChoiceOrder {
  /// The largest seed: seeds stay below 2^53 so every JSON reader holds them exactly.
  public static let maximumSeed: UInt64 = (1 << 53) - 1

  /// `options` in the order shown at the `visit`th entry (from 1) of node `node`, for `seed`.
  static func shuffled<Element>(_ options: [Element], seed: UInt64, node: String, visit: Int) -> [Element] {
    guard options.count > 1 else { return options }
    var generator = SplitMix64(seed: seed ^ fnv1a(node) ^ (UInt64(truncatingIfNeeded: visit) &* 0x9E37_79B9_7F4A_7C15))
    var result = options
    // Fisher–Yates, from the last position down.
    for position in stride(from: result.count - 1, to: 0, by: -1) {
      let other = Int(generator.next(below: UInt64(position + 1)))
      if other != position { result.swapAt(position, other) }
    }
    return result
  }

  /// FNV-1a, 64 bits, over the UTF-8 bytes of `text`.
  static func fnv1a(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01B3
    }
    return hash
  }
}

/// SplitMix64 (Steele, Lea & Flood, 2014): small, fast and fully specified, so the same seed gives
/// the same numbers on every machine and in every version.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  private var state: UInt64

  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state = state &+ 0x9E37_79B9_7F4A_7C15
    var value = state
    value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
    value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
    return value ^ (value >> 31)
  }

  /// A value in `0..<bound`, without modulo bias (rejection sampling).
  mutating func next(below bound: UInt64) -> UInt64 {
    let limit = UInt64.max - UInt64.max % bound
    while true {
      let value = next()
      if value < limit { return value % bound }
    }
  }
}
