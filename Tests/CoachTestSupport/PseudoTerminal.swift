import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Runs a program on a pseudo-terminal, as if a person sat at it: the program sees a real
/// terminal (line editing, Ctrl-C as a signal), and the test types keys and reads the screen.
public final class PseudoTerminal {
  public enum Failure: Error, CustomStringConvertible {
    case system(String)
    /// The program ended without writing what the test waited for.
    case ended(waitingFor: String, screen: String)

    public var description: String {
      switch self {
      case .system(let what): "pseudo-terminal: \(what) failed: \(String(cString: strerror(errno)))"
      case .ended(let text, let screen):
        "the program ended without writing \"\(text)\"; the terminal shows:\n\(screen)"
      }
    }
  }

  private var master: Int32 = -1
  private(set) var pid: pid_t = 0
  private var guardAgainstHanging: HangGuard?
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
    guardAgainstHanging = HangGuard(pid: child)
    _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
  }

  deinit {
    guardAgainstHanging?.disarm()
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
  /// up to and including it. There is no time limit (a test asserts what the program did, never
  /// how fast, so a loaded machine cannot fail it); a program that ends without writing `text`
  /// fails the wait.
  @discardableResult
  public func expect(_ text: String) throws -> String {
    while true {
      if let range = transcript[consumed...].range(of: text) {
        let seen = String(transcript[consumed..<range.upperBound])
        consumed = range.upperBound
        return seen
      }
      if !pump() {
        if exitStatus != nil || reap() {
          // Whatever the program wrote before it ended has been read by now.
          if pump() { continue }
          throw Failure.ended(waitingFor: text, screen: String(transcript[consumed...]))
        }
        usleep(5_000)
      }
    }
  }

  /// Waits for the program to exit and returns its exit status.
  public func waitForExit() throws -> Int32 {
    while exitStatus == nil {
      if !pump(), !reap() { usleep(5_000) }
    }
    while pump() {}
    return exitStatus!
  }

  /// The program's exit status, once it has ended.
  private var exitStatus: Int32?
  /// Bytes read that do not yet make a whole UTF-8 character.
  private var pending: [UInt8] = []

  /// Collects the program's exit status if it has ended; whether it has.
  private func reap() -> Bool {
    guard pid > 0 else { return exitStatus != nil }
    var status: Int32 = 0
    guard waitpid(pid, &status, WNOHANG) == pid else { return false }
    guardAgainstHanging?.disarm()
    pid = 0
    exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    return true
  }

  /// Reads what the program has written so far; whether there was anything.
  @discardableResult
  private func pump() -> Bool {
    var buffer = [UInt8](repeating: 0, count: 4096)
    let count = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
    guard count > 0 else { return false }
    pending += buffer[0..<count]
    // Keep a character split between two reads until its last byte arrives.
    var cut = pending.count
    for back in 1...min(3, pending.count) {
      let byte = pending[pending.count - back]
      if byte & 0xC0 == 0x80 { continue }
      let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
      if length > back { cut = pending.count - back }
      break
    }
    transcript += String(decoding: pending[..<cut], as: UTF8.self)
    pending.removeFirst(cut)
    return true
  }
}
