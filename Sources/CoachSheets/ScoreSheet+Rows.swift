import CoachCore
import CoachStore
import Foundation

/// The sheets for each kind of score row.
extension ScoreSheet {
  /// One row per attempt: who, which scenario version, mode, status, dates, the headline score and
  /// band, and every metric (empty until complete; a ratio that was n/a stays empty).
  public init(attempts: [AttemptScore]) {
    let labels = ScenarioKey.labels(for: attempts.map(\.scenario))
    self.init(columns: Self.attemptColumns, rows: attempts.map { Self.attemptCells($0, label: labels[$0.scenario]!) })
  }

  /// The columns of a sheet with one row per attempt.
  public static let attemptColumns: [Column] =
    [
      Column("attempt", "Attempt", inTable: true, style: .shortID),
      Column("trainee", "Trainee", inTable: true),
      Column("name", "Name", inTable: true),
      Column("cohort", "Cohort", inTable: true),
    ] + scenarioColumns
    + [
      Column("mode", "Mode", inTable: true),
      Column("status", "Status", inTable: true, style: .status),
      Column("started", "Started (UTC)", inTable: true),
      Column("finished", "Finished (UTC)"),
      Column("ending", "Ending"),
      Column("turns", "Turns", inTable: true),
      Column("score", "Score", inTable: true),
      Column("band", "Band", inTable: true, style: .band),
    ] + metricColumns(prefix: "") + [Column("score_check", "Score check")]

  /// One attempt's row, its scenario shown as `label`.
  public static func attemptCells(_ attempt: AttemptScore, label: String) -> [Cell] {
    [
      .text(attempt.attempt.uuidString), .text(attempt.trainee), optional(attempt.name), optional(attempt.cohort),
    ] + scenarioCells(attempt.scenario, label: label)
      + [
        .text(attempt.mode.rawValue), .text(attempt.status.rawValue), .date(attempt.startedAt),
        attempt.finishedAt.map(Cell.date) ?? .empty, optional(attempt.ending), .integer(attempt.turnCount),
        attempt.figures.map { .decimal($0.score, places: 1) } ?? .empty,
        attempt.figures.map { .text($0.band.rawValue) } ?? .empty,
      ] + metricCells(attempt.figures) + [.text(attempt.check.label)]
  }

  public init(trainees: [TraineeScore]) {
    let labels = ScenarioKey.labels(for: trainees.map(\.scenario))
    let columns: [Column] =
      [
        Column("trainee", "Trainee", inTable: true),
        Column("name", "Name", inTable: true),
        Column("cohort", "Cohort", inTable: true),
      ] + Self.scenarioColumns
      + [
        Column("attempts", "Attempts", inTable: true),
        Column("complete", "Complete"),
        Column("best_score", "Best", inTable: true),
        Column("latest_score", "Latest", inTable: true),
        Column("latest_band", "Band", inTable: true, style: .band),
        Column("trend", "Trend", inTable: true, style: .trend),
        Column("first_started", "First started (UTC)"),
        Column("last_started", "Last started (UTC)"),
      ] + Self.metricColumns(prefix: "latest_")
    let rows = trainees.map { trainee -> [Cell] in
      [.text(trainee.trainee), Self.optional(trainee.name), Self.optional(trainee.cohort)]
        + Self.scenarioCells(trainee.scenario, label: labels[trainee.scenario]!)
        + [
          .integer(trainee.attempts), .integer(trainee.complete),
          trainee.best.map { .decimal($0, places: 1) } ?? .empty,
          trainee.latest.map { .decimal($0, places: 1) } ?? .empty,
          trainee.latestBand.map { .text($0.rawValue) } ?? .empty,
          trainee.trend.map { .decimal($0, places: 1) } ?? .empty,
          .date(trainee.firstStarted), .date(trainee.lastStarted),
        ] + Self.metricCells(trainee.latestFigures)
    }
    self.init(columns: columns, rows: rows)
  }

  /// One row per recorded turn, undone ones included.
  public init(turns: [TurnScore]) {
    let labels = ScenarioKey.labels(for: turns.map(\.scenario))
    let columns: [Column] =
      [
        Column("attempt", "Attempt", inTable: true, style: .shortID),
        Column("trainee", "Trainee", inTable: true),
        Column("name", "Name"),
        Column("cohort", "Cohort"),
      ] + Self.scenarioColumns
      + [
        Column("mode", "Mode"),
        Column("status", "Status"),
        Column("index", "#", inTable: true),
        Column("node", "Node", inTable: true),
        Column("choice", "Choice", inTable: true),
        Column("codes", "Codes", inTable: true),
        Column("seconds_to_answer", "Seconds", inTable: true),
        Column("answered", "Answered (UTC)"),
        Column("undone", "Undone", inTable: true),
        Column("quality", "Quality", inTable: true),
        Column("poor", "Poor"),
        Column("state_after", "State after"),
        Column("typed", "Typed"),
      ]
    let rows = turns.map { row -> [Cell] in
      let turn = row.turn
      return [.text(row.attempt.uuidString), .text(row.trainee), Self.optional(row.name), Self.optional(row.cohort)]
        + Self.scenarioCells(row.scenario, label: labels[row.scenario]!)
        + [
          .text(row.mode.rawValue), .text(row.status.rawValue), .integer(turn.index), .text(turn.node),
          .text(turn.choice), .text(turn.codes.map(\.rawValue).joined(separator: " ")),
          .decimal(turn.secondsToAnswer, places: 3), .date(turn.answeredAt), .flag(turn.undone),
          row.quality.map { .decimal($0, places: 2) } ?? .empty, row.isPoor.map(Cell.flag) ?? .empty,
          .text(ScoreSheet.jsonText(turn.stateAfter)), Self.optional(turn.typed),
        ]
    }
    self.init(columns: columns, rows: rows)
  }

  // MARK: - Shared columns

  private static let scenarioColumns = [
    Column("scenario", "Scenario", inTable: true),
    Column("scenario_id", "Scenario id"),
    Column("scenario_version", "Version"),
    Column("content_hash", "Content hash"),
    Column("rubric", "Rubric"),
    Column("rubric_hash", "Rubric hash"),
  ]

  private static func scenarioCells(_ key: ScenarioKey, label: String) -> [Cell] {
    [
      .text(label), .text(key.id), .text(key.version), .text(key.contentHash), .text(key.rubricID),
      .text(key.rubricHash ?? ""),
    ]
  }

  /// Behaviour counts by their MITI codes, MIA, MINA, the four globals and the five summary
  /// metrics; percentages are 0 to 100.
  private static func metricColumns(prefix: String) -> [Column] {
    Behaviour.allCases.map { Column(prefix + $0.rawValue, $0.title) } + [
      Column(prefix + "MIA", "MI-adherent"),
      Column(prefix + "MINA", "MI-non-adherent"),
      Column(prefix + "cultivating_change_talk", "Cultivating Change Talk"),
      Column(prefix + "softening_sustain_talk", "Softening Sustain Talk"),
      Column(prefix + "partnership", "Partnership"),
      Column(prefix + "empathy", "Empathy"),
      Column(prefix + "relational", "Relational"),
      Column(prefix + "technical", "Technical"),
      Column(prefix + "pct_complex_reflections", "% complex reflections"),
      Column(prefix + "reflection_to_question", "Reflection-to-question"),
      Column(prefix + "pct_open_questions", "% open questions"),
    ]
  }

  private static func metricCells(_ figures: ScoreFigures?) -> [Cell] {
    guard let figures else { return Array(repeating: .empty, count: Behaviour.allCases.count + 11) }
    func metric(_ kind: MetricKind, scale: Double = 1, places: Int) -> Cell {
      figures.metrics[kind].map { .decimal($0 * scale, places: places) } ?? .empty
    }
    return Behaviour.allCases.map { .integer(figures.counts[$0] ?? 0) } + [
      .integer(figures.mia), .integer(figures.mina),
    ]
      + GlobalScore.allCases.map { score in figures.globals[score].map { .decimal($0, places: 2) } ?? .empty }
      + [
        metric(.relational, places: 3), metric(.technical, places: 3),
        metric(.percentComplexReflections, scale: 100, places: 1), metric(.reflectionToQuestion, places: 2),
        metric(.percentOpenQuestions, scale: 100, places: 1),
      ]
  }

  private static func optional(_ text: String?) -> Cell {
    text.map(Cell.text) ?? .empty
  }
}
