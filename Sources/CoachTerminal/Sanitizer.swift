import CoachCore

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

  /// The scenario text policy's forbidden characters (`TextPolicy`), and tabs, which would break
  /// the wrapping.
  static func isUnsafe(_ value: UInt32, multiline: Bool) -> Bool {
    value == 0x09 || TextPolicy.isForbidden(value, allowNewlines: multiline)
  }
}
