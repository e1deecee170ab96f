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

/// A line reader that can stop waiting when something other than the trainee needs attention,
/// such as a story file saved in an editor.
public protocol WakeableLineReader: LineReader {
  /// Shows `prompt` and reads one line, asking `wake` a few times a second while it waits; as
  /// soon as `wake` returns true it stops, discards what was typed, and returns nil.
  func readLine(prompt: String, wakeWhen wake: @escaping () -> Bool) -> LineInput?
}

/// Where text for the trainee goes.
public protocol TextOutput: AnyObject {
  func write(_ text: String)
}

extension TextOutput {
  /// Writes `text` and a line break.
  public func line(_ text: String = "") { write(text + "\n") }
}
