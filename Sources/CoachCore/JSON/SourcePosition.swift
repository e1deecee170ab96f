/// A 1-based line and column in a text file. Columns count characters (Unicode scalars), the way
/// editors number them, not bytes.
public struct SourcePosition: Hashable, Sendable, Codable, CustomStringConvertible {
  public var line: Int
  public var column: Int

  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }

  /// The position of byte `offset` in `bytes`.
  public init(offset: Int, in bytes: [UInt8]) {
    let clamped = min(max(0, offset), bytes.count)
    var line = 1
    var lineStart = 0
    for index in 0..<clamped where bytes[index] == 0x0A {
      line += 1
      lineStart = index + 1
    }
    // Count scalars: every byte that is not a UTF-8 continuation byte starts one.
    var column = 1
    for index in lineStart..<clamped where bytes[index] & 0xC0 != 0x80 {
      column += 1
    }
    self.init(line: line, column: column)
  }

  public var description: String { "\(line):\(column)" }
}
