import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Ends a program a test is waiting on that will never finish: one that sits at a prompt for
/// input that is not coming, because its output changed and the text the test waits for never
/// appears. Without it such a test would hang the whole run; with it, the program is killed and
/// the test fails, saying what it was waiting for.
///
/// Nothing is measured: a program that answers, however slowly, is never touched. Disarm the
/// guard as soon as the program has ended, so a later process that reuses its id is safe.
public final class HangGuard: @unchecked Sendable {
  /// Far beyond anything a test needs, even on a loaded machine.
  public static let seconds = 600.0

  private let item: DispatchWorkItem

  public init(pid: pid_t, after seconds: Double = HangGuard.seconds) {
    item = DispatchWorkItem { kill(pid, SIGKILL) }
    DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: item)
  }

  /// The program has ended: never kill anything.
  public func disarm() { item.cancel() }

  deinit { item.cancel() }
}
