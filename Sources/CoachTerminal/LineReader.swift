/// What reading one line produced.
public enum LineInput: Equatable, Sendable {
  case line(String)
  /// Ctrl-C: the line being typed was discarded.
  case interrupted
  /// Ctrl-D or the end of piped input.
  case endOfInput
}

/// Reads the trainee's lines. GNU readline on a terminal; plain reads otherwise; scripted in tests.
public protocol LineReader: AnyObject {
  /// Shows `prompt` and reads one line.
  func readLine(prompt: String) -> LineInput
  /// The choice numbers tab completion offers at the next prompt.
  func setCompletions(_ words: [String])
}

/// Where text for the trainee goes.
public protocol TextOutput: AnyObject {
  func write(_ text: String)
}

extension TextOutput {
  /// Writes `text` and a line break.
  public func line(_ text: String = "") { write(text + "\n") }
}
