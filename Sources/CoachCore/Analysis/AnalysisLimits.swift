/// Bounds on the work `ScenarioAnalysis` does, so that a huge or looping story is analysed in
/// reasonable time and memory. Whatever a bound cuts short is reported as a bound, never as exact.
public struct AnalysisLimits: Sendable, Equatable {
  /// The most play states the search keeps. Beyond it, counts become lower bounds.
  public var maxStates: Int
  /// Every play-through is scored when there are at most this many; otherwise the best and worst
  /// scores are the best and worst found by a bounded search.
  public var maxScoredPlayThroughs: Int
  /// Every play-through is scored only when that means scoring at most this many turns in all
  /// (play-throughs times their length).
  public var maxScoredTurns: Int
  /// The most turns the bounded search scores, in all, when not every play-through is scored.
  public var maxSearchTurns: Int

  public init(
    maxStates: Int = 1_000_000, maxScoredPlayThroughs: Int = 100_000, maxScoredTurns: Int = 2_000_000,
    maxSearchTurns: Int = 50_000
  ) {
    self.maxStates = maxStates
    self.maxScoredPlayThroughs = maxScoredPlayThroughs
    self.maxScoredTurns = maxScoredTurns
    self.maxSearchTurns = maxSearchTurns
  }

  public static let `default` = AnalysisLimits()
}
