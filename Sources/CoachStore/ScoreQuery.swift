import Foundation

/// Which scores a course lead asks for: one row per attempt, per trainee or per turn, narrowed by
/// cohort, scenario, trainee, start date and mode.
public struct ScoreQuery: Sendable, Equatable {
  /// What one row stands for.
  public enum Grouping: String, Sendable, CaseIterable {
    /// One row per attempt, with every metric.
    case attempt
    /// One row per trainee and scenario version: attempts, best and latest score, band and trend.
    case trainee
    /// One row per answered turn.
    case turn
  }

  public var per: Grouping
  /// Only attempts made in this cohort.
  public var cohort: String?
  /// Only this scenario.
  public var scenarioID: String?
  /// Only this version of the scenario (with `scenarioID`).
  public var scenarioVersion: String?
  /// Only this trainee.
  public var trainee: String?
  /// Only attempts started at or after this date.
  public var since: Date?
  /// Only assessed attempts, leaving out practice.
  public var assessedOnly: Bool

  /// `scenario` is a scenario id, or `id@version` for one version of it.
  public init(
    per: Grouping = .trainee, cohort: String? = nil, scenario: String? = nil, trainee: String? = nil,
    since: Date? = nil, assessedOnly: Bool = false
  ) {
    self.per = per
    self.cohort = cohort
    if let scenario, let at = scenario.firstIndex(of: "@") {
      scenarioID = String(scenario[..<at])
      scenarioVersion = String(scenario[scenario.index(after: at)...])
    } else {
      scenarioID = scenario
      scenarioVersion = nil
    }
    self.trainee = trainee
    self.since = since
    self.assessedOnly = assessedOnly
  }
}
