/// One coded trainee turn: the patient's line before it (its talk tag), what the trainee chose and
/// what else was on offer at that moment.
public struct CodedTurn: Sendable, Equatable, Codable {
  /// A response that was on offer.
  public struct Option: Sendable, Equatable, Codable {
    public var id: String
    public var say: String
    public var codes: [TechniqueCode]
    public var globals: [GlobalScore: Double]

    public init(id: String, say: String, codes: [TechniqueCode], globals: [GlobalScore: Double] = [:]) {
      self.id = id
      self.say = say
      self.codes = codes
      self.globals = globals
    }
  }

  public var node: String
  /// What the patient's words just before the response expressed.
  public var talk: TalkTag?
  public var chosen: Option
  public var feedback: String
  /// The other choices offered at that moment.
  public var alternatives: [Option]

  public init(node: String, talk: TalkTag?, chosen: Option, feedback: String = "", alternatives: [Option] = []) {
    self.node = node
    self.talk = talk
    self.chosen = chosen
    self.feedback = feedback
    self.alternatives = alternatives
  }

  var codes: Set<TechniqueCode> { Set(chosen.codes) }
}

/// The coded turns of a session, in order: what the rubric scores.
public struct Transcript: Sendable, Equatable, Codable {
  public var turns: [CodedTurn]

  public init(turns: [CodedTurn]) {
    self.turns = turns
  }

  /// The transcript of a session so far.
  public init(session: Session) {
    self.init(turns: session.turns.map { Self.coded($0, in: session.scenario) })
  }

  /// A turn of `scenario` with its codes, talk tag and alternatives.
  static func coded(_ turn: Session.Turn, in scenario: Scenario) -> CodedTurn {
    func option(_ id: String) -> CodedTurn.Option? {
      scenario.choice(id: id).map {
        CodedTurn.Option(id: $0.choice.id, say: $0.choice.say, codes: $0.choice.codes, globals: $0.choice.globals)
      }
    }
    let node = scenario.node(id: turn.node)
    let chosen = scenario.choice(id: turn.choice)?.choice
    return CodedTurn(
      node: turn.node, talk: node?.talk,
      chosen: option(turn.choice) ?? CodedTurn.Option(id: turn.choice, say: "", codes: []),
      feedback: chosen?.feedback ?? "",
      alternatives: turn.offered.filter { $0 != turn.choice }.compactMap(option))
  }
}
