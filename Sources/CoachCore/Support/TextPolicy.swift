/// Which characters scenario text may contain.
///
/// Scenario files come from other people and their text is printed to terminals, so anything
/// that could move the cursor, change colours, ring the bell or reorder text on screen is refused.
package enum TextPolicy {
  /// The first forbidden scalar in `text` and its 1-based position, or nil when the text is clean.
  /// Line feeds are allowed only when `allowNewlines` is set.
  package static func firstForbidden(in text: String, allowNewlines: Bool) -> (scalar: UInt32, position: Int)? {
    // Fast path: printable ASCII (and line feeds where allowed) needs no closer look.
    let plain = text.utf8.withContiguousStorageIfAvailable { bytes in
      for byte in bytes where byte < 0x20 || byte >= 0x7F {
        if byte == 0x0A && allowNewlines { continue }
        return false
      }
      return true
    }
    if plain == true { return nil }
    var position = 0
    for scalar in text.unicodeScalars {
      position += 1
      if isForbidden(scalar.value, allowNewlines: allowNewlines) {
        return (scalar.value, position)
      }
    }
    return nil
  }

  /// Whether `value` may not appear in scenario text.
  package static func isForbidden(_ value: UInt32, allowNewlines: Bool) -> Bool {
    switch value {
    case 0x0A: !allowNewlines
    case 0x00...0x1F, 0x7F...0x9F: true
    case 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029: true
    default: false
    }
  }
}
