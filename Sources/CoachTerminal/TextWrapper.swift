/// Wraps text to a terminal width, counting wide characters (CJK, emoji) as two columns.
public enum TextWrapper {
  /// The columns `text` occupies on a terminal.
  public static func displayWidth(_ text: some StringProtocol) -> Int {
    var width = 0
    for scalar in text.unicodeScalars { width += columns(of: scalar) }
    return width
  }

  static func columns(of scalar: Unicode.Scalar) -> Int {
    let value = scalar.value
    if scalar.properties.generalCategory == .nonspacingMark || scalar.properties.generalCategory == .enclosingMark
      || value == 0x200D || (0xFE00...0xFE0F).contains(value)
    {
      return 0
    }
    switch value {
    case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
      0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
      0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
      return 2
    default:
      return 1
    }
  }

  /// `text` broken into lines of at most `width` columns. Each line after the first starts with
  /// `indent`; the first with `firstIndent` (default: `indent`). Existing line breaks are kept;
  /// a word longer than a line is split.
  public static func wrap(_ text: String, width: Int, indent: String = "", firstIndent: String? = nil) -> [String] {
    let first = firstIndent ?? indent
    var lines: [String] = []
    for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
      var line = lines.isEmpty ? first : indent
      var lineWidth = displayWidth(line)
      let prefixWidth = lineWidth
      var lineHasWord = false
      for word in paragraph.split(separator: " ") {
        var piece = String(word)
        var pieceWidth = displayWidth(piece)
        let available = max(1, width - prefixWidth)
        if lineHasWord, lineWidth + 1 + pieceWidth > width {
          lines.append(line)
          line = indent
          lineWidth = displayWidth(indent)
          lineHasWord = false
        }
        while pieceWidth > available {
          // Split an over-long word at the column limit, after a "-", "@" or "/" if one is near.
          var head = ""
          var headWidth = 0
          var lastBreak: String.Index?
          for character in piece {
            let characterWidth = displayWidth(String(character))
            if headWidth + characterWidth > width - lineWidth - (lineHasWord ? 1 : 0), !head.isEmpty { break }
            head.append(character)
            headWidth += characterWidth
            if "-@/".contains(character) { lastBreak = head.endIndex }
          }
          if let lastBreak, lastBreak < head.endIndex,
            head.distance(from: head.startIndex, to: lastBreak) * 2 >= head.count
          {
            head = String(head[..<lastBreak])
          }
          lines.append(line + (lineHasWord ? " " : "") + head)
          piece = String(piece.dropFirst(head.count))
          pieceWidth = displayWidth(piece)
          line = indent
          lineWidth = displayWidth(indent)
          lineHasWord = false
        }
        if lineHasWord {
          line += " "
          lineWidth += 1
        }
        line += piece
        lineWidth += pieceWidth
        lineHasWord = true
      }
      lines.append(line)
    }
    return lines
  }
}

extension String {
  /// The string padded with spaces to `width` terminal columns.
  public func padding(toDisplayWidth width: Int) -> String {
    self + String(repeating: " ", count: Swift.max(0, width - TextWrapper.displayWidth(self)))
  }
}
