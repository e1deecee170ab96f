import CoachCore
import CoachREPL
import CoachTerminal
import CoachTestSupport
import Testing

@Suite("REPL: the end-of-session report")
struct ReportRendererTests {
  /// A review scored with `rubric` for a short play-through of the fixture.
  func report(_ rubric: Rubric) throws -> AfterActionReview {
    let session = try Session.replaying(["open", "reflect"], in: Fixtures.scenario())
    return AfterActionReview(session: session, report: rubric.score(Transcript(session: session)))
  }

  /// The metric table's lines of the report rendered `width` columns wide.
  func table(_ report: AfterActionReview, width: Int) -> [String] {
    let lines = ReportRenderer(terminal: Terminal(colors: false, width: width)).render(report)
    guard let start = lines.firstIndex(where: { $0.hasPrefix("  ") }) else { return [] }
    return Array(lines[start...].prefix { !$0.isEmpty })
  }

  @Test func theTableFitsTheTerminalWhateverRowHasTheWidestThresholds() throws {
    var rubric = Rubric.miti421
    // A later row gets longer threshold text than the first.
    rubric.thresholds[.relational]?.fair = Hundredths(raw: 375)
    rubric.thresholds[.relational]?.good = Hundredths(raw: 425)
    let scored = try report(rubric)
    let wide = table(scored, width: 200)
    #expect(wide.contains { $0.hasSuffix("fair 3.75, good 4.25") })
    let needed = wide.map(TextWrapper.displayWidth).max()!
    #expect(table(scored, width: needed) == wide)
    // One column less: the thresholds go, every row's, rather than one row overflowing.
    let narrower = table(scored, width: needed - 1)
    #expect(!narrower.contains { $0.contains("fair ") })
    for line in narrower { #expect(TextWrapper.displayWidth(line) <= needed - 1, "\(line)") }
  }

  @Test func aMetricIsMarkedAdvisoryWhenTheRubricLeavesItOutOfTheOverallBand() throws {
    var rubric = Rubric.miti421
    let lines = table(try report(rubric), width: 100)
    #expect(lines.contains { $0.hasPrefix("  % open questions (advisory)") })
    #expect(!lines.contains { $0.contains("Relational (advisory)") })

    rubric.overall = [.percentOpenQuestions, .reflectionToQuestion]
    let changed = table(try report(rubric), width: 100)
    #expect(changed.contains { $0.hasPrefix("  % open questions  ") })
    #expect(changed.contains { $0.hasPrefix("  Relational (advisory)") })
  }
}
