#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads lines from standard input without line editing, for pipes and files.
///
/// The prompt and the answer are written together once the answer has arrived, so a piped session
/// reads like a transcript, and nothing is left dangling when input ends.
public final class PlainLineReader: WakeableLineReader {
  private let output: TextOutput
  private var buffer: [UInt8] = []
  private var atEnd = false
  /// Lines longer than this are consumed but cut, so a hostile stream cannot fill memory.
  public static let maximumLineBytes = 64 * 1024

  public init(output: TextOutput) {
    self.output = output
  }

  public func setCompletions(_ words: [String]) {}

  public func readLine(prompt: String) -> LineInput {
    readLine(prompt: prompt, wake: nil) ?? .endOfInput
  }

  public func readLine(prompt: String, wakeWhen wake: @escaping () -> Bool) -> LineInput? {
    readLine(prompt: prompt, wake: wake)
  }

  private func readLine(prompt: String, wake: (() -> Bool)?) -> LineInput? {
    var woken = false
    guard let bytes = nextLine(wake: wake, woken: &woken) else { return woken ? nil : .endOfInput }
    let text = String(decoding: bytes, as: UTF8.self)
    output.write(prompt + Sanitizer.clean(String(text.prefix(200)), multiline: false) + "\n")
    return .line(text)
  }

  /// Waits until standard input has something to read (or has ended), asking `wake` five times a
  /// second; false when `wake` said to stop waiting.
  private func waitForInput(_ wake: () -> Bool) -> Bool {
    var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
    while true {
      let ready = poll(&descriptor, 1, 200)
      if ready != 0 { return true }  // input, end of input or an error: read() will say which
      if wake() { return false }
    }
  }

  private func nextLine(wake: (() -> Bool)?, woken: inout Bool) -> [UInt8]? {
    var line: [UInt8] = []
    var truncated = false
    while true {
      if let newline = buffer.firstIndex(of: 0x0A) {
        if !truncated { line.append(contentsOf: buffer[..<newline]) }
        buffer.removeSubrange(...newline)
        break
      }
      if !truncated {
        line.append(contentsOf: buffer)
        if line.count > Self.maximumLineBytes {
          line.removeLast(line.count - Self.maximumLineBytes)
          truncated = true
        }
      }
      buffer.removeAll(keepingCapacity: true)
      if atEnd { return line.isEmpty ? nil : line }
      if let wake, !waitForInput(wake) {
        // What was read of an unfinished line is kept for the next read.
        buffer = line
        woken = true
        return nil
      }
      var chunk = [UInt8](repeating: 0, count: 4096)
      let count = chunk.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
      if count > 0 {
        buffer.append(contentsOf: chunk[..<count])
      } else if count < 0, errno == EINTR {
        continue
      } else {
        atEnd = true
      }
    }
    if line.last == 0x0D { line.removeLast() }
    return line
  }
}

/// Writes to standard output, unbuffered, so a killed process has shown everything it said. A
/// failed write ends the command with status 74 (see `ConsoleWriter`).
public final class StandardOutput: TextOutput {
  public init() {}

  public func write(_ text: String) { ConsoleWriter.write(text, to: .standardOutput) }
}

/// Writes to standard error, unbuffered. A failed write ends the command with status 74.
public final class StandardError: TextOutput {
  public init() {}

  public func write(_ text: String) { ConsoleWriter.write(text, to: .standardError) }
}

/// Collects output in memory, for tests.
public final class BufferedOutput: TextOutput, @unchecked Sendable {
  public private(set) var text = ""

  public init() {}

  public func write(_ text: String) { self.text += text }
}

/// Replays prepared lines, for tests: `nil` entries stand for Ctrl-C, and running out is Ctrl-D.
public final class ScriptedLineReader: LineReader, @unchecked Sendable {
  private var lines: [String?]
  public private(set) var prompts: [String] = []
  public private(set) var completions: [[String]] = []

  public init(_ lines: [String?]) {
    self.lines = lines
  }

  public func setCompletions(_ words: [String]) { completions.append(words) }

  public func readLine(prompt: String) -> LineInput {
    prompts.append(prompt)
    guard !lines.isEmpty else { return .endOfInput }
    guard let line = lines.removeFirst() else { return .interrupted }
    return .line(line)
  }
}
