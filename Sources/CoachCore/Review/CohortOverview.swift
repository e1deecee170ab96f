import Foundation

/// What a course lead wants to see across a cohort, per scenario version: each trainee's headline
/// score over their attempts, how the attempts fall into bands, the decision points where most
/// attempts chose a poor response (and which poor response), and how often each safety task was
/// missed.
///
/// Built from stored attempts and the stored reports of the complete ones; it decides nothing the
/// rubric did not already decide. The cohort page (`coach scores --html`) renders it.
public struct CohortOverview: Sendable, Equatable {
  /// One stored attempt, as the overview needs it.
  public struct Attempt: Sendable, Equatable {
    public var trainee: String
    public var name: String?
    public var cohort: String?
    /// The scenario version the attempt was scored on, as `coach scores` labels it
    /// (`id@version`, with more when files or rubrics differ): attempts are grouped by it and
    /// never compared across it.
    public var scenario: String
    public var scenarioTitle: String
    public var startedAt: Date
    public var finishedAt: Date?
    /// The headline score and band of a complete attempt.
    public var score: Double?
    public var band: Band?
    /// The turns the report assessed, in order; empty for an attempt that is not complete.
    public var turns: [TurnOutcome]
    /// The safety tasks, done or missed, at the ending; empty when not complete.
    public var safety: [SafetyResult]

    public init(
      trainee: String, name: String?, cohort: String?, scenario: String, scenarioTitle: String, startedAt: Date,
      finishedAt: Date?, score: Double?, band: Band?, turns: [TurnOutcome], safety: [SafetyResult]
    ) {
      self.trainee = trainee
      self.name = name
      self.cohort = cohort
      self.scenario = scenario
      self.scenarioTitle = scenarioTitle
      self.startedAt = startedAt
      self.finishedAt = finishedAt
      self.score = score
      self.band = band
      self.turns = turns
      self.safety = safety
    }
  }

  /// One assessed turn: where it was, what was chosen and whether the rubric found it poor.
  public struct TurnOutcome: Sendable, Equatable {
    public var node: String
    public var choice: String
    /// The response's words.
    public var say: String
    public var isPoor: Bool

    public init(node: String, choice: String, say: String, isPoor: Bool) {
      self.node = node
      self.choice = choice
      self.say = say
      self.isPoor = isPoor
    }
  }

  /// What the scenario file adds for a scenario version: the headline thresholds of the rubric
  /// that scored it, and the words at each decision point. Absent when the file cannot be found
  /// or no longer matches the attempts.
  public struct ScenarioContext: Sendable, Equatable {
    /// The headline score where Fair and Good begin (the rubric's `score-bands`).
    public var fairFrom: Double
    public var goodFrom: Double
    /// Each decision point's speaker and line, by node id.
    public var lines: [String: Line]
    /// The decision points' ids in the order the file gives them.
    public var order: [String]

    /// A decision point's words.
    public struct Line: Sendable, Equatable {
      public var speaker: String
      public var text: String?

      public init(speaker: String, text: String?) {
        self.speaker = speaker
        self.text = text
      }
    }

    public init(fairFrom: Double, goodFrom: Double, lines: [String: Line] = [:], order: [String] = []) {
      self.fairFrom = fairFrom
      self.goodFrom = goodFrom
      self.lines = lines
      self.order = order
    }

    /// The thresholds of `rubric` and the lines of `scenario`.
    public init(scenario: Scenario?, rubric: Rubric) {
      var lines: [String: Line] = [:]
      var order: [String] = []
      for node in scenario?.decisionPoints ?? [] {
        lines[node.id] = Line(speaker: node.speaker ?? scenario!.patient.name, text: node.patient)
        order.append(node.id)
      }
      self.init(
        fairFrom: Double(rubric.scoreBands.fair), goodFrom: Double(rubric.scoreBands.good), lines: lines, order: order)
    }
  }

  /// A trainee's complete attempts at one scenario version, oldest first.
  public struct TraineeSeries: Sendable, Equatable {
    public var trainee: String
    public var name: String?
    public var cohort: String?
    public var points: [Point]
    /// Attempts of every status.
    public var attempts: Int

    /// One complete attempt.
    public struct Point: Sendable, Equatable {
      /// When it was finished (or started, for a record without a finish time).
      public var date: Date
      public var score: Double
      public var band: Band
    }

    public var latest: Point? { points.last }
    public var best: Double? { points.map(\.score).max() }
  }

  /// One decision point across the complete attempts that answered it.
  public struct DecisionPoint: Sendable, Equatable {
    public var node: String
    public var line: ScenarioContext.Line?
    /// Complete attempts that answered here at least once.
    public var attempts: Int
    /// Of those, the attempts that chose a poor response here at least once.
    public var poorAttempts: Int
    /// `poorAttempts ÷ attempts`.
    public var poorShare: Double { attempts == 0 ? 0 : Double(poorAttempts) / Double(attempts) }
    /// The poor response chosen most often here, with how many times; nil when none was.
    public var commonPoorChoice: Choice?

    /// A response and how often it was chosen.
    public struct Choice: Sendable, Equatable {
      public var id: String
      public var say: String
      public var count: Int
    }
  }

  /// How often one safety task was missed.
  public struct SafetyRate: Sendable, Equatable {
    public var id: String
    public var label: String
    public var missed: Int
    /// Complete attempts that reached an ending.
    public var attempts: Int
    public var missedShare: Double { attempts == 0 ? 0 : Double(missed) / Double(attempts) }
  }

  /// Everything about one scenario version.
  public struct Section: Sendable, Equatable {
    /// The label the attempts are grouped under (`id@version`, …).
    public var scenario: String
    public var title: String
    public var context: ScenarioContext?
    /// The headline score where Fair and Good begin.
    public var fairFrom: Double
    public var goodFrom: Double
    public var attempts: Int
    public var complete: Int
    /// Complete attempts per band, Developing to Good.
    public var bands: [Band: Int]
    /// One series per trainee, by trainee id.
    public var trainees: [TraineeSeries]
    /// Decision points, those where the largest share of attempts chose poorly first.
    public var decisionPoints: [DecisionPoint]
    /// Safety tasks, the most often missed first.
    public var safety: [SafetyRate]
    /// When the first and last complete attempt were finished: the time axis of the series.
    public var firstDate: Date?
    public var lastDate: Date?
  }

  public var sections: [Section]
  public var attempts: Int
  public var complete: Int
  public var trainees: Int

  /// The overview of `attempts`; `contexts` gives each scenario label its thresholds and lines
  /// (the defaults of the built-in rubric, and no lines, where it has none).
  public init(attempts: [Attempt], contexts: [String: ScenarioContext] = [:]) {
    self.attempts = attempts.count
    complete = attempts.lazy.filter { $0.score != nil }.count
    trainees = Set(attempts.map(\.trainee)).count
    let byScenario = Dictionary(grouping: attempts, by: \.scenario)
    sections = byScenario.keys.sorted().map { label in
      Self.section(label, byScenario[label]!, context: contexts[label])
    }
  }

  private static func section(_ label: String, _ attempts: [Attempt], context: ScenarioContext?) -> Section {
    let complete = attempts.filter { $0.score != nil && $0.band != nil }
    var bands: [Band: Int] = [:]
    for band in Band.allCases { bands[band] = 0 }
    for attempt in complete { bands[attempt.band!, default: 0] += 1 }

    let byTrainee = Dictionary(grouping: attempts, by: \.trainee)
    let trainees = byTrainee.keys.sorted().map { trainee -> TraineeSeries in
      let all = byTrainee[trainee]!
      let points = all.compactMap { attempt -> TraineeSeries.Point? in
        guard let score = attempt.score, let band = attempt.band else { return nil }
        return .init(date: attempt.finishedAt ?? attempt.startedAt, score: score, band: band)
      }.sorted { $0.date < $1.date }
      let last = all.max { $0.startedAt < $1.startedAt }!
      return TraineeSeries(
        trainee: trainee, name: last.name, cohort: last.cohort, points: points, attempts: all.count)
    }

    // Per decision point: attempts that answered there, attempts that chose poorly there, and the
    // poor responses by how often they were chosen.
    var reached: [String: Int] = [:]
    var poor: [String: Int] = [:]
    var poorChoices: [String: [String: (say: String, count: Int)]] = [:]
    var seenOrder: [String: Int] = [:]
    for attempt in complete {
      var answered: Set<String> = []
      var choosePoorly: Set<String> = []
      for turn in attempt.turns {
        if seenOrder[turn.node] == nil { seenOrder[turn.node] = seenOrder.count }
        answered.insert(turn.node)
        if turn.isPoor {
          choosePoorly.insert(turn.node)
          poorChoices[turn.node, default: [:]][turn.choice, default: (turn.say, 0)].count += 1
        }
      }
      for node in answered { reached[node, default: 0] += 1 }
      for node in choosePoorly { poor[node, default: 0] += 1 }
    }
    let fileOrder = Dictionary(
      (context?.order ?? []).enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    func position(_ node: String) -> (Int, Int) { (fileOrder[node] ?? Int.max, seenOrder[node] ?? Int.max) }
    let points = reached.keys.map { node in
      let common = poorChoices[node]?.max {
        ($0.value.count, $1.key) < ($1.value.count, $0.key)
      }
      return DecisionPoint(
        node: node, line: context?.lines[node], attempts: reached[node]!, poorAttempts: poor[node] ?? 0,
        commonPoorChoice: common.map { .init(id: $0.key, say: $0.value.say, count: $0.value.count) })
    }.sorted {
      $0.poorShare != $1.poorShare ? $0.poorShare > $1.poorShare : position($0.node) < position($1.node)
    }

    var safety: [String: SafetyRate] = [:]
    var safetyOrder: [String] = []
    for attempt in complete {
      for task in attempt.safety {
        if safety[task.id] == nil {
          safety[task.id] = SafetyRate(id: task.id, label: task.label, missed: 0, attempts: 0)
          safetyOrder.append(task.id)
        }
        safety[task.id]!.attempts += 1
        if !task.done { safety[task.id]!.missed += 1 }
      }
    }
    let rates = safetyOrder.enumerated().map { ($0.offset, safety[$0.element]!) }.sorted {
      $0.1.missedShare != $1.1.missedShare ? $0.1.missedShare > $1.1.missedShare : $0.0 < $1.0
    }.map(\.1)

    let dates = trainees.flatMap { $0.points.map(\.date) }
    return Section(
      scenario: label, title: attempts.max { $0.startedAt < $1.startedAt }!.scenarioTitle, context: context,
      fairFrom: context?.fairFrom ?? Double(Rubric.ScoreBands.standard.fair),
      goodFrom: context?.goodFrom ?? Double(Rubric.ScoreBands.standard.good), attempts: attempts.count,
      complete: complete.count, bands: bands, trainees: trainees, decisionPoints: points, safety: rates,
      firstDate: dates.min(), lastDate: dates.max())
  }
}
