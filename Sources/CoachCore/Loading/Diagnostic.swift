/// One finding about a scenario file: where it is, what is wrong and how to fix it.
public struct Diagnostic: Sendable, Equatable {
  /// How serious a finding is: an error stops the scenario from loading, a warning fails
  /// `coach validate --strict`, a note is advice and fails nothing.
  public enum Severity: String, Sendable, Codable, Comparable {
    case error, warning, note

    private var rank: Int {
      switch self {
      case .error: 0
      case .warning: 1
      case .note: 2
      }
    }

    /// Errors sort first.
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
  }

  public var severity: Severity
  /// The file as the user named it.
  public var file: String
  /// Where in the JSON document: `nodes[3].choices[1].next`.
  public var path: JSONPath
  /// Line and column in the file, when known.
  public var position: SourcePosition?
  public var problem: ScenarioProblem
  /// The path as a person reads it, with node and choice ids:
  /// `nodes[19] "walks-guarded" .choices[1] "ask-more" .next`. Nil where the path has no ids.
  public var location: String?
  /// The lines of problems that only follow from this one (a variable used after a faulty
  /// declaration, a field missing because its name is misspelt): they are not reported, because
  /// fixing this one fixes them. Nil where a line is unknown.
  public var hiddenFollowOns: [Int?] = []

  public init(
    severity: Severity? = nil, file: String, path: JSONPath = .root, position: SourcePosition? = nil,
    problem: ScenarioProblem
  ) {
    self.severity = severity ?? problem.defaultSeverity
    self.file = file
    self.path = path
    self.position = position
    self.problem = problem
  }

  /// The path as shown: with ids where there are some.
  public var shownPath: String { location ?? path.description }

  public var message: String { problem.message }
  public var suggestion: String? { problem.suggestion }
  public var code: String { problem.code }

  /// The compiler-style one-line form, `file:line:col: error: path: message; suggestion`, followed
  /// by any detail lines (an expression with a caret, a walkthrough's state).
  public var rendered: String {
    var head = file
    if let position { head += ":\(position.line):\(position.column)" }
    var text = "\(head): \(severity.rawValue): "
    if path != .root { text += "\(shownPath): " }
    text += message
    if let suggestion { text += "; \(suggestion)" }
    for line in detailLines { text += "\n    " + line }
    return text
  }

  /// Extra lines that make the problem easier to see.
  public var detailLines: [String] {
    switch problem {
    case .expression(let error, let source):
      let prefix = String(decoding: Array(source.utf8.prefix(error.offset)), as: UTF8.self)
      let marked = String(decoding: Array(source.utf8.dropFirst(error.offset).prefix(error.length)), as: UTF8.self)
      return [
        source,
        String(repeating: " ", count: prefix.unicodeScalars.count)
          + String(repeating: "^", count: max(1, marked.unicodeScalars.count)),
      ] + followOnLines
    case .walkthroughFailed(let failure):
      return failure.detailLines + followOnLines
    default:
      return followOnLines
    }
  }

  /// "3 follow-on problems hidden (lines 80, 120, 200); fix this one first", when there are some.
  private var followOnLines: [String] {
    guard !hiddenFollowOns.isEmpty else { return [] }
    let count = hiddenFollowOns.count
    var lines = Array(Set(hiddenFollowOns.compactMap { $0 })).sorted()
    var place = ""
    if !lines.isEmpty {
      let more = lines.count > 8 ? ", …" : ""
      lines = Array(lines.prefix(8))
      place = " (line\(lines.count == 1 ? "" : "s") " + lines.map(String.init).joined(separator: ", ") + more + ")"
    }
    return ["\(count) follow-on problem\(count == 1 ? "" : "s") hidden\(place); fix this one first"]
  }
}

extension Diagnostic: Encodable {
  private enum CodingKeys: String, CodingKey {
    case severity, code, file, path, location, line, column, message, suggestion, details, hiddenFollowOns
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(severity, forKey: .severity)
    try container.encode(code, forKey: .code)
    try container.encode(file, forKey: .file)
    try container.encode(path.description, forKey: .path)
    try container.encode(shownPath, forKey: .location)
    try container.encodeIfPresent(position?.line, forKey: .line)
    try container.encodeIfPresent(position?.column, forKey: .column)
    try container.encode(message, forKey: .message)
    try container.encodeIfPresent(suggestion, forKey: .suggestion)
    if !detailLines.isEmpty { try container.encode(detailLines, forKey: .details) }
    if !hiddenFollowOns.isEmpty { try container.encode(hiddenFollowOns.count, forKey: .hiddenFollowOns) }
  }
}
