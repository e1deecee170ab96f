import Foundation

/// What importing one export file did. A file is imported whole or not at all: when anything is
/// rejected, nothing from the file was added.
public struct ImportReport: Sendable, Equatable {
  /// Why an attempt, or the whole file, was refused.
  public struct Rejection: Sendable, Equatable {
    /// The attempt's position in the file's `attempts` (0-based); nil for the file as a whole.
    public var index: Int?
    /// The attempt's id, when it could be read.
    public var attempt: UUID?
    public var reason: String

    public init(index: Int?, attempt: UUID?, reason: String) {
      self.index = index
      self.attempt = attempt
      self.reason = reason
    }

    /// "attempts[2] (0A1B…): reason", or the reason alone for the whole file.
    public var description: String {
      guard let index else { return reason }
      let id = attempt.map { " (\($0.uuidString))" } ?? ""
      return "attempts[\(index)]\(id): \(reason)"
    }
  }

  /// The file as the user named it.
  public var file: String
  /// Whose attempts these are, when the file says.
  public var trainee: String?
  /// New attempts stored.
  public var added: [UUID] = []
  /// Attempts stored in progress before and further along in this file (more turns, or now
  /// finished), brought up to date.
  public var updated: [UUID] = []
  /// Attempts already stored exactly as in the file.
  public var skipped: [UUID] = []
  public var rejected: [Rejection] = []

  public init(file: String, trainee: String? = nil) {
    self.file = file
    self.trainee = trainee
  }

  /// Whether the file was imported (nothing rejected).
  public var imported: Bool { rejected.isEmpty }
}
