import CoachCore
import Foundation

/// An `AttemptRecorder` that keeps every call in memory, for tests of code that records attempts.
public final class InMemoryRecorder: AttemptRecorder, @unchecked Sendable {
  /// One call, as data.
  public enum Event: Equatable, Sendable {
    case begin(AttemptStart)
    case record(TurnRecord, attempt: UUID)
    case undo(attempt: UUID, turnIndex: Int)
    case restart(attempt: UUID)
    case finish(attempt: UUID, ending: String, score: Double)
    case suspend(attempt: UUID)
  }

  private let lock = NSLock()
  private var storedEvents: [Event] = []
  private var storedStates: [UUID: SessionState] = [:]
  /// When set, every call that `fails` picks throws this error (to test failure handling).
  public var failure: (any Error)?
  /// Which calls throw `failure`: all of them unless told otherwise.
  public var fails: (Event) -> Bool = { _ in true }

  public init() {}

  public var events: [Event] { lock.withLock { storedEvents } }

  /// The last state saved for `attempt`.
  public func state(of attempt: UUID) -> SessionState? { lock.withLock { storedStates[attempt] } }

  /// The turns recorded, with undone ones marked.
  public var turns: [TurnRecord] {
    lock.withLock {
      var turns: [TurnRecord] = []
      for event in storedEvents {
        switch event {
        case .record(let turn, _): turns.append(turn)
        case .undo(_, let index):
          if let position = turns.firstIndex(where: { $0.index == index }) { turns[position].undone = true }
        case .restart:
          for position in turns.indices { turns[position].undone = true }
        default: break
        }
      }
      return turns
    }
  }

  private func log(_ event: Event, attempt: UUID, state: SessionState?) throws {
    if let failure, fails(event) { throw failure }
    lock.withLock {
      storedEvents.append(event)
      if let state { storedStates[attempt] = state }
    }
  }

  public func begin(_ attempt: AttemptStart) throws {
    try log(.begin(attempt), attempt: attempt.id, state: attempt.state)
  }

  public func record(_ turn: TurnRecord, attempt: UUID, state: SessionState) throws {
    try log(.record(turn, attempt: attempt), attempt: attempt, state: state)
  }

  public func undo(attempt: UUID, turnIndex: Int, state: SessionState) throws {
    try log(.undo(attempt: attempt, turnIndex: turnIndex), attempt: attempt, state: state)
  }

  public func restart(attempt: UUID, state: SessionState) throws {
    try log(.restart(attempt: attempt), attempt: attempt, state: state)
  }

  public func finish(attempt: UUID, at: Date, ending: String, report: SessionReport, state: SessionState) throws {
    try log(.finish(attempt: attempt, ending: ending, score: report.headlineScore), attempt: attempt, state: state)
  }

  public func suspend(attempt: UUID, state: SessionState) throws {
    try log(.suspend(attempt: attempt), attempt: attempt, state: state)
  }
}

/// A clock that moves forward by a fixed step each time it is read.
public final class SteppingClock: @unchecked Sendable {
  private let lock = NSLock()
  private var current: Date
  private let step: TimeInterval

  public init(start: Date = Date(timeIntervalSince1970: 1_800_000_000), step: TimeInterval = 2.5) {
    self.current = start
    self.step = step
  }

  public func now() -> Date {
    lock.withLock {
      defer { current = current.addingTimeInterval(step) }
      return current
    }
  }
}
