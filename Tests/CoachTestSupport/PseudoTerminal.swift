import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Runs a program on a pseudo-terminal, as if a person sat at it: the program sees a real
/// terminal (line editing, Ctrl-C as a signal), and the test types keys and reads the screen.
public final class PseudoTerminal {
  public enum Failure: Error, CustomStringConvertible {
    case system(String)
    case timeout(waitingFor: String, screen: String)

    public var description: String {
      switch self {
      case .system(let what): "pseudo-terminal: \(what) failed: \(String(cString: strerror(errno)))"
      case .timeout(let text, let screen): "timed out waiting for \"\(text)\"; the terminal shows:\n\(screen)"
      }
    }
  }

  private var master: Int32 = -1
  private(set) var pid: pid_t = 0
  /// Everything the program has written so far.
  public private(set) var transcript = ""
  private var consumed: String.Index

  /// Starts `executable` with `arguments` and exactly `environment`, in its own session with the
  /// pseudo-terminal as its controlling terminal.
  public init(executable: String, arguments: [String], environment: [String: String], columns: Int = 100) throws {
    consumed = transcript.startIndex
    var masterFD: Int32 = -1
    var slaveFD: Int32 = -1
    var size = winsize(ws_row: 40, ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
    guard openpty(&masterFD, &slaveFD, nil, nil, &size) == 0 else { throw Failure.system("openpty") }
    master = masterFD
    guard let name = ttyname(slaveFD) else { throw Failure.system("ttyname") }
    let slaveName = String(cString: name)
    close(slaveFD)

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    // After setsid, the first terminal the child opens becomes its controlling terminal.
    posix_spawn_file_actions_addopen(&actions, 0, slaveName, O_RDWR, 0)
    posix_spawn_file_actions_adddup2(&actions, 0, 1)
    posix_spawn_file_actions_adddup2(&actions, 0, 2)
    posix_spawn_file_actions_addclose(&actions, masterFD)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    // A fresh session, default signal handling and nothing blocked, whatever the test runner does.
    var noSignals = sigset_t()
    sigemptyset(&noSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    sigaddset(&defaults, SIGINT)
    sigaddset(&defaults, SIGPIPE)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    // POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSID (glibc values)
    posix_spawnattr_setflags(&attributes, Int16(0x04 | 0x08 | 0x80))

    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      argv.forEach { free($0) }
      envp.forEach { free($0) }
    }
    var child: pid_t = 0
    let status = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
    guard status == 0 else {
      errno = status
      throw Failure.system("posix_spawn")
    }
    pid = child
    _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
  }

  deinit {
    if pid > 0 { kill(pid, SIGKILL) }
    var status: Int32 = 0
    if pid > 0 { waitpid(pid, &status, 0) }
    if master >= 0 { close(master) }
  }

  /// Types `text` (use "\r" for Enter, "\t" for Tab, "\u{03}" for Ctrl-C, "\u{04}" for Ctrl-D).
  public func send(_ text: String) {
    let bytes = Array(text.utf8)
    _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
  }

  /// Waits until the program has written `text` since the last match, and returns what it wrote
  /// up to and including it.
  @discardableResult
  public func expect(_ text: String, timeout: TimeInterval = 10) throws -> String {
    let deadline = Date().addingTimeInterval(timeout)
    while true {
      if let range = transcript[consumed...].range(of: text) {
        let seen = String(transcript[consumed..<range.upperBound])
        consumed = range.upperBound
        return seen
      }
      guard Date() < deadline else {
        throw Failure.timeout(waitingFor: text, screen: String(transcript[consumed...]))
      }
      pump()
    }
  }

  /// Waits for the program to exit and returns its exit status.
  public func waitForExit(timeout: TimeInterval = 10) throws -> Int32 {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      pump()
      var status: Int32 = 0
      if waitpid(pid, &status, WNOHANG) == pid {
        pid = 0
        pump()
        return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
      }
    }
    throw Failure.timeout(waitingFor: "exit", screen: String(transcript[consumed...]))
  }

  private func pump() {
    var buffer = [UInt8](repeating: 0, count: 4096)
    let count = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
    if count > 0 {
      transcript += String(decoding: buffer[0..<count], as: UTF8.self)
    } else {
      usleep(5_000)
    }
  }
}
