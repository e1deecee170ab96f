/// Bounds that keep a hostile or broken file from exhausting memory, stack or patience.
public struct LoadLimits: Sendable, Equatable {
  /// The largest file accepted, in bytes. Real stories are well under 1 MiB.
  public var maxBytes: Int
  /// The deepest nesting of JSON objects and arrays accepted. The format needs 7.
  public var maxDepth: Int
  /// The longest text field, in UTF-8 bytes.
  public var maxTextBytes: Int

  public init(maxBytes: Int = 16 << 20, maxDepth: Int = 32, maxTextBytes: Int = 32 << 10) {
    self.maxBytes = maxBytes
    self.maxDepth = maxDepth
    self.maxTextBytes = maxTextBytes
  }

  public static let `default` = LoadLimits()
}
