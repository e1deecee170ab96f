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
    var bytes: [UInt8] = []
    append(header.map(Field.text), to: &bytes)
    for row in rows { append(row, to: &bytes) }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// One record, without its line ending.
  public static func record(_ fields: [Field]) -> String {
    var bytes: [UInt8] = []
    append(fields, to: &bytes)
    return String(decoding: bytes.dropLast(lineEnding.utf8.count), as: UTF8.self)
  }

  /// One field as it appears in a record.
  public static func field(_ field: Field) -> String {
    var bytes: [UInt8] = []
    append(field, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Appends one record and its line ending to `bytes`.
  public static func append(_ fields: [Field], to bytes: inout [UInt8]) {
    for (index, field) in fields.enumerated() {
      if index > 0 { bytes.append(UInt8(ascii: ",")) }
      append(field, to: &bytes)
    }
    bytes.append(contentsOf: lineEnding.utf8)
  }

  /// Appends one field: quoted when it holds a comma, a quote or a line break; a text field
  /// that a spreadsheet could read as a formula is prefixed with an apostrophe inside quotes.
  public static func append(_ field: Field, to bytes: inout [UInt8]) {
    let text: String
    switch field {
    case .number(let number) where isPlainNumber(number):
      bytes.append(contentsOf: number.utf8)
      return
    case .number(let value), .text(let value):
      text = value
    }
    let utf8 = text.utf8
    let neutralise = utf8.first.map { formulaTriggerBytes.contains($0) } ?? false
    let quote = neutralise || utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }
    guard quote else {
      bytes.append(contentsOf: utf8)
      return
    }
    bytes.append(0x22)
    if neutralise { bytes.append(UInt8(ascii: "'")) }
    for byte in utf8 {
      if byte == 0x22 { bytes.append(0x22) }
      bytes.append(byte)
    }
    bytes.append(0x22)
  }

  /// '=', '+', '-', '@', tab, CR and LF: the first characters that make a spreadsheet evaluate a
  /// cell (OWASP's CSV injection guidance).
  static let formulaTriggerBytes: Set<UInt8> = [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D, 0x0A]

  /// `-?[0-9]+(\.[0-9]+)?`
  static func isPlainNumber(_ text: String) -> Bool {
    // An optional minus, digits, and at most one decimal point with digits on both sides.
    var digitsBefore = 0
    var digitsAfter = 0
    var sawPoint = false
    for (offset, byte) in text.utf8.enumerated() {
      switch byte {
      case UInt8(ascii: "-") where offset == 0: continue
      case UInt8(ascii: "0")...UInt8(ascii: "9"):
        if sawPoint { digitsAfter += 1 } else { digitsBefore += 1 }
      case UInt8(ascii: ".") where !sawPoint: sawPoint = true
      default: return false
      }
    }
    return digitsBefore > 0 && (!sawPoint || digitsAfter > 0)
  }
}
