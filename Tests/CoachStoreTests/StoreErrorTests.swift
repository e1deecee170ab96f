import CoachCore
import CoachStore
import CoachTestSupport
import Foundation
import GRDB
import Testing

@testable import CoachStore

#if canImport(Glibc)
  import Glibc
#endif

@Suite("Store: errors name the file and say what to do")
struct StoreErrorTests {
  /// Writes `bytes` as the database file of `store`.
  func plant(_ bytes: [UInt8], in store: TemporaryStore) throws {
    try FileManager.default.createDirectory(atPath: store.location.directory, withIntermediateDirectories: true)
    try Data(bytes).write(to: URL(fileURLWithPath: store.path))
  }

  func siblings(of store: TemporaryStore) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: store.location.directory).sorted()
  }

  @Test func aFileOfRandomBytesIsNotADatabaseAndIsLeftAlone() throws {
    let store = try TemporaryStore()
    defer { store.cleanUp() }
    var generator = SystemRandomNumberGenerator()
    let bytes = (0..<8192).map { _ in UInt8.random(in: 0...255, using: &generator) }
    try plant(bytes, in: store)
    #expect(throws: StoreError.notADatabase(path: store.path)) { try store.open() }
    #expect(try Data(contentsOf: URL(fileURLWithPath: store.path)) == Data(bytes))
    #expect(try siblings(of: store) == ["coach.sqlite"])
    #expect(
      StoreError.notADatabase(path: store.path).message
        == "\(store.path) is not a Coach database (file is not a database); move it aside or pass --db to use "
        + "another file")
  }

  @Test func aTextFileIsNotADatabase() throws {
    let store = try TemporaryStore()
    defer { store.cleanUp() }
    try plant(Array("just some notes\n".utf8), in: store)
    #expect(throws: StoreError.notADatabase(path: store.path)) { try store.open() }
  }

  @Test func aDamagedDatabaseSaysItIsDamaged() throws {
    let store = try TemporaryStore()
    defer { store.cleanUp() }
    do {
      let database = try store.open()
      for index in 0..<200 {
        try database.upsertTrainee(id: "trainee-\(index)", name: String(repeating: "x", count: 200))
      }
      _ = try database.writer.writeWithoutTransaction { try $0.checkpoint(.truncate) }
      try database.close()
    }
    // Keep the header, scribble over the pages after the first.
    var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: store.path)))
    for index in 4096..<bytes.count { bytes[index] = UInt8(truncatingIfNeeded: index * 7) }
    try plant(bytes, in: store)
    var failure: StoreError?
    do {
      let database = try store.open()
      _ = try database.trainees()
    } catch {
      failure = error as? StoreError
    }
    guard case .corrupt(let path, _) = failure else {
      Issue.record("expected a damaged database, got \(String(describing: failure))")
      return
    }
    #expect(path == store.path)
    #expect(failure!.message.contains("restore it from a backup"))
    #expect(failure!.isBadData)
  }

  @Test func aForeignDatabaseIsRefusedUntouched() throws {
    let store = try TemporaryStore()
    defer { store.cleanUp() }
    try FileManager.default.createDirectory(atPath: store.location.directory, withIntermediateDirectories: true)
    do {
      let queue = try DatabaseQueue(path: store.path)
      try queue.write { try $0.execute(sql: "CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup')") }
      try queue.close()
    }
    let before = try Data(contentsOf: URL(fileURLWithPath: store.path))
    #expect(throws: StoreError.foreignDatabase(path: store.path)) { try store.open() }
    #expect(try Data(contentsOf: URL(fileURLWithPath: store.path)) == before)
    #expect(try siblings(of: store) == ["coach.sqlite"])
    #expect(StoreError.foreignDatabase(path: store.path).message.contains("Coach leaves it untouched"))
  }

  @Test func aForeignDatabaseIsRefusedByTheWriterInitialiserToo() throws {
    let queue = try DatabaseQueue()
    try queue.write { try $0.execute(sql: "CREATE TABLE recipes (name TEXT)") }
    #expect(throws: StoreError.foreignDatabase(path: queue.path)) { try AppDatabase(queue) }
  }

  @Test func aDatabaseFromANewerCoachIsRefused() throws {
    let store = try TemporaryStore()
    defer { store.cleanUp() }
    do {
      let database = try store.open()
      try database.writer.write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('v9-future')") }
      try database.close()
    }
    #expect(throws: StoreError.newerSchema(path: store.path, unknownMigrations: ["v9-future"])) { try store.open() }
    #expect(
      StoreError.newerSchema(path: "/d/coach.sqlite", unknownMigrations: ["v9-future"]).message
        == "/d/coach.sqlite was written by a newer version of Coach (it has changes this version does not know: "
        + "v9-future); update Coach to use it")
  }

  /// Root writes anywhere whatever the modes say, so as root the open runs in a child process
  /// that has given up root for the unprivileged user `nobody`, who owns the files: the check is
  /// made either way.
  func expectOpening(
    _ store: TemporaryStore, access: AppDatabase.Access = .create, fails expected: StoreError
  ) async throws {
    guard getuid() == 0 else {
      #expect(throws: expected) { try AppDatabase.open(at: store.location, access: access) }
      return
    }
    let paths = [store.folder.path, store.location.directory, store.path]
    for path in paths where FileManager.default.fileExists(atPath: path) { chown(path, 65534, 65534) }
    let path = store.path
    let existing = access == .existing
    let message = expected.message
    await #expect(processExitsWith: .exitCode(0)) {
      [path = path as String, existing = existing as Bool, message = message as String] in
      guard setgid(65534) == 0, setuid(65534) == 0, getuid() != 0 else { exit(2) }
      do {
        _ = try AppDatabase.open(at: StoreLocation(path: path, source: "test"), access: existing ? .existing : .create)
        exit(3)
      } catch {
        exit((error as? StoreError)?.message == message ? 0 : 1)
      }
    }
  }

  @Test func aReadOnlyFolderIsReported() async throws {
    let store = try TemporaryStore()
    defer {
      chmod(store.folder.path, 0o700)
      store.cleanUp()
    }
    chmod(store.folder.path, 0o500)
    try await expectOpening(store, fails: .readOnly(path: store.location.directory))
  }

  @Test func aReadOnlyFileIsReported() async throws {
    let store = try TemporaryStore()
    defer { store.cleanUp() }
    try store.open().close()
    chmod(store.path, 0o400)
    try await expectOpening(store, fails: .readOnly(path: store.path))
  }

  @Test func aMissingDatabaseIsNotCreatedForReading() throws {
    let store = try TemporaryStore()
    defer { store.cleanUp() }
    #expect(throws: StoreError.noDatabase(path: store.path)) {
      try AppDatabase.open(at: store.location, access: .existing)
    }
    #expect(!FileManager.default.fileExists(atPath: store.location.directory), "not even its folder")
  }

  /// A read-only database from an older Coach cannot be brought up to date, and says so.
  @Test func anOutdatedReadOnlyDatabaseSaysItNeedsWriting() async throws {
    let store = try TemporaryStore()
    defer { store.cleanUp() }
    try FileManager.default.createDirectory(atPath: store.location.directory, withIntermediateDirectories: true)
    // Coach's mark, but none of its migrations: what an older Coach would leave before a new one.
    let queue = try DatabaseQueue(path: store.path)
    try await queue.write { db in
      try db.execute(sql: "PRAGMA application_id = \(Schema.applicationID)")
      try db.execute(sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
    }
    try queue.close()
    chmod(store.path, 0o400)
    chmod(store.location.directory, 0o500)
    defer { chmod(store.location.directory, 0o700) }
    try await expectOpening(store, access: .existing, fails: .outdatedReadOnly(path: store.path))
  }

  @Test func aPathThatIsAFolderIsReported() throws {
    let store = try TemporaryStore()
    defer { store.cleanUp() }
    try FileManager.default.createDirectory(atPath: store.path, withIntermediateDirectories: true)
    #expect(throws: StoreError.cannotOpen(path: store.path, reason: "it is not a regular file")) { try store.open() }
  }

  /// A full disk, reproduced by capping the database at its current size with
  /// `PRAGMA max_page_count` on the writing connection: SQLite then fails the next write that
  /// needs a new page with SQLITE_FULL, exactly as when the disk has no room left. (The
  /// end-to-end tests also fill a real, tiny tmpfs when they run as root.)
  @Test func aFullDiskLosesNothingAndSaysSo() throws {
    let store = try TemporaryStore()
    defer { store.cleanUp() }
    let scenario = try Fixtures.scenario()
    let kept = try AttemptFixtures.record(["open", "reflect"], into: try store.open(), scenario: scenario)
    let full = try store.open()
    _ = try full.writer.writeWithoutTransaction { db in
      let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 1
      try db.execute(sql: "PRAGMA max_page_count = \(pages)")
    }
    let big = String(repeating: "long name ", count: 2000)
    var failure: StoreError?
    do {
      for index in 0..<100 { try full.upsertTrainee(id: "t\(index)", name: big) }
    } catch {
      failure = error
    }
    #expect(failure == .diskFull(path: store.path))
    #expect(
      failure?.message
        == "cannot write to \(store.path): the disk is full; nothing was half-written. Free some space and try again")
    #expect(try full.attempt(id: kept.start.id)?.report == kept.report)
  }

  // MARK: - Real failures, in words

  /// A real SQLITE_BUSY: another connection holds the write lock and this one will not wait.
  @Test func aLockedDatabaseIsReportedInWords() throws {
    let store = try TemporaryStore()
    defer { store.cleanUp() }
    try store.open().close()
    var configuration = Configuration()
    configuration.busyMode = .immediateError
    let impatient = try AppDatabase(DatabaseQueue(path: store.path, configuration: configuration))
    let holder = try DatabaseQueue(path: store.path)
    var failure: StoreError?
    try holder.writeWithoutTransaction { db in
      try db.execute(sql: "BEGIN IMMEDIATE")
      do {
        try impatient.upsertTrainee(id: "ann")
      } catch {
        failure = error as? StoreError
      }
      try db.execute(sql: "ROLLBACK")
    }
    #expect(failure == .locked(path: store.path, seconds: AppDatabase.busyTimeoutSeconds))
    let shown = failure?.description ?? ""
    #expect(PlainWords.problems(in: shown).isEmpty, "\(shown)")
  }

  /// What a client says a turn did is not taken on trust: only the choice is kept, and the
  /// state after it is rebuilt from the scenario, so a value no story can give is never stored.
  @Test func aTurnsStateIsRebuiltNotTakenFromTheClient() throws {
    let store = try TemporaryStore()
    defer { store.cleanUp() }
    let database = try store.open()
    let played = try AttemptFixtures.play(["open"], scenario: try Fixtures.scenario())
    try database.begin(played.start)
    var turn = played.turns[0]
    turn.stateAfter["rapport"] = .number(.infinity)
    try database.record(turn, attempt: played.start.id, state: played.session.state)
    #expect(try database.turns(attempt: played.start.id) == played.turns)
    #expect(try database.attempt(id: played.start.id)?.nextTurnIndex == 1)
  }

  /// A real decoding failure: a stored log of turns that no longer reads as one.
  @Test func aDamagedStoredValueIsReportedInWords() throws {
    let store = try TemporaryStore()
    defer { store.cleanUp() }
    let database = try store.open()
    let played = try AttemptFixtures.record(["open", "reflect"], into: database, scenario: try Fixtures.scenario())
    try database.writer.write { db in
      try db.execute(sql: #"UPDATE attempts SET log = '{"turns": "many"}'"#)
    }
    var failure: StoreError?
    do {
      _ = try database.attempt(id: played.start.id)
    } catch {
      failure = error
    }
    guard case .corrupt(let path, let detail) = failure else {
      Issue.record("expected a damaged database, got \(String(describing: failure))")
      return
    }
    #expect(path == store.path)
    #expect(detail.hasPrefix("the turns of attempt \(played.start.id.uuidString) cannot be read ("))
    #expect(PlainWords.problems(in: failure!.message).isEmpty, "\(failure!.message)")
  }

  /// An export holding a number JSON cannot hold is refused in words, not a trap.
  @Test func anExportThatJSONCannotHoldIsRefusedInWords() throws {
    let store = try TemporaryStore()
    defer { store.cleanUp() }
    let database = try store.open()
    try AttemptFixtures.record(["open", "reflect"], into: database, scenario: try Fixtures.scenario())
    var document = try database.export(trainee: "ann")
    document.attempts[0].turns[0].stateAfter["rapport"] = .number(-.infinity)
    #expect(
      throws: StoreError.invalidValue(
        "cannot export the attempts of \"ann\": the value of attempts[0].turns[0].stateAfter.rapport (-inf): it is "
          + "not a finite number")
    ) { try document.encoded() }
  }

  @Test func sqliteErrorsMapToStoreErrors() {
    let path = "/x/coach.sqlite"
    let cases: [(ResultCode, StoreError)] = [
      (.SQLITE_NOTADB, .notADatabase(path: path)),
      (.SQLITE_FULL, .diskFull(path: path)),
      (.SQLITE_READONLY, .readOnly(path: path)),
      (.SQLITE_BUSY, .locked(path: path, seconds: AppDatabase.busyTimeoutSeconds)),
      (.SQLITE_CORRUPT, .corrupt(path: path, detail: "malformed")),
      (.SQLITE_CANTOPEN, .cannotOpen(path: path, reason: "malformed")),
    ]
    for (code, expected) in cases {
      #expect(StoreError(DatabaseError(resultCode: code, message: "malformed"), path: path) == expected)
    }
    #expect(
      StoreError.locked(path: path, seconds: 10).message
        == "/x/coach.sqlite has been locked by another process for more than 10 seconds; try again when it has "
        + "finished")
    #expect(!StoreError.diskFull(path: path).isBadData)
    #expect(StoreError.notADatabase(path: path).isBadData)
  }
}
