/// The rubric's verdict on a session: every count, ratio, global score and band, the patterns
/// found and an assessment of each turn. A plain value used by the REPL, the store and exports.
public struct SessionReport: Sendable, Equatable, Codable {
  public var rubricID: String
  public var rubricTitle: String
  public var turnCount: Int
  /// MITI behaviour counts; every behaviour is present, zero or not.
  public var counts: [Behaviour: Int]
  /// MI-adherent (Affirm + Seek + Emphasize) and MI-non-adherent (Persuade + Confront) totals.
  public var mia: Int
  public var mina: Int
  /// The four global scores, 1 to 5.
  public var globals: [GlobalScore: Double]
  /// Relational, technical, % complex reflections, reflection-to-question and % open questions.
  public var metrics: [Metric]
  /// The band: the lowest among the deciding metrics, then limited by any cap that applies.
  public var overallBand: Band
  /// The band the metrics alone give, before caps; absent in reports stored before caps existed.
  public var metricBand: Band?
  /// The caps that apply to this attempt (an ending or a missed safety task), whether or not they
  /// lowered the band.
  public var caps: [BandCap]?
  /// How the story ended and which safety tasks were done; absent while it is going.
  public var conclusion: Conclusion?
  /// How the overall band is decided, in words.
  public var overallRule: String
  /// 0 to 100, one decimal place.
  public var headlineScore: Double
  /// How the headline score is computed, in words.
  public var headlineFormula: String
  public var patterns: [PatternFinding]
  public var turns: [TurnAssessment]

  /// The metric of `kind`.
  public func metric(_ kind: MetricKind) -> Metric? {
    metrics.first { $0.kind == kind }
  }

  /// The count of `behaviour`.
  public func count(_ behaviour: Behaviour) -> Int { counts[behaviour] ?? 0 }

  /// The global score `score`.
  public func global(_ score: GlobalScore) -> Double { globals[score] ?? 0 }

  /// The caps that lowered the band below what the metrics gave.
  public var bindingCaps: [BandCap] {
    guard let metricBand else { return [] }
    return (caps ?? []).filter { $0.band < metricBand && $0.band == overallBand }
  }

  /// The assessments of the poor turns, in order.
  public var poorTurns: [TurnAssessment] { turns.filter(\.isPoor) }
}

/// A limit on the band from how the consultation went beyond technique: how it ended, and
/// whether every safety task was done.
public struct BandCap: Sendable, Equatable, Codable {
  /// Why a band is capped.
  public enum Reason: String, Sendable, Codable, CaseIterable, CodingKeyRepresentable {
    case negativeEnding = "negative-ending"
    case mixedEnding = "mixed-ending"
    case missedSafety = "missed-safety"
  }

  public var reason: Reason
  /// The highest band allowed.
  public var band: Band
  /// What happened, in words: "the consultation ended negative (He walks out)".
  public var detail: String

  public init(reason: Reason, band: Band, detail: String) {
    self.reason = reason
    self.band = band
    self.detail = detail
  }
}

/// One summary metric with its band.
public struct Metric: Sendable, Equatable, Codable {
  public var kind: MetricKind
  /// The value; nil ("n/a") when its denominator is below the rubric's minimum.
  public var value: Double?
  /// How the value is shown: "4.25", "62.5%", "2.5:1", "n/a".
  public var display: String
  /// The band; nil when the value is n/a.
  public var band: Band?
  public var fair: Double
  public var good: Double
  /// Whether the metric counts towards the overall band.
  public var decidesOverall: Bool
  /// For ratios, the counts behind them ("5 / 8").
  public var numerator: Int?
  public var denominator: Int?
}

/// The rubric's view of one turn.
public struct TurnAssessment: Sendable, Equatable, Codable {
  /// 1-based.
  public var number: Int
  public var node: String
  public var talk: TalkTag?
  public var choice: CodedTurn.Option
  public var family: TechniqueFamily
  /// How the turn moved each global score (before any pattern effects).
  public var movement: [GlobalScore: Double]
  /// The sum of the movements: one number for how good the choice was.
  public var quality: Double
  public var feedback: String
  /// Whether the choice was poor at that moment: graded poor by the author, or, where the author
  /// gives no grades, non-adherent or of negative quality.
  public var isPoor: Bool
  /// The best option on offer at that moment, when it was better than the choice made.
  public var betterOption: CodedTurn.Option?
  /// The response's grade at its decision point (absent in reports stored before grades existed).
  public var grade: Grade?
  /// Whether the grade is the author's rather than derived from the codes.
  public var gradeIsAuthored: Bool?
  /// How much the turn counted in the globals.
  public var weight: Double?
  /// The patterns found at this turn.
  public var patterns: [PatternKind]
}
