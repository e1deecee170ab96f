import CoachPostgres
import CoachStore
import Foundation
import Testing

/// The database engines the contract suites run on. SQLite always; PostgreSQL when
/// `COACH_TEST_POSTGRES` names a server (a `postgres://` URL of a role that may create databases
/// and roles), and always under `CI=true`, where a missing server fails the tests instead of
/// skipping them.
enum Engine: String, CaseIterable, Sendable, CustomTestStringConvertible {
  case sqlite
  case postgres

  var testDescription: String { rawValue }

  /// The engines to run on here.
  static var all: [Engine] {
    PostgresTestServer.isRequired || PostgresTestServer.url != nil ? [.sqlite, .postgres] : [.sqlite]
  }

  /// A new, empty store.
  func store() throws -> any RecordStore {
    switch self {
    case .sqlite: AppDatabase.inMemory()
    case .postgres: try PostgresTestServer.freshStore()
    }
  }
}

/// The PostgreSQL server the tests use, from `COACH_TEST_POSTGRES`.
enum PostgresTestServer {
  static var environment: [String: String] { ProcessInfo.processInfo.environment }

  /// The server's URL, when given.
  static var url: String? {
    environment["COACH_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
  }

  /// Whether the PostgreSQL tests must run: in CI they fail rather than skip.
  static var isRequired: Bool { environment["CI"] == "true" }

  /// The message of a PostgreSQL test that cannot run.
  static let missing =
    "the PostgreSQL tests need a server: set COACH_TEST_POSTGRES=postgres://USER@127.0.0.1:PORT/postgres "
    + "(`bash .ci/run` starts a throwaway one)"

  struct Missing: Error, CustomStringConvertible {
    var description: String { PostgresTestServer.missing }
  }

  /// The server's address, or `Missing`.
  static func address(database: String? = nil) throws -> ServerAddress {
    guard let url else { throw Missing() }
    var address = try ServerAddress(url: url, environment: environment)
    if let database { address.database = database }
    return address
  }

  /// A new database, named uniquely, on the test server; returns its name.
  static func createDatabase() throws -> String {
    let name = "coach_test_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
    try PostgresStore.administer(try address(), statements: ["CREATE DATABASE \(name)"])
    return name
  }

  /// A store on a new database, with Coach's schema.
  static func freshStore() throws -> PostgresStore {
    try PostgresStore.open(try address(database: createDatabase()), migrating: true)
  }
}

/// Says why the PostgreSQL half of the contract suites was left out, when it was.
@Suite("Store: engines")
struct EngineTests {
  @Test(
    "The contract suites ran on PostgreSQL",
    .enabled(
      if: PostgresTestServer.url != nil || PostgresTestServer.isRequired, Comment(rawValue: PostgresTestServer.missing))
  )
  func postgresIsThere() throws {
    #expect(Engine.all.contains(.postgres))
    let store = try PostgresTestServer.freshStore()
    #expect(try store.trainees() == [])
  }
}
