import CoachStore
import CoachTestSupport
import Foundation
import GRDB
import Testing

@testable import CoachStore

@Suite("Store: opening and migrations")
struct MigrationTests {
  @Test func migratesAnEmptyDatabase() throws {
    let database = AppDatabase.inMemory()
    let (tables, indexes, applicationID, migrations) = try database.writer.read { db in
      (
        try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"),
        try String.fetchAll(
          db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'attempts_on_%' ORDER BY name"),
        try Int32.fetchOne(db, sql: "PRAGMA application_id"),
        try Schema.migrator.completedMigrations(db)
      )
    }
    #expect(tables == ["attempts", "grdb_migrations", "rubrics", "scenarios", "settings", "trainees", "turns"])
    #expect(
      indexes == ["attempts_on_scenario_key", "attempts_on_startedAt", "attempts_on_status", "attempts_on_traineeId"])
    #expect(applicationID == Schema.applicationID)
    #expect(migrations == ["v1", "v2", "v3", "v4", "v5"])
  }

  @Test func createsTheFolderAndFileForTheOwnerOnly() throws {
    let store = try TemporaryStore()
    defer { store.cleanUp() }
    let database = try store.open()
    try database.upsertTrainee(id: "ann")
    #expect(try permissions(store.location.directory) == 0o700)
    #expect(try permissions(store.path) == 0o600)
    // The write-ahead log and shared-memory files exist while the database is open.
    #expect(try permissions(store.path + "-wal") == 0o600)
    #expect(try permissions(store.path + "-shm") == 0o600)
    let journalMode = try database.writer.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
    #expect(journalMode == "wal")
  }

  @Test func reopeningKeepsTheData() throws {
    let store = try TemporaryStore()
    defer { store.cleanUp() }
    do {
      let database = try store.open()
      try database.upsertTrainee(id: "ann", name: "Ann", cohort: "spring")
      try database.close()
    }
    let reopened = try store.open()
    #expect(try reopened.trainee(id: "ann") == Trainee(id: "ann", name: "Ann", cohort: "spring"))
  }

  @Test func anEmptyExistingFileBecomesADatabase() throws {
    let store = try TemporaryStore()
    defer { store.cleanUp() }
    try FileManager.default.createDirectory(atPath: store.location.directory, withIntermediateDirectories: true)
    #expect(FileManager.default.createFile(atPath: store.path, contents: Data()))
    let database = try store.open()
    #expect(try database.trainees() == [])
  }

  /// A database made by the first release opens, and is brought up to date, with nothing lost.
  @Test func upgradesAVersionOneDatabase() throws {
    let store = try TemporaryStore()
    defer { store.cleanUp() }
    do {
      // The schema as the first release left it: v1 alone.
      try FileManager.default.createDirectory(atPath: store.location.directory, withIntermediateDirectories: true)
      let queue = try DatabaseQueue(path: store.location.path)
      try Schema.migrator.migrate(queue, upTo: "v1")
      try queue.write { db in try db.execute(sql: "INSERT INTO trainees (id) VALUES ('ann')") }
    }
    let database = try store.open()
    #expect(try database.trainee(id: "ann") != nil)
    let migrations = try database.writer.read { db in try Schema.migrator.completedMigrations(db) }
    #expect(migrations == ["v1", "v2", "v3", "v4", "v5"])
  }
}
