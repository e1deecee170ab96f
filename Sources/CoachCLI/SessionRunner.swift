import ArgumentParser
import CoachCore
import CoachREPL
import CoachStore
import CoachTerminal
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// What `play` and `resume` share: where the session is shown and read, and how its outcome
/// becomes output and an exit status.
struct SessionRunner {
  var console: Console
  /// `--json`: the result goes to standard output as JSON; the session itself to standard error.
  var json: Bool
  /// `--choices`: no reading at all.
  var scripted: Bool
  /// The recorders `recording(_:)` has made, whose errors decide the exit status.
  private let recorders = Recorders()

  /// A class, so the runner can stay a value.
  private final class Recorders {
    var made: [RecordingStore] = []
  }

  /// `database` as the recorder of this runner's session: its errors decide the exit status.
  func recording(_ database: any RecordStore) -> RecordingStore {
    let recorder = RecordingStore(database)
    recorders.made.append(recorder)
    return recorder
  }

  var output: any TextOutput { json ? StandardError() : StandardOutput() }
  var terminal: Terminal { json ? console.errorTerminal : console.terminal }

  /// GNU readline on a terminal, plain reads from a pipe, nothing when scripted.
  func makeReader(output: any TextOutput) -> (any LineReader)? {
    guard !scripted else { return nil }
    if isatty(STDIN_FILENO) == 1 && !json {
      return ReadlineLineReader(historyPath: HistoryLocation.path(environment: ProcessInfo.processInfo.environment))
    }
    return PlainLineReader(output: output)
  }

  /// Prints the outcome and ends with the right exit status.
  func conclude(_ outcome: PlayOutcome, play: PlaySession, attempt: UUID, mode: AttemptMode) throws {
    switch outcome {
    case .finished(let report):
      if json {
        try console.json(
          PlayResult(attempt: attempt, session: play.session, mode: mode, report: report, typed: play.typedResponses))
      }
    case .left:
      // Scripted choices that stop short of an ending give the report so far, marked partial.
      if json {
        try console.json(
          PlayResult(
            attempt: attempt, session: play.session, mode: mode, report: scripted ? play.reportSoFar() : nil,
            typed: play.typedResponses))
      }
    case .scriptFailed(let reason):
      console.err("coach: the scripted choices do not fit the story: \(reason)")
      throw ExitStatus.dataError
    case .recordingFailed(let reason):
      console.err("coach: \(reason)")
      throw recorders.made.compactMap(\.failure).last.map(ExitStatus.of) ?? ExitStatus.ioError
    }
  }
}
