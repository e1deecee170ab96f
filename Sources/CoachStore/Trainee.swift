/// A person practising with Coach, as the store knows them.
public struct Trainee: Sendable, Equatable, Codable {
  /// The id they pass with --trainee or COACH_TRAINEE.
  public var id: String
  /// How to show them to a course lead; nil when never given.
  public var name: String?
  /// The course group they belong to, when known.
  public var cohort: String?

  public init(id: String, name: String? = nil, cohort: String? = nil) {
    self.id = id
    self.name = name
    self.cohort = cohort
  }

  /// Longest id accepted, wherever an id comes from: `--trainee`, `COACH_TRAINEE`, the prompt,
  /// or an imported file.
  public static let maximumIDLength = 64

  /// Why `id` cannot be a trainee id, or nil when it can: it must be non-empty, at most
  /// `maximumIDLength` characters, and free of control characters and surrounding spaces.
  public static func problem(withID id: String) -> String? {
    if id.isEmpty { return "a trainee id cannot be empty" }
    if id.count > maximumIDLength { return "a trainee id can have at most \(maximumIDLength) characters" }
    if id.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
      return "a trainee id cannot contain control characters"
    }
    if id.first!.isWhitespace || id.last!.isWhitespace {
      return "a trainee id cannot begin or end with a space"
    }
    return nil
  }
}
