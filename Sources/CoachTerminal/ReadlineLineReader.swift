@preconcurrency import CReadline

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Set by the SIGINT handler; read by readline's input function. Only ever touched on the main
/// thread or in the signal handler, as a plain flag.
nonisolated(unsafe) private var interruptPending: sig_atomic_t = 0
/// Set when Ctrl-C cleared the line, so `readLine` can report it.
nonisolated(unsafe) private var lineWasInterrupted = false
/// The words tab completion offers at the current prompt.
nonisolated(unsafe) private var completionWords: [String] = []
/// While reading with `readLine(prompt:wakeWhen:)`: asked a few times a second while no key comes.
nonisolated(unsafe) private var wakeCheck: (() -> Bool)?
/// Set when `wakeCheck` said to stop waiting, so `readLine` can report it.
nonisolated(unsafe) private var wokenPending = false
nonisolated(unsafe) private var completionCursor = 0

/// Reads lines with GNU readline: line editing, history kept in a file, tab completion of
/// commands and choice numbers, and Ctrl-C that clears the line instead of killing the program.
///
/// History is bounded three ways: at most `historyLimit` lines, none longer than
/// `maximumHistoryLineLength` characters (a longer answer is not kept), and at most
/// `maximumHistoryBytes` in all (the oldest lines go first). Only single-line answers are kept.
public final class ReadlineLineReader: WakeableLineReader {
  private let historyPath: String?
  private let historyLimit: Int32
  private let maximumHistoryLineLength: Int
  private let maximumHistoryBytes: Int
  private var previousAction = sigaction()

  /// - Parameters:
  ///   - historyPath: where history is kept between sessions (created readable by the owner only);
  ///     `nil` keeps no history file.
  ///   - historyLimit: the most lines kept.
  ///   - maximumHistoryLineLength: a line with more characters is not added to history.
  ///   - maximumHistoryBytes: the most bytes of history kept; a larger history file is not read.
  public init(
    historyPath: String?, historyLimit: Int = 500, maximumHistoryLineLength: Int = 1000,
    maximumHistoryBytes: Int = 64 * 1024
  ) {
    self.historyPath = historyPath
    self.historyLimit = Int32(historyLimit)
    self.maximumHistoryLineLength = maximumHistoryLineLength
    self.maximumHistoryBytes = maximumHistoryBytes
    rl_readline_name = UnsafePointer(strdup("coach"))
    // Bracketed paste: a pasted block arrives as one piece of text in the line, line breaks and
    // all, and is one answer when Enter is pressed, never one answer per pasted line. (The
    // terminal is told by escape codes readline writes around each read, outside the prompt.)
    rl_variable_bind("enable-bracketed-paste", "on")
    rl_attempted_completion_function = { text, _, _ in
      rl_attempted_completion_over = 1  // never fall back to file names
      return rl_completion_matches(text, completionGenerator)
    }
    // Ctrl-C: the signal interrupts readline's read; our input function turns that into the
    // Ctrl-C key, which is bound to a command that clears the line and returns.
    rl_catch_signals = 0
    rl_getc_function = interruptibleGetc
    rl_bind_key(3, clearLineCommand)
    var action = sigaction()
    #if canImport(Glibc)
      action.__sigaction_handler.sa_handler = { _ in interruptPending = 1 }
    #else
      action.__sigaction_u.__sa_handler = { _ in interruptPending = 1 }
    #endif
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0  // no SA_RESTART: the read must return EINTR
    sigaction(SIGINT, &action, &previousAction)
    // A parent that blocked SIGINT must not leave Ctrl-C dead at the prompt.
    var interrupt = sigset_t()
    sigemptyset(&interrupt)
    sigaddset(&interrupt, SIGINT)
    pthread_sigmask(SIG_UNBLOCK, &interrupt, nil)
    stifle_history(self.historyLimit)
    if let historyPath, Self.isReadableHistory(historyPath, maximumBytes: maximumHistoryBytes) {
      _ = read_history(historyPath)
      trimHistory()
    }
  }

  deinit {
    sigaction(SIGINT, &previousAction, nil)
  }

  /// Whether `path` is a regular file small enough to be Coach's history (anything else is not
  /// read, and is replaced when history is next saved).
  private static func isReadableHistory(_ path: String, maximumBytes: Int) -> Bool {
    var info = stat()
    return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG && Int(info.st_size) <= 2 * maximumBytes
  }

  /// Drops the oldest lines until history, as saved (a line break after each line), fits in
  /// `maximumHistoryBytes`.
  private func trimHistory() {
    while history_length > 0, Int(history_total_bytes()) + Int(history_length) > maximumHistoryBytes {
      if let entry = remove_history(0) { _ = free_history_entry(entry) }
    }
  }

  /// Adds `line` to history, when it is worth keeping, and saves the file (owner-only).
  private func remember(_ line: String) {
    guard !line.allSatisfy(\.isWhitespace), !line.contains(where: \.isNewline), line.count <= maximumHistoryLineLength
    else {
      return
    }
    add_history(line)
    trimHistory()
    guard let historyPath, Self.makeFolder(of: historyPath) else { return }
    _ = write_history(historyPath)
    _ = chmod(historyPath, 0o600)
  }

  /// Creates the folder `path` is in, and any missing above it, readable by the owner only; only
  /// when a line is first kept, so reading nothing creates nothing. Whether the folder is there.
  private static func makeFolder(of path: String) -> Bool {
    guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return true }
    let folder = String(path[..<slash])
    var info = stat()
    if stat(folder, &info) == 0 { return info.st_mode & S_IFMT == S_IFDIR }
    guard makeFolder(of: folder) else { return false }
    return mkdir(folder, 0o700) == 0 || errno == EEXIST
  }

  public func setCompletions(_ words: [String]) {
    completionWords = words
  }

  public func readLine(prompt: String, wakeWhen wake: @escaping () -> Bool) -> LineInput? {
    wakeCheck = wake
    wokenPending = false
    defer {
      wakeCheck = nil
      wokenPending = false
    }
    let input = readLine(prompt: prompt)
    return wokenPending ? nil : input
  }

  public func readLine(prompt: String) -> LineInput {
    interruptPending = 0
    lineWasInterrupted = false
    guard let raw = readline(prompt) else { return .endOfInput }
    defer { free(raw) }
    if lineWasInterrupted {
      // The line was cleared and the read ended without the line break Enter gives; with the
      // terminal back in its normal mode (and the cursor returned to the start of the line), the
      // prompt keeps its line and what follows starts on the next.
      fputs("\n", rl_outstream ?? stdout)
      fflush(rl_outstream ?? stdout)
      return .interrupted
    }
    var line = String(cString: raw)
    // A pasted line usually brings its line break with it.
    while line.last?.isNewline == true { line.removeLast() }
    remember(line)
    return .line(line)
  }
}

/// Offers the completion words that start with the typed text, one per call.
private func completionGenerator(_ text: UnsafePointer<CChar>?, _ state: Int32) -> UnsafeMutablePointer<CChar>? {
  if state == 0 { completionCursor = 0 }
  let prefix = text.map { String(cString: $0) } ?? ""
  while completionCursor < completionWords.count {
    let word = completionWords[completionCursor]
    completionCursor += 1
    if word.hasPrefix(prefix) { return strdup(word) }
  }
  return nil
}

/// readline's input function: one byte from the terminal, or the Ctrl-C key when SIGINT
/// interrupted the read.
private func interruptibleGetc(_ stream: UnsafeMutablePointer<FILE>?) -> Int32 {
  let descriptor = stream.map { fileno($0) } ?? STDIN_FILENO
  while true {
    if let wake = wakeCheck {
      // Wait for a key a fifth of a second at a time, asking between whether to stop waiting; a
      // wake-up ends the read the way Ctrl-C does, as the Ctrl-C key.
      var waiting = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
      let ready = poll(&waiting, 1, 200)
      if ready == 0 {
        if wake() {
          wokenPending = true
          return 3
        }
        continue
      }
      if ready < 0, errno == EINTR, interruptPending != 0 {
        interruptPending = 0
        return 3
      }
    }
    var byte: UInt8 = 0
    let count = read(descriptor, &byte, 1)
    if count == 1 { return Int32(byte) }
    if count == 0 { return EOF }
    if errno == EINTR {
      if interruptPending != 0 {
        interruptPending = 0
        return 3
      }
      continue
    }
    return EOF
  }
}

/// Bound to Ctrl-C: discards the line being typed and ends this read.
private func clearLineCommand(_ count: Int32, _ key: Int32) -> Int32 {
  rl_replace_line("", 0)
  rl_point = 0
  rl_redisplay()
  lineWasInterrupted = true
  rl_done = 1
  return 0
}
