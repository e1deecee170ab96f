/// A MITI behaviour count. MITI 4.2.1 counts Question, Simple and Complex Reflection, Affirm,
/// Seeking Collaboration, Emphasize Autonomy, Giving Information, Persuade, Persuade with
/// Permission and Confront; open and closed questions are counted apart as in MITI 3.1.1.
public enum Behaviour: String, CaseIterable, Sendable, Codable, CodingKeyRepresentable, DeclarationOrdered {
  case question = "Q"
  case openQuestion = "OQ"
  case closedQuestion = "CQ"
  case simpleReflection = "SR"
  case complexReflection = "CR"
  case affirm = "AF"
  case seek = "SEEK"
  case emphasize = "EMPH"
  case giveInformation = "GI"
  case persuade = "PERS"
  case persuadeWithPermission = "PWP"
  case confront = "CON"

  /// The behaviour's name in the MITI manual.
  public var title: String {
    switch self {
    case .question: "Question"
    case .openQuestion: "Open question"
    case .closedQuestion: "Closed question"
    case .simpleReflection: "Simple reflection"
    case .complexReflection: "Complex reflection"
    case .affirm: "Affirm"
    case .seek: "Seeking collaboration"
    case .emphasize: "Emphasizing autonomy"
    case .giveInformation: "Giving information"
    case .persuade: "Persuade"
    case .persuadeWithPermission: "Persuade with permission"
    case .confront: "Confront"
    }
  }
}
