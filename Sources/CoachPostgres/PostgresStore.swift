import CoachCore
import CoachStore
import Foundation
import NIOConcurrencyHelpers
import PostgresNIO

/// The trainee records on a PostgreSQL server: the same intent methods as the SQLite store, for a
/// programme's shared database. Every method is one transaction, committed when it returns.
///
/// The commands are synchronous, so this store drives PostgresNIO's event-loop futures and waits
/// for them on the calling thread (never on an event loop). One connection per store; calls from
/// several threads take turns. A connection the server dropped (a restart) is opened again at the
/// next call, so a session carries on once the server is back.
public final class PostgresStore: RecordStore, @unchecked Sendable {
  /// The server and database.
  public let address: ServerAddress
  private let lock = NSLock()
  /// Guarded by `lock`.
  private var connection: PostgresConnection?
  private let logger: Logger
  private var nextConnectionID = 1
  /// The scenarios and rubrics attempts are replayed in, parsed once.
  let cache = ContentCache()

  /// Where the records are: the server's address, without a password.
  public var location: String { address.display }

  private init(address: ServerAddress) {
    self.address = address
    var logger = Logger(label: "coach.postgres")
    // PostgresNIO logs at debug and trace; nothing it says belongs on a trainee's screen.
    logger.logLevel = .critical
    self.logger = logger
  }

  /// Connects to `address` and checks the database holds Coach's schema, up to date. With
  /// `migrating`, applies the migrations it lacks first (`coach admin migrate`).
  /// `checking: false` skips the check, for `coach admin migrate` to bring the schema up to date.
  public static func open(_ address: ServerAddress, migrating: Bool = false, checking: Bool = true) throws(StoreError)
    -> PostgresStore
  {
    let store = PostgresStore(address: address)
    try store.withConnection { _ in }
    if migrating { _ = try store.migrate() }
    if checking { try store.checkSchema() }
    return store
  }

  /// Closes the connection.
  public func close() throws(StoreError) {
    lock.withLock {
      try? connection?.close().wait()
      connection = nil
    }
  }

  deinit {
    try? connection?.close().wait()
  }

  // MARK: - Migrations

  /// Applies the migrations the database lacks, each in its own transaction, holding an advisory
  /// lock so two processes never apply one twice. Returns the ids applied.
  @discardableResult
  public func migrate() throws(StoreError) -> [String] {
    try transaction { session in
      try session.execute("SELECT pg_advisory_xact_lock(4351636369)")
      try session.execute(
        "CREATE TABLE IF NOT EXISTS coach_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
      )
      let applied = Set(try session.rows("SELECT id FROM coach_migrations").map { try $0.text(0) ?? "" })
      let known = Set(PostgresSchema.migrations.map(\.id))
      if let unknown = applied.subtracting(known).sorted().first {
        throw StoreError.newerSchema(path: location, unknownMigrations: [unknown])
      }
      var done: [String] = []
      for migration in PostgresSchema.migrations where !applied.contains(migration.id) {
        for statement in migration.statements { try session.execute(statement) }
        try session.execute("INSERT INTO coach_migrations (id) VALUES ($1)", [.text(migration.id)])
        done.append(migration.id)
      }
      return done
    }
  }

  /// The migrations applied, oldest first.
  public func appliedMigrations() throws(StoreError) -> [String] {
    try transaction { session in
      guard try session.rows("SELECT to_regclass('coach_migrations') IS NOT NULL").first?.bool(0) == true else {
        return []
      }
      return try session.rows("SELECT id FROM coach_migrations ORDER BY applied_at, id").map { try $0.text(0) ?? "" }
    }
  }

  /// Throws when the database has no Coach schema, an outdated one, or a newer one.
  private func checkSchema() throws(StoreError) {
    let applied = try appliedMigrations()
    let known = PostgresSchema.migrations.map(\.id)
    if let unknown = Set(applied).subtracting(known).sorted().first {
      throw StoreError.newerSchema(path: location, unknownMigrations: [unknown])
    }
    if applied.isEmpty { throw StoreError.serverNotSetUp(server: location) }
    if Set(applied) != Set(known) { throw StoreError.serverOutdated(server: location) }
  }

  // MARK: - Connections and transactions

  /// Runs `body` with the connection, opening it (again) when there is none or the server closed it.
  private func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws(StoreError) -> T {
    do {
      return try lock.withLock {
        if connection == nil || connection?.isClosed == true {
          connection = try connect()
        }
        return try body(connection!)
      }
    } catch {
      throw PostgresStore.storeError(error, server: location)
    }
  }

  /// Runs `body` in one transaction: committed when it returns (rolled back instead when
  /// `rollingBackWhen` says so of what it returned), rolled back when it throws.
  func transaction<T>(rollingBackWhen rollBack: (T) -> Bool = { _ in false }, _ body: (Session) throws -> T)
    throws(StoreError) -> T
  {
    try withConnection { connection in
      let session = Session(connection: connection, logger: logger, server: location)
      try session.execute("BEGIN")
      do {
        let value = try body(session)
        try session.execute(rollBack(value) ? "ROLLBACK" : "COMMIT")
        return value
      } catch {
        if !connection.isClosed { _ = try? session.execute("ROLLBACK") }
        throw error
      }
    }
  }

  private func connect() throws -> PostgresConnection {
    var configuration: PostgresConnection.Configuration
    if let host = address.host {
      configuration = PostgresConnection.Configuration(
        host: host, port: address.port, username: address.user, password: address.password,
        database: address.database, tls: try tls())
    } else {
      let folder = address.socketFolder ?? "/var/run/postgresql"
      configuration = PostgresConnection.Configuration(
        unixSocketPath: "\(folder)/.s.PGSQL.\(address.port)", username: address.user, password: address.password,
        database: address.database)
    }
    configuration.options.connectTimeout = .seconds(10)
    configuration.options.additionalStartupParameters = [("application_name", "coach")]
    let id = nextConnectionID
    nextConnectionID += 1
    return try PostgresConnection.connect(
      on: PostgresConnection.defaultEventLoopGroup.any(), configuration: configuration, id: id, logger: logger
    ).wait()
  }

  /// TLS as `sslmode` asks: none, offered, required without checks, or with the certificate
  /// checked (against `sslrootcert` when given).
  private func tls() throws -> PostgresConnection.Configuration.TLS {
    var configuration = TLSConfiguration.makeClientConfiguration()
    if let root = address.rootCertificate { configuration.trustRoots = .file(root) }
    switch address.tlsMode {
    case .disable:
      return .disable
    case .prefer:
      configuration.certificateVerification = .none
      return .prefer(try NIOSSLContext(configuration: configuration))
    case .require:
      configuration.certificateVerification = .none
      return .require(try NIOSSLContext(configuration: configuration))
    case .verifyCA:
      configuration.certificateVerification = .noHostnameVerification
      return .require(try NIOSSLContext(configuration: configuration))
    case .verifyFull:
      configuration.certificateVerification = .fullVerification
      return .require(try NIOSSLContext(configuration: configuration))
    }
  }

  // MARK: - Errors

  /// Maps any error met while using the server to a store error in words.
  static func storeError(_ error: any Error, server: String) -> StoreError {
    if let error = error as? StoreError { return error }
    if let damage = error as? StoreJSON.Damage { return .corrupt(path: server, detail: damage.description) }
    if let error = error as? EncodingError { return .invalidValue("cannot save " + error.plainDescription) }
    if error is NIOSSLError || error is BoringSSLError {
      return .serverUnavailable(
        server: server, reason: "the secure (TLS) connection failed; check sslmode and the certificates")
    }
    guard let error = error as? PSQLError else {
      return .serverUnavailable(server: server, reason: "the connection failed")
    }
    switch error.code {
    case .server:
      let state = error.serverInfo?[.sqlState] ?? ""
      let message = error.serverInfo?[.message] ?? "an error"
      switch state {
      case "42501": return .permissionDenied(server: server, detail: message)
      case "28P01", "28000":
        return .serverUnavailable(server: server, reason: "the server refused the login: \(message)")
      case "3D000": return .serverUnavailable(server: server, reason: message)
      case "57P01", "57P02", "57P03":
        return .serverUnavailable(server: server, reason: "the server is shutting down or restarting")
      case "53100": return .diskFull(path: server)
      case "40001", "40P01", "55P03": return .locked(path: server, seconds: 0)
      default: return .serverError(server: server, state: state, detail: message)
      }
    case .sslUnsupported:
      return .serverUnavailable(
        server: server, reason: "the server does not offer a secure (TLS) connection, which sslmode requires")
    case .authMechanismRequiresPassword:
      return .serverUnavailable(
        server: server, reason: "the server asks for a password; set PGPASSWORD or put it in ~/.pgpass")
    case .serverClosedConnection, .connectionError, .uncleanShutdown, .clientClosedConnection:
      return .serverUnavailable(server: server, reason: "the connection was lost or could not be made")
    default:
      return .serverUnavailable(server: server, reason: "the server could not be used (\(error.code))")
    }
  }
}

/// A bound value of a query.
enum SQLValue: Sendable {
  case text(String?)
  case integer(Int?)
  case number(Double?)
  case flag(Bool)
  case uuid(UUID)
  case date(Date?)
}

/// The connection within one transaction.
struct Session {
  var connection: PostgresConnection
  var logger: Logger
  /// The server's address, for messages.
  var server: String

  /// Runs `sql` with `values` bound to `$1`, `$2`, …; returns how many rows it changed.
  @discardableResult
  func execute(_ sql: String, _ values: [SQLValue] = []) throws -> Int {
    try run(query(sql, values)).metadata.rows ?? 0
  }

  /// The rows `sql` returns.
  func rows(_ sql: String, _ values: [SQLValue] = []) throws -> [ResultRow] {
    try run(query(sql, values)).rows.map { ResultRow($0) }
  }

  /// How long a statement may go unanswered before the connection is given up for lost. A
  /// connection the server dropped (a restart) can leave a statement waiting for an answer that
  /// will never come; past this it fails, the connection is closed, and the next call connects
  /// afresh.
  static let answerTimeout = TimeAmount.seconds(30)

  /// Runs `query` and waits for its result, at most `answerTimeout`.
  private func run(_ query: PostgresQuery) throws -> PostgresQueryResult {
    let eventLoop = connection.eventLoop
    let promise = eventLoop.makePromise(of: PostgresQueryResult.self)
    let settled = NIOLockedValueBox(false)
    @Sendable func settle(_ result: Result<PostgresQueryResult, any Error>) {
      guard
        settled.withLockedValue({ done in
          defer { done = true }; return !done
        })
      else { return }
      promise.completeWith(result)
    }
    let timer = eventLoop.scheduleTask(in: Self.answerTimeout) { settle(.failure(Unanswered())) }
    connection.query(query, logger: logger).whenComplete { settle($0) }
    defer { timer.cancel() }
    do {
      return try promise.futureResult.wait()
    } catch is Unanswered {
      let closing: EventLoopFuture<Void> = connection.close()
      closing.whenComplete { _ in }
      throw StoreError.serverUnavailable(server: server, reason: "it stopped answering")
    }
  }

  /// A statement that went unanswered for `answerTimeout`.
  private struct Unanswered: Error {}

  private func query(_ sql: String, _ values: [SQLValue]) -> PostgresQuery {
    var bindings = PostgresBindings(capacity: values.count)
    for value in values {
      switch value {
      case .text(let text): bindings.append(text)
      case .integer(let number): bindings.append(number)
      case .number(let number): bindings.append(number)
      case .flag(let flag): bindings.append(flag)
      case .uuid(let uuid): bindings.append(uuid)
      case .date(let date): bindings.append(date)
      }
    }
    return PostgresQuery(unsafeSQL: sql, binds: bindings)
  }
}

/// A row of a result, read by column index with the types Coach stores.
struct ResultRow {
  private let row: PostgresRandomAccessRow

  init(_ row: PostgresRow) {
    self.row = row.makeRandomAccess()
  }

  func text(_ index: Int) throws -> String? { try row[index].decode(String?.self) }
  func integer(_ index: Int) throws -> Int? { try row[index].decode(Int?.self) }
  func number(_ index: Int) throws -> Double? { try row[index].decode(Double?.self) }
  func bool(_ index: Int) throws -> Bool? { try row[index].decode(Bool?.self) }
  func uuid(_ index: Int) throws -> UUID? { try row[index].decode(UUID?.self) }

  /// A time, rounded to the millisecond as the store keeps times.
  func date(_ index: Int) throws -> Date? {
    try row[index].decode(Date?.self).map(StoreDate.normalized)
  }
}

extension PostgresStore {
  /// Runs `statements` one by one on `address`, outside any transaction (as `CREATE DATABASE`
  /// must be), then disconnects.
  public static func administer(_ address: ServerAddress, statements: [String]) throws(StoreError) {
    let store = PostgresStore(address: address)
    defer { try? store.close() }
    try store.withConnection { connection in
      let session = Session(connection: connection, logger: store.logger, server: store.location)
      for statement in statements { try session.execute(statement) }
    }
  }
}

extension PostgresStore {
  /// Runs one SQL statement as this store's login, in a transaction of its own, and returns how
  /// many rows it changed or returned: for administration, benchmarks and tests that act as
  /// someone with `psql` would. The server's roles apply as to any statement.
  public func executeRaw(_ sql: String) throws(StoreError) -> Int {
    try transaction { session in try session.execute(sql) }
  }

  /// The values of the first column of `sql`'s rows, as text.
  public func column(_ sql: String) throws(StoreError) -> [String?] {
    try transaction { session in try session.rows(sql).map { try $0.text(0) } }
  }
}
