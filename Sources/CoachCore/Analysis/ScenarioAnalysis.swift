/// What a story allows, worked out without playing it by hand: which nodes, choices and endings
/// can be reached, how many distinct play-throughs there are, the shortest and the longest, the
/// best and the worst rubric score a trainee can get (with the choices that get it), which
/// techniques each decision point offers, and which variables are never read or never written.
///
/// The analysis searches the story's play states: a play state is a node together with the
/// state that can change what happens later (see `TrackingPlan`), so conditions on variables and
/// on visits are honoured, and loops are found rather than followed for ever. When no condition
/// reads state, the play states are simply the nodes and every measure is linear in the size of
/// the story. The search stops at `AnalysisLimits.maxStates`; what it then reports is marked as
/// a bound.
public struct ScenarioAnalysis: Sendable, Equatable, Codable {
  /// The scenario's id, version and title.
  public var scenario: String
  public var version: String
  public var title: String
  /// The id of the rubric used for the scores.
  public var rubric: String
  public var size: Size
  public var search: Search
  /// How many distinct play-throughs (sequences of choices from the start to an ending) exist.
  public var playThroughs: PlayThroughCount
  /// A play-through with the fewest choices: the earliest in file order among them.
  public var shortest: PlayThrough?
  /// A play-through with the most choices, when that is finite.
  public var longest: PlayThrough?
  /// Whether `longest` is exact, a lower bound (the search stopped at its limit), or absent
  /// because a loop makes play-throughs arbitrarily long.
  public var longestExtent: Extent
  /// A loop a trainee can go round as often as they like and still reach an ending.
  public var loop: Loop?
  /// The shortest way into a situation from which no ending can ever be reached, if there is one.
  public var stuck: Stuck?
  /// The best and worst rubric scores, when any play-through exists.
  public var score: ScoreRange?
  public var nodes: [NodeReach]
  public var endings: [EndingReach]
  public var decisionPoints: [DecisionPoint]
  /// Routes that no play ever takes.
  public var routesNeverTaken: [RouteReach]
  /// Variables that no condition or effect reads.
  public var variablesNeverRead: [String]
  /// Variables that no effect changes.
  public var variablesNeverWritten: [String]
  /// How trainees who never read the patient score: by position, by length, by number of codes.
  public var naive: NaiveStrategies

  /// How exact a measure is.
  public enum Extent: String, Sendable, Codable {
    case exact
    /// The search stopped at a limit; the true value is at least this.
    case atLeast = "at-least"
    /// There is no largest value: a loop can be repeated.
    case unbounded
  }

  /// How big the story is.
  public struct Size: Sendable, Equatable, Codable {
    public var nodes: Int
    public var decisionPoints: Int
    public var routeNodes: Int
    public var endings: Int
    public var choices: Int
    public var variables: Int
    public var walkthroughs: Int
  }

  /// What the search looked at.
  public struct Search: Sendable, Equatable, Codable {
    /// Play states found.
    public var states: Int
    /// Whether every reachable play state was found; when false, every count is a lower bound
    /// and "unreachable" means "not reached before the limit".
    public var isComplete: Bool
    public var stateLimit: Int
    /// The variables whose values were part of a play state.
    public var trackedVariables: [String]
    /// The nodes whose visit counts were part of a play state, each with the count it was held
    /// at (nil when uncapped).
    public var trackedVisits: [TrackedVisits]
  }

  /// A node whose visits the search counted.
  public struct TrackedVisits: Sendable, Equatable, Codable {
    public var node: String
    /// Counts at or above this behave alike; nil when every count matters.
    public var cap: Int?
  }

  /// A play-through: choices from the start to an ending.
  public struct PlayThrough: Sendable, Equatable, Codable {
    public var choices: [String]
    public var ending: String
    public var outcome: Outcome
  }

  /// A loop in the story, with the choices that reach it and the choices that then finish.
  public struct Loop: Sendable, Equatable, Codable {
    /// Choices from the start to the loop.
    public var prefix: [String]
    /// Choices that go round the loop once, back to the same situation.
    public var cycle: [String]
    /// The decision points the loop passes, in order, starting where it starts.
    public var nodes: [String]
    /// Choices from the loop to an ending.
    public var exit: [String]
  }

  /// A situation from which no ending can be reached.
  public struct Stuck: Sendable, Equatable, Codable {
    public var choices: [String]
    /// The decision point where the trainee then is.
    public var node: String
  }

  /// The best and worst scores a trainee can get.
  public struct ScoreRange: Sendable, Equatable, Codable {
    public var best: ScoredPlayThrough
    public var worst: ScoredPlayThrough
    /// Whether every play-through was scored; when false these are the best and worst found by a
    /// bounded search.
    public var isExhaustive: Bool
    /// How many play-throughs were scored.
    public var scored: Int
    /// How many of those share the best band and score.
    public var bestTies: Int
    /// The best play-through found to each ending reached, in file order of the endings.
    public var bestByEnding: [ScoredPlayThrough]
  }

  /// A play-through with its rubric score.
  public struct ScoredPlayThrough: Sendable, Equatable, Codable {
    public var choices: [String]
    public var ending: String
    public var outcome: Outcome
    public var band: Band
    public var headlineScore: Double
  }

  /// What kind of node a node is.
  public enum NodeKind: String, Sendable, Codable {
    case decision, route, ending
  }

  /// A node and whether some play enters it.
  public struct NodeReach: Sendable, Equatable, Codable {
    public var id: String
    public var kind: NodeKind
    public var reachable: Bool
  }

  /// An ending and whether some play reaches it.
  public struct EndingReach: Sendable, Equatable, Codable {
    public var id: String
    public var title: String
    public var outcome: Outcome
    public var reachable: Bool
  }

  /// A decision point: the techniques it offers and which of its choices are ever offered.
  public struct DecisionPoint: Sendable, Equatable, Codable {
    public var node: String
    public var reachable: Bool
    /// Every technique code on offer here, in the standard order.
    public var techniques: [TechniqueCode]
    public var choices: [ChoiceOffer]
    /// Whether some choice is MI-consistent (see `Choice.isMIConsistent`).
    public var hasMIConsistentOption: Bool
  }

  /// A choice at a decision point.
  public struct ChoiceOffer: Sendable, Equatable, Codable {
    public var id: String
    public var codes: [TechniqueCode]
    /// The choice's family under the rubric: adherent, non-adherent or neutral.
    public var family: TechniqueFamily
    /// The author's grade, or the grade derived from the codes among the node's options.
    public var grade: Grade
    public var gradeIsAuthored: Bool
    /// The sum of the choice's movements of the four globals (`Rubric.quality(of:)`).
    public var quality: Double
    /// Whether the choice has a condition.
    public var isConditional: Bool
    /// Whether some play is offered the choice.
    public var reachable: Bool
  }

  /// A route of a route node.
  public struct RouteReach: Sendable, Equatable, Codable {
    public var node: String
    /// 1-based position among the node's routes.
    public var position: Int
    /// The route's condition; nil for the fallback.
    public var condition: String?
    public var next: String
  }

  /// Analyses `scenario`, scoring play-throughs with `rubric`.
  public init(_ scenario: Scenario, rubric: Rubric = .miti421, limits: AnalysisLimits = .default) {
    let index = StoryIndex(scenario)
    let plan = TrackingPlan(scenario)
    let graph = PlayStateGraph(scenario: scenario, index: index, plan: plan, maxStates: limits.maxStates)
    let measures = PathMeasures(graph)
    func ids(_ choices: [Int32]) -> [String] { choices.map { index.choices[Int($0)].id } }
    func choicesOf(_ edges: [Int32]) -> [Int32] { edges.map { graph.edgeChoice[Int($0)] } }
    func playThrough(_ choices: [Int32]) -> PlayThrough? {
      guard let end = Self.follow(choices, in: graph) else { return nil }
      let node = scenario.nodes[Int(graph.stateNode[end])]
      guard let ending = node.ending else { return nil }
      return PlayThrough(choices: ids(choices), ending: node.id, outcome: ending.outcome)
    }

    self.scenario = scenario.id
    version = scenario.version
    title = scenario.title
    self.rubric = rubric.id
    size = Size(
      nodes: scenario.nodes.count, decisionPoints: scenario.nodes.filter(\.isDecisionPoint).count,
      routeNodes: scenario.nodes.filter { !$0.routes.isEmpty }.count, endings: scenario.endingNodes.count,
      choices: index.choices.count, variables: scenario.variables.count, walkthroughs: scenario.walkthroughs.count)
    search = Search(
      states: graph.stateCount, isComplete: graph.isComplete, stateLimit: limits.maxStates,
      trackedVariables: plan.variables.map { scenario.variables[$0].name },
      trackedVisits: zip(plan.visitNodes, plan.visitCaps).map {
        TrackedVisits(node: scenario.nodes[$0].id, cap: $1 == Int.max ? nil : $1)
      })

    playThroughs = measures.count
    let startCanFinish = graph.stateCount > 0 && measures.distanceToEnd[0] >= 0
    shortest =
      startCanFinish
      ? playThrough(choicesOf(PathMeasures.exit(from: 0, graph, exitEdge: measures.exitEdge))) : nil
    switch measures.count {
    case .unbounded:
      longest = nil
      longestExtent = .unbounded
    case .exact, .atLeast:
      longest = measures.longestEdges.flatMap { playThrough(choicesOf($0)) }
      longestExtent = graph.isComplete ? .exact : .atLeast
    }
    loop = measures.loop.map { found in
      Loop(
        prefix: ids(choicesOf(found.prefix)), cycle: ids(choicesOf(found.cycle)),
        nodes: found.cycle.map { scenario.nodes[Int(graph.stateNode[Int(graph.edgeSource[Int($0)])])].id },
        exit: ids(choicesOf(found.exit)))
    }
    stuck = measures.stuckEdges.map { edges in
      let state = edges.last.map { Int(graph.edgeTarget[Int($0)]) } ?? 0
      return Stuck(choices: ids(choicesOf(edges)), node: scenario.nodes[Int(graph.stateNode[state])].id)
    }

    // Best and worst scores.
    let seeds = scenario.walkthroughs.compactMap { walkthrough -> [Int32]? in
      let positions = walkthrough.choices.compactMap { id in
        scenario.choiceIndex[id].map { Int32(Int(index.choiceStart[$0.node]) + $0.choice) }
      }
      return positions.count == walkthrough.choices.count ? positions : nil
    }.filter { Self.follow($0, in: graph).map(graph.isTerminal) ?? false }
    let scores = ScoreSearch(
      scenario: scenario, graph: graph, measures: measures, rubric: rubric, limits: limits, seeds: seeds)
    func scored(_ found: ScoreSearch.Scored?) -> ScoredPlayThrough? {
      guard let found, let path = playThrough(found.choices) else { return nil }
      return ScoredPlayThrough(
        choices: path.choices, ending: path.ending, outcome: path.outcome, band: found.band,
        headlineScore: found.headline)
    }
    if let best = scored(scores.best), let worst = scored(scores.worst) {
      let byEnding = scenario.endingNodes.compactMap { scores.bestByEnding[$0.id] }.compactMap(scored)
      score = ScoreRange(
        best: best, worst: worst, isExhaustive: scores.isExhaustive, scored: scores.scoredCount,
        bestTies: scores.bestTies, bestByEnding: byEnding)
    } else {
      score = nil
    }

    // Reachability, techniques and variables.
    nodes = scenario.nodes.enumerated().map { position, node in
      let kind: NodeKind =
        switch node.content {
        case .choices: .decision
        case .routes: .route
        case .ending: .ending
        }
      return NodeReach(id: node.id, kind: kind, reachable: graph.nodeReached[position])
    }
    endings = scenario.nodes.enumerated().compactMap { position, node in
      node.ending.map {
        EndingReach(id: node.id, title: $0.title, outcome: $0.outcome, reachable: graph.nodeReached[position])
      }
    }
    decisionPoints = scenario.nodes.enumerated().compactMap { position, node in
      guard node.isDecisionPoint else { return nil }
      let grades = rubric.grades(node.choices.map(CodedTurn.Option.init))
      let offers = index.choiceRange(of: position).enumerated().map { offset, choice in
        let made = index.choices[choice]
        return ChoiceOffer(
          id: made.id, codes: made.codes, family: rubric.family(of: made.codes), grade: grades[offset],
          gradeIsAuthored: made.grade != nil, quality: rubric.quality(of: made).value,
          isConditional: made.condition != nil, reachable: graph.choiceOffered[choice])
      }
      return DecisionPoint(
        node: node.id, reachable: graph.nodeReached[position],
        techniques: Set(offers.flatMap(\.codes)).sorted(), choices: offers,
        hasMIConsistentOption: node.choices.contains(where: \.isMIConsistent))
    }
    routesNeverTaken = index.routes.indices.compactMap { route in
      guard !graph.routeTaken[route] else { return nil }
      let node = Int(index.routeNode[route])
      let made = index.routes[route]
      return RouteReach(
        node: scenario.nodes[node].id, position: route - Int(index.routeStart[node]) + 1,
        condition: made.condition?.source, next: made.next)
    }
    let usage = VariableUsage(scenario)
    variablesNeverRead = usage.neverRead
    variablesNeverWritten = usage.neverWritten
    naive = NaiveStrategies(scenario: scenario, rubric: rubric)
  }

  /// The state reached by making `choices` from the start, if each is on offer in turn.
  static func follow(_ choices: [Int32], in graph: PlayStateGraph) -> Int? {
    guard graph.stateCount > 0 else { return nil }
    var state = 0
    for choice in choices {
      guard let edge = graph.edges(of: state).first(where: { graph.edgeChoice[$0] == choice }) else { return nil }
      state = Int(graph.edgeTarget[edge])
    }
    return state
  }

  // MARK: - Summaries

  /// The nodes no play enters.
  public var unreachableNodes: [String] { nodes.filter { !$0.reachable }.map(\.id) }

  /// The choices no play is offered (at reachable and unreachable decision points alike).
  public var unreachableChoices: [String] {
    decisionPoints.flatMap { $0.choices.filter { !$0.reachable }.map(\.id) }
  }
}

extension ScenarioAnalysis {
  /// What `coach analyze --check` reports beyond `coach validate --strict`: a best play-through
  /// below Good, a worst above Developing (each only when every play-through was scored, since a
  /// bounded search cannot prove them), and a naive strategy that reaches Good.
  public var scoreFindings: [ScenarioProblem] {
    var findings: [ScenarioProblem] = []
    if let score, score.isExhaustive {
      if score.best.band != .good {
        findings.append(
          .bestScoreBelowGood(band: score.best.band, score: score.best.headlineScore, choices: score.best.choices))
      }
      if score.worst.band != .developing {
        findings.append(
          .worstScoreAboveDeveloping(
            band: score.worst.band, score: score.worst.headlineScore, choices: score.worst.choices))
      }
    }
    for result in naive.results where result.good > 0 {
      findings.append(
        .naiveStrategyReachesGood(strategy: result.strategy.description, times: result.good, of: naive.seeds))
    }
    return findings
  }
}
