import Foundation

/// Checks that text meant for a user is words, not a Swift value: no type names, no enum dumps.
public enum PlainWords {
  /// Type names that would only reach a user through a raw dump of a value.
  static let typeNames = [
    "StoreError", "SessionError", "EncodingError", "DecodingError", "DatabaseError", "CocoaError", "NSError",
    "JSONOutputFailure", "UnexpectedFailure", "Optional(", "Swift.", "Foundation.", "GRDB.", "CoachCore.",
    "CoachStore.", "CoachCLI.", "Context(", "codingPath", "debugDescription", "underlyingError", "Double.",
    "SQLITE_",
  ]

  /// What in `text` looks like a Swift value rather than words; empty when nothing does.
  public static func problems(in text: String) -> [String] {
    var found = typeNames.filter { text.contains($0) }
    // An enum case with labelled associated values, as `print` shows it: "locked(path: ".
    let dump = try! Regex(#"\b[a-z][A-Za-z]*\([a-z][A-Za-z]*: "#)
    if let match = text.firstMatch(of: dump) { found.append(String(text[match.range])) }
    return found
  }
}
