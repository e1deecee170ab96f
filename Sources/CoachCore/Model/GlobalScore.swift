/// The four MITI 4.2.1 global scores, each rated from 1 to 5.
public enum GlobalScore: String, CaseIterable, Sendable, Codable, CodingKeyRepresentable, DeclarationOrdered {
  case cultivatingChangeTalk = "cultivating-change-talk"
  case softeningSustainTalk = "softening-sustain-talk"
  case partnership
  case empathy

  /// The score's name as the MITI manual writes it.
  public var title: String {
    switch self {
    case .cultivatingChangeTalk: "Cultivating Change Talk"
    case .softeningSustainTalk: "Softening Sustain Talk"
    case .partnership: "Partnership"
    case .empathy: "Empathy"
    }
  }
}
