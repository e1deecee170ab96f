/// Why the engine refused a request.
public enum SessionError: Error, Equatable, Sendable, CustomStringConvertible {
  case alreadyFinished
  case unknownChoice(id: String, suggestion: String?)
  case notOffered(id: String, node: String, offered: [String])
  case numberOutOfRange(number: Int, count: Int)
  case stateMismatch(reason: String)

  public var description: String {
    switch self {
    case .alreadyFinished:
      return "the story has already ended"
    case .unknownChoice(let id, let suggestion):
      return "there is no choice \"\(id)\"" + (suggestion.map { "; did you mean \"\($0)\"?" } ?? "")
    case .notOffered(let id, let node, let offered):
      return "choice \"\(id)\" is not offered at node \"\(node)\"; offered: "
        + (offered.isEmpty ? "none" : offered.joined(separator: ", "))
    case .numberOutOfRange(let number, let count):
      return "there is no choice \(number); pick a number from 1 to \(count)"
    case .stateMismatch(let reason):
      return "the saved session does not fit this scenario: \(reason)"
    }
  }
}
