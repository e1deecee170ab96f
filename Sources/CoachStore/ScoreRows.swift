import CoachCore
import Foundation

/// Which scenario an attempt was scored on: attempts are only ever compared within one scenario
/// version, file content and rubric.
public struct ScenarioKey: Sendable, Hashable, Comparable {
  public var id: String
  public var version: String
  /// SHA-256 of the scenario file.
  public var contentHash: String
  public var rubricID: String
  /// SHA-256 of the rubric's canonical text; nil for attempts recorded before rubrics were hashed.
  public var rubricHash: String?

  public init(id: String, version: String, contentHash: String, rubricID: String, rubricHash: String? = nil) {
    self.id = id
    self.version = version
    self.contentHash = contentHash
    self.rubricID = rubricID
    self.rubricHash = rubricHash
  }

  /// The rubric as a person reads it: its id, and the start of its hash when another rubric
  /// of the same id scored other attempts, or when it is not the built-in rubric of that id.
  func rubricLabel(distinguishHash: Bool) -> String {
    guard let hash = rubricHash else { return rubricID }
    let builtIn = Rubric.builtIn(id: rubricID)
    if let builtIn, builtIn.contentHash != hash { return "\(rubricID)#\(hash.prefix(8)), not the built-in" }
    return distinguishHash ? "\(rubricID)#\(hash.prefix(8))" : rubricID
  }

  /// `id@version`.
  public var versioned: String { "\(id)@\(version)" }

  public static func < (lhs: ScenarioKey, rhs: ScenarioKey) -> Bool {
    (lhs.id, lhs.version, lhs.contentHash, lhs.rubricID, lhs.rubricHash ?? "")
      < (rhs.id, rhs.version, rhs.contentHash, rhs.rubricID, rhs.rubricHash ?? "")
  }

  /// How to show each key among `keys`: `id@version`, with the start of the content hash when one
  /// version was played from files with different content, and the rubric when several were used.
  public static func labels(for keys: some Sequence<ScenarioKey>) -> [ScenarioKey: String] {
    let unique = Set(keys)
    let hashesPerVersion = Dictionary(grouping: unique, by: \.versioned).mapValues { Set($0.map(\.contentHash)) }
    var labels: [ScenarioKey: String] = [:]
    for key in unique {
      var label = key.versioned
      if hashesPerVersion[key.versioned, default: []].count > 1 { label += "#" + key.contentHash.prefix(8) }
      labels[key] = label
    }
    let hashesPerRubric = Dictionary(grouping: unique, by: \.rubricID).mapValues { Set($0.map(\.rubricHash)) }
    let rubrics = unique.map { key in
      (key, key.rubricLabel(distinguishHash: hashesPerRubric[key.rubricID, default: []].count > 1))
    }
    let rubricsPerLabel = Dictionary(grouping: rubrics, by: { labels[$0.0]! }).mapValues { Set($0.map(\.1)) }
    for (key, rubric) in rubrics
    where rubricsPerLabel[labels[key]!, default: []].count > 1 || rubric.hasSuffix("not the built-in") {
      labels[key]! += " (\(rubric))"
    }
    return labels
  }
}

/// The figures of a complete attempt, from its report.
public struct ScoreFigures: Sendable, Equatable {
  /// The headline score, 0 to 100.
  public var score: Double
  public var band: Band
  /// Every MITI behaviour count.
  public var counts: CaseTable<Behaviour, Int>
  public var mia: Int
  public var mina: Int
  /// The four global scores, 1 to 5.
  public var globals: CaseTable<GlobalScore, Double>
  /// The summary metrics; a metric that was n/a is absent.
  public var metrics: CaseTable<MetricKind, Double>
}

/// One attempt, for `--per attempt`.
public struct AttemptScore: Sendable, Equatable {
  public var attempt: UUID
  public var trainee: String
  public var name: String?
  public var cohort: String?
  public var scenario: ScenarioKey
  public var scenarioTitle: String
  public var mode: AttemptMode
  public var status: AttemptStatus
  public var startedAt: Date
  public var finishedAt: Date?
  public var ending: String?
  /// Turns answered and not taken back.
  public var turnCount: Int
  /// Only complete attempts have figures.
  public var figures: ScoreFigures?
  /// Whether the stored figures are what the attempt's turns earn.
  public var check: ScoreCheck = .unchecked
}

/// What recomputing an attempt's score from its turns found.
public enum ScoreCheck: Sendable, Equatable {
  /// The stored score and figures are what the turns earn (or, in progress, there is none).
  case verified
  /// They are not: why, in words. The stored row was changed, or forged.
  case differs(String)
  /// Not recomputed: the attempt was recorded before scenarios' contents were kept.
  case unchecked

  /// `ok`, `differs` or `unchecked`, as a sheet shows it.
  public var label: String {
    switch self {
    case .verified: "ok"
    case .differs: "differs"
    case .unchecked: "unchecked"
    }
  }
}

/// One trainee on one scenario version, for `--per trainee`.
public struct TraineeScore: Sendable, Equatable {
  public var trainee: String
  public var name: String?
  /// The cohort of their latest attempt.
  public var cohort: String?
  public var scenario: ScenarioKey
  public var scenarioTitle: String
  /// Attempts of every status.
  public var attempts: Int
  public var complete: Int
  public var best: Double?
  public var latest: Double?
  public var latestBand: Band?
  /// The latest score minus the one before it; nil with fewer than two complete attempts.
  public var trend: Double?
  public var firstStarted: Date
  public var lastStarted: Date
  /// The figures of the latest complete attempt.
  public var latestFigures: ScoreFigures?
}

/// One recorded turn, for `--per turn`.
public struct TurnScore: Sendable, Equatable {
  public var attempt: UUID
  public var trainee: String
  public var name: String?
  public var cohort: String?
  public var scenario: ScenarioKey
  public var mode: AttemptMode
  public var status: AttemptStatus
  public var turn: TurnRecord
  /// How good the choice was, from the report of a complete attempt (not for undone turns).
  public var quality: Double?
  /// Whether the rubric found the choice poor, likewise.
  public var isPoor: Bool?
}

/// One attempt for the cohort dashboard: its score row, the label its scenario version gets, and
/// from the stored report of a complete attempt each assessed turn and the safety tasks.
public struct CohortAttempt: Sendable, Equatable {
  public var score: AttemptScore
  /// How `coach scores` labels its scenario version.
  public var label: String
  /// Where the scenario was loaded from when the attempt began.
  public var scenarioPath: String
  /// The turns the report assessed, in order; empty when the attempt is not complete.
  public var turns: [CohortOverview.TurnOutcome]
  /// The safety tasks at the ending; empty when the attempt is not complete.
  public var safety: [SafetyResult]

  public init(
    score: AttemptScore, label: String, scenarioPath: String, turns: [CohortOverview.TurnOutcome],
    safety: [SafetyResult]
  ) {
    self.score = score
    self.label = label
    self.scenarioPath = scenarioPath
    self.turns = turns
    self.safety = safety
  }

  /// The attempt as the overview reads it.
  public var overviewAttempt: CohortOverview.Attempt {
    CohortOverview.Attempt(
      trainee: score.trainee, name: score.name, cohort: score.cohort, scenario: label,
      scenarioTitle: score.scenarioTitle, startedAt: score.startedAt, finishedAt: score.finishedAt,
      score: score.figures?.score, band: score.figures?.band, turns: turns, safety: safety)
  }
}

extension TraineeScore {
  /// One row per trainee and scenario version among `attempts`, by trainee then scenario.
  public static func grouping(_ attempts: [AttemptScore]) -> [TraineeScore] {
    let groups = Dictionary(grouping: attempts) { GroupKey(trainee: $0.trainee, scenario: $0.scenario) }
    return groups.keys.sorted().map { key in
      let group = groups[key]!
      let complete = group.filter { $0.figures != nil }.sorted {
        ($0.finishedAt ?? $0.startedAt, $0.startedAt, $0.attempt.uuidString)
          < ($1.finishedAt ?? $1.startedAt, $1.startedAt, $1.attempt.uuidString)
      }
      let latest = complete.last?.figures
      let previous = complete.count >= 2 ? complete[complete.count - 2].figures : nil
      let trend = latest.flatMap { latest in previous.map { ((latest.score - $0.score) * 10).rounded() / 10 } }
      return TraineeScore(
        trainee: key.trainee, name: group.last!.name, cohort: group.last!.cohort, scenario: key.scenario,
        scenarioTitle: group.last!.scenarioTitle, attempts: group.count, complete: complete.count,
        best: complete.compactMap { $0.figures?.score }.max(), latest: latest?.score, latestBand: latest?.band,
        trend: trend, firstStarted: group.first!.startedAt, lastStarted: group.last!.startedAt,
        latestFigures: latest)
    }
  }

  private struct GroupKey: Hashable, Comparable {
    var trainee: String
    var scenario: ScenarioKey

    static func < (lhs: GroupKey, rhs: GroupKey) -> Bool {
      (lhs.trainee, lhs.scenario) < (rhs.trainee, rhs.scenario)
    }
  }
}

extension TurnScore {
  /// One row per recorded turn of each attempt, in order, with the quality and verdict its
  /// report (stored JSON, when complete) gives each turn not taken back.
  package static func rows(
    _ attempts: [(score: AttemptScore, report: SessionReport?)], turns: (UUID) -> [TurnRecord]
  ) -> [TurnScore] {
    var rows: [TurnScore] = []
    for (score, report) in attempts {
      let turns = turns(score.attempt)
      // The report assesses the turns that were not taken back, in order.
      let assessments = report?.turns ?? []
      let kept = turns.filter { !$0.undone }
      let matched = assessments.count == kept.count
      var next = 0
      for turn in turns {
        var quality: Double?
        var isPoor: Bool?
        if !turn.undone {
          if matched {
            quality = assessments[next].quality
            isPoor = assessments[next].isPoor
          }
          next += 1
        }
        rows.append(
          TurnScore(
            attempt: score.attempt, trainee: score.trainee, name: score.name, cohort: score.cohort,
            scenario: score.scenario, mode: score.mode, status: score.status, turn: turn, quality: quality,
            isPoor: isPoor))
      }
    }
    return rows
  }
}
