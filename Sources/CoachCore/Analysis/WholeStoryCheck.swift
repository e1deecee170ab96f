/// What playing every way through a story shows that reading its shape cannot: an ending no
/// play-through reaches, a trap a trainee falls into only under some state, a choice or route
/// that conditions never open, a variable never changed or never read.
///
/// The play states are searched as `ScenarioAnalysis` searches them, but only as far as the
/// questions need: the search stops as soon as every node, choice and route the shape allows has
/// been reached, when the shape alone proves that no trap exists (every node has an
/// unconditional way towards an ending). Whatever the state bound cuts short is reported as a
/// note, never as an error.
public enum WholeStoryCheck {
  /// What the search did, for the record and for tests.
  public struct Search: Sendable, Equatable {
    public var states: Int
    /// Every question was answered: the search finished, or stopped once everything was reached.
    public var isConclusive: Bool
    /// The search stopped early, once everything was reached.
    public var stoppedCovered: Bool
    /// The shape of the story proves that no trap exists whatever the state.
    public var trapFreeByShape: Bool
  }

  /// The findings about `scenario`, whose graph must already be sound (no structural trap, route
  /// cycle or missing fallback), and how the search went.
  public static func check(
    _ scenario: Scenario, limits: AnalysisLimits = .default
  ) -> (findings: [ScenarioValidator.Finding], search: Search) {
    let graph = StoryGraph(scenario)
    return check(scenario, structurallyReachable: graph.reachableFromStart(), limits: limits)
  }

  static func check(
    _ scenario: Scenario, structurallyReachable reachable: [Bool], limits: AnalysisLimits
  ) -> (findings: [ScenarioValidator.Finding], search: Search) {
    var findings = variableFindings(scenario)
    let index = StoryIndex(scenario)
    let plan = TrackingPlan(scenario)

    // What can be reached at most: every node the shape reaches, their choices, and their routes
    // up to the first without a condition (later ones are reported from the shape already).
    var coverage = 0
    var routeCounts = [Bool](repeating: false, count: index.routes.count)
    for (position, node) in scenario.nodes.enumerated() where reachable[position] {
      coverage += 1 + node.choices.count
      for route in Int(index.routeStart[position])..<Int(index.routeStart[position + 1]) {
        routeCounts[route] = true
        coverage += 1
        if index.routes[route].condition == nil { break }
      }
    }
    let trapFree = trapFreeByShape(scenario, index: index, reachable: reachable)
    // The walkthroughs are play-throughs known to play: what they reach needs no search.
    let seeds = scenario.walkthroughs.map { walkthrough in
      walkthrough.choices.compactMap { id in
        scenario.choiceIndex[id].map { Int(index.choiceStart[$0.node]) + $0.choice }
      }
    }
    let state = PlayStateGraph(
      scenario: scenario, index: index, plan: plan, maxStates: limits.maxStates, coverage: trapFree ? coverage : nil,
      seeds: seeds)
    let conclusive = state.isComplete || state.stoppedCovered
    let search = Search(
      states: state.stateCount, isConclusive: conclusive, stoppedCovered: state.stoppedCovered,
      trapFreeByShape: trapFree)
    guard conclusive else {
      findings.append(
        ScenarioValidator.Finding(
          path: .root, problem: .wholeStoryUnchecked(states: state.stateCount, trapsChecked: trapFree)))
      return (findings, search)
    }

    if !trapFree, state.isComplete, let edges = PathMeasures(state).stuckEdges {
      let stuck = edges.last.map { Int(state.edgeTarget[Int($0)]) } ?? 0
      let node = Int(state.stateNode[stuck])
      findings.append(
        ScenarioValidator.Finding(
          path: ScenarioValidator.nodePath(node),
          problem: .trapUnderState(choices: edges.map { index.choices[Int(state.edgeChoice[Int($0)])].id })))
    }

    for (position, node) in scenario.nodes.enumerated() where reachable[position] && state.nodeReached[position] {
      for (offset, choice) in index.choiceRange(of: position).enumerated() where !state.choiceOffered[choice] {
        findings.append(
          ScenarioValidator.Finding(
            path: ScenarioValidator.choicePath(node: position, choice: offset).appending("if"),
            problem: .choiceNeverOffered(choice: index.choices[choice].id, node: node.id)))
      }
      let routeStart = Int(index.routeStart[position])
      for route in routeStart..<Int(index.routeStart[position + 1]) where routeCounts[route] && !state.routeTaken[route]
      {
        // The fallback is required; that it is never needed is no fault.
        guard index.routes[route].condition != nil else { continue }
        findings.append(
          ScenarioValidator.Finding(
            path: ScenarioValidator.nodePath(position).appending("routes").appending(route - routeStart).appending(
              "if"),
            problem: state.routeConditionHeld[route] ? .routeShadowed : .routeNeverHolds(node: node.id)))
      }
    }
    for (position, node) in scenario.nodes.enumerated() where node.ending != nil && !state.nodeReached[position] {
      findings.append(
        ScenarioValidator.Finding(
          path: ScenarioValidator.nodePath(position),
          problem: .endingNeverReached(
            closedBy: reachable[position] ? closedWays(to: position, scenario, index: index, state: state) : [])))
    }
    return (findings, search)
  }

  /// Whether the shape alone shows that no trainee can be stuck: from every node the shape
  /// reaches, choices without a condition (always offered) and every route a route node might
  /// take lead to an ending.
  static func trapFreeByShape(_ scenario: Scenario, index: StoryIndex, reachable: [Bool]) -> Bool {
    let count = scenario.nodes.count
    var finishes = [Bool](repeating: false, count: count)
    // For each route node, how many of the routes it might take do not yet lead to an ending.
    var pending = [Int](repeating: 0, count: count)
    var predecessors = [[Int]](repeating: [], count: count)
    var queue: [Int] = []
    for (position, node) in scenario.nodes.enumerated() {
      switch node.content {
      case .ending:
        finishes[position] = true
        queue.append(position)
      case .choices(let choices):
        for choice in choices where choice.condition == nil { predecessors[choice.nextIndex].append(position) }
      case .routes(let routes):
        for route in routes {
          pending[position] += 1
          predecessors[route.nextIndex].append(position)
          if route.condition == nil { break }
        }
      }
    }
    var head = 0
    while head < queue.count {
      let node = queue[head]
      head += 1
      for previous in predecessors[node] where !finishes[previous] {
        if scenario.nodes[previous].isDecisionPoint {
          finishes[previous] = true
          queue.append(previous)
        } else {
          pending[previous] -= 1
          if pending[previous] == 0 {
            finishes[previous] = true
            queue.append(previous)
          }
        }
      }
    }
    return (0..<count).allSatisfy { !reachable[$0] || finishes[$0] }
  }

  /// The choices and routes at reached nodes that would lead towards `ending` (through nodes no
  /// play reaches) but are never offered or taken: why the ending is never reached.
  private static func closedWays(to ending: Int, _ scenario: Scenario, index: StoryIndex, state: PlayStateGraph)
    -> [String]
  {
    var leadsThere = [Bool](repeating: false, count: scenario.nodes.count)
    leadsThere[ending] = true
    var ways: [String] = []
    var seen: Set<String> = []
    // Walk backwards through the nodes no play reaches, collecting the closed doors of reached ones.
    var changed = true
    while changed {
      changed = false
      for (position, node) in scenario.nodes.enumerated() {
        for (offset, choice) in node.choices.enumerated() where leadsThere[choice.nextIndex] {
          if state.nodeReached[position] {
            let way = "choice \"\(choice.id)\" at \"\(node.id)\" is never offered"
            if !state.choiceOffered[Int(index.choiceStart[position]) + offset], seen.insert(way).inserted {
              ways.append(way)
            }
          } else if !leadsThere[position] {
            leadsThere[position] = true
            changed = true
          }
        }
        for (offset, route) in node.routes.enumerated() where leadsThere[route.nextIndex] {
          if state.nodeReached[position] {
            let way = "route \(offset + 1) of \"\(node.id)\" is never taken"
            if !state.routeTaken[Int(index.routeStart[position]) + offset], seen.insert(way).inserted {
              ways.append(way)
            }
          } else if !leadsThere[position] {
            leadsThere[position] = true
            changed = true
          }
        }
      }
    }
    return ways
  }

  /// Variables declared but never changed or never read. A meter shown to the trainee
  /// (`visible`) may be read by nobody else, and so may a variable a walkthrough checks: it
  /// records something for the author. A variable read only where the story ends (a debrief, an
  /// objective, a safety task) is read.
  static func variableFindings(_ scenario: Scenario) -> [ScenarioValidator.Finding] {
    let usage = VariableUsage(scenario)
    let checked = Set(scenario.walkthroughs.flatMap { $0.expectation.state.map(\.name) })
    let neverRead = Set(usage.neverRead).subtracting(checked)
    let neverWritten = Set(usage.neverWritten)
    var findings: [ScenarioValidator.Finding] = []
    for variable in scenario.variables {
      let path = JSONPath([.key("state"), .key(variable.name)])
      let unread = neverRead.contains(variable.name) && !variable.visible
      let unwritten = neverWritten.contains(variable.name)
      if unread && unwritten {
        findings.append(.init(path: path, problem: .variableUnused(name: variable.name)))
      } else if unwritten {
        findings.append(.init(path: path, problem: .variableNeverChanged(name: variable.name)))
      } else if unread {
        findings.append(.init(path: path, problem: .variableNeverRead(name: variable.name)))
      }
    }
    return findings
  }
}
