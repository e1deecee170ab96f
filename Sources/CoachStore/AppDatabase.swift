import CoachCore
import Foundation
import GRDB

/// The trainee database: attempts, turns, trainees and settings in SQLite, behind methods that
/// say what they do (`begin`, `record`, `scores`, `export`, ...). Every write is one transaction,
/// durable when the method returns.
///
/// Open one `AppDatabase` per file per process and share it: it is safe to use from any thread,
/// and several processes can write to the same file at once (WAL mode, with a busy timeout).
public struct AppDatabase: RecordStore {
  /// How long a write waits for another process to finish before giving up.
  public static let busyTimeoutSeconds = 10

  let writer: any DatabaseWriter
  /// The file, as named by the user, for messages.
  let path: String
  /// The scenarios and rubrics attempts are replayed in, parsed once.
  let cache = ContentCache()

  /// Wraps `writer`, refusing a database that is not Coach's or is newer than this version of
  /// Coach, and brings an older one up to date.
  public init(_ writer: any DatabaseWriter) throws(StoreError) {
    try self.init(writer, path: writer.path)
  }

  /// Wraps `writer`; a read-only database is checked but never changed, so it must be up to date.
  init(_ writer: any DatabaseWriter, path: String, readOnly: Bool = false) throws(StoreError) {
    self.writer = writer
    self.path = path
    if readOnly {
      try read { db in
        try Self.checkOwnership(db, path: path)
        if try !Schema.migrator.hasCompletedMigrations(db) { throw StoreError.outdatedReadOnly(path: path) }
      }
    } else {
      try migrate()
    }
  }

  /// An empty database in memory, for tests.
  public static func inMemory() -> AppDatabase {
    // try! is safe: an in-memory database always opens, and migrating an empty one cannot fail.
    try! AppDatabase(DatabaseQueue(), path: ":memory:")
  }

  /// What a command may do to the database file.
  public enum Access: Sendable {
    /// Create the folder (readable by its owner only) and the file (likewise) when they do not
    /// exist yet, and write.
    case create
    /// Use a database that exists, creating nothing: `StoreError.noDatabase` when there is none.
    /// It is opened for writing when the file and its folder can be written (so an older database
    /// is brought up to date), and read-only otherwise, as an archived database is.
    case existing
  }

  /// Opens the database at `location`; with `.create` (the default), its folder and file are
  /// created when they do not exist yet.
  public static func open(at location: StoreLocation, access: Access = .create) throws(StoreError) -> AppDatabase {
    let path = location.path
    let directory = location.directory.isEmpty ? "." : location.directory
    let existing: FileSetup.Existing
    switch access {
    case .create:
      try FileSetup.makeDirectory(directory)
      existing = try FileSetup.prepareFile(path, directory: directory)
    case .existing:
      guard let found = try FileSetup.inspectExisting(path, directory: directory) else {
        return try openReadOnly(path)
      }
      existing = found
    }
    // Opening a pool switches the file to WAL mode, a change to the file: look first, read-only,
    // at a database whose header does not say it is Coach's.
    if existing == .unmarked { try inspectReadOnly(path) }
    var configuration = Configuration()
    configuration.busyMode = .timeout(TimeInterval(busyTimeoutSeconds))
    configuration.prepareDatabase { db in
      // Every commit reaches the disk before the method that made it returns.
      try db.execute(sql: "PRAGMA synchronous = FULL")
    }
    let pool: DatabasePool
    do {
      pool = try DatabasePool(path: path, configuration: configuration)
    } catch {
      throw StoreError(error, path: path)
    }
    return try AppDatabase(pool, path: path)
  }

  /// Opens the database at `path` for reading only, changing nothing: not the file, and no file
  /// beside it when SQLite can do without. A database in write-ahead-log mode needs its
  /// shared-memory file to be read safely; when that cannot be made (a read-only folder) and no
  /// log is waiting to be merged, the file is opened as immutable, which needs neither.
  private static func openReadOnly(_ path: String) throws(StoreError) -> AppDatabase {
    do {
      return try readOnlyDatabase(path, sqlitePath: path)
    } catch {
      switch error {
      case .readOnly, .cannotOpen, .database:
        guard !FileSetup.hasPendingLog(path) else { throw error }
        return try readOnlyDatabase(path, sqlitePath: FileSetup.immutableURI(path))
      default:
        throw error
      }
    }
  }

  private static func readOnlyDatabase(_ path: String, sqlitePath: String) throws(StoreError) -> AppDatabase {
    var configuration = Configuration()
    configuration.readonly = true
    configuration.busyMode = .timeout(TimeInterval(busyTimeoutSeconds))
    let queue: DatabaseQueue
    do {
      queue = try DatabaseQueue(path: sqlitePath, configuration: configuration)
    } catch {
      throw StoreError(error, path: path)
    }
    return try AppDatabase(queue, path: path, readOnly: true)
  }

  /// Refuses a foreign or newer database without changing it.
  private static func inspectReadOnly(_ path: String) throws(StoreError) {
    var configuration = Configuration()
    configuration.readonly = true
    configuration.busyMode = .timeout(TimeInterval(busyTimeoutSeconds))
    do {
      let queue = try DatabaseQueue(path: path, configuration: configuration)
      defer { try? queue.close() }
      try queue.read { db in try checkOwnership(db, path: path) }
    } catch {
      throw StoreError(error, path: path)
    }
  }

  /// Throws when the database belongs to something else, or to a newer Coach.
  private static func checkOwnership(_ db: Database, path: String) throws {
    let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
    let tables = try String.fetchAll(
      db, sql: "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'")
    // GRDB creates its migrations table just before the first migration's transaction, so a
    // database another process is creating right now has that table alone.
    let isNew = applicationID == 0 && tables.allSatisfy { $0 == "grdb_migrations" }
    if applicationID != Schema.applicationID, !isNew {
      throw StoreError.foreignDatabase(path: path)
    }
    let migrator = Schema.migrator
    if applicationID == Schema.applicationID, try migrator.hasBeenSuperseded(db) {
      let unknown = try migrator.appliedIdentifiers(db).subtracting(migrator.migrations).sorted()
      throw StoreError.newerSchema(path: path, unknownMigrations: unknown)
    }
  }

  /// The file, as named by the user.
  public var location: String { path }

  /// Closes the database; later calls fail.
  public func close() throws(StoreError) {
    do { try writer.close() } catch { throw StoreError(error, path: path) }
  }

  // MARK: - Migrations

  private func migrate() throws(StoreError) {
    let migrator = Schema.migrator
    try read { db in try Self.checkOwnership(db, path: path) }
    // Two processes opening a new file at once both see it unmigrated; the loser's migration
    // fails harmlessly inside its transaction, and it finds the work done when it looks again.
    for round in 1...3 {
      do {
        try migrator.migrate(writer)
        return
      } catch {
        let done = (try? writer.read { try migrator.hasCompletedMigrations($0) }) ?? false
        if done { return }
        if round == 3 { throw StoreError(error, path: path) }
      }
    }
  }

  // MARK: - Access

  /// Runs `body` in a read transaction, mapping errors to `StoreError`.
  func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
    do { return try writer.read(body) } catch { throw StoreError(error, path: path) }
  }

  /// Runs `body` in one write transaction, mapping errors to `StoreError`.
  func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
    do { return try writer.write(body) } catch { throw StoreError(error, path: path) }
  }
}
