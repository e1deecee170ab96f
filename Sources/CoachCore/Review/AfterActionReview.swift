/// Everything a trainee needs to learn from an attempt, in one value: the score and why, the
/// safety tasks and learning objectives, the ending's debrief for the path taken, and every turn
/// with its feedback and, where there was one, the better option and why it is better.
///
/// Built from a session and its report, so it can be rebuilt at any time from stored turns.
/// The terminal, `--json` and the HTML page render it; none of them decides anything.
public struct AfterActionReview: Sendable, Codable, Equatable {
  public struct ScenarioInfo: Sendable, Codable, Equatable {
    public var id: String
    public var version: String
    public var title: String
    public var patient: String
  }

  /// One turn as the trainee lived it.
  public struct Turn: Sendable, Codable, Equatable {
    public var number: Int
    public var node: String
    /// Who spoke before the response, and what they said (absent when the node is silent).
    public var speaker: String
    public var patientSaid: String?
    public var assessment: TurnAssessment
    /// What the trainee typed in their own words first (`--say-first`), and what Coach's coder
    /// heard in it; absent when they typed nothing.
    public var typed: String?
    public var heard: UtteranceCoder.Result?
  }

  /// Advisory figures on the typed responses: they never change the score.
  public struct TypedFigures: Sendable, Codable, Equatable {
    /// Turns with a typed response.
    public var typed: Int
    /// Of those, how many the coder heard a reflection (or summary) in, and a question in.
    public var withReflection: Int
    public var withQuestion: Int
    /// The share with a reflection in the first half of the typed responses and in the second
    /// half, to show how it moved across the attempt; nil with fewer than two.
    public var reflectingEarly: Double?
    public var reflectingLate: Double?
  }

  /// A metric in plain words, with a tip when it is below good.
  public struct MetricNote: Sendable, Codable, Equatable {
    public var kind: MetricKind
    public var display: String
    public var band: Band?
    public var meaning: String
    public var tip: String?
  }

  public var scenario: ScenarioInfo
  public var objectives: [ObjectiveResult]
  /// The ending, its outcome and the debrief paragraphs for the path taken; nil while unfinished.
  public var ending: EndingInfo?
  public var report: SessionReport
  public var turns: [Turn]
  public var metricNotes: [MetricNote]
  /// Present when the trainee typed any response of their own.
  public var typedFigures: TypedFigures?
  /// The patient's visible state at the start and after each turn.
  public var visibleState: StateTimeline

  public struct EndingInfo: Sendable, Codable, Equatable {
    public var id: String
    public var title: String
    public var outcome: Outcome
    public var debrief: [String]
  }

  /// The review of `session` as `report` scored it; `typed` holds what the trainee typed for each
  /// of the session's turns, in order (say-first play).
  public init(session: Session, report: SessionReport, typed: [String?] = []) {
    let scenario = session.scenario
    self.scenario = ScenarioInfo(
      id: scenario.id, version: scenario.version, title: scenario.title, patient: scenario.patient.name)
    self.objectives =
      session.isFinished
      ? session.objectiveResults
      : scenario.objectives.map {
        ObjectiveResult(text: $0.text, met: nil)
      }
    self.ending = session.ending.map {
      EndingInfo(id: session.node.id, title: $0.title, outcome: $0.outcome, debrief: session.debrief)
    }
    self.report = report
    // The patient's words as the trainee read them, where they vary with the state.
    let moments = scenario.hasVaryingText ? session.momentsBeforeTurns() : []
    self.turns = report.turns.map { assessment in
      let node = scenario.node(id: assessment.node)
      let words = assessment.number <= typed.count ? typed[assessment.number - 1] : nil
      let moment = moments.indices.contains(assessment.number - 1) ? moments[assessment.number - 1] : nil
      return Turn(
        number: assessment.number, node: assessment.node,
        speaker: node?.speaker ?? scenario.patient.name, patientSaid: moment?.patientLine ?? node?.patient,
        assessment: assessment, typed: words, heard: words.map(UtteranceCoder.code))
    }
    self.metricNotes = Self.notes(report)
    self.visibleState = StateTimeline(session: session)
    self.typedFigures = Self.typedFigures(turns)
  }

  static func typedFigures(_ turns: [Turn]) -> TypedFigures? {
    let heard = turns.compactMap(\.heard)
    guard !heard.isEmpty else { return nil }
    let reflects = heard.map { $0.kind == .reflection }
    func share(_ slice: ArraySlice<Bool>) -> Double? {
      slice.isEmpty ? nil : Double(slice.filter { $0 }.count) / Double(slice.count)
    }
    let half = reflects.count / 2
    return TypedFigures(
      typed: heard.count, withReflection: reflects.filter { $0 }.count,
      withQuestion: heard.filter { $0.contains(.openQuestion) || $0.contains(.closedQuestion) }.count,
      reflectingEarly: reflects.count >= 2 ? share(reflects[..<half]) : nil,
      reflectingLate: reflects.count >= 2 ? share(reflects[half...]) : nil)
  }

  /// The strengths found: patterns to the trainee's credit.
  public var strengths: [PatternFinding] { report.patterns.filter(\.kind.isStrength) }

  /// Patterns to work on, such as the righting reflex, each with its turn.
  public var patternsToWorkOn: [PatternFinding] { report.patterns.filter { !$0.kind.isStrength } }

  /// The poor turns, in order.
  public var turnsToRevisit: [Turn] { turns.filter(\.assessment.isPoor) }

  /// Turns that were not poor, but where a stronger option was on offer.
  public var turnsThatCouldBeStronger: [Turn] {
    turns.filter { !$0.assessment.isPoor && $0.assessment.betterOption != nil }
  }

  static func notes(_ report: SessionReport) -> [MetricNote] {
    let order: [MetricKind] = [
      .reflectionToQuestion, .percentComplexReflections, .percentOpenQuestions, .relational, .technical,
    ]
    return order.compactMap { kind in
      guard let metric = report.metric(kind) else { return nil }
      let tip: String? =
        switch metric.band {
        case .good: nil
        case nil: kind.tipWhenUnrated
        default: kind.tip
        }
      return MetricNote(kind: kind, display: metric.display, band: metric.band, meaning: kind.meaning, tip: tip)
    }
  }
}

extension MetricKind {
  /// What the metric measures, in one plain sentence.
  public var meaning: String {
    switch self {
    case .reflectionToQuestion:
      "How many reflections you offered for each question you asked."
    case .percentComplexReflections:
      "Of your reflections, the share that added meaning (a feeling, a reason, the other side) rather than repeating."
    case .percentOpenQuestions:
      "Of your questions, the share that invite a story rather than a yes, a no or a fact."
    case .relational:
      "Partnership and empathy: how far you worked alongside the patient and showed you understood their view."
    case .technical:
      "How well you drew out the patient's own reasons for change and softened the arguments against it."
    }
  }

  /// One thing to try when the metric is below good.
  public var tip: String {
    switch self {
    case .reflectionToQuestion:
      "You asked more than you reflected: try following each answer with a reflection before the next question."
    case .percentComplexReflections:
      "Go beyond repeating the words: guess at the feeling or the reason beneath what the patient said."
    case .percentOpenQuestions:
      "Swap questions that start \"Do you…\" or \"Is it…\" for ones that start \"What…\" or \"How…\"."
    case .relational:
      "Ask permission before giving advice, and reflect the feeling as well as the facts."
    case .technical:
      "When the patient voices a reason to change, reflect it back; when they argue against change, reflect that "
        + "too rather than arguing back."
    }
  }

  /// What to do when there were too few turns to rate the metric.
  public var tipWhenUnrated: String {
    switch self {
    case .reflectionToQuestion, .percentOpenQuestions:
      "Too few questions to rate; that is fine if you were reflecting instead."
    case .percentComplexReflections:
      "Too few reflections to rate: reflecting what the patient says is the core skill to practise."
    case .relational, .technical:
      tip
    }
  }
}
