/// One play-through of a scenario: where the trainee is, the state, and what they chose so far.
///
/// A session is a value: copying it forks the story. It is deterministic, so the same choices
/// always lead to the same place, and `state` captures everything needed to resume it exactly.
public struct Session: Sendable {
  public let scenario: Scenario
  /// Where the order of the options comes from (`ChoiceOrder`); nil shows them in the order the
  /// author wrote them (`coach play --authored-order`).
  public let seed: UInt64?
  var nodeIndex: Int
  var values: [Value]
  var visitCounts: [Int: Int]
  /// The choices made so far, oldest first (undone ones are gone).
  public internal(set) var turns: [Turn]

  /// One answered decision point.
  public struct Turn: Sendable, Codable, Equatable {
    /// The decision point's node id.
    public var node: String
    /// The choice made.
    public var choice: String
    /// The ids of the choices offered at that moment, in display order.
    public var offered: [String]

    public init(node: String, choice: String, offered: [String]) {
      self.node = node
      self.choice = choice
      self.offered = offered
    }
  }

  /// What one choice did.
  public struct Step: Sendable {
    public var turn: Turn
    public var choice: Choice
    /// Route nodes passed through automatically after the choice, in order.
    public var routedThrough: [String]
    /// The node the story arrived at.
    public var arrivedAt: String
  }

  /// Starts the scenario at its start node (following any routes from it).
  ///
  /// - Parameter seed: shuffles the options at every decision point, the same way every time
  ///   for the same seed; nil keeps the authored order. Seeds are at most `ChoiceOrder.maximumSeed`.
  public init(scenario: Scenario, seed: UInt64? = nil) {
    self.scenario = scenario
    self.seed = seed.map { $0 & ChoiceOrder.maximumSeed }
    self.nodeIndex = scenario.startIndex
    self.values = scenario.variables.map(\.initial)
    self.visitCounts = [:]
    self.turns = []
    _ = enter(scenario.startIndex)
  }

  // MARK: - Reading the session

  /// The node the trainee is at: a decision point, or an ending.
  public var node: Node { scenario.nodes[nodeIndex] }

  /// The ending reached, once the story is over.
  public var ending: Ending? { node.ending }

  /// Whether the story has reached an ending.
  public var isFinished: Bool { node.ending != nil }

  /// The choices on offer now, in the order shown: shuffled by the seed (or in file order without
  /// one), leaving out those whose condition does not hold.
  public var offeredChoices: [Choice] {
    let available = availableChoices
    guard let seed else { return available }
    return ChoiceOrder.shuffled(available, seed: seed, node: node.id, visit: visitCounts[nodeIndex, default: 0])
  }

  /// The patient's words now: of the node's variants, the first whose condition holds.
  public var patientLine: String? { node.patientText?.text(in: self) }

  /// The cue now: of the node's variants, the first whose condition holds.
  public var cue: String? { node.cueText?.text(in: self) }

  /// The words of `choice` as they are offered now: the first of its variants whose condition
  /// holds.
  public func words(of choice: Choice) -> String {
    choice.sayText.text(in: self)
  }

  /// The session as it stood just before each turn, oldest first: what the trainee saw then (the
  /// patient's words and the options, whose wording can depend on the state). Rebuilt by
  /// replaying the turns; it stops early where they no longer replay (a changed story).
  public func momentsBeforeTurns() -> [Session] {
    var replay = Session(scenario: scenario, seed: seed)
    var moments: [Session] = []
    moments.reserveCapacity(turns.count)
    for turn in turns {
      moments.append(replay)
      do { try replay.choose(turn.choice) } catch { break }
    }
    return moments
  }

  /// The choices on offer now in file order, leaving out those whose condition does not hold.
  public var availableChoices: [Choice] {
    node.choices.filter { $0.condition?.holds(in: self) ?? true }
  }

  /// The value of a declared variable.
  public func value(of variable: String) -> Value? {
    scenario.variableIndex[variable].map { values[$0] }
  }

  /// Every variable with its current value, in declaration order.
  public var variableValues: [(variable: Variable, value: Value)] {
    zip(scenario.variables, values).map { ($0, $1) }
  }

  /// How many times the story has entered the node with `id`.
  public func visits(of id: String) -> Int {
    scenario.nodeIndex[id].map { visitCounts[$0, default: 0] } ?? 0
  }

  // MARK: - Playing

  /// Makes the choice with `id`, applies its effects (clamped), follows routes and arrives at the
  /// next decision point or ending.
  @discardableResult
  public mutating func choose(_ id: String) throws(SessionError) -> Step {
    guard !isFinished else { throw .alreadyFinished }
    let offered = offeredChoices
    guard let choice = offered.first(where: { $0.id == id }) else {
      if id.isEmpty { throw .unknownChoice(id: id, suggestion: nil) }
      if scenario.choiceIndex[id] == nil {
        throw .unknownChoice(id: id, suggestion: Suggestion.nearest(to: id, in: offered.map(\.id)))
      }
      // In file order, as the author wrote them, whatever order the trainee saw.
      throw .notOffered(id: id, node: node.id, offered: availableChoices.map(\.id))
    }
    return apply(choice, offered: offered)
  }

  /// Makes the `number`th offered choice, counting from 1 as the trainee sees them.
  @discardableResult
  public mutating func choose(number: Int) throws(SessionError) -> Step {
    guard !isFinished else { throw .alreadyFinished }
    let offered = offeredChoices
    guard (1...offered.count).contains(number) else {
      throw .numberOutOfRange(number: number, count: offered.count)
    }
    return apply(offered[number - 1], offered: offered)
  }

  private mutating func apply(_ choice: Choice, offered: [Choice]) -> Step {
    let turn = Turn(node: node.id, choice: choice.id, offered: offered.map(\.id))
    turns.append(turn)
    for effect in choice.effects {
      values[effect.slot] = effect.applied(to: values[effect.slot], of: scenario.variables[effect.slot], in: self)
    }
    let routed = enter(choice.nextIndex)
    return Step(turn: turn, choice: choice, routedThrough: routed, arrivedAt: node.id)
  }

  /// Enters a node, counting the visit, and follows routes until a decision point or an ending.
  /// Returns the ids of the route nodes passed through.
  private mutating func enter(_ index: Int) -> [String] {
    var current = index
    var routed: [String] = []
    // Loading rejects route cycles and routes without a fallback; the bound is a second guard.
    for _ in 0...scenario.nodes.count {
      visitCounts[current, default: 0] += 1
      guard case .routes(let routes) = scenario.nodes[current].content,
        let route = routes.first(where: { $0.isTaken(in: self) })
      else { break }
      routed.append(scenario.nodes[current].id)
      current = route.nextIndex
    }
    nodeIndex = current
    return routed
  }

  /// Takes back the last choice by replaying the ones before it from the start. Returns the undone
  /// turn, or nil when there is nothing to take back.
  ///
  /// Throws, leaving the session as it was, when the earlier choices no longer replay: a session
  /// restored into a scenario that has changed since it was saved.
  @discardableResult
  public mutating func undo() throws(SessionError) -> Turn? {
    guard let last = turns.last else { return nil }
    do {
      self = try Session.replaying(turns.dropLast().map(\.choice), in: scenario, seed: seed)
    } catch {
      throw .stateMismatch(reason: "its earlier responses no longer replay (\(error)), so the last cannot be undone")
    }
    return last
  }

  /// Starts again from the beginning, with the same seed and so the same order of options.
  public mutating func restart() {
    self = Session(scenario: scenario, seed: seed)
  }

  // MARK: - At the ending

  /// Whether the choice with `id` was made (and not undone).
  public func hasChosen(_ id: String) -> Bool {
    turns.contains { $0.choice == id }
  }

  /// The ending's debrief paragraphs whose conditions hold: the debrief of the path taken.
  /// Empty until the story ends.
  public var debrief: [String] {
    guard let ending else { return [] }
    return ending.paragraphs.filter { $0.condition?.holds(in: self) ?? true }.map { $0.wording.text(in: self) }
  }

  /// Each declared safety task and whether it is done now; read at the ending.
  public var safetyResults: [SafetyResult] {
    scenario.safetyTasks.map { SafetyResult(id: $0.id, label: $0.label, done: $0.done.holds(in: self)) }
  }

  /// Each learning objective and, where it has a condition, whether it is met now.
  public var objectiveResults: [ObjectiveResult] {
    scenario.objectives.map { ObjectiveResult(text: $0.text, met: $0.met.map { $0.holds(in: self) }) }
  }
}

extension Session: ExpressionEnvironment {
  func value(ofSlot slot: Int) -> Value { values[slot] }
  func visits(ofNode node: Int) -> Int { visitCounts[node, default: 0] }
  func chose(choice: Int) -> Bool { hasChosen(scenario.allChoices[choice].id) }
}

/// Whether a safety task was done in a play-through.
public struct SafetyResult: Sendable, Equatable, Codable {
  public var id: String
  public var label: String
  public var done: Bool

  public init(id: String, label: String, done: Bool) {
    self.id = id
    self.label = label
    self.done = done
  }
}

/// Whether a learning objective was met in a play-through; `met` is nil when the scenario gives
/// no condition for it.
public struct ObjectiveResult: Sendable, Equatable, Codable {
  public var text: String
  public var met: Bool?

  public init(text: String, met: Bool?) {
    self.text = text
    self.met = met
  }
}
