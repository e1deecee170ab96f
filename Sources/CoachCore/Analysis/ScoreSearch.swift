/// Finds the play-throughs with the best and the worst rubric score.
///
/// The rubric is not additive (scores are clamped, ratios need enough turns, patterns span
/// adjacent turns), so play-throughs are scored whole with `Rubric.score`. When there are few
/// enough, every one is scored and the result is exact. Otherwise candidates are gathered and
/// scored: the story's walkthroughs, the shortest and longest play-throughs, the play-throughs
/// with the highest and lowest sum of per-turn quality (`Rubric.quality(of:)`), and a beam search
/// that extends the best- and worst-scoring beginnings one choice at a time. That result is the
/// best found, not necessarily the best there is.
///
/// Play-throughs rank by overall band, then headline score; between equals, the best and the
/// worst are each the one whose choices come earliest in file order.
struct ScoreSearch {
  /// A scored play-through, as positions of choices in the `StoryIndex`.
  struct Scored {
    var choices: [Int32]
    var band: Band
    var headline: Double
  }

  private(set) var best: Scored?
  private(set) var worst: Scored?
  /// The best play-through found for each ending, by ending node id.
  private(set) var bestByEnding: [String: Scored] = [:]
  /// How many play-throughs scored found share the best band and score.
  private(set) var bestTies = 0
  /// Whether every play-through was scored.
  private(set) var isExhaustive = false
  /// How many play-throughs were scored.
  private(set) var scoredCount = 0

  private let graph: PlayStateGraph
  private let canFinish: [Bool]
  // The graph's arrays, held directly so that the loops below do not go through the graph.
  private let edgeStart: [Int32]
  private let edgeTarget: [Int32]
  private let edgeChoice: [Int32]
  private let terminal: [Bool]
  private let rubric: Rubric
  private let scenario: Scenario
  private let turns: [CodedTurn]
  private var scoredTurns = 0
  private var seen: Set<[Int32]> = []

  /// The largest width of each beam.
  static let beamWidth = 32

  init(
    scenario: Scenario, graph: PlayStateGraph, measures: PathMeasures, rubric: Rubric, limits: AnalysisLimits,
    seeds: [[Int32]]
  ) {
    self.graph = graph
    self.rubric = rubric
    self.scenario = scenario
    edgeStart = graph.edgeStart
    edgeTarget = graph.edgeTarget
    edgeChoice = graph.edgeChoice
    terminal = graph.terminal
    canFinish = measures.canFinish
    turns = graph.index.choices.indices.map { position in
      let choice = graph.index.choices[position]
      let node = scenario.nodes[Int(graph.index.choiceNode[position])]
      return CodedTurn(
        node: node.id, talk: node.talk, chosen: CodedTurn.Option(choice), feedback: choice.feedback,
        weight: node.weight == 1 ? nil : node.weight)
    }
    guard graph.stateCount > 0, canFinish[0] else { return }

    if let count = measures.count.exactValue, count <= limits.maxScoredPlayThroughs,
      count <= limits.maxScoredTurns / max(1, measures.longestEdges?.count ?? 1)
    {
      enumerateAll()
      isExhaustive = true
      return
    }
    for seed in seeds { consider(seed) }
    consider(PathMeasures.exit(from: 0, graph, exitEdge: measures.exitEdge).map { graph.edgeChoice[Int($0)] })
    if let longest = measures.longestEdges { consider(longest.map { graph.edgeChoice[Int($0)] }) }
    let quality = graph.index.choices.map { rubric.quality(of: $0).raw }
    for direction in [Direction.best, .worst] {
      consider(qualityExtreme(direction, quality: quality))
    }
    for direction in [Direction.best, .worst] {
      beamSearch(direction, budget: limits.maxSearchTurns / 2)
    }
  }

  private enum Direction {
    case best, worst
  }

  // MARK: - Scoring

  /// Scores a play-through and keeps it if it is the best or worst so far.
  private mutating func consider(_ choices: [Int32]) {
    guard !choices.isEmpty || terminal[0], seen.insert(choices).inserted else { return }
    let conclusion = self.conclusion(choices)
    let report = score(choices, conclusion: conclusion)
    let scored = Scored(choices: choices, band: report.band, headline: report.headline)
    scoredCount += 1
    if let current = best, scored.band == current.band, scored.headline == current.headline {
      bestTies += 1
    } else if best.map({ Self.ranks(scored, above: $0) }) ?? true {
      bestTies = 1
    }
    if best.map({ Self.ranks(scored, above: $0) }) ?? true { best = scored }
    if worst.map({ Self.ranks(scored, below: $0) }) ?? true { worst = scored }
    if let ending = conclusion?.ending, bestByEnding[ending].map({ Self.ranks(scored, above: $0) }) ?? true {
      bestByEnding[ending] = scored
    }
  }

  /// How a complete play-through ends, with its safety tasks, replayed through the engine (safety
  /// conditions may read state the play-state graph does not track).
  private func conclusion(_ choices: [Int32]) -> Conclusion? {
    guard let session = try? Session.replaying(choices.map { graph.index.choices[Int($0)].id }, in: scenario)
    else { return nil }
    return Transcript(session: session).conclusion
  }

  private mutating func score(_ choices: [Int32], conclusion: Conclusion? = nil) -> (band: Band, headline: Double) {
    scoredTurns += choices.count + 1
    let report = rubric.score(Transcript(turns: choices.map { turns[Int($0)] }, conclusion: conclusion))
    return (report.overallBand, report.headlineScore)
  }

  /// Whether `lhs` ranks above `rhs`: a better band, a higher score, or equal and earlier.
  static func ranks(_ lhs: Scored, above rhs: Scored) -> Bool {
    if lhs.band != rhs.band { return lhs.band > rhs.band }
    if lhs.headline != rhs.headline { return lhs.headline > rhs.headline }
    return lhs.choices.lexicographicallyPrecedes(rhs.choices)
  }

  /// Whether `lhs` ranks below `rhs`: a worse band, a lower score, or equal and earlier.
  static func ranks(_ lhs: Scored, below rhs: Scored) -> Bool {
    if lhs.band != rhs.band { return lhs.band < rhs.band }
    if lhs.headline != rhs.headline { return lhs.headline < rhs.headline }
    return lhs.choices.lexicographicallyPrecedes(rhs.choices)
  }

  // MARK: - Every play-through

  /// Depth-first over the states that can finish, choices in file order, scoring each ending.
  private mutating func enumerateAll() {
    var stack: [(state: Int, next: Int)] = [(0, Int(edgeStart[0]))]
    var path: [Int32] = []
    if terminal[0] { consider([]) }
    while let top = stack.last {
      let end = Int(edgeStart[top.state + 1])
      guard top.next < end else {
        stack.removeLast()
        if !path.isEmpty, !stack.isEmpty { path.removeLast() }
        continue
      }
      stack[stack.count - 1].next += 1
      let target = Int(edgeTarget[top.next])
      guard canFinish[target] else { continue }
      path.append(edgeChoice[top.next])
      if terminal[target] {
        consider(path)
        path.removeLast()
      } else {
        stack.append((target, Int(edgeStart[target])))
      }
    }
  }

  // MARK: - Candidates when there are too many to score

  /// The play-through with the highest (or lowest) sum of per-turn quality, by dynamic
  /// programming over the states that can finish. Edges back to a state still being explored
  /// are left out, so that loops cannot pump the sum.
  private func qualityExtreme(_ direction: Direction, quality: [Int]) -> [Int32] {
    let sign = direction == .best ? 1 : -1
    let states = graph.stateCount
    var value = [Int](repeating: Int.min, count: states)
    var chosen = [Int32](repeating: -1, count: states)
    var colour = [UInt8](repeating: 0, count: states)  // 0 new, 1 being explored, 2 done
    var stack: [(state: Int, next: Int)] = [(0, Int(edgeStart[0]))]
    colour[0] = 1
    while let top = stack.last {
      let end = Int(edgeStart[top.state + 1])
      if top.next < end {
        stack[stack.count - 1].next += 1
        let target = Int(edgeTarget[top.next])
        if canFinish[target], colour[target] == 0 {
          colour[target] = 1
          stack.append((target, Int(edgeStart[target])))
        }
        continue
      }
      stack.removeLast()
      let state = top.state
      // Marked done only once its value is known, so that a loop back to itself is left out.
      defer { colour[state] = 2 }
      if terminal[state] {
        value[state] = 0
        continue
      }
      for edge in Int(edgeStart[state])..<Int(edgeStart[state + 1]) {
        let target = Int(edgeTarget[edge])
        guard colour[target] == 2, value[target] != Int.min else { continue }
        let candidate = sign * quality[Int(edgeChoice[edge])] + value[target]
        if candidate > value[state] {
          value[state] = candidate
          chosen[state] = Int32(edge)
        }
      }
    }
    var choices: [Int32] = []
    var state = 0
    while chosen[state] >= 0 {
      choices.append(edgeChoice[Int(chosen[state])])
      state = Int(edgeTarget[Int(chosen[state])])
    }
    return terminal[state] ? choices : []
  }

  /// Extends the best- (or worst-) scoring beginnings one choice at a time, never returning to a
  /// state already on the way, and scores every play-through that reaches an ending.
  private mutating func beamSearch(_ direction: Direction, budget: Int) {
    struct Partial {
      var state: Int
      var choices: [Int32]
      var states: [Int32]
      var band: Band
      var headline: Double
    }
    let stopAt = scoredTurns + budget
    var beam = [Partial(state: 0, choices: [], states: [0], band: .developing, headline: 0)]
    while !beam.isEmpty, scoredTurns < stopAt {
      var next: [Partial] = []
      for partial in beam {
        for edge in Int(edgeStart[partial.state])..<Int(edgeStart[partial.state + 1]) {
          let target = Int(edgeTarget[edge])
          guard canFinish[target], !partial.states.contains(Int32(target)) else { continue }
          let choices = partial.choices + [edgeChoice[edge]]
          if terminal[target] {
            consider(choices)
            continue
          }
          let report = score(choices)
          next.append(
            Partial(
              state: target, choices: choices, states: partial.states + [Int32(target)], band: report.band,
              headline: report.headline))
        }
      }
      next.sort { lhs, rhs in
        if lhs.headline != rhs.headline {
          return direction == .best ? lhs.headline > rhs.headline : lhs.headline < rhs.headline
        }
        return lhs.choices.lexicographicallyPrecedes(rhs.choices)
      }
      beam = Array(next.prefix(Self.beamWidth))
    }
  }
}
