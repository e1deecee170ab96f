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
    self = Self.positions(of: [offset], in: bytes)[0]
  }

  public var description: String { "\(line):\(column)" }

  /// The positions of many byte offsets, found in one pass over `bytes` (in any order).
  public static func positions(of offsets: [Int], in bytes: [UInt8]) -> [SourcePosition] {
    let order = offsets.indices.sorted { offsets[$0] < offsets[$1] }
    var result = [SourcePosition](repeating: SourcePosition(line: 1, column: 1), count: offsets.count)
    var line = 1
    // A byte order mark is not a character an editor shows, so line 1 starts after it.
    let hasByteOrderMark = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
    var lineStart = hasByteOrderMark ? 3 : 0
    var cursor = 0
    for index in order {
      let target = min(max(0, offsets[index]), bytes.count)
      while cursor < target {
        if bytes[cursor] == 0x0A {
          line += 1
          lineStart = cursor + 1
        }
        cursor += 1
      }
      var column = 1
      for byteIndex in lineStart..<max(lineStart, target) where bytes[byteIndex] & 0xC0 != 0x80 { column += 1 }
      result[index] = SourcePosition(line: line, column: column)
    }
    return result
  }
}
