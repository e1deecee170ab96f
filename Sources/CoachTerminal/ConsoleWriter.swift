#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The one way Coach writes to standard output and standard error.
///
/// Each write goes straight to the file descriptor (nothing waits in a buffer, so a killed process
/// has shown everything it said) and is checked. A write that fails, for any reason (a closed
/// descriptor, a reader that went away, a full disk), ends the command: Coach says so in one line
/// on standard error while that still works, and exits with status 74 (`EX_IOERR`), so a script
/// can tell that the output it got is incomplete. Nothing ever traps.
package enum ConsoleWriter {
  /// Where a write goes.
  package enum Stream: Sendable {
    case standardOutput, standardError

    var descriptor: Int32 {
      switch self {
      case .standardOutput: STDOUT_FILENO
      case .standardError: STDERR_FILENO
      }
    }

    /// The stream's name in messages.
    package var name: String {
      switch self {
      case .standardOutput: "standard output"
      case .standardError: "standard error"
      }
    }
  }

  /// The exit status after a failed write: sysexits' `EX_IOERR`.
  package static let failureStatus: Int32 = 74

  /// Makes output failures reportable. Call once, first thing.
  ///
  /// SIGPIPE is ignored, so a reader that stops early (`coach scores | head -1`) shows up as a
  /// failed write (EPIPE) instead of killing Coach without a word. A standard descriptor that was
  /// closed when Coach started (`coach list >&-`) is reopened on `/dev/null` for reading only: a
  /// write to it still fails (EBADF) as it should, and no file Coach opens later can take its
  /// number and receive text meant for the terminal.
  package static func prepareProcess() {
    signal(SIGPIPE, SIG_IGN)
    for descriptor in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] where fcntl(descriptor, F_GETFD) == -1 {
      guard errno == EBADF else { continue }
      // The lowest free number is taken, which is this one: the lower ones are open by now.
      let placeholder = open("/dev/null", O_RDONLY)
      if placeholder >= 0, placeholder != descriptor {
        dup2(placeholder, descriptor)
        close(placeholder)
      }
    }
  }

  /// Writes `text` to `stream`, or ends the command with status 74 when it cannot.
  package static func write(_ text: String, to stream: Stream) {
    var text = text
    text.withUTF8 { write($0, to: stream) }
  }

  /// Writes `bytes` to `stream`, or ends the command with status 74 when it cannot.
  package static func write(_ bytes: [UInt8], to stream: Stream) {
    bytes.withUnsafeBufferPointer { write($0, to: stream) }
  }

  private static func write(_ bytes: UnsafeBufferPointer<UInt8>, to stream: Stream) {
    if let errorNumber = writeAll(bytes, to: stream.descriptor) { fail(stream, errorNumber: errorNumber) }
  }

  /// Writes every byte, retrying after interruptions and partial writes; the error number of the
  /// write that failed, or nil when all went out.
  package static func writeAll(_ bytes: UnsafeBufferPointer<UInt8>, to descriptor: Int32) -> Int32? {
    guard let base = bytes.baseAddress else { return nil }
    var offset = 0
    while offset < bytes.count {
      let written = systemWrite(descriptor, base + offset, bytes.count - offset)
      if written < 0 {
        if errno == EINTR { continue }
        return errno
      }
      // A descriptor that accepts nothing would loop for ever: count it as an I/O error.
      if written == 0 { return EIO }
      offset += written
    }
    return nil
  }

  /// What went wrong, in one line: "coach: cannot write to standard output: the disk is full".
  package static func failureMessage(_ stream: Stream, errorNumber: Int32) -> String {
    let reason =
      switch errorNumber {
      case EBADF: "it is closed"
      case EPIPE: "the program reading it has stopped (broken pipe)"
      case ENOSPC, EDQUOT: "the disk is full"
      case EIO: "an input/output error"
      default: String(cString: strerror(errorNumber)).lowercased()
      }
    return "coach: cannot write to \(stream.name): \(reason)"
  }

  /// Says why output failed, on standard error while it works, and exits with status 74.
  private static func fail(_ stream: Stream, errorNumber: Int32) -> Never {
    if stream == .standardOutput {
      var message = failureMessage(stream, errorNumber: errorNumber) + "\n"
      // Whether this works or not, the status says what happened.
      _ = message.withUTF8 { writeAll($0, to: STDERR_FILENO) }
    }
    exit(failureStatus)
  }
}

private func systemWrite(_ descriptor: Int32, _ bytes: UnsafePointer<UInt8>, _ count: Int) -> Int {
  write(descriptor, bytes, count)
}
