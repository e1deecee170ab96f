/// One coded trainee turn: the patient's line before it (its talk tag), what the trainee chose and
/// what else was on offer at that moment.
public struct CodedTurn: Sendable, Equatable, Codable {
  /// A response that was on offer.
  public struct Option: Sendable, Equatable, Codable {
    public var id: String
    public var say: String
    public var codes: [TechniqueCode]
    public var globals: [GlobalScore: Double]
    /// The author's grade at this decision point, when given.
    public var grade: Grade?
    /// Why the response helps or harms, as the author wrote it.
    public var feedback: String?

    public init(
      id: String, say: String, codes: [TechniqueCode], globals: [GlobalScore: Double] = [:], grade: Grade? = nil,
      feedback: String? = nil
    ) {
      self.id = id
      self.say = say
      self.codes = codes
      self.globals = globals
      self.grade = grade
      self.feedback = feedback
    }

    /// The option as a scenario's choice.
    public init(_ choice: Choice) {
      self.init(
        id: choice.id, say: choice.say, codes: choice.codes, globals: choice.globals, grade: choice.grade,
        feedback: choice.feedback)
    }
  }

  public var node: String
  /// What the patient's words just before the response expressed.
  public var talk: TalkTag?
  public var chosen: Option
  public var feedback: String
  /// The other choices offered at that moment, in file order.
  public var alternatives: [Option]
  /// How much the turn counts in the globals (the decision point's weight); 1 when absent.
  public var weight: Double?

  public init(
    node: String, talk: TalkTag?, chosen: Option, feedback: String = "", alternatives: [Option] = [],
    weight: Double? = nil
  ) {
    self.node = node
    self.talk = talk
    self.chosen = chosen
    self.feedback = feedback
    self.alternatives = alternatives
    self.weight = weight
  }

  var codes: Set<TechniqueCode> { Set(chosen.codes) }

  /// Every option on offer, the chosen one included.
  public var offered: [Option] { [chosen] + alternatives }
}

/// How a play-through ended, as far as scoring is concerned: the ending's outcome and the safety
/// tasks done or missed.
public struct Conclusion: Sendable, Equatable, Codable {
  /// The ending node's id.
  public var ending: String
  public var title: String
  public var outcome: Outcome
  public var safety: [SafetyResult]

  public init(ending: String, title: String, outcome: Outcome, safety: [SafetyResult]) {
    self.ending = ending
    self.title = title
    self.outcome = outcome
    self.safety = safety
  }
}

/// The coded turns of a session, in order, and how it ended: what the rubric scores.
public struct Transcript: Sendable, Equatable, Codable {
  public var turns: [CodedTurn]
  /// How the story ended; nil while it is still going.
  public var conclusion: Conclusion?

  public init(turns: [CodedTurn], conclusion: Conclusion? = nil) {
    self.turns = turns
    self.conclusion = conclusion
  }

  /// The transcript of a session so far, with its conclusion once it has ended. Where the story's
  /// words vary with the state, each turn holds the words as they were offered at that moment.
  public init(session: Session) {
    let moments = session.scenario.hasVaryingText ? session.momentsBeforeTurns() : []
    self.init(
      turns: session.turns.enumerated().map { position, turn in
        Self.coded(turn, in: session.scenario, at: position < moments.count ? moments[position] : nil)
      },
      conclusion: session.ending.map {
        Conclusion(ending: session.node.id, title: $0.title, outcome: $0.outcome, safety: session.safetyResults)
      })
  }

  /// A turn of `scenario` with its codes, talk tag and alternatives. With `moment`, the session
  /// just before the turn, options carry the words offered then; without it, their fallback words.
  public static func coded(_ turn: Session.Turn, in scenario: Scenario, at moment: Session? = nil) -> CodedTurn {
    func option(_ id: String) -> CodedTurn.Option? {
      scenario.choice(id: id).map { found in
        var option = CodedTurn.Option(found.choice)
        if let moment { option.say = moment.words(of: found.choice) }
        return option
      }
    }
    let node = scenario.node(id: turn.node)
    let chosen = scenario.choice(id: turn.choice)?.choice
    return CodedTurn(
      node: turn.node, talk: node?.talk,
      chosen: option(turn.choice) ?? CodedTurn.Option(id: turn.choice, say: "", codes: []),
      feedback: chosen?.feedback ?? "",
      // In file order, so that ties between options are broken the same way whatever the seed.
      alternatives: turn.offered.filter { $0 != turn.choice }
        .sorted { (scenario.choiceIndex[$0]?.choice ?? 0) < (scenario.choiceIndex[$1]?.choice ?? 0) }
        .compactMap(option),
      weight: node.flatMap { $0.weight == 1 ? nil : $0.weight })
  }
}
