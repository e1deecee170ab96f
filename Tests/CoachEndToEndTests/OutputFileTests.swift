import CoachCore
import CoachTestSupport
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Every command with `--output` behaves the same: it keeps an existing file unless `--force`,
/// never writes through a symbolic link (with `--force` the link itself is replaced), refuses a
/// folder, and leaves no half-written or temporary file behind.
@Suite("--output is safe everywhere")
struct OutputFileTests {
  struct Command: Sendable, CustomTestStringConvertible {
    var name: String
    /// The command, to be followed by `--output FILE`.
    var arguments: [String]
    /// The file's extension.
    var fileExtension: String
    /// How the written file begins.
    var begins: String
    /// The most permissions the file may have (those of a private file are exact).
    var mode: Int

    var testDescription: String { name }
  }

  static let commands: [Command] = [
    Command(
      name: "export", arguments: ["export", "--trainee", "ann", "--db", "course.sqlite"], fileExtension: "json",
      begins: "{\n", mode: 0o600),
    Command(
      name: "scores", arguments: ["scores", "--db", "course.sqlite"], fileExtension: "csv", begins: "trainee,",
      mode: 0o600),
    Command(
      name: "scores streamed per attempt", arguments: ["scores", "--db", "course.sqlite", "--per", "attempt"],
      fileExtension: "csv", begins: "attempt,", mode: 0o600),
    Command(name: "new", arguments: ["new", "my-story"], fileExtension: "json", begins: "{\n", mode: 0o644),
  ]

  let folder: URL

  init() throws {
    folder = try Fixtures.temporaryDirectory("coach-output-file")
    let scenario = try Fixtures.scenario()
    try AttemptFixtures.exportJSON(
      trainee: "ann", attempts: [.init(try AttemptFixtures.play(["open", "reflect"], scenario: scenario))]
    ).write(to: folder.appendingPathComponent("ann.json"), atomically: true, encoding: .utf8)
  }

  func coach(_ arguments: [String]) throws -> CoachProcess.Output {
    try CoachProcess.run(arguments, environment: ["HOME": folder.path], directory: folder)
  }

  func read(_ name: String) -> String? {
    try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
  }

  func isLink(_ name: String) -> Bool {
    var info = stat()
    return lstat(folder.appendingPathComponent(name).path, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK
  }

  func hiddenFiles() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }
  }

  @Test(arguments: commands)
  func anExistingFileIsKeptUnlessForced(_ command: Command) throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    try #require(try coach(["import", "ann.json", "--db", "course.sqlite"]).status == 0)
    let file = "out.\(command.fileExtension)"
    let refusal = "coach: \(file) already exists; pass --force to replace it, or choose another file\n"

    let first = try coach(command.arguments + ["--output", file])
    #expect(first.status == 0, "\(first.stderr)")
    #expect(read(file)?.hasPrefix(command.begins) == true)
    let attributes = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(file).path)
    // Exactly the command's mode for private files; for a shared one, at most its mode (the umask may take more).
    let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    #expect(mode & ~command.mode == 0 && mode & 0o600 == 0o600, "mode \(String(mode, radix: 8))")

    try "mine".write(to: folder.appendingPathComponent(file), atomically: true, encoding: .utf8)
    let again = try coach(command.arguments + ["--output", file])
    #expect(again.status == 73)
    #expect(again.stderr == refusal)
    #expect(read(file) == "mine")

    let forced = try coach(command.arguments + ["--output", file, "--force"])
    #expect(forced.status == 0, "\(forced.stderr)")
    #expect(read(file)?.hasPrefix(command.begins) == true)
    #expect(try hiddenFiles() == [])
  }

  @Test(arguments: commands)
  func aSymbolicLinkIsNeverFollowed(_ command: Command) throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    try #require(try coach(["import", "ann.json", "--db", "course.sqlite"]).status == 0)
    try "precious".write(to: folder.appendingPathComponent("target.txt"), atomically: true, encoding: .utf8)
    let link = "link.\(command.fileExtension)"
    try FileManager.default.createSymbolicLink(
      atPath: folder.appendingPathComponent(link).path, withDestinationPath: "target.txt")

    let refused = try coach(command.arguments + ["--output", link])
    #expect(refused.status == 73)
    #expect(refused.stderr == "coach: \(link) already exists; pass --force to replace it, or choose another file\n")
    #expect(isLink(link))
    #expect(read("target.txt") == "precious")

    // With --force the link itself is replaced by the file; its target is untouched.
    let forced = try coach(command.arguments + ["--output", link, "--force"])
    #expect(forced.status == 0, "\(forced.stderr)")
    #expect(!isLink(link))
    #expect(read(link)?.hasPrefix(command.begins) == true)
    #expect(read("target.txt") == "precious")

    // A link to nothing is a file in the way too: its target is not created.
    let dangling = "dangling.\(command.fileExtension)"
    try FileManager.default.createSymbolicLink(
      atPath: folder.appendingPathComponent(dangling).path, withDestinationPath: "created-through-link.txt")
    let refusedDangling = try coach(command.arguments + ["--output", dangling])
    #expect(refusedDangling.status == 73)
    #expect(isLink(dangling))
    #expect(read("created-through-link.txt") == nil)
    #expect(try hiddenFiles() == [])
  }

  @Test(arguments: commands)
  func aFolderOrAMissingFolderIsRefused(_ command: Command) throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    try #require(try coach(["import", "ann.json", "--db", "course.sqlite"]).status == 0)
    for force in [false, true] {
      let here = try coach(command.arguments + ["--output", "."] + (force ? ["--force"] : []))
      #expect(here.status == 73)
      #expect(here.stderr == "coach: cannot write .: it is a folder; name a file instead\n")
    }
    let missing = try coach(command.arguments + ["--output", "no/such/out.\(command.fileExtension)"])
    #expect(missing.status == 73)
    #expect(missing.stderr == "coach: cannot create no/such/out.\(command.fileExtension): no such folder\n")
    #expect(try hiddenFiles() == [])
  }
}
