import CoachCore
import Foundation

/// What a line typed at the prompt means.
public enum TrainerInput: Equatable, Sendable {
  /// The number of a response, counting from 1.
  case number(Int)
  case command(REPLCommand)
  /// A command-like word that is not a command (":hepl").
  case unknownCommand(String, suggestion: REPLCommand?)
  case empty
  /// Text that is neither a number nor a command.
  case text(String)
  /// A line longer than `TrainerInput.maximumLength` characters.
  case tooLong(Int)

  /// Lines longer than this are refused without being looked at.
  public static let maximumLength = 1000

  /// Interprets one line of input.
  public static func parse(_ line: String) -> TrainerInput {
    let length = line.count
    if length > maximumLength { return .tooLong(length) }
    let trimmed = line.trimmingCharacters(in: .whitespaces)
    if trimmed.isEmpty { return .empty }
    if trimmed.allSatisfy(\.isASCIIDigit) {
      return trimmed.count <= 6 ? .number(Int(trimmed)!) : .text(trimmed)
    }
    if trimmed.hasPrefix(":") {
      let word = String(trimmed.dropFirst()).lowercased()
      if let command = REPLCommand(rawValue: word) ?? REPLCommand.aliases[word] { return .command(command) }
      let suggestion = Suggestion.nearest(to: word, in: REPLCommand.allCases.map(\.rawValue)).flatMap(REPLCommand.init)
      return .unknownCommand(trimmed, suggestion: suggestion)
    }
    return .text(trimmed)
  }
}

/// The REPL's commands, typed after a colon.
public enum REPLCommand: String, CaseIterable, Sendable {
  case help, hint, undo, transcript, state, restart, reload, quit

  /// Other spellings people try.
  static let aliases: [String: REPLCommand] = ["h": .help, "?": .help, "q": .quit, "exit": .quit, "u": .undo]

  /// One line for `:help`.
  public var summary: String {
    switch self {
    case .help: "list these commands"
    case .hint: "name a technique that would help now (practice mode)"
    case .undo: "take back your last response (practice mode)"
    case .transcript: "show the conversation so far"
    case .state: "show what you can see of the patient's state"
    case .restart: "start the story again (practice mode)"
    case .reload: "read the story file again, keeping your place where it still fits (authors, --no-save)"
    case .quit: "leave; your attempt is kept and `coach resume` continues it"
    }
  }
}

extension Character {
  fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
