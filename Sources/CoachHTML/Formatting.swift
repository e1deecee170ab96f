import CoachCore
import Foundation

/// Numbers, dates and names as the pages write them.
enum Formatting {
  /// A coordinate in an SVG: at most one decimal place, no trailing zeros.
  static func coordinate(_ value: Double) -> String {
    guard value.isFinite, abs(value) < 1e12 else { return "0" }
    let tenths = Int((value * 10).rounded())
    return tenths % 10 == 0 ? String(tenths / 10) : String(Double(tenths) / 10)
  }

  /// A headline score: "72.5", "100".
  static func score(_ value: Double) -> String { Value.format(value, places: 1) }

  /// A share as a whole percentage: "37%".
  static func percent(_ share: Double) -> String { "\(Int((share * 100).rounded()))%" }

  /// A day in UTC: "2025-03-01".
  static func day(_ date: Date) -> String {
    let (year, month, day) = CivilDate.civil(fromDays: Int((date.timeIntervalSince1970 / 86_400).rounded(.down)))
    func two(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }
    return "\(year)-\(two(month))-\(two(day))"
  }

  /// The CSS class suffix of a band: "developing", "fair", "good", or "none".
  static func bandClass(_ band: Band?) -> String { band?.rawValue ?? "none" }

  /// A person as the pages name them: "Ann Smith (ann)", or the id alone.
  static func person(id: String, name: String?) -> String {
    guard let name, !name.isEmpty, name != id else { return id }
    return "\(name) (\(id))"
  }

  /// A metric's threshold as the report writes it: "40%", "2:1", "3.5".
  static func threshold(_ value: Double, of kind: MetricKind) -> String {
    switch kind {
    case .percentComplexReflections, .percentOpenQuestions: Value.format(value * 100, places: 1) + "%"
    case .reflectionToQuestion: Value.format(value, places: 2) + ":1"
    case .relational, .technical: Value.format(value, places: 2)
    }
  }

  /// Where a metric's value sits on its bar, 0 to 1: globals on 1–5, percentages on 0–100%,
  /// R:Q on 0–3:1 (as the terminal report draws it).
  static func fraction(_ value: Double, of kind: MetricKind) -> Double {
    let fraction: Double =
      switch kind {
      case .relational, .technical: (value - 1) / 4
      case .percentComplexReflections, .percentOpenQuestions: value
      case .reflectionToQuestion: value / 3
      }
    return min(max(fraction, 0), 1)
  }
}
