import CoachStore
import Foundation

/// Rows of scores as typed cells under named columns: what `coach scores` prints as a table, CSV
/// or JSON. Every metric has a column of its own.
public struct ScoreSheet: Sendable, Equatable {
  /// A column: a stable key (the CSV header and JSON key), a title for the terminal table, and how
  /// the table shows it.
  public struct Column: Sendable, Equatable {
    public var key: String
    public var title: String
    /// Whether the terminal table shows it (CSV and JSON show every column).
    public var inTable: Bool
    public var style: Style

    public init(_ key: String, _ title: String, inTable: Bool = false, style: Style = .plain) {
      self.key = key
      self.title = title
      self.inTable = inTable
      self.style = style
    }
  }

  /// How the terminal table shows a column.
  public enum Style: Sendable, Equatable {
    case plain
    /// A UUID shown by its first 8 characters.
    case shortID
    /// A band, coloured.
    case band
    /// A change in score, with an arrow.
    case trend
    /// An attempt status, coloured.
    case status
  }

  /// One value.
  public enum Cell: Sendable, Equatable {
    case empty
    /// Text, possibly typed by a user: neutralised in CSV.
    case text(String)
    case integer(Int)
    /// A number Coach computed, shown with at most `places` decimal places.
    case decimal(Double, places: Int)
    case date(Date)
    case flag(Bool)

    /// The cell as text: numbers without trailing zeros, dates as `StoreDate` text, empty as "".
    public var text: String {
      switch self {
      case .empty: ""
      case .text(let text): text
      case .integer(let value): String(value)
      case .decimal(let value, let places): Self.decimalText(value, places: places) ?? ""
      case .date(let date): StoreDate.string(date)
      case .flag(let value): value ? "true" : "false"
      }
    }

    /// `value` rounded to `places` decimal places, trailing zeros dropped: "62.5", "-0.5", "3".
    /// Nil for infinity and NaN.
    public static func decimalText(_ value: Double, places: Int) -> String? {
      var bytes: [UInt8] = []
      guard appendDecimal(value, places: places, to: &bytes) else { return nil }
      return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `value` rounded to `places` decimal places, trailing zeros dropped ("3.5", "-0.25",
    /// "4"); false, appending nothing, when the value is not finite.
    @discardableResult
    public static func appendDecimal(_ value: Double, places: Int, to bytes: inout [UInt8]) -> Bool {
      guard value.isFinite else { return false }
      let clampedPlaces = min(max(0, places), 6)
      var scale: Int64 = 1
      for _ in 0..<clampedPlaces { scale *= 10 }
      let scaled = (value * Double(scale)).rounded()
      guard abs(scaled) < 1e15 else {
        // Beyond integer arithmetic: rare enough for a format string.
        var text = String(format: "%.\(clampedPlaces)f", value)
        if text.contains(".") {
          while text.hasSuffix("0") { text.removeLast() }
          if text.hasSuffix(".") { text.removeLast() }
        }
        bytes.append(contentsOf: (text == "-0" ? "0" : text).utf8)
        return true
      }
      var units = Int64(scaled)
      if units < 0 {
        bytes.append(UInt8(ascii: "-"))
        units = -units
      }
      bytes.append(contentsOf: String(units / scale).utf8)
      var fraction = units % scale
      var digits = clampedPlaces
      while digits > 0, fraction % 10 == 0 {
        fraction /= 10
        digits -= 1
      }
      guard digits > 0 else { return true }
      bytes.append(UInt8(ascii: "."))
      var divisor: Int64 = 1
      for _ in 1..<digits { divisor *= 10 }
      while divisor > 0 {
        bytes.append(UInt8(ascii: "0") + UInt8(fraction / divisor % 10))
        divisor /= 10
      }
      return true
    }
  }

  public var columns: [Column]
  public var rows: [[Cell]]

  public init(columns: [Column], rows: [[Cell]]) {
    self.columns = columns
    self.rows = rows
  }

  // MARK: - Output

  /// The sheet as RFC 4180 CSV (see `CSVWriter`): a header row of column keys, then one record per
  /// row. Text cells are neutralised against formula injection; numbers Coach computed are not.
  public var csv: String {
    var bytes: [UInt8] = []
    Self.appendCSV(header: columns, to: &bytes)
    for row in rows { Self.appendCSV(row: row, to: &bytes) }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Appends the CSV header record for `columns` to `bytes`.
  public static func appendCSV(header columns: [Column], to bytes: inout [UInt8]) {
    CSVWriter.append(columns.map { .text($0.key) }, to: &bytes)
  }

  /// Appends one row as a CSV record to `bytes`: numbers as numbers, everything else as text.
  /// Numbers and dates are written as digits directly; only text goes through quoting and the
  /// spreadsheet-formula defence.
  public static func appendCSV(row: [Cell], to bytes: inout [UInt8]) {
    for (index, cell) in row.enumerated() {
      if index > 0 { bytes.append(UInt8(ascii: ",")) }
      switch cell {
      case .empty: break
      case .integer(let value): bytes.append(contentsOf: String(value).utf8)
      case .decimal(let value, let places): Cell.appendDecimal(value, places: places, to: &bytes)
      case .date(let date): StoreDate.append(date, to: &bytes)
      case .flag(let value): bytes.append(contentsOf: (value ? "true" : "false").utf8)
      case .text(let text): CSVWriter.append(.text(text), to: &bytes)
      }
    }
    bytes.append(contentsOf: CSVWriter.lineEnding.utf8)
  }

  public var json: String {
    if rows.isEmpty { return "[]\n" }
    let objects = rows.map { JSONRow(columns: columns, cells: $0) }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    // try! is safe: every cell is a string, a finite number (a non-finite one is written as
    // null), a boolean or null, and encoding those cannot fail.
    let data = try! encoder.encode(objects)
    return String(decoding: data, as: UTF8.self) + "\n"
  }

  /// `value` as compact JSON with sorted keys, as a cell shows a state; empty if it cannot be
  /// written (a number that is not finite).
  static func jsonText(_ value: some Encodable) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? ""
  }

  private struct JSONRow: Encodable {
    var columns: [Column]
    var cells: [Cell]

    struct Key: CodingKey {
      var stringValue: String
      var intValue: Int? { nil }
      init(stringValue: String) { self.stringValue = stringValue }
      init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: Key.self)
      for (column, cell) in zip(columns, cells) {
        let key = Key(stringValue: column.key)
        switch cell {
        case .empty: try container.encodeNil(forKey: key)
        case .text(let text): try container.encode(text, forKey: key)
        case .integer(let value): try container.encode(value, forKey: key)
        case .decimal:
          if let value = Double(cell.text) {
            try container.encode(value, forKey: key)
          } else {
            try container.encodeNil(forKey: key)
          }
        case .date(let date): try container.encode(StoreDate.string(date), forKey: key)
        case .flag(let value): try container.encode(value, forKey: key)
        }
      }
    }
  }
}
