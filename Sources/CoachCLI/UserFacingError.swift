import ArgumentParser
import CoachCore
import CoachStore
import Foundation

/// An error a user can see: a message in plain words and the exit status that goes with it.
///
/// Every error a command shows conforms, so they are all shown the same way: `coach: ` and the
/// message on standard error, then the status. A message names the file or value at fault and says
/// what to do; it never shows a Swift type or value. Statuses follow sysexits: 64 the command was
/// used wrongly, 65 the data is damaged or invalid, 66 an input does not exist, 70 a bug in Coach,
/// 73 an output file cannot be created, 74 reading or writing failed.
protocol UserFacingError: Error {
  /// What went wrong and what to do about it, in words (without the `coach: ` prefix).
  var userMessage: String { get }
  /// The status the command ends with.
  var exitStatus: ExitCode { get }
}

extension StoreError: UserFacingError {
  var userMessage: String { message }
  var exitStatus: ExitCode { ExitStatus.of(self) }
}

extension SessionError: UserFacingError {
  var userMessage: String { description }
  /// A request the story does not allow, or a saved state that does not fit it: invalid data.
  var exitStatus: ExitCode { ExitStatus.dataError }
}

extension ScenarioLibrary.NotFound: UserFacingError {
  var userMessage: String { message }
  var exitStatus: ExitCode { ExitStatus.noInput }
}

extension ImportCommand.Unreadable: UserFacingError {
  var userMessage: String { reason }
  var exitStatus: ExitCode { ExitStatus.noInput }
}

/// A result that cannot be written as JSON (a number that is not finite): a bug in Coach.
struct JSONOutputFailure: UserFacingError {
  var userMessage: String
  var exitStatus: ExitCode { ExitStatus.software }
}

/// An error that is none of the above: shown without its Swift value, as a bug to report.
struct UnexpectedFailure: UserFacingError {
  /// What Coach was doing.
  var doing: String
  var userMessage: String { "\(doing) failed unexpectedly; please report this" }
  var exitStatus: ExitCode { ExitStatus.software }
}

extension Console {
  /// Prints `error` on standard error and returns the status to end with.
  func fail(_ error: some UserFacingError) -> ExitCode {
    err("coach: " + error.userMessage)
    return error.exitStatus
  }

  /// Prints any error, after what Coach was doing ("could not save your response: ..."), and
  /// returns the status to end with. An error that is not a `UserFacingError` is not shown as a
  /// value: it reads as an unexpected failure, status 70.
  func fail(_ error: any Error, doing: String) -> ExitCode {
    let shown = (error as? any UserFacingError) ?? UnexpectedFailure(doing: doing)
    err("coach: " + (shown is UnexpectedFailure ? shown.userMessage : "\(doing): \(shown.userMessage)"))
    return shown.exitStatus
  }
}
