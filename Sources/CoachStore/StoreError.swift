import Foundation
import GRDB

/// Why the store could not do what was asked. Each case says which file, and `message` says what
/// to do about it in words a trainee or course lead can act on. `description` is the same words,
/// so an error interpolated into a sentence never shows as a Swift value.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file is not an SQLite database at all.
  case notADatabase(path: String)
  /// The file is an SQLite database, but damaged.
  case corrupt(path: String, detail: String)
  /// The file is an SQLite database that belongs to something else; Coach leaves it untouched.
  case foreignDatabase(path: String)
  /// The database was written by a newer version of Coach, with migrations this one does not know.
  case newerSchema(path: String, unknownMigrations: [String])
  /// There is no database at this path, and the command only reads one.
  case noDatabase(path: String)
  /// The file or its folder cannot be written.
  case readOnly(path: String)
  /// The database needs bringing up to date for this version of Coach, which cannot be done
  /// because it (or its folder) cannot be written.
  case outdatedReadOnly(path: String)
  /// The disk (or the database's size limit) is full; the change was not made.
  case diskFull(path: String)
  /// Another process held the database locked for longer than the busy timeout.
  case locked(path: String, seconds: Int)
  /// The file or its folder cannot be created or opened.
  case cannotOpen(path: String, reason: String)
  /// No attempt has this id.
  case attemptNotFound(UUID)
  /// No trainee has this id.
  case traineeNotFound(String)
  /// The change does not fit the attempt as stored (recording a turn on a finished attempt, say).
  case invalidChange(attempt: UUID, reason: String)
  /// A value given to the store is unusable (an empty trainee id, say).
  case invalidValue(String)
  /// The PostgreSQL server cannot be reached, refused the login, or dropped the connection.
  case serverUnavailable(server: String, reason: String)
  /// The database on the server has no Coach tables yet.
  case serverNotSetUp(server: String)
  /// The database on the server has Coach tables from an older version of Coach.
  case serverOutdated(server: String)
  /// The server refused the change or the read for want of a privilege: its roles decide.
  case permissionDenied(server: String, detail: String)
  /// Any other failure the server reported, with its SQLSTATE code and words.
  case serverError(server: String, state: String, detail: String)
  /// Any other SQLite failure, with SQLite's own words; `code` is SQLite's extended result code,
  /// or -1 for a failure that did not come from SQLite.
  case database(path: String, code: Int32, detail: String)

  /// What went wrong, naming the file, and what to do about it.
  public var message: String {
    switch self {
    case .notADatabase(let path):
      "\(path) is not a Coach database (file is not a database); move it aside or pass --db to use another file"
    case .corrupt(let path, let detail):
      "\(path) is damaged (\(detail)); restore it from a backup, or move it aside and pass --db to start "
        + "a new one"
    case .foreignDatabase(let path):
      "\(path) is an SQLite database, but not a Coach database; Coach leaves it untouched. "
        + "Pass --db to use another file"
    case .newerSchema(let path, let unknown):
      "\(path) was written by a newer version of Coach (it has changes this version does not know: "
        + "\(unknown.joined(separator: ", "))); update Coach to use it"
    case .noDatabase(let path):
      "there is no Coach database at \(path); check the path (--db or COACH_DB), or play a scenario first to "
        + "start one"
    case .outdatedReadOnly(let path):
      "\(path) was written by an older version of Coach and must be brought up to date, which needs the file "
        + "and its folder to be writable; make them writable, or copy the file somewhere you can write and pass "
        + "--db"
    case .readOnly(let path):
      "cannot write to \(path): permission denied or a read-only file system; check its permissions, "
        + "or pass --db to use another file"
    case .diskFull(let path):
      "cannot write to \(path): the disk is full; nothing was half-written. Free some space and try again"
    case .locked(let path, let seconds):
      "\(path) has been locked by another process for more than \(seconds) seconds; try again when it "
        + "has finished"
    case .cannotOpen(let path, let reason):
      "cannot open \(path): \(reason); check the path, or pass --db to use another file"
    case .attemptNotFound(let id):
      "there is no attempt \(id.uuidString)"
    case .traineeNotFound(let id):
      "there is no trainee \"\(id)\" in this database"
    case .invalidChange(let id, let reason):
      "attempt \(id.uuidString): \(reason)"
    case .invalidValue(let reason):
      reason
    case .serverUnavailable(let server, let reason):
      "cannot use the database at \(server): \(reason); check that the server is running and the address (--db or "
        + "COACH_DB), then try again. Every answer given so far is saved"
    case .serverNotSetUp(let server):
      "the database at \(server) has no Coach tables yet; a course lead sets it up with `coach admin init` (or "
        + "`coach admin migrate`)"
    case .serverOutdated(let server):
      "the database at \(server) was set up by an older version of Coach; a course lead brings it up to date with "
        + "`coach admin migrate`"
    case .permissionDenied(let server, let detail):
      "the database at \(server) does not allow this for your login (\(detail)); a course lead decides who may "
        + "read or change what"
    case .serverError(let server, let state, let detail):
      "the database at \(server) reported \"\(detail)\" (SQLSTATE \(state))"
    case .database(let path, let code, let detail) where code < 0:
      "\(path) could not be used: \(detail)"
    case .database(let path, let code, let detail):
      "\(path) could not be used: SQLite reported \"\(detail)\" (error \(code)); check the disk, or pass --db to "
        + "use another file"
    }
  }

  /// The message.
  public var description: String { message }

  /// Whether the problem is with the data in the file (as opposed to reading or writing it).
  public var isBadData: Bool {
    switch self {
    case .notADatabase, .corrupt, .foreignDatabase, .newerSchema, .invalidChange, .invalidValue: true
    case .noDatabase, .readOnly, .outdatedReadOnly, .diskFull, .locked, .cannotOpen, .attemptNotFound,
      .traineeNotFound, .database, .serverUnavailable, .serverNotSetUp, .serverOutdated, .permissionDenied,
      .serverError:
      false
    }
  }

  /// Maps any error met while using the database at `path` to a store error.
  init(_ error: any Error, path: String) {
    if let error = error as? StoreError {
      self = error
      return
    }
    if let damage = error as? StoreJSON.Damage {
      self = .corrupt(path: path, detail: damage.description)
      return
    }
    if let error = error as? EncodingError {
      self = .invalidValue("cannot save " + error.plainDescription)
      return
    }
    guard let error = error as? DatabaseError else {
      self = .database(path: path, code: -1, detail: "an unexpected failure; please report it")
      return
    }
    let detail = error.message ?? "\(error.resultCode)"
    switch error.resultCode {
    case .SQLITE_NOTADB: self = .notADatabase(path: path)
    case .SQLITE_CORRUPT: self = .corrupt(path: path, detail: detail)
    case .SQLITE_FULL: self = .diskFull(path: path)
    case .SQLITE_READONLY, .SQLITE_PERM: self = .readOnly(path: path)
    case .SQLITE_BUSY, .SQLITE_LOCKED: self = .locked(path: path, seconds: AppDatabase.busyTimeoutSeconds)
    case .SQLITE_CANTOPEN: self = .cannotOpen(path: path, reason: detail)
    // A write that failed for want of space (the database, its journal or its shared-memory
    // index growing) is often reported as an I/O error rather than SQLITE_FULL.
    case .SQLITE_IOERR where FileSetup.isNearlyFull(folderOf: path): self = .diskFull(path: path)
    default: self = .database(path: path, code: error.extendedResultCode.rawValue, detail: detail)
    }
  }
}
