/// How good a response is at its decision point, as the scenario's author judges it in context.
///
/// Grades rank the options on offer at one moment: the ✔/✘ mark, `:hint`, "Better:" and the
/// turns to revisit all follow them where the author gives them. Where a decision point has no
/// grades, Coach derives them from the technique codes (`Rubric.judge`).
public enum Grade: String, CaseIterable, Sendable, Codable, Comparable {
  /// Harmful or clearly off-target at this moment.
  case poor
  /// Does no harm, but misses what the moment needs.
  case acceptable
  /// A defensible, MI-consistent move.
  case good
  /// The strongest move at this moment.
  case best

  private var rank: Int {
    switch self {
    case .poor: 0
    case .acceptable: 1
    case .good: 2
    case .best: 3
    }
  }

  public static func < (lhs: Grade, rhs: Grade) -> Bool { lhs.rank < rhs.rank }

  /// "Best", "Good", "Acceptable", "Poor".
  public var title: String {
    switch self {
    case .poor: "Poor"
    case .acceptable: "Acceptable"
    case .good: "Good"
    case .best: "Best"
    }
  }
}
