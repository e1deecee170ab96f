import CoachTestSupport
import Foundation
import Testing

/// The commands on a PostgreSQL server, through the built `coach` binary and `psql`: a programme
/// set up with `coach admin`, a trainee playing into it, and a row forged with `psql` flagged by
/// `coach scores`.
@Suite(
  "PostgreSQL: the commands on a server",
  .enabled(
    if: PostgresServer.url != nil || ProcessInfo.processInfo.environment["CI"] == "true",
    "set COACH_TEST_POSTGRES=postgres://USER@127.0.0.1:PORT/postgres to run the PostgreSQL tests"))
struct PostgresCommandTests {
  /// The flagship played to an ending with the options in the order seed 7 gives them.
  static let choices = Array(repeating: "1", count: 16).joined(separator: ",")

  @Test func aForgedRowIsFlaggedByScores() throws {
    let url = try PostgresServer.newDatabase()
    let initialised = try CoachProcess.run(["admin", "init", "--db", url])
    #expect(initialised.status == 0, "\(initialised.stderr)")
    #expect(initialised.stdout.contains("is ready"))
    let login = "ann_" + UUID().uuidString.prefix(8).lowercased()
    let added = try CoachProcess.run(
      ["admin", "add-trainee", "ann", "--cohort", "spring", "--login", login, "--password-stdin", "--db", url],
      input: "correct horse\n")
    #expect(added.status == 0, "\(added.stderr)")
    #expect(added.stdout.contains("logs in as \(login)"))
    #expect(!added.stdout.contains("correct horse") && !added.stderr.contains("correct horse"))

    let played = try CoachProcess.run(
      ["play", "--choices", Self.choices, "--seed", "7", "--db", url], environment: ["COACH_TRAINEE": "ann"])
    #expect(played.status == 0, "\(played.stderr)")
    let honest = try CoachProcess.run(["scores", "--db", url, "--per", "attempt", "--format", "csv"])
    #expect(honest.status == 0, "\(honest.stderr)")
    #expect(honest.stdout.components(separatedBy: "\r\n")[1].hasSuffix(",ok"))

    // A copy of the attempt under another id, its score raised: everything a forger can reach.
    let forged = "00000000-0000-4000-8000-00000000f0f0"
    try PostgresServer.psql(
      url,
      """
      CREATE TEMP TABLE forged AS SELECT * FROM attempts;
      UPDATE forged SET id = '\(forged)', score = 100, band = 'good';
      INSERT INTO attempts SELECT * FROM forged;
      """)
    let flagged = try CoachProcess.run(["scores", "--db", url, "--per", "attempt"])
    #expect(flagged.status == 65)
    #expect(flagged.stderr.contains("coach: attempt \(forged) (ann, frank-diabetes-remission@"), "\(flagged.stderr)")
    #expect(flagged.stderr.contains("its stored score 100 (good) is not what its turns earn"))
    #expect(flagged.stderr.contains("1 attempt's stored score is not what the turns earn"))
    let perTrainee = try CoachProcess.run(["scores", "--db", url])
    #expect(perTrainee.status == 65, "the default view flags it too")
  }

  @Test func syncPushesOfflineAttemptsOnce() throws {
    let url = try PostgresServer.newDatabase()
    #expect(try CoachProcess.run(["admin", "init", "--db", url]).status == 0)
    let folder = try Fixtures.temporaryDirectory("coach-sync")
    defer { try? FileManager.default.removeItem(at: folder) }
    let laptop = folder.appendingPathComponent("laptop.sqlite").path
    for _ in 0..<2 {
      let played = try CoachProcess.run(
        ["play", "--choices", Self.choices, "--seed", "7", "--db", laptop], environment: ["COACH_TRAINEE": "ann"])
      #expect(played.status == 0, "\(played.stderr)")
    }
    let first = try CoachProcess.run(["sync", "--to", url, "--db", laptop, "--trainee", "ann"])
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stdout.contains(": 2 added, 0 already there."), "\(first.stdout)")
    let second = try CoachProcess.run(["sync", "--to", url, "--db", laptop, "--trainee", "ann"])
    #expect(second.stdout.contains(": 0 added, 2 already there."), "\(second.stdout)")
    let scores = try CoachProcess.run(["scores", "--db", url, "--per", "attempt", "--format", "csv"])
    #expect(scores.status == 0, "\(scores.stderr)")
    #expect(scores.stdout.components(separatedBy: "\r\n").filter { $0.hasSuffix(",ok") }.count == 2)
  }

  @Test func aServerThatIsNotSetUpSaysSo() throws {
    let url = try PostgresServer.newDatabase()
    let scores = try CoachProcess.run(["scores", "--db", url])
    #expect(scores.status == 78)
    #expect(scores.stderr.contains("has no Coach tables yet; a course lead sets it up with `coach admin init`"))
    let password = try CoachProcess.run(["scores", "--db", url.replacingOccurrences(of: "://", with: "://x:secret@")])
    #expect(password.status == 64)
    #expect(password.stderr.contains("must not hold a password"))
    #expect(!password.stderr.contains("secret"))
  }
}

/// The server `COACH_TEST_POSTGRES` names, reached with `psql`.
enum PostgresServer {
  static var url: String? {
    ProcessInfo.processInfo.environment["COACH_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
  }

  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  /// A new database on the server; returns its URL.
  static func newDatabase() throws -> String {
    guard let url, var components = URLComponents(string: url) else {
      throw Failure(description: "set COACH_TEST_POSTGRES to run the PostgreSQL tests")
    }
    let name = "coach_cli_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
    try psql(url, "CREATE DATABASE \(name)")
    components.path = "/" + name
    return components.string!
  }

  /// Runs `sql` with `psql` on `url`, stopping at the first error.
  static func psql(_ url: String, _ sql: String) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql]
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let guardian = HangGuard(pid: process.processIdentifier)
    process.waitUntilExit()
    guardian.disarm()
    let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    guard process.terminationStatus == 0 else { throw Failure(description: "psql: \(message)") }
  }
}
