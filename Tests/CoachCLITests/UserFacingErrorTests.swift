import ArgumentParser
import CoachCore
import CoachStore
import CoachTerminal
import CoachTestSupport
import Foundation
import Testing

@testable import CoachCLI

/// Every error a command can show, rendered as the user sees it: words, never a Swift value, and
/// the exit status the documentation gives it (65 damaged or invalid data, 66 missing input, 69 a
/// database server unavailable, 74 failed reading or writing, 77 refused by the server's roles, 78
/// a server's database not set up).
@Suite("Every error a user can see is words")
struct UserFacingErrorTests {
  static let path = "/home/ann/.local/share/coach/coach.sqlite"
  static let server = "postgres://ann@db.example.org:5432/coach"
  static let attempt = UUID(uuidString: "3F2A9C1E-0000-4000-8000-000000000001")!

  /// One of every store error, with the status it ends a command with.
  static let storeErrors: [(error: StoreError, status: Int32)] = [
    (.notADatabase(path: path), 65),
    (.corrupt(path: path, detail: "database disk image is malformed"), 65),
    (.foreignDatabase(path: path), 65),
    (.newerSchema(path: path, unknownMigrations: ["v9"]), 65),
    (.readOnly(path: path), 74),
    (.diskFull(path: path), 74),
    (.locked(path: path, seconds: 10), 74),
    (.cannotOpen(path: path, reason: "no such file or directory"), 74),
    (.attemptNotFound(attempt), 66),
    (.traineeNotFound("ann"), 66),
    (.invalidChange(attempt: attempt, reason: "it is complete, not in progress"), 65),
    (.invalidValue("a trainee id cannot be empty"), 65),
    (.database(path: path, code: 778, detail: "disk I/O error"), 74),
    (.database(path: path, code: -1, detail: "an unexpected failure; please report it"), 74),
    (.noDatabase(path: path), 66),
    (.outdatedReadOnly(path: path), 74),
    (.serverUnavailable(server: server, reason: "the connection was lost or could not be made"), 69),
    (.serverNotSetUp(server: server), 78),
    (.serverOutdated(server: server), 78),
    (.permissionDenied(server: server, detail: "permission denied for table attempts"), 77),
    (.serverError(server: server, state: "22P02", detail: "invalid input syntax"), 74),
  ]

  /// The position of `error`'s case among StoreError's cases. A case added to StoreError stops
  /// this compiling until it is added here and to `storeErrors`.
  static func caseNumber(_ error: StoreError) -> Int {
    switch error {
    case .notADatabase: 0
    case .corrupt: 1
    case .foreignDatabase: 2
    case .newerSchema: 3
    case .readOnly: 4
    case .diskFull: 5
    case .locked: 6
    case .cannotOpen: 7
    case .attemptNotFound: 8
    case .traineeNotFound: 9
    case .invalidChange: 10
    case .invalidValue: 11
    case .database: 12
    case .noDatabase: 13
    case .outdatedReadOnly: 14
    case .serverUnavailable: 15
    case .serverNotSetUp: 16
    case .serverOutdated: 17
    case .permissionDenied: 18
    case .serverError: 19
    }
  }

  @Test func everyStoreErrorCaseIsWalked() {
    #expect(Set(Self.storeErrors.map { Self.caseNumber($0.error) }) == Set(0...19))
  }

  @Test(arguments: storeErrors.indices)
  func aStoreErrorReadsAsWordsWithItsDocumentedStatus(_ index: Int) {
    let (error, status) = Self.storeErrors[index]
    #expect(error.exitStatus.rawValue == status)
    #expect(error.userMessage == error.message)
    for text in [error.userMessage, "\(error)", String(describing: error), "could not save your response: \(error)"] {
      #expect(PlainWords.problems(in: text).isEmpty, "\(text)")
    }
  }

  @Test func sessionErrorsReadAsWords() {
    let errors: [SessionError] = [
      .alreadyFinished, .unknownChoice(id: "opne", suggestion: "open"),
      .notOffered(id: "open", node: "hello", offered: ["check"]), .numberOutOfRange(number: 9, count: 3),
      .stateMismatch(reason: "the node \"gone\" is not in the story"),
    ]
    for error in errors {
      #expect(error.exitStatus == ExitStatus.dataError)
      #expect(PlainWords.problems(in: error.userMessage).isEmpty, "\(error.userMessage)")
    }
  }

  @Test func theCommandLayersOwnErrorsReadAsWords() throws {
    let notFound = ScenarioLibrary.NotFound(
      name: "clinc", known: ["clinic"], suggestion: "clinic", libraryMissing: false)
    let errors: [(any UserFacingError, Int32)] = [
      (notFound, 66),
      (ImportCommand.Unreadable(reason: "no such file"), 66),
      (UnexpectedFailure(doing: "could not save your response"), 70),
    ]
    for (error, status) in errors {
      #expect(error.exitStatus.rawValue == status)
      #expect(PlainWords.problems(in: error.userMessage).isEmpty, "\(error.userMessage)")
    }
  }

  /// A real encoding failure, as `--json` output of a value holding infinity.
  @Test func aResultThatJSONCannotHoldIsReportedInWords() {
    let console = Console(terminal: .plain, errorTerminal: .plain)
    do {
      try console.json(["x": Double.infinity])
      Issue.record("infinity was written as JSON")
    } catch {
      #expect(error.userMessage == "cannot write the result as JSON: the value of x (inf): it is not a finite number")
      #expect(error.exitStatus == ExitStatus.software)
    }
  }

  @Test func outputFailuresReadAsWords() {
    for errorNumber in [EBADF, EPIPE, ENOSPC, EIO, EINVAL] {
      let message = ConsoleWriter.failureMessage(.standardOutput, errorNumber: errorNumber)
      #expect(message.hasPrefix("coach: cannot write to standard output: "))
      #expect(PlainWords.problems(in: message).isEmpty)
    }
  }
}
