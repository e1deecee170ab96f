/// How a trainee who never reads the patient would score: always the option in one position,
/// always the longest, always the one with the most codes, each over many seeds of the option
/// order. A story whose naive strategies reach Good cues its answers, and its score measures
/// position or length rather than technique.
public struct NaiveStrategies: Sendable, Equatable, Codable {
  /// A way of picking without reading.
  public enum Strategy: Sendable, Equatable, Codable, CustomStringConvertible {
    /// Always the option at this position (from 1) as shown, or the last when fewer are shown.
    case position(Int)
    /// Always the longest option, the first shown among equals.
    case longest
    /// Always the option with the most technique codes, the first shown among equals.
    case mostCodes

    public var description: String {
      switch self {
      case .position(let position): "always option \(position)"
      case .longest: "always the longest"
      case .mostCodes: "always the most codes"
      }
    }
  }

  /// What one strategy got over every seed.
  public struct Result: Sendable, Equatable, Codable {
    public var strategy: Strategy
    /// How many plays ended in each band, and how many never reached an ending.
    public var bands: [Band: Int]
    public var unfinished: Int
    public var bestScore: Double?
    public var meanScore: Double?

    /// Plays banded Good.
    public var good: Int { bands[.good] ?? 0 }
  }

  /// The seeds played, 1 to `seeds`.
  public var seeds: Int
  public var results: [Result]

  /// A play gives up after this many choices without an ending (a repair loop).
  public static let maximumChoices = 500

  /// Plays every strategy with seeds 1 to `seeds`, scoring each play with `rubric`.
  public init(scenario: Scenario, rubric: Rubric, seeds: Int = 20) {
    self.seeds = seeds
    let widest = scenario.nodes.map(\.choices.count).max() ?? 0
    let strategies = (1...max(1, widest)).map(Strategy.position) + [.longest, .mostCodes]
    results = strategies.map { strategy in
      var bands: [Band: Int] = [:]
      var unfinished = 0
      var scores: [Double] = []
      for seed in 1...UInt64(max(1, seeds)) {
        var session = Session(scenario: scenario, seed: seed)
        var steps = 0
        while !session.isFinished, steps < Self.maximumChoices {
          let offered = session.offeredChoices
          guard let pick = Self.pick(strategy, from: offered) else { break }
          do { try session.choose(pick.id) } catch { break }
          steps += 1
        }
        guard session.isFinished else {
          unfinished += 1
          continue
        }
        let report = rubric.score(Transcript(session: session))
        bands[report.overallBand, default: 0] += 1
        scores.append(report.headlineScore)
      }
      let mean = scores.isEmpty ? nil : (scores.reduce(0, +) / Double(scores.count) * 10).rounded() / 10
      return Result(strategy: strategy, bands: bands, unfinished: unfinished, bestScore: scores.max(), meanScore: mean)
    }
  }

  static func pick(_ strategy: Strategy, from offered: [Choice]) -> Choice? {
    guard !offered.isEmpty else { return nil }
    switch strategy {
    case .position(let position):
      return offered[min(position, offered.count) - 1]
    case .longest:
      return offered.enumerated().max { lhs, rhs in
        lhs.element.say.count != rhs.element.say.count
          ? lhs.element.say.count < rhs.element.say.count : lhs.offset > rhs.offset
      }!.element
    case .mostCodes:
      return offered.enumerated().max { lhs, rhs in
        lhs.element.codes.count != rhs.element.codes.count
          ? lhs.element.codes.count < rhs.element.codes.count : lhs.offset > rhs.offset
      }!.element
    }
  }

  /// Whether any strategy ever reached Good.
  public var anyGood: Bool { results.contains { $0.good > 0 } }
}
