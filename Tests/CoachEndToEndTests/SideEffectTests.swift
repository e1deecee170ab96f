import CoachCore
import CoachTestSupport
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Commands that only read never create a database or a folder, and can read a database they
/// cannot write; an empty `--db` is a usage error, not the default database.
@Suite("No silent side effects")
struct SideEffectTests {
  let folder: URL

  init() throws {
    folder = try Fixtures.temporaryDirectory("coach-side-effects")
    chmod(folder.path, 0o755)
    let scenario = try Fixtures.scenario()
    try AttemptFixtures.exportJSON(
      trainee: "ann", name: "Ann Smith",
      attempts: [
        .init(try AttemptFixtures.play(["open", "reflect"], scenario: scenario)),
        .init(try AttemptFixtures.play(["open"], scenario: scenario, startedAt: AttemptFixtures.start + 60)),
      ]
    ).write(to: folder.appendingPathComponent("ann.json"), atomically: true, encoding: .utf8)
  }

  func cleanUp() {
    for name in contents() { chmod(folder.appendingPathComponent(name).path, 0o700) }
    try? FileManager.default.removeItem(at: folder)
  }

  func coach(_ arguments: [String], launcher: [String] = []) throws -> CoachProcess.Output {
    try CoachProcess.run(
      arguments,
      environment: ["HOME": folder.path + "/home", "XDG_DATA_HOME": folder.path + "/data", "COACH_TRAINEE": "ann"],
      directory: folder, launcher: launcher)
  }

  /// Every name under `folder`, recursively.
  func contents() -> [String] {
    (FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String] ?? []).sorted()
  }

  static let readOnlyCommands: [[String]] = [
    ["scores"], ["scores", "--per", "attempt", "--format", "csv"], ["export"], ["export", "--trainee", "ann"],
    ["resume"], ["resume", "latest"],
  ]

  @Test(arguments: readOnlyCommands)
  func aReadOnlyCommandCreatesNoDatabaseAndNoFolder(_ command: [String]) throws {
    defer { cleanUp() }
    let before = contents()
    let typo = try coach(command + ["--db", "archive/2025/lead.sqlit"])
    #expect(typo.status == 66)
    #expect(
      typo.stderr
        == "coach: there is no Coach database at archive/2025/lead.sqlit; check the path (--db or COACH_DB), or "
        + "play a scenario first to start one\n")
    #expect(typo.stdout.isEmpty)

    // Without --db: the default place under XDG_DATA_HOME, which does not exist either.
    let fresh = try coach(command)
    #expect(fresh.status == 66)
    #expect(fresh.stderr.contains("there is no Coach database at \(folder.path)/data/coach/coach.sqlite"))
    #expect(contents() == before, "nothing was created")
  }

  @Test(arguments: [
    ["play", "--choices", "1"], ["resume"], ["scores"], ["export"], ["import", "ann.json"],
  ])
  func anEmptyDatabasePathIsAUsageError(_ command: [String]) throws {
    defer { cleanUp() }
    let before = contents()
    let output = try coach(command + ["--db", ""])
    #expect(output.status == 64)
    #expect(output.stderr.hasPrefix("Error: --db needs a path; leave it out to use the default database\n"))
    #expect(contents() == before)
  }

  /// The database is made by root (or the test's user) and read by someone who cannot write it:
  /// as root, the unprivileged user `nobody`; otherwise the file and its folder lose their write
  /// permission.
  func readAsSomeoneWhoCannotWrite(fileOwnedByReader: Bool) throws {
    let imported = try coach(["import", "ann.json", "--db", "archive/lead.sqlite"])
    try #require(imported.status == 0, "\(imported.stderr)")
    let archive = folder.appendingPathComponent("archive")
    let database = archive.appendingPathComponent("lead.sqlite")
    let scores = try coach(["scores", "--db", database.path, "--per", "attempt", "--format", "csv"])
    let export = try coach(["export", "--db", database.path])
    try #require(scores.status == 0 && export.status == 0)

    let isRoot = getuid() == 0
    try #require(!isRoot || FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"))
    var launcher: [String] = []
    if isRoot {
      launcher = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
      // Owned by nobody, the folder is writable to them; owned by root, it is not.
      if fileOwnedByReader { chown(archive.path, 65534, 65534) }
      chown(database.path, fileOwnedByReader ? 65534 : 0, fileOwnedByReader ? 65534 : 0)
      chmod(archive.path, 0o755)
      chmod(database.path, fileOwnedByReader ? 0o444 : 0o644)
    } else {
      chmod(database.path, 0o444)
      if !fileOwnedByReader { chmod(archive.path, 0o555) }
    }
    let before = try Data(contentsOf: database)

    let readScores = try coach(
      ["scores", "--db", database.path, "--per", "attempt", "--format", "csv"], launcher: launcher)
    #expect(readScores.status == 0, "\(readScores.stderr)")
    #expect(readScores.stdout == scores.stdout)
    let readExport = try coach(["export", "--db", database.path], launcher: launcher)
    #expect(readExport.status == 0, "\(readExport.stderr)")
    // The export is stamped with the time it was made; everything else is the same.
    func withoutStamp(_ text: String) -> String {
      text.split(separator: "\n").filter { !$0.contains("\"exportedAt\"") }.joined(separator: "\n")
    }
    #expect(withoutStamp(readExport.stdout) == withoutStamp(export.stdout))
    #expect(try Data(contentsOf: database) == before, "the database is unchanged")

    // Writing is refused in words.
    let write = try coach(["import", "ann.json", "--db", database.path], launcher: launcher)
    #expect(write.status == 74)
    #expect(write.stderr.contains("cannot write to"), "\(write.stderr)")
  }

  @Test func aDatabaseInAReadOnlyFolderIsReadForScoresAndExport() throws {
    defer { cleanUp() }
    try readAsSomeoneWhoCannotWrite(fileOwnedByReader: false)
  }

  @Test func aReadOnlyDatabaseFileIsReadForScoresAndExport() throws {
    defer { cleanUp() }
    try readAsSomeoneWhoCannotWrite(fileOwnedByReader: true)
  }

  /// A scripted play whose choices do not fit the story stores nothing: no attempt counts in a
  /// course lead's table, and no database appears.
  @Test func aScriptThatDoesNotFitStoresNothing() throws {
    defer { cleanUp() }
    try Fixtures.clinic.write(to: folder.appendingPathComponent("clinic.json"), atomically: true, encoding: .utf8)
    for script in ["99", "open,nosuch", "open,reflect,open"] {
      let output = try coach(["play", "clinic.json", "--choices", script, "--db", "course.sqlite"])
      #expect(output.status == 65, "\(script): \(output.stderr)")
      #expect(output.stderr.contains("the scripted choices do not fit the story"))
    }
    #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("course.sqlite").path))
    let fits = try coach(["play", "clinic.json", "--choices", "open", "--db", "course.sqlite"])
    #expect(fits.status == 0, "a script that stops short of the end is kept, to resume")
    let rows = try coach(["scores", "--per", "attempt", "--format", "json", "--db", "course.sqlite"])
    let attempts = try JSONSerialization.jsonObject(with: Data(rows.stdout.utf8)) as? [[String: Any]]
    #expect(attempts?.count == 1)
  }
}
