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

  /// The positions of many byte offsets, found in one pass over `bytes` (in any order).
  public static func positions(of offsets: [Int], in bytes: [UInt8]) -> [SourcePosition] {
    let order = offsets.indices.sorted { offsets[$0] < offsets[$1] }
    var result = [SourcePosition](repeating: SourcePosition(line: 1, column: 1), count: offsets.count)
    var line = 1
    var lineStart = 0
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
      for byteIndex in lineStart..<target where bytes[byteIndex] & 0xC0 != 0x80 { column += 1 }
      result[index] = SourcePosition(line: line, column: column)
    }
    return result
  }
}
