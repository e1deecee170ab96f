import Foundation

/// A small CSV writer following RFC 4180, with a defence against formula injection.
///
/// - Records end with CRLF, as RFC 4180 says, the last one included; the text is UTF-8 with no
///   byte-order mark.
/// - A field is quoted when it contains a comma, a double quote, CR or LF (or was neutralised);
///   double quotes inside are doubled.
/// - Formula injection (OWASP): a text field beginning with `=`, `+`, `-`, `@`, tab, CR or LF could
///   run as a formula in a spreadsheet, so it gets a leading apostrophe, inside quotes:
///   `=HYPERLINK("http://x","y")` is written `"'=HYPERLINK(""http://x"",""y"")"`.
/// - Numbers Coach computed are exempt, so `-0.5` stays a number a spreadsheet can sum. A number
///   field must look like one (`-?digits[.digits]`); anything else is treated as text.
public enum CSVWriter {
  /// One field of a record.
  public enum Field: Sendable, Equatable {
    /// Text, possibly typed by a user.
    case text(String)
    /// A number Coach formatted, such as "62.5" or "-0.5".
    case number(String)
  }

  /// The line ending after every record.
  public static let lineEnding = "\r\n"

  /// A whole document: the header record, then the rows.
  public static func document(header: [String], rows: [[Field]]) -> String {
    var text = record(header.map(Field.text)) + lineEnding
    for row in rows { text += record(row) + lineEnding }
    return text
  }

  /// One record, without its line ending.
  public static func record(_ fields: [Field]) -> String {
    fields.map(field).joined(separator: ",")
  }

  /// One field, quoted and neutralised as needed.
  public static func field(_ field: Field) -> String {
    var text: String
    var mustQuote = false
    switch field {
    case .number(let number) where isPlainNumber(number):
      return number
    case .number(let value), .text(let value):
      text = value
    }
    if let first = text.unicodeScalars.first, formulaTriggers.contains(first) {
      text = "'" + text
      mustQuote = true
    }
    if mustQuote || text.unicodeScalars.contains(where: { quoteTriggers.contains($0) }) {
      return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return text
  }

  /// Characters that make a spreadsheet read a cell as a formula when they come first.
  static let formulaTriggers: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r", "\n"]

  static let quoteTriggers: Set<Unicode.Scalar> = [",", "\"", "\r", "\n"]

  /// `-?[0-9]+(\.[0-9]+)?`
  static func isPlainNumber(_ text: String) -> Bool {
    var scalars = Substring(text).unicodeScalars[...]
    if scalars.first == "-" { scalars = scalars.dropFirst() }
    let parts = String(scalars).split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 1 || parts.count == 2 else { return false }
    return parts.allSatisfy { !$0.isEmpty && $0.unicodeScalars.allSatisfy { ("0"..."9").contains($0) } }
  }
}
