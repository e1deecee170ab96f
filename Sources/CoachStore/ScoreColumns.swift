import CoachCore
import Foundation

/// The columns a score row is made from, each by name. Both engines select them in `all` order
/// (and any extra columns after them) and read a row through `ScoreRowReader` by column, so no
/// code counts positions in a row.
package enum ScoreColumn: Hashable, Sendable {
  case id, trainee, name, cohort, scenarioID, scenarioVersion, contentHash, rubricID, rubricHash, title, mode
  case status, startedAt, finishedAt, ending, turnCount, score, band, mia, mina
  case count(Behaviour)
  case global(GlobalScore)
  case metric(MetricKind)

  /// The columns that come before the figures, in selection order.
  private static let header: [ScoreColumn] = [
    .id, .trainee, .name, .cohort, .scenarioID, .scenarioVersion, .contentHash, .rubricID, .rubricHash, .title,
    .mode, .status, .startedAt, .finishedAt, .ending, .turnCount, .score, .band, .mia, .mina,
  ]

  /// Every column, in the order a query selects them.
  package static let all: [ScoreColumn] =
    header + Behaviour.allCases.map(ScoreColumn.count) + GlobalScore.allCases.map(ScoreColumn.global)
    + MetricKind.allCases.map(ScoreColumn.metric)

  /// The index of the first column after these, where a query's extra columns start.
  package static var extraStart: Int { all.count }

  /// Where the column stands in `all`.
  package var index: Int {
    switch self {
    case .count(let behaviour): Self.header.count + behaviour.position
    case .global(let global): Self.header.count + Behaviour.allCases.count + global.position
    case .metric(let kind): Self.header.count + Behaviour.allCases.count + GlobalScore.allCases.count + kind.position
    default: Self.header.firstIndex(of: self)!
    }
  }
}

/// A row of score columns, read by column: each engine reads its own values.
package protocol ScoreRowReader {
  func text(_ column: ScoreColumn) throws -> String?
  func integer(_ column: ScoreColumn) throws -> Int?
  func number(_ column: ScoreColumn) throws -> Double?
  func date(_ column: ScoreColumn) throws -> Date?
  func uuid(_ column: ScoreColumn) throws -> UUID?
}

extension AttemptScore {
  /// The score row `row` holds. Throws `StoreJSON.Damage` when a value cannot be what it stands
  /// for (an unknown mode, a missing start).
  package init(reading row: some ScoreRowReader) throws {
    guard let id = try row.uuid(.id) else {
      throw StoreJSON.Damage(what: "an attempt", detail: "its id is not a UUID")
    }
    func required<T>(_ value: T?, _ what: String) throws -> T {
      guard let value else { throw StoreJSON.Damage(what: "attempt \(id)", detail: "it has no \(what)") }
      return value
    }
    let modeText = try required(try row.text(.mode), "mode")
    let statusText = try required(try row.text(.status), "status")
    guard let mode = AttemptMode(rawValue: modeText), let status = AttemptStatus(rawValue: statusText) else {
      throw StoreJSON.Damage(what: "attempt \(id)", detail: "unknown mode \(modeText) or status \(statusText)")
    }
    var figures: ScoreFigures?
    if status == .complete, let score = try row.number(.score), let bandText = try row.text(.band) {
      guard let band = Band(rawValue: bandText) else {
        throw StoreJSON.Damage(what: "attempt \(id)", detail: "unknown band \(bandText)")
      }
      var counts = CaseTable<Behaviour, Int>()
      for behaviour in Behaviour.allCases { counts[behaviour] = try row.integer(.count(behaviour)) ?? 0 }
      var globals = CaseTable<GlobalScore, Double>()
      for global in GlobalScore.allCases { globals[global] = try row.number(.global(global)) }
      var metrics = CaseTable<MetricKind, Double>()
      for kind in MetricKind.allCases { metrics[kind] = try row.number(.metric(kind)) }
      figures = ScoreFigures(
        score: score, band: band, counts: counts, mia: try row.integer(.mia) ?? 0, mina: try row.integer(.mina) ?? 0,
        globals: globals, metrics: metrics)
    }
    self.init(
      attempt: id, trainee: try required(try row.text(.trainee), "trainee"), name: try row.text(.name),
      cohort: try row.text(.cohort),
      scenario: ScenarioKey(
        id: try required(try row.text(.scenarioID), "scenario"),
        version: try required(try row.text(.scenarioVersion), "scenario version"),
        contentHash: try required(try row.text(.contentHash), "content hash"),
        rubricID: try required(try row.text(.rubricID), "rubric"), rubricHash: try row.text(.rubricHash)),
      scenarioTitle: try required(try row.text(.title), "title"), mode: mode, status: status,
      startedAt: try required(try row.date(.startedAt), "start"), finishedAt: try row.date(.finishedAt),
      ending: try row.text(.ending), turnCount: try row.integer(.turnCount) ?? 0, figures: figures)
  }
}

/// The figures a complete attempt's report gives its score columns, in the order of the columns.
package struct ReportColumns: Sendable, Equatable {
  package var score: Double
  package var band: String
  /// In `Behaviour.allCases` order.
  package var counts: [Int]
  package var mia: Int
  package var mina: Int
  /// In `GlobalScore.allCases` order.
  package var globals: [Double?]
  /// In `MetricKind.allCases` order; nil where n/a.
  package var metrics: [Double?]

  /// The figures a score row holds.
  package init(_ figures: ScoreFigures) {
    score = figures.score
    band = figures.band.rawValue
    counts = Behaviour.allCases.map { figures.counts[$0] ?? 0 }
    mia = figures.mia
    mina = figures.mina
    globals = GlobalScore.allCases.map { figures.globals[$0] }
    metrics = MetricKind.allCases.map { figures.metrics[$0] }
  }

  package init(_ report: SessionReport) {
    score = report.headlineScore
    band = report.overallBand.rawValue
    counts = Behaviour.allCases.map { report.count($0) }
    mia = report.mia
    mina = report.mina
    globals = GlobalScore.allCases.map { Optional(report.global($0)) }
    metrics = MetricKind.allCases.map { report.metric($0)?.value }
  }
}

extension AttemptScore {
  /// The attempt's header, as far as a score row has it (not where its scenario was loaded from).
  package var header: AttemptHeader {
    AttemptHeader(
      id: attempt, trainee: trainee, cohort: cohort, scenarioID: scenario.id, scenarioVersion: scenario.version,
      scenarioTitle: scenarioTitle, contentHash: scenario.contentHash, scenarioPath: "", mode: mode,
      rubricID: scenario.rubricID, rubricHash: scenario.rubricHash, status: status, startedAt: startedAt,
      finishedAt: finishedAt, ending: ending)
  }

  /// Recomputes the attempt from `log` with `rebuild` and records in `check` whether the stored
  /// figures are what its turns earn. Returns the rebuilt attempt; nil for an attempt without a
  /// log (recorded before scenarios were kept), which stays unchecked, or one that cannot be
  /// rebuilt, which differs.
  package mutating func verify(
    log: AttemptLog?, seed: UInt64?, rebuild: (AttemptHeader, UInt64?, AttemptLog) throws -> ReplayedAttempt
  ) -> ReplayedAttempt? {
    let header = header
    return withoutActuallyEscaping(rebuild) { rebuild in
      verify(log: log, replaying: { try rebuild(header, seed, $0) }, earned: { _ in nil })
    }
  }

  /// Records in `check` whether the stored figures are the ones `earned` gives for `log` (the
  /// choices that stand, replayed and scored): enough to check a score, without rebuilding every
  /// turn.
  package mutating func verifyScore(log: AttemptLog?, earned: (AttemptLog) throws -> ReportColumns?) {
    _ = verify(log: log, replaying: nil, earned: earned)
  }

  private mutating func verify(
    log: AttemptLog?, replaying: ((AttemptLog) throws -> ReplayedAttempt)?,
    earned: (AttemptLog) throws -> ReportColumns?
  ) -> ReplayedAttempt? {
    guard let log else {
      check = .unchecked
      return nil
    }
    do {
      let replayed = try replaying?(log)
      let recomputed = try replayed.map { $0.report.map(ReportColumns.init) } ?? earned(log)
      let disagreement = ReportColumns.disagreement(stored: figures.map(ReportColumns.init), earned: recomputed)
      check = disagreement.map(ScoreCheck.differs) ?? .verified
      if turnCount != log.keptCount { check = .differs("its count of turns is not what its log holds") }
      return replayed
    } catch let damage as StoreJSON.Damage {
      check = .differs(damage.detail)
    } catch {
      check = .differs("it cannot be replayed")
    }
    return nil
  }
}
