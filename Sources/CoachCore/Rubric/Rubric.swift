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

    public init(fair: Hundredths, good: Hundredths, minimumDenominator: Int = 0) {
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
    codes: [TechniqueCode: CodeRule], adherentBehaviours: [Behaviour], nonAdherentBehaviours: [Behaviour],
    patterns: [PatternKind: [GlobalScore: Hundredths]], thresholds: [MetricKind: Threshold], overall: [MetricKind],
    headline: [HeadlineComponent: Hundredths]
  ) {
    self.id = id
    self.title = title
    self.source = source
    self.globalStart = globalStart
    self.globalRange = globalRange
    self.codes = codes
    self.adherentBehaviours = adherentBehaviours
    self.nonAdherentBehaviours = nonAdherentBehaviours
    self.patterns = patterns
    self.thresholds = thresholds
    self.overall = overall
    self.headline = headline
  }

  /// The rule for `code` (every rubric has one for each code).
  public func rule(for code: TechniqueCode) -> CodeRule {
    codes[code] ?? CodeRule(counts: [], family: code.family, globals: [:])
  }

  /// How a choice moves each global score: its explicit adjustments where it has them, otherwise
  /// the sum of its codes' defaults.
  public func globalMovement(codes: [TechniqueCode], explicit: [GlobalScore: Double]) -> [GlobalScore: Hundredths] {
    var movement: [GlobalScore: Hundredths] = [:]
    for score in GlobalScore.allCases {
      if let value = explicit[score] {
        movement[score] = Hundredths(exactly: value) ?? Hundredths(raw: Int((value * 100).rounded()))
      } else {
        movement[score] = codes.reduce(.zero) { $0 + (rule(for: $1).globals[score] ?? .zero) }
      }
    }
    return movement
  }

  /// One number for how good a choice is under this rubric: the sum of its movements of the four
  /// global scores. Used to find a better option and to hint.
  public func quality(of choice: Choice) -> Hundredths {
    globalMovement(codes: choice.codes, explicit: choice.globals).values.reduce(.zero, +)
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
}

/// A component of the headline score.
public enum HeadlineComponent: String, Sendable, Codable, CaseIterable {
  case relational
  case technical
  case reflectionToQuestion = "reflection-to-question"
  case percentComplexReflections = "percent-complex-reflections"
  case adherence
}
