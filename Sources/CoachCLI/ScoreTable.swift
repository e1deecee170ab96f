import CoachCore
import CoachSheets
import CoachStore
import CoachTerminal
import Foundation

/// A score sheet as a table for the terminal: the columns marked for the table, text cells wrapped
/// so the table fits the terminal's width, numbers right-aligned, bands and trends coloured when
/// the terminal has colours.
struct ScoreTable {
  var terminal: Terminal

  /// Columns are separated by this many spaces.
  static let gap = 2
  /// A wrapped column is never made narrower than this (or its title).
  static let minimumWidth = 8

  func render(_ sheet: ScoreSheet) -> [String] {
    // Columns for the table, leaving out those with nothing in them (no names given, say).
    let indices = sheet.columns.indices.filter { column in
      sheet.columns[column].inTable && sheet.rows.contains { $0[column] != .empty }
    }
    let columns = indices.map { sheet.columns[$0] }
    let cells = sheet.rows.map { row in indices.map { Displayed(row[$0], style: sheet.columns[$0].style) } }
    let titles = columns.map { Sanitizer.clean($0.title, multiline: false) }

    var widths = titles.indices.map { column in
      cells.reduce(TextWrapper.displayWidth(titles[column])) { max($0, TextWrapper.displayWidth($1[column].text)) }
    }
    // Only free text wraps: numbers, dates, ids, bands and statuses keep their width.
    let shrinkable = Set(
      titles.indices.filter { column in
        columns[column].style == .plain && cells.allSatisfy { $0[column].wraps }
      })
    func total() -> Int { widths.reduce(0, +) + Self.gap * max(0, widths.count - 1) }
    while total() > terminal.width {
      let candidates = shrinkable.filter {
        widths[$0] > max(Self.minimumWidth, TextWrapper.displayWidth(titles[$0]))
      }
      guard let widest = candidates.max(by: { (widths[$0], $1) < (widths[$1], $0) }) else { break }
      widths[widest] -= 1
    }

    var lines = [line(titles.map { ($0, false) }, widths: widths, style: { _ in .bold })]
    for row in cells {
      let wrapped = row.indices.map { column in
        row[column].wraps ? TextWrapper.wrap(row[column].text, width: widths[column]) : [row[column].text]
      }
      for lineIndex in 0..<(wrapped.map(\.count).max() ?? 1) {
        let parts = row.indices.map { column in
          (lineIndex < wrapped[column].count ? wrapped[column][lineIndex] : "", row[column].isNumber)
        }
        lines.append(line(parts, widths: widths, style: { row[$0].color }))
      }
    }
    return lines
  }

  private func line(
    _ parts: [(text: String, rightAligned: Bool)], widths: [Int], style: (Int) -> Terminal.Style?
  ) -> String {
    var text = ""
    for (column, part) in parts.enumerated() {
      let padding = String(repeating: " ", count: max(0, widths[column] - TextWrapper.displayWidth(part.text)))
      let styled = style(column).map { terminal.styled(part.text, $0) } ?? part.text
      text += (column == 0 ? "" : String(repeating: " ", count: Self.gap))
      text += part.rightAligned ? padding + styled : styled + padding
    }
    while text.hasSuffix(" ") { text.removeLast() }
    return text
  }

  /// A cell as the table shows it.
  struct Displayed {
    var text: String
    var isNumber = false
    /// Whether the text may be wrapped onto several lines.
    var wraps = false
    var color: Terminal.Style?

    init(_ cell: ScoreSheet.Cell, style: ScoreSheet.Style) {
      switch cell {
      case .empty:
        text = ""
        wraps = style == .plain
      case .integer, .decimal:
        text = cell.text
        isNumber = true
      case .date:
        // "2025-03-01T10:15:30.250Z" → "2025-03-01 10:15"
        text = String(cell.text.prefix(16)).replacingOccurrences(of: "T", with: " ")
      case .flag(let value):
        text = value ? "yes" : "no"
      case .text(let value):
        text = Sanitizer.clean(value, multiline: false)
        wraps = style == .plain
      }
      switch style {
      case .plain:
        break
      case .shortID:
        text = String(text.prefix(8))
      case .band:
        if let band = Band(rawValue: text) {
          text = band.title
          color = band == .good ? .green : band == .fair ? .yellow : .red
        }
      case .status:
        color = text == AttemptStatus.complete.rawValue ? nil : text == AttemptStatus.inProgress.rawValue ? .cyan : .dim
      case .trend:
        if case .decimal(let value, _) = cell {
          text = value > 0 ? "↑ +\(cell.text)" : value < 0 ? "↓ \(cell.text)" : "→ 0"
          color = value > 0 ? .green : value < 0 ? .red : nil
        }
      }
    }
  }
}
