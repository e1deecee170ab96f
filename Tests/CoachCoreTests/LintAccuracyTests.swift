import CoachCore
import CoachTestSupport
import Foundation
import Testing

/// The wording lint measured against the bundled stories' hand-coded options, and the figures in
/// docs/authoring.md kept true.
@Suite("Authoring lint: precision and recall")
struct LintAccuracyTests {
  static func bundledOptions() throws -> [LintAccuracy.Option] {
    let scenarios = try Fixtures.bundledScenarioFiles.map { url in
      try #require(ScenarioLoader().load(path: url.path).scenario, "\(url.lastPathComponent) must load")
    }
    return LintAccuracy.options(of: scenarios)
  }

  @Test func measuresAgainstAtLeast150HandCodedOptions() throws {
    #expect(try Self.bundledOptions().count >= 150)
  }

  @Test func raisesNoFalseAlarmOnTheBundledStories() throws {
    let alarms = LintAccuracy.falseAlarms(in: try Self.bundledOptions())
    #expect(alarms.map { "\($0.0.story) \($0.0.id) \($0.1.rawValue): \($0.0.say)" } == [])
  }

  /// Every rule is measured on enough seeded miscodings and catches some of them; the rules that
  /// read punctuation and sentence openings catch most. (Persuasion is mostly not worded as an
  /// obligation, so the directive rule catches few of the persuading options: see the guide.)
  @Test func catchesSeededMiscodings() throws {
    let figures = LintAccuracy.measure(try Self.bundledOptions())
    for rule in figures {
      let recall = try #require(rule.recall, "\(rule.rule.rawValue) could not be seeded")
      #expect(rule.seeded >= 20, "\(rule.rule.rawValue): too few seeded options to measure")
      #expect(recall >= 0.1, "\(rule.rule.rawValue) catches \(rule.caught) of \(rule.seeded)")
    }
    let caught = figures.reduce(0) { $0 + $1.caught }
    let seeded = figures.reduce(0) { $0 + $1.seeded }
    #expect(Double(caught) >= 0.5 * Double(seeded))
  }

  @Test func theFiguresInTheAuthoringGuideAreCurrent() throws {
    let options = try Self.bundledOptions()
    let rows = LintAccuracy.tableRows(LintAccuracy.measure(options), options: options.count)
    let guide = try String(
      contentsOf: Fixtures.packageRoot.appendingPathComponent("docs/authoring.md"), encoding: .utf8)
    let missing = rows.filter { !guide.contains($0) }
    #expect(missing.isEmpty, "docs/authoring.md should hold the current figures:\n\(rows.joined(separator: "\n"))")
  }
}
