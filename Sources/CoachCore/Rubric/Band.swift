/// A competency band, from the MITI thresholds: below "fair" is Developing.
public enum Band: String, Sendable, Codable, CaseIterable, DeclarationOrdered {
  case developing
  case fair
  case good

  /// "Developing", "Fair", "Good".
  public var title: String {
    switch self {
    case .developing: "Developing"
    case .fair: "Fair"
    case .good: "Good"
    }
  }
}
