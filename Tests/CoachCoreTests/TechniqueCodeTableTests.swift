import CoachCore
import CoachTestSupport
import Foundation
import Testing

/// The technique codes are defined once, in `TechniqueCode` and its `defaultRule`; the JSON
/// Schema, the rubric file and the documentation's tables must say the same.
@Suite("One table of technique codes")
struct TechniqueCodeTableTests {
  static func text(_ path: String) throws -> String {
    try String(contentsOf: Fixtures.packageRoot.appendingPathComponent(path), encoding: .utf8)
  }

  @Test func theSchemaListsExactlyTheCodes() throws {
    let schema = try #require(
      try JSONSerialization.jsonObject(with: Data(Self.text("Scenarios/scenario.schema.json").utf8))
        as? [String: Any])
    let code = ((schema["$defs"] as? [String: Any])?["code"] as? [String: Any])?["enum"] as? [String]
    #expect(code == TechniqueCode.allCases.map(\.rawValue))
  }

  @Test func theDefaultRubricIsTheTable() {
    for code in TechniqueCode.allCases {
      #expect(Rubric.miti421.rule(for: code) == code.defaultRule, "\(code)")
      #expect(code.defaultRule.family == code.family)
    }
  }

  /// docs/rubric.md's two tables: what each code counts as and its family, and its movements.
  @Test func theRubricDocumentationShowsTheTable() throws {
    let lines = try Self.text("docs/rubric.md").split(separator: "\n").map(String.init)
    func cells(_ line: String) -> [String] {
      line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
        .map { $0.trimmingCharacters(in: .whitespaces) }
    }
    func movement(_ value: Hundredths?) -> String {
      let value = value ?? .zero
      if value == .zero { return "0" }
      return (value > .zero ? "+" : "−") + Hundredths(raw: abs(value.raw)).description
    }
    for code in TechniqueCode.allCases {
      let rule = code.defaultRule
      let counted = lines.first { $0.hasPrefix("| `\(code.rawValue)` |") }.map(cells)
      let counts = rule.counts.isEmpty ? "—" : rule.counts.map(\.title).joined(separator: ", ")
      #expect(counted?[1] == counts, "\(code) counts")
      #expect(counted?[2] == code.family.rawValue, "\(code) family")
      let moved = lines.first { $0.hasPrefix("| \(code.rawValue) |") }.map(cells)
      let expected = GlobalScore.allCases.map { movement(rule.globals[$0]) }
      #expect(moved.map { Array($0.dropFirst()) } == expected, "\(code) movements")
    }
  }

  @Test func theAuthoringGuideListsEveryCodeWithItsFamily() throws {
    let guide = try Self.text("docs/authoring.md")
    for code in TechniqueCode.allCases {
      #expect(guide.contains("| `\(code.rawValue)` | \(code.family.rawValue) |"), "\(code)")
    }
  }
}
