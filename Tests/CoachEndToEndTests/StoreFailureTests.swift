import CoachCore
import CoachTestSupport
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Real store failures through every command that uses the database: a damaged file, a full disk.
/// What the user reads is words, and the status is the documented one.
@Suite("Store failures through the commands")
struct StoreFailureTests {
  let folder: URL

  init() throws {
    folder = try Fixtures.temporaryDirectory("coach-store-failures")
    try Fixtures.clinic.write(to: folder.appendingPathComponent("clinic.json"), atomically: true, encoding: .utf8)
    let scenario = try Fixtures.scenario()
    let attempts = try (0..<40).map { index in
      AttemptFixtures.ExportedPlay(
        try AttemptFixtures.play(
          index == 0 ? ["open"] : ["open", "reflect"], scenario: scenario,
          startedAt: AttemptFixtures.start + Double(index)))
    }
    try AttemptFixtures.exportJSON(trainee: "ann", name: String(repeating: "Ann ", count: 200), attempts: attempts)
      .write(to: folder.appendingPathComponent("ann.json"), atomically: true, encoding: .utf8)
  }

  func coach(_ arguments: [String], launcher: [String] = []) throws -> CoachProcess.Output {
    try CoachProcess.run(
      arguments, environment: ["HOME": folder.path, "XDG_DATA_HOME": folder.path], directory: folder,
      launcher: launcher)
  }

  /// Every command that opens the database, on a database whose pages after the first are damaged.
  @Test func aDamagedDatabaseIsBadDataInEveryCommand() throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    let imported = try coach(["import", "ann.json", "--db", "course.sqlite"])
    try #require(imported.status == 0, "\(imported.stderr)")
    let file = folder.appendingPathComponent("course.sqlite")
    var bytes = [UInt8](try Data(contentsOf: file))
    try #require(bytes.count > 8192, "the database spans several pages")
    for index in 4096..<bytes.count { bytes[index] = UInt8(truncatingIfNeeded: index * 7) }
    try Data(bytes).write(to: file)

    let commands: [[String]] = [
      ["scores"], ["scores", "--per", "attempt", "--format", "csv"], ["export", "--trainee", "ann"],
      ["import", "ann.json"], ["play", "clinic.json", "--choices", "open", "--trainee", "ann"],
      ["resume", "--trainee", "ann"],
    ]
    for command in commands {
      let output = try coach(command + ["--db", "course.sqlite"])
      #expect(output.status == 65, "coach \(command.joined(separator: " ")): \(output.stderr)")
      #expect(output.stderr.contains("course.sqlite is damaged"), "\(output.stderr)")
      #expect(PlainWords.problems(in: output.stderr).isEmpty, "\(output.stderr)")
    }
  }

  /// As root, a play on a database whose 256 KiB tmpfs (in a private mount namespace) has been
  /// filled: the failed write reads as a full disk, never as an SQLite error number.
  @Test(.enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare")))
  func aFullDiskReadsAsAFullDiskWhenPlaying() throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    let mount = folder.appendingPathComponent("small")
    try FileManager.default.createDirectory(at: mount, withIntermediateDirectories: true)
    let database = mount.path + "/coach.sqlite"
    // Mount, make the database, fill what room is left, then run the play given as arguments.
    let script = #"""
      mount -t tmpfs -o size=256k tmpfs "$0" || exit 90
      "$1" import clinic-play.json --db "$0/coach.sqlite" >/dev/null 2>&1
      dd if=/dev/zero of="$0/fill" bs=4096 >/dev/null 2>&1
      exec "$@"
      """#
    let scenario = try Fixtures.scenario()
    try AttemptFixtures.exportJSON(
      trainee: "ann", attempts: [.init(try AttemptFixtures.play(["open"], scenario: scenario))]
    ).write(to: folder.appendingPathComponent("clinic-play.json"), atomically: true, encoding: .utf8)
    let output = try coach(
      ["play", "clinic.json", "--choices", "open,reflect", "--trainee", "ann", "--db", database],
      launcher: ["/usr/bin/unshare", "--mount", "/bin/sh", "-c", script, mount.path])
    try #require(output.status != 90, "cannot mount a tmpfs here: \(output.stderr)")
    #expect(output.status == 74)
    #expect(output.stderr.contains("cannot write to \(database): the disk is full"), "\(output.stderr)")
    #expect(!output.stderr.contains("SQLite"))
    #expect(PlainWords.problems(in: output.stderr).isEmpty, "\(output.stderr)")
  }
}
