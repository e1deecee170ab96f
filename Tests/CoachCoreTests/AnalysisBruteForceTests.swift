import CoachCore
import CoachTestSupport
import Testing

/// The analysis against an independent brute force: every play of a generated story, made
/// through the engine's `Session`, up to a depth bound.
@Suite("Analysis: generated stories against brute force")
struct AnalysisBruteForceTests {
  /// Everything the brute force saw within `depth` choices.
  struct BruteForce {
    /// Finished play-throughs in depth-first order (choices in file order), with their scores.
    var finished: [(choices: [String], band: Band, headline: Double)] = []
    var reachedNodes: Set<String> = []
    var offeredChoices: Set<String> = []
    /// Whether some play was still going after `depth` choices.
    var unfinishedAtBound = false
    var sessions = 0

    init(_ scenario: Scenario, depth: Int) {
      explore(Session(scenario: scenario), depth: depth, scenario: scenario)
    }

    mutating func explore(_ session: Session, depth: Int, scenario: Scenario) {
      sessions += 1
      for node in scenario.nodes where session.visits(of: node.id) > 0 { reachedNodes.insert(node.id) }
      if session.isFinished {
        let report = Rubric.miti421.score(Transcript(session: session))
        finished.append((session.turns.map(\.choice), report.overallBand, report.headlineScore))
        return
      }
      guard depth > 0 else {
        unfinishedAtBound = true
        return
      }
      for choice in session.offeredChoices {
        offeredChoices.insert(choice.id)
        var next = session
        _ = try? next.choose(choice.id)
        explore(next, depth: depth - 1, scenario: scenario)
      }
    }

    /// The first finished play-through, in depth-first order, that no other beats.
    func extreme(best: Bool) -> (choices: [String], band: Band, headline: Double)? {
      var found: (choices: [String], band: Band, headline: Double)?
      for candidate in finished {
        guard let current = found else {
          found = candidate
          continue
        }
        let better =
          candidate.band != current.band
          ? candidate.band > current.band : candidate.headline > current.headline
        let worse =
          candidate.band != current.band
          ? candidate.band < current.band : candidate.headline < current.headline
        if best ? better : worse { found = candidate }
      }
      return found
    }
  }

  static let depth = 7

  func check(seed: UInt64, stateful: Bool) throws {
    var generator = StoryGenerator(seed: seed)
    generator.stateful = stateful
    let json = generator.story()
    let loaded = Fixtures.load(json)
    let scenario = try #require(loaded.scenario, "seed \(seed): \(loaded.errors.map(\.rendered))")
    // A small search budget: scores are compared only where every play-through is scored.
    let analysis = ScenarioAnalysis(scenario, limits: AnalysisLimits(maxSearchTurns: 2_000))
    let brute = BruteForce(scenario, depth: Self.depth)
    let context = Comment(rawValue: "seed \(seed)\n\(json)")
    #expect(analysis.search.isComplete, context)
    if !stateful {
      #expect(analysis.search.trackedVariables.isEmpty && analysis.search.trackedVisits.isEmpty, context)
    }

    // What the brute force reached, the analysis must have reached.
    let reachable = Set(analysis.nodes.filter(\.reachable).map(\.id))
    let offered = Set(analysis.decisionPoints.flatMap(\.choices).filter(\.reachable).map(\.id))
    #expect(brute.reachedNodes.isSubset(of: reachable), context)
    #expect(brute.offeredChoices.isSubset(of: offered), context)
    if !brute.unfinishedAtBound {
      // Every play ended within the bound: the brute force saw everything.
      #expect(brute.reachedNodes == reachable, context)
      #expect(brute.offeredChoices == offered, context)
      #expect(analysis.stuck == nil, context)
      #expect(analysis.playThroughs == .exact(brute.finished.count), context)
    }

    let lengths = brute.finished.map(\.choices.count)
    if let shortest = lengths.min() {
      #expect(analysis.shortest?.choices == brute.finished.first { $0.choices.count == shortest }?.choices, context)
    } else if let shortest = analysis.shortest {
      #expect(shortest.choices.count > Self.depth, context)
    }

    switch analysis.playThroughs {
    case .exact(0):
      #expect(brute.finished.isEmpty && analysis.longest == nil && analysis.score == nil, context)
      #expect(analysis.shortest == nil && analysis.stuck != nil, context)
    case .exact(let count):
      let longest = try #require(analysis.longest, context)
      #expect(analysis.longestExtent == .exact, context)
      #expect(analysis.loop == nil, context)
      if longest.choices.count <= Self.depth {
        #expect(brute.finished.count == count, context)
        #expect(lengths.max() == longest.choices.count, context)
        #expect(longest.choices == brute.finished.first { $0.choices.count == lengths.max() }?.choices, context)
        let score = try #require(analysis.score, context)
        #expect(score.isExhaustive, context)
        for best in [true, false] {
          let expected = try #require(brute.extreme(best: best), context)
          let actual = best ? score.best : score.worst
          #expect(actual.choices == expected.choices, context)
          #expect(actual.band == expected.band, context)
          #expect(actual.headlineScore == expected.headline, context)
        }
      } else {
        #expect(brute.finished.count < count, context)
        #expect(brute.unfinishedAtBound, context)
      }
    case .unbounded:
      // A loop can be pumped: the brute force must still be playing at its bound, and the loop
      // the analysis names must really go round and still finish.
      #expect(brute.unfinishedAtBound, context)
      #expect(analysis.longest == nil && analysis.longestExtent == .unbounded, context)
      let loop = try #require(analysis.loop, context)
      #expect(!loop.cycle.isEmpty, context)
      for rounds in 0...3 {
        let choices = loop.prefix + Array([[String]](repeating: loop.cycle, count: rounds).joined()) + loop.exit
        let session = try Session.replaying(choices, in: scenario)
        #expect(session.isFinished, context)
      }
    case .atLeast:
      Issue.record("a complete search gives an exact count or unbounded; \(context)")
    }

    if let stuck = analysis.stuck {
      let session = try Session.replaying(stuck.choices, in: scenario)
      #expect(!session.isFinished && session.node.id == stuck.node, context)
      // From there no ending comes within the bound either.
      #expect(BruteForce(after: session, depth: Self.depth).finished.isEmpty, context)
    }
  }

  @Test(arguments: 0..<12)
  func statefulStoriesMatch(batch: Int) throws {
    for seed in UInt64(batch * 25)..<UInt64(batch * 25 + 25) {
      try check(seed: seed, stateful: true)
    }
  }

  @Test(arguments: 0..<4)
  func statelessStoriesMatch(batch: Int) throws {
    for seed in UInt64(1000 + batch * 25)..<UInt64(1000 + batch * 25 + 25) {
      try check(seed: seed, stateful: false)
    }
  }

  @Test func theGeneratorIsDeterministic() {
    var first = StoryGenerator(seed: 42)
    var second = StoryGenerator(seed: 42)
    #expect(first.story() == second.story())
    var other = StoryGenerator(seed: 43)
    #expect(StoryGenerator(seed: 42).storyCopy() != other.story())
  }
}

extension AnalysisBruteForceTests.BruteForce {
  /// The brute force from a session already under way.
  init(after session: Session, depth: Int) {
    explore(session, depth: depth, scenario: session.scenario)
  }
}

extension StoryGenerator {
  /// The story this generator would make, without advancing it.
  func storyCopy() -> String {
    var copy = self
    return copy.story()
  }
}

extension AnalysisBruteForceTests {
  /// The generated stories cover what the analysis must get right: finite and unbounded
  /// play-throughs, plays that get stuck, visit counts and variables in the state.
  @Test func theGeneratedStoriesCoverEveryCase() throws {
    var finite = 0
    var scoredExactly = 0
    var unbounded = 0
    var stuck = 0
    var visits = 0
    var unreachable = 0
    for seed in UInt64(0)..<300 {
      var generator = StoryGenerator(seed: seed)
      let scenario = try #require(Fixtures.load(generator.story()).scenario)
      let analysis = ScenarioAnalysis(scenario, limits: AnalysisLimits(maxSearchTurns: 2_000))
      if case .exact(let count) = analysis.playThroughs, count > 0 { finite += 1 }
      if analysis.playThroughs == .unbounded { unbounded += 1 }
      if analysis.score?.isExhaustive == true, (analysis.longest?.choices.count ?? 99) <= Self.depth {
        scoredExactly += 1
      }
      if analysis.stuck != nil { stuck += 1 }
      if !analysis.search.trackedVisits.isEmpty { visits += 1 }
      if !analysis.unreachableNodes.isEmpty || !analysis.unreachableChoices.isEmpty { unreachable += 1 }
    }
    let counts =
      "finite \(finite), scored \(scoredExactly), unbounded \(unbounded), stuck \(stuck), visits \(visits), "
      + "unreachable \(unreachable)"
    #expect(
      finite >= 50 && scoredExactly >= 50 && unbounded >= 50 && stuck >= 20 && visits >= 100 && unreachable >= 50,
      Comment(rawValue: counts))
  }
}
