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
  public var overallBand: Band
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
  /// Whether the choice was poor: non-adherent, harmful, or clearly worse than an option on offer.
  public var isPoor: Bool
  /// The best option on offer at that moment, when it was better than the choice made.
  public var betterOption: CodedTurn.Option?
  /// The patterns found at this turn.
  public var patterns: [PatternKind]
}
