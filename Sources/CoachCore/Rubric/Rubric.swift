/// A scoring rubric as data: how each technique code is counted and moves the global scores, how
/// turn patterns move them, the thresholds of each band and the headline formula.
///
/// `Rubric.miti421` reproduces MITI 4.2.1 (Moyers, Manuel & Ernst, 2015); `Scenarios/rubric.json`
/// is the same rubric as a file, and course leads can ship a stricter or gentler one.
public struct Rubric: Sendable, Equatable {
  public var id: String
  public var title: String
  /// Where the rubric's figures come from.
  public var source: String
  /// Every global score starts here and stays within `globalRange`.
  public var globalStart: Hundredths
  public var globalRange: ClosedRange<Hundredths>
  /// How far one turn's movement takes its rating of a global from the start: a turn that moves
  /// Empathy by 0.3 is rated `start + scale × 0.3` on Empathy (docs/rubric.md, section 3).
  public var globalScale: Hundredths
  /// A rule for every technique code.
  public var codes: [TechniqueCode: CodeRule]
  /// The behaviours whose total is MI-adherent (MIA) and MI-non-adherent (MINA).
  public var adherentBehaviours: [Behaviour]
  public var nonAdherentBehaviours: [Behaviour]
  /// How each detected pattern moves the global scores.
  public var patterns: [PatternKind: [GlobalScore: Hundredths]]
  public var thresholds: [MetricKind: Threshold]
  /// The metrics whose lowest band is the overall band.
  public var overall: [MetricKind]
  /// Weights of the headline score's components.
  public var headline: [HeadlineComponent: Hundredths]
  /// The highest band allowed when the consultation ends badly or misses a safety task.
  public var caps: [BandCap.Reason: Band]
  /// Where the headline score's bands begin: a Fair attempt scores from `fair` up to just below
  /// `good`, a Good one from `good` to 100, a Developing one below `fair`.
  public var scoreBands: ScoreBands

  /// The lowest headline score of the Fair and Good bands, whole numbers from 1 to 99.
  public struct ScoreBands: Sendable, Equatable {
    public var fair: Int
    public var good: Int

    public init(fair: Int, good: Int) {
      self.fair = fair
      self.good = good
    }

    /// The default: Fair from 50, Good from 75.
    public static let standard = ScoreBands(fair: 50, good: 75)
  }

  /// The default caps: a negative ending caps the band at Developing, a mixed one at Fair, and
  /// any missed safety task at Developing.
  public static let standardCaps: [BandCap.Reason: Band] = [
    .negativeEnding: .developing, .mixedEnding: .fair, .missedSafety: .developing,
  ]

  /// How one technique code is scored.
  public struct CodeRule: Sendable, Equatable {
    /// The MITI behaviours a turn with this code counts as (each at most once per turn).
    public var counts: [Behaviour]
    public var family: TechniqueFamily
    /// Default movement of each global score when a choice carries this code.
    public var globals: [GlobalScore: Hundredths]

    public init(counts: [Behaviour], family: TechniqueFamily, globals: [GlobalScore: Hundredths]) {
      self.counts = counts
      self.family = family
      self.globals = globals
    }
  }

  /// The fair and good thresholds of a metric, and the smallest denominator for which a ratio is
  /// shown rather than "n/a".
  public struct Threshold: Sendable, Equatable {
    public var fair: Hundredths
    public var good: Hundredths
    public var minimumDenominator: Int

    /// A ratio needs at least two in its denominator unless a rubric says otherwise: one question
    /// does not make a ratio.
    public static let defaultMinimumDenominator = 2

    public init(fair: Hundredths, good: Hundredths, minimumDenominator: Int = Threshold.defaultMinimumDenominator) {
      self.fair = fair
      self.good = good
      self.minimumDenominator = minimumDenominator
    }

    /// The band of a value that is known to meet `fair` or `good`.
    func band(meetsGood: Bool, meetsFair: Bool) -> Band {
      meetsGood ? .good : meetsFair ? .fair : .developing
    }
  }

  public init(
    id: String, title: String, source: String, globalStart: Hundredths, globalRange: ClosedRange<Hundredths>,
    globalScale: Hundredths = Hundredths(5), codes: [TechniqueCode: CodeRule], adherentBehaviours: [Behaviour],
    nonAdherentBehaviours: [Behaviour], patterns: [PatternKind: [GlobalScore: Hundredths]],
    thresholds: [MetricKind: Threshold], overall: [MetricKind], headline: [HeadlineComponent: Hundredths],
    caps: [BandCap.Reason: Band] = Rubric.standardCaps, scoreBands: ScoreBands = .standard
  ) {
    self.id = id
    self.title = title
    self.source = source
    self.globalStart = globalStart
    self.globalRange = globalRange
    self.globalScale = globalScale
    self.caps = caps
    self.scoreBands = scoreBands
    self.codes = codes
    self.adherentBehaviours = adherentBehaviours
    self.nonAdherentBehaviours = nonAdherentBehaviours
    self.patterns = patterns
    self.thresholds = thresholds
    self.overall = overall
    self.headline = headline
  }

  /// The rubrics built into Coach, by id.
  public static let builtIns: [Rubric] = [.miti421]

  /// The built-in rubric with `id`, if there is one.
  public static func builtIn(id: String) -> Rubric? { builtIns.first { $0.id == id } }

  /// The SHA-256 of the rubric's canonical file text: what identifies a rubric, whatever its id.
  public var contentHash: String { SHA256.hex(of: Array(RubricFile.text(of: self).utf8)) }

  /// Whether this is a built-in rubric, unchanged.
  public var isBuiltIn: Bool { Rubric.builtIn(id: id) == self }

  /// The rule for `code` (every rubric has one for each code).
  public func rule(for code: TechniqueCode) -> CodeRule {
    codes[code] ?? CodeRule(counts: [], family: code.family, globals: [:])
  }

  /// How a choice moves each global score: its explicit adjustments where it has them, otherwise
  /// the sum of its codes' defaults.
  public func globalMovement(codes: [TechniqueCode], explicit: [GlobalScore: Double]) -> [GlobalScore: Hundredths] {
    var movement: [GlobalScore: Hundredths] = [:]
    for score in GlobalScore.allCases { movement[score] = self.movement(of: score, codes: codes, explicit: explicit) }
    return movement
  }

  /// How a choice moves one global score.
  private func movement(of score: GlobalScore, codes: [TechniqueCode], explicit: [GlobalScore: Double]) -> Hundredths {
    if let value = explicit[score] {
      return Hundredths(exactly: value) ?? Hundredths(raw: Int((value * 100).rounded()))
    }
    return codes.reduce(.zero) { $0 + (rule(for: $1).globals[score] ?? .zero) }
  }

  /// One number for how good a choice is under this rubric: the sum of its movements of the four
  /// global scores. Where the author gives no grades, it ranks the options at a decision point.
  public func quality(of choice: Choice) -> Hundredths {
    quality(codes: choice.codes, explicit: choice.globals)
  }

  /// `quality(of:)` for an option as the transcript records it.
  public func quality(of option: CodedTurn.Option) -> Hundredths {
    quality(codes: option.codes, explicit: option.globals)
  }

  /// The sum of `globalMovement(codes:explicit:)`'s values, without building the table: options are
  /// ranked by it at every decision point a story is checked or played at.
  private func quality(codes: [TechniqueCode], explicit: [GlobalScore: Double]) -> Hundredths {
    GlobalScore.allCases.reduce(.zero) { $0 + movement(of: $1, codes: codes, explicit: explicit) }
  }

  /// The family of a turn with these codes: non-adherent if any code is, else adherent if any
  /// code is, else neutral.
  public func family(of codes: [TechniqueCode]) -> TechniqueFamily {
    let families = codes.map { rule(for: $0).family }
    if families.contains(.nonAdherent) { return .nonAdherent }
    if families.contains(.adherent) { return .adherent }
    return .neutral
  }
}

/// A metric with bands.
public enum MetricKind: String, Sendable, Codable, CodingKeyRepresentable, CaseIterable {
  case relational
  case technical
  case percentComplexReflections = "percent-complex-reflections"
  case reflectionToQuestion = "reflection-to-question"
  case percentOpenQuestions = "percent-open-questions"

  public var title: String {
    switch self {
    case .relational: "Relational"
    case .technical: "Technical"
    case .percentComplexReflections: "% complex reflections"
    case .reflectionToQuestion: "Reflection-to-question ratio"
    case .percentOpenQuestions: "% open questions"
    }
  }

  /// Whether the metric is a ratio of counts (with a minimum denominator) rather than a mean of
  /// global scores.
  public var isRatio: Bool {
    switch self {
    case .relational, .technical: false
    default: true
    }
  }
}

/// A component of the headline score.
public enum HeadlineComponent: String, Sendable, Codable, CaseIterable {
  case relational
  case technical
  case reflectionToQuestion = "reflection-to-question"
  case percentComplexReflections = "percent-complex-reflections"
  case adherence
}
