import CoachCore
import CoachTestSupport
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@Suite("coach scores, export and import")
struct StoreCommandTests {
  let folder: URL
  let v12: Scenario
  let v13: Scenario
  let day: TimeInterval = 86_400

  init() throws {
    folder = try Fixtures.temporaryDirectory("coach-store-e2e")
    v12 = try Fixtures.scenario()
    v13 = try AttemptFixtures.scenario(version: "1.3.0")
  }

  func cleanUp() {
    chmodTree(folder)
    try? FileManager.default.removeItem(at: folder)
  }

  /// Makes everything under `url` writable again, so it can be removed.
  func chmodTree(_ url: URL) {
    chmod(url.path, 0o700)
    for name in (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? [] {
      let child = url.appendingPathComponent(name)
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: child.path, isDirectory: &isDirectory), isDirectory.boolValue {
        chmodTree(child)
      }
    }
  }

  @discardableResult
  func write(_ text: String, to name: String) throws -> String {
    let url = folder.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }

  func coach(_ arguments: [String], environment: [String: String] = [:], launcher: [String] = []) throws
    -> CoachProcess.Output
  {
    try CoachProcess.run(
      arguments, environment: environment.merging(["COLUMNS": "100"]) { first, _ in first }, directory: folder,
      launcher: launcher)
  }

  /// Ann improves on version 1.2.0 in practice, then plays 1.3.0 assessed.
  func annsExport() throws -> (json: String, attempts: [AttemptFixtures.Played]) {
    let start = AttemptFixtures.start
    let attempts = [
      try AttemptFixtures.play(["check", "again"], scenario: v12, startedAt: start),
      try AttemptFixtures.play(["open", "reflect"], scenario: v12, startedAt: start + day),
      try AttemptFixtures.play(["open", "reflect"], scenario: v13, mode: .assessed, startedAt: start + 2 * day),
    ]
    let json = try AttemptFixtures.exportJSON(
      trainee: "ann", name: "Ann Smith", cohort: "spring", attempts: attempts.map { .init($0, cohort: "spring") })
    return (json, attempts)
  }

  /// Bob leaves on an assessed attempt, then stops part-way through practice.
  func bobsExport() throws -> String {
    let start = AttemptFixtures.start
    return try AttemptFixtures.exportJSON(
      trainee: "bob", cohort: "autumn",
      attempts: [
        .init(
          try AttemptFixtures.play(
            ["lecture", "dismiss"], scenario: v12, trainee: "bob", mode: .assessed, startedAt: start + 3600)),
        .init(try AttemptFixtures.play(["open"], scenario: v12, trainee: "bob", startedAt: start + day + 3600)),
      ])
  }

  func score(_ played: AttemptFixtures.Played) -> String {
    let value = played.report!.headlineScore
    return value == value.rounded() ? String(Int(value)) : String(value)
  }

  @Test func importedAttemptsShowAsScoresPerTraineeAndVersion() throws {
    defer { cleanUp() }
    let (ann, played) = try annsExport()
    try write(ann, to: "ann.json")
    try write(try bobsExport(), to: "bob.json")
    let imported = try coach(["import", "ann.json", "bob.json", "--db", "course.sqlite"])
    #expect(imported.status == 0)
    #expect(
      imported.stdout == """
        ann.json (ann): imported: 3 added, 0 already imported
        bob.json (bob): imported: 2 added, 0 already imported

        """)

    let table = try coach(["scores", "--db", "course.sqlite"])
    #expect(table.status == 0)
    let lines = table.stdout.split(separator: "\n").map(String.init)
    #expect(lines.count == 4)
    #expect(lines[0].hasPrefix("Trainee  Name       Cohort  Scenario      Attempts  Best  Latest  Band"))
    #expect(lines[1].hasPrefix("ann      Ann Smith  spring  clinic@1.2.0         2"))
    #expect(lines[1].contains(score(played[1])))
    #expect(
      lines[1].hasSuffix(
        "↑ +\(((played[1].report!.headlineScore - played[0].report!.headlineScore) * 10).rounded() / 10)"))
    #expect(lines[2].hasPrefix("ann      Ann Smith  spring  clinic@1.3.0         1"))
    #expect(lines[3].hasPrefix("bob                 autumn  clinic@1.2.0         2"))

    let csv = try coach(["scores", "--db", "course.sqlite", "--per", "attempt", "--format", "csv"])
    let records = csv.stdout.components(separatedBy: "\r\n")
    #expect(records.count == 7, "a header, five attempts and the final line ending")
    #expect(records.last == "")
    #expect(records[0].hasPrefix("attempt,trainee,name,cohort,scenario,scenario_id,scenario_version,"))
    #expect(records[0].hasSuffix(",reflection_to_question,pct_open_questions,score_check"))
    #expect(records.dropFirst().dropLast().allSatisfy { $0.hasSuffix(",ok") }, "every score is what its turns earn")
    #expect(records.filter { $0.contains(",in-progress,") }.count == 1)

    let json = try coach(["scores", "--db", "course.sqlite", "--per", "attempt", "--assessed-only", "--format", "json"])
    let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
    #expect(rows.map { $0["trainee"] as? String } == ["bob", "ann"])
    #expect(rows.map { $0["scenario"] as? String } == ["clinic@1.2.0", "clinic@1.3.0"])
    #expect(rows[1]["score"] as? Double == played[2].report!.headlineScore)

    let filtered = try coach(["scores", "--db", "course.sqlite", "--cohort", "autumn", "--per", "turn"])
    // Wrapped cells continue on lines that start with spaces.
    #expect(
      filtered.stdout.split(separator: "\n").filter { !$0.hasPrefix(" ") }.count == 4, "a header and Bob's three turns")
  }

  @Test func exportThenImportRoundTripsExactly() throws {
    defer { cleanUp() }
    try write(try annsExport().json, to: "ann.json")
    #expect(try coach(["import", "ann.json", "--db", "one.sqlite"]).status == 0)
    let exported = try coach(["export", "--trainee", "ann", "--db", "one.sqlite", "--output", "out.json"])
    #expect(exported.status == 0)
    #expect(exported.stderr == "coach: exported 3 attempts of ann to out.json\n")
    let outPath = folder.appendingPathComponent("out.json").path
    let attributes = try FileManager.default.attributesOfItem(atPath: outPath)
    #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)

    #expect(try coach(["import", "out.json", "--db", "two.sqlite"]).status == 0)
    let again = try coach(["export", "--db", "two.sqlite"], environment: ["COACH_TRAINEE": "ann"])
    #expect(again.status == 0)
    func withoutDate(_ text: String) -> String {
      text.split(separator: "\n").filter { !$0.contains("\"exportedAt\"") }.joined(separator: "\n")
    }
    let first = try String(contentsOfFile: outPath, encoding: .utf8)
    #expect(withoutDate(again.stdout) == withoutDate(first))
    #expect(first.contains("\"kind\" : \"coach-export\""))

    let reimport = try coach(["import", "out.json", "--db", "two.sqlite"])
    #expect(reimport.status == 0)
    #expect(reimport.stdout == "out.json (ann): imported: 0 added, 3 already imported\n")
  }

  @Test func aTamperedFileIsRejectedWhole() throws {
    defer { cleanUp() }
    let (ann, played) = try annsExport()
    let tampered = try Fixtures.replacing(#""turnCount" : 2"#, with: #""turnCount" : 5"#, in: ann)
    try write(tampered, to: "ann.json")
    let output = try coach(["import", "ann.json", "--db", "course.sqlite"])
    #expect(output.status == 65)
    #expect(
      output.stdout == """
        ann.json: rejected; nothing from it was imported:
          attempts[0] (\(played[0].start.id.uuidString)): its report scores 5 turns, but 2 were answered

        """)
    #expect(try coach(["scores", "--db", "course.sqlite"]).stdout == "No attempts match.\n")

    let json = try coach(["import", "--json", "ann.json", "--db", "course.sqlite"])
    let decoded = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: [[String: Any]]]
    #expect(decoded?["files"]?.first?["imported"] as? Bool == false)
  }

  @Test func aFormulaForANameExportsAsInertText() throws {
    defer { cleanUp() }
    let name = #"=HYPERLINK("http://x","y")"#
    let played = try AttemptFixtures.play(["open", "reflect"], scenario: v12, trainee: name)
    try write(try AttemptFixtures.exportJSON(trainee: name, name: name, attempts: [.init(played)]), to: "x.json")
    #expect(try coach(["import", "x.json", "--db", "course.sqlite"]).status == 0)
    let csv = try coach(["scores", "--db", "course.sqlite", "--format", "csv"])
    let record = try #require(csv.stdout.components(separatedBy: "\r\n").dropFirst().first)
    #expect(record.hasPrefix(#""'=HYPERLINK(""http://x"",""y"")","'=HYPERLINK(""http://x"",""y"")",,clinic@1.2.0,"#))
    let exported = try coach(["export", "--db", "course.sqlite", "--trainee", name])
    let document = try JSONSerialization.jsonObject(with: Data(exported.stdout.utf8)) as? [String: Any]
    #expect((document?["trainee"] as? [String: Any])?["name"] as? String == name)
  }

  @Test func importingSeveralFilesAtOnceLosesNothing() throws {
    defer { cleanUp() }
    let processes = 6
    for index in 0..<processes {
      let attempts = try (0..<5).map { attempt in
        AttemptFixtures.ExportedPlay(
          try AttemptFixtures.play(
            attempt == 4 ? ["open"] : ["open", "reflect"], scenario: v12, trainee: "t\(index)",
            startedAt: AttemptFixtures.start + Double(attempt)))
      }
      try write(try AttemptFixtures.exportJSON(trainee: "t\(index)", attempts: attempts), to: "t\(index).json")
    }
    let outputs = Outputs()
    DispatchQueue.concurrentPerform(iterations: processes) { index in
      outputs.set(index, Result { try coach(["import", "t\(index).json", "--db", "shared/course.sqlite"]) })
    }
    for index in 0..<processes {
      let output = try outputs.get(index).get()
      #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
    }
    let json = try coach(["scores", "--db", "shared/course.sqlite", "--per", "attempt", "--format", "json"])
    let rows = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
    #expect(rows?.count == processes * 5)
    #expect(rows?.filter { $0["status"] as? String == "in-progress" }.count == processes)
  }

  @Test func aFileOfRandomBytesIsNotADatabase() throws {
    defer { cleanUp() }
    var generator = SystemRandomNumberGenerator()
    let bytes = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
    try Data(bytes).write(to: folder.appendingPathComponent("bad.sqlite"))
    let output = try coach(["scores", "--db", "bad.sqlite"])
    #expect(output.status == 65)
    #expect(
      output.stderr
        == "coach: bad.sqlite is not a Coach database (file is not a database); move it aside or pass --db to "
        + "use another file\n")
    #expect(try Data(contentsOf: folder.appendingPathComponent("bad.sqlite")) == Data(bytes))
  }

  @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3")))
  func anotherProgramsDatabaseIsLeftAlone() throws {
    defer { cleanUp() }
    let sqlite = Process()
    sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    sqlite.arguments = [folder.appendingPathComponent("notes.sqlite").path, "CREATE TABLE notes (text TEXT);"]
    try sqlite.run()
    sqlite.waitUntilExit()
    let output = try coach(["export", "--trainee", "ann", "--db", "notes.sqlite"])
    #expect(output.status == 65)
    #expect(output.stderr.contains("notes.sqlite is an SQLite database, but not a Coach database"))
  }

  /// As root, runs `coach` as the unprivileged user `nobody`, for whom the folder is read-only.
  /// `import` creates the database it is given, so it needs to write there.
  @Test func aReadOnlyFolderIsReported() throws {
    defer { cleanUp() }
    let isRoot = getuid() == 0
    try #require(!isRoot || FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"))
    let readOnly = folder.appendingPathComponent("locked")
    try FileManager.default.createDirectory(at: readOnly, withIntermediateDirectories: true)
    chmod(folder.path, 0o755)
    chmod(readOnly.path, 0o555)
    let launcher = isRoot ? ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : []
    let output = try coach(["import", "ann.json", "--db", readOnly.path + "/coach.sqlite"], launcher: launcher)
    #expect(output.status == 74)
    #expect(
      output.stderr
        == "coach: cannot write to \(readOnly.path)/coach.sqlite: permission denied or a read-only file system; "
        + "check its permissions, or pass --db to use another file\n")
  }

  /// As root, fills a 256 KiB tmpfs mounted in a private mount namespace (gone when the process
  /// ends); elsewhere the store's own tests reproduce SQLITE_FULL with a page limit.
  @Test(.enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare")))
  func aFullDiskIsReported() throws {
    defer { cleanUp() }
    let attempts = try (0..<80).map { attempt in
      AttemptFixtures.ExportedPlay(
        try AttemptFixtures.play(
          ["open", "reflect"], scenario: v12, startedAt: AttemptFixtures.start + Double(attempt)))
    }
    try write(try AttemptFixtures.exportJSON(trainee: "ann", attempts: attempts), to: "big.json")
    let mount = folder.appendingPathComponent("small")
    try FileManager.default.createDirectory(at: mount, withIntermediateDirectories: true)
    let launcher = [
      "/usr/bin/unshare", "--mount", "/bin/sh", "-c", #"mount -t tmpfs -o size=256k tmpfs "$0" && exec "$@""#,
      mount.path,
    ]
    let output = try coach(["import", "big.json", "--db", mount.path + "/coach.sqlite"], launcher: launcher)
    try #require(!output.stderr.contains("mount:"), "cannot mount a tmpfs here: \(output.stderr)")
    #expect(output.status == 74)
    #expect(
      output.stderr
        == "coach: cannot write to \(mount.path)/coach.sqlite: the disk is full; nothing was half-written. Free "
        + "some space and try again\n")
  }

  @Test func unreadableFilesAndMissingTraineesAreReported() throws {
    defer { cleanUp() }
    let missing = try coach(["import", "missing.json", "--db", "course.sqlite"])
    #expect(missing.status == 66)
    #expect(missing.stdout == "missing.json: error: cannot read it: no such file\n")

    let noTrainee = try coach(["export", "--db", "course.sqlite"])
    #expect(noTrainee.status == 64)
    #expect(noTrainee.stderr == "coach: no trainee given; pass --trainee ID or set COACH_TRAINEE\n")

    try write(try annsExport().json, to: "ann.json")
    #expect(try coach(["import", "ann.json", "--db", "course.sqlite"]).status == 0)
    let typo = try coach(["export", "--trainee", "anne", "--db", "course.sqlite"])
    #expect(typo.status == 66)
    #expect(typo.stderr == "coach: there is no trainee \"anne\" in course.sqlite; did you mean \"ann\"?\n")
  }

  @Test func scoresGoToAPrivateFileInTheFormatOfItsExtension() throws {
    defer { cleanUp() }
    try write(try annsExport().json, to: "ann.json")
    #expect(try coach(["import", "ann.json", "--db", "course.sqlite"]).status == 0)
    let output = try coach(["scores", "--db", "course.sqlite", "--output", "scores.csv"])
    #expect(output.status == 0)
    #expect(output.stderr == "coach: wrote 2 rows to scores.csv\n")
    let path = folder.appendingPathComponent("scores.csv").path
    #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("trainee,name,cohort,scenario,"))
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)

    let badDate = try coach(["scores", "--db", "course.sqlite", "--since", "2025-13-01"])
    #expect(badDate.status == 64)
    #expect(badDate.stderr.contains("--since 2025-13-01: expected a date such as 2025-03-01"))
    let since = try coach(["scores", "--db", "course.sqlite", "--since", "2025-03-03", "--per", "attempt"])
    #expect(
      since.stdout.split(separator: "\n").filter { !$0.hasPrefix(" ") }.count == 2,
      "a header and the one attempt of 3 March")
  }
}

/// Results written from several threads.
final class Outputs: @unchecked Sendable {
  private var results: [Int: Result<CoachProcess.Output, any Error>] = [:]
  private let lock = NSLock()

  func set(_ index: Int, _ result: Result<CoachProcess.Output, any Error>) {
    lock.withLock { results[index] = result }
  }

  func get(_ index: Int) -> Result<CoachProcess.Output, any Error> {
    lock.withLock { results[index]! }
  }
}
