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
      guard value.isFinite else { return nil }
      // Integer arithmetic for the usual magnitudes: exact, and far cheaper than a format string.
      let clampedPlaces = min(max(0, places), 6)
      var scale = 1.0
      for _ in 0..<clampedPlaces { scale *= 10 }
      let scaled = (value * scale).rounded()
      guard abs(scaled) < 1e15 else {
        var text = String(format: "%.\(clampedPlaces)f", value)
        if text.contains(".") {
          while text.hasSuffix("0") { text.removeLast() }
          if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
      }
      var units = Int64(scaled)
      if units == 0 { return "0" }
      let negative = units < 0
      units = abs(units)
      let divisor = Int64(scale)
      var whole = String(units / divisor)
      var fraction = clampedPlaces == 0 ? "" : String(units % divisor)
      if !fraction.isEmpty {
        fraction = String(repeating: "0", count: clampedPlaces - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
      }
      if !fraction.isEmpty { whole += "." + fraction }
      return negative ? "-" + whole : whole
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
  public static func appendCSV(row: [Cell], to bytes: inout [UInt8]) {
    CSVWriter.append(
      row.map { cell in
        switch cell {
        case .integer, .decimal: .number(cell.text)
        case .empty, .text, .date, .flag: .text(cell.text)
        }
      }, to: &bytes)
  }

  public var json: String {
    if rows.isEmpty { return "[]\n" }
    let objects = rows.map { JSONRow(columns: columns, cells: $0) }
    let encoder = StoreJSON.encoder(pretty: true)
    // Encoding strings, numbers, booleans and nulls cannot fail.
    let data = try! encoder.encode(objects)
    return String(decoding: data, as: UTF8.self) + "\n"
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
