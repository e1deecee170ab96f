/// Everything needed to resume a session exactly: a plain `Codable` value for storage.
public struct SessionState: Codable, Sendable, Equatable {
  public var scenarioID: String
  public var scenarioVersion: String
  /// The seed of the order of options; nil for the authored order.
  public var seed: UInt64?
  /// The node the trainee is at.
  public var node: String
  public var values: [String: Value]
  /// Visit counts of the nodes entered at least once.
  public var visits: [String: Int]
  public var turns: [Session.Turn]

  public init(
    scenarioID: String, scenarioVersion: String, seed: UInt64? = nil, node: String, values: [String: Value],
    visits: [String: Int], turns: [Session.Turn]
  ) {
    self.scenarioID = scenarioID
    self.scenarioVersion = scenarioVersion
    self.seed = seed
    self.node = node
    self.values = values
    self.visits = visits
    self.turns = turns
  }
}

extension Session {
  /// A snapshot of the session, to save.
  public var state: SessionState {
    var visits: [String: Int] = [:]
    visits.reserveCapacity(visitCounts.count)
    for (node, count) in visitCounts { visits[scenario.nodes[node].id] = count }
    var named: [String: Value] = [:]
    for (variable, value) in zip(scenario.variables, values) { named[variable.name] = value }
    return SessionState(
      scenarioID: scenario.id, scenarioVersion: scenario.version, seed: seed, node: node.id, values: named,
      visits: visits, turns: turns)
  }

  /// Resumes a saved session. Every reference in the state is checked against the scenario, so a
  /// state saved from another scenario, or a damaged one, is refused rather than trusted.
  public init(scenario: Scenario, restoring state: SessionState) throws(SessionError) {
    guard state.scenarioID == scenario.id else {
      throw .stateMismatch(reason: "it was saved from scenario \"\(state.scenarioID)\", not \"\(scenario.id)\"")
    }
    guard let nodeIndex = scenario.nodeIndex[state.node] else {
      throw .stateMismatch(reason: "its current node \"\(state.node)\" does not exist")
    }
    guard scenario.nodes[nodeIndex].routes.isEmpty else {
      throw .stateMismatch(reason: "its current node \"\(state.node)\" is a route, not a stopping point")
    }
    var values: [Value] = []
    for variable in scenario.variables {
      guard let value = state.values[variable.name] else {
        throw .stateMismatch(reason: "it has no value for \"\(variable.name)\"")
      }
      guard value.type == variable.type, variable.clamped(value) == value else {
        throw .stateMismatch(reason: "its value \(value) does not fit \"\(variable.name)\"")
      }
      values.append(value)
    }
    if let extra = state.values.keys.sorted().first(where: { scenario.variableIndex[$0] == nil }) {
      throw .stateMismatch(reason: "it has a value for \"\(extra)\", which the scenario does not declare")
    }
    var visitCounts: [Int: Int] = [:]
    for (id, count) in state.visits {
      guard let index = scenario.nodeIndex[id] else {
        throw .stateMismatch(reason: "it counts visits to \"\(id)\", which does not exist")
      }
      guard count > 0 else {
        throw .stateMismatch(reason: "it counts \(count) visits to \"\(id)\"; a count is at least 1")
      }
      visitCounts[index] = count
    }
    for turn in state.turns {
      guard scenario.nodeIndex[turn.node] != nil, scenario.choiceIndex[turn.choice] != nil else {
        throw .stateMismatch(reason: "its history names \"\(turn.node)\"/\"\(turn.choice)\", which do not exist")
      }
    }
    if let seed = state.seed, seed > ChoiceOrder.maximumSeed {
      throw .stateMismatch(reason: "its seed \(seed) is larger than \(ChoiceOrder.maximumSeed)")
    }
    self.init(scenario: scenario, seed: state.seed)
    self.nodeIndex = nodeIndex
    self.values = values
    self.visitCounts = visitCounts
    self.turns = state.turns
  }

  /// Replays `choices` from the start: the way to rebuild a session from its stored turns.
  public static func replaying(
    _ choices: [String], in scenario: Scenario, seed: UInt64? = nil
  ) throws(SessionError) -> Session {
    var session = Session(scenario: scenario, seed: seed)
    for choice in choices { try session.choose(choice) }
    return session
  }
}
