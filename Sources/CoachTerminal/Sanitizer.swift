/// The one gate every piece of scenario or user text passes through before reaching a terminal.
///
/// Control characters (C0 except line feed and tab, DEL, C1) and bidirectional overrides are
/// replaced by a visible placeholder, so a file can never move the cursor, recolour the screen,
/// set the window title or disguise its text.
public enum Sanitizer {
  /// The text with every unsafe scalar replaced by `�`. Line feeds are kept when `multiline`.
  public static func clean(_ text: String, multiline: Bool = true) -> String {
    var needsWork = false
    for scalar in text.unicodeScalars where isUnsafe(scalar.value, multiline: multiline) {
      needsWork = true
      break
    }
    guard needsWork else { return text }
    var result = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      if scalar.value == 0x09 {
        result.append(" ")
      } else if isUnsafe(scalar.value, multiline: multiline) {
        result.append("\u{FFFD}")
      } else {
        result.append(scalar)
      }
    }
    return String(result)
  }

  static func isUnsafe(_ value: UInt32, multiline: Bool) -> Bool {
    switch value {
    case 0x0A: !multiline
    case 0x09: true
    case 0x00...0x1F, 0x7F...0x9F: true
    case 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029: true
    default: false
    }
  }
}
