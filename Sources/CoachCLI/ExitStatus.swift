import ArgumentParser
import CoachStore

/// sysexits-style exit codes, so scripts can tell a typo from a broken file from a missing one.
enum ExitStatus {
  /// 64: the command was used wrongly (argument-parser uses this for usage errors too).
  static let usage = ExitCode(64)
  /// 65: the input was read but is invalid.
  static let dataError = ExitCode(65)
  /// 66: an input file does not exist or cannot be read.
  static let noInput = ExitCode(66)
  /// 69: a service (the database server) is unavailable.
  static let unavailable = ExitCode(69)
  /// 70: an internal error; a bug in Coach.
  static let software = ExitCode(70)
  /// 73: an output file cannot be created.
  static let cannotCreate = ExitCode(73)
  /// 74: reading or writing failed part-way.
  static let ioError = ExitCode(74)
  /// 77: the database's roles do not allow it.
  static let noPermission = ExitCode(77)
  /// 78: the setup needs attention first (a database server not yet set up for Coach).
  static let configuration = ExitCode(78)

  /// The status for a store error: 65 when the file holds something other than Coach's data,
  /// 66 when the database, or a named trainee or attempt, does not exist, 69 when the database
  /// server cannot be reached, 74 when reading or writing failed, 77 when the server's roles do
  /// not allow it, 78 when the server's database is not set up for this version of Coach.
  static func of(_ error: StoreError) -> ExitCode {
    switch error {
    case .noDatabase, .attemptNotFound, .traineeNotFound: noInput
    case .serverUnavailable: unavailable
    case .permissionDenied: noPermission
    case .serverNotSetUp, .serverOutdated: configuration
    default: error.isBadData ? dataError : ioError
    }
  }
}
