import ArgumentParser
import CoachStore
import CoachTerminal
import Foundation

/// `coach import`: course leads add trainees' export files to their database.
struct ImportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Import trainees' export files into your database.",
    discussion: """
      Every record in a file is checked before anything is stored, and each file goes in whole \
      or not at all. Importing a file again changes nothing: attempts already stored are skipped, \
      and attempts that were in progress are brought up to date. An attempt stored with \
      different content is a conflict, and its file is rejected.

      Exit status: 0 when every file was imported, 65 when a file was rejected, 66 when a file \
      cannot be read.

      Examples:
        coach import ann.json bob.json
        coach import exports/*.json --db course.sqlite
        coach import week3.json --json
      """)

  @Argument(help: ArgumentHelp("Export files made with `coach export`.", valueName: "file"))
  var files: [String]

  @Flag(help: "Print the results as JSON.")
  var json = false

  @OptionGroup var store: StoreOptions

  /// Export files larger than this are refused unread.
  static let maximumBytes = 256 << 20

  struct FileResult: Encodable {
    var file: String
    var imported: Bool
    var trainee: String?
    var added: [UUID]
    var updated: [UUID]
    var skipped: [UUID]
    var rejected: [Rejection]
    var unreadable: String?

    struct Rejection: Encodable {
      var index: Int?
      var attempt: UUID?
      var reason: String
    }
  }

  func run() throws {
    let console = Console.detect()
    let database = try store.open(console: console)
    var results: [FileResult] = []
    for file in files {
      var result = FileResult(
        file: file, imported: false, added: [], updated: [], skipped: [], rejected: [], unreadable: nil)
      let data: Data
      do {
        data = try read(file)
      } catch {
        result.unreadable = error.reason
        results.append(result)
        continue
      }
      let report: ImportReport
      do {
        report = try database.importExport(data, file: file)
      } catch {
        throw console.fail(error)
      }
      result.imported = report.imported
      result.trainee = report.trainee
      result.added = report.added
      result.updated = report.updated
      result.skipped = report.skipped
      result.rejected = report.rejected.map { .init(index: $0.index, attempt: $0.attempt, reason: $0.reason) }
      results.append(result)
    }

    if json {
      try console.json(["files": results])
    } else {
      for result in results { print(result, console: console) }
    }
    if results.contains(where: { $0.unreadable != nil }) { throw ExitStatus.noInput }
    if results.contains(where: { !$0.imported }) { throw ExitStatus.dataError }
  }

  private func print(_ result: FileResult, console: Console) {
    let terminal = console.terminal
    // Content is cleaned before it is styled, so the styles' own escape codes survive.
    let file = Sanitizer.clean(result.file, multiline: false)
    if let reason = result.unreadable {
      console.out("\(file): \(terminal.styled("error:", .boldRed)) cannot read it: \(Sanitizer.clean(reason))")
      return
    }
    guard result.imported else {
      console.out("\(file): \(terminal.styled("rejected", .boldRed)); nothing from it was imported:")
      for rejection in result.rejected {
        let report = ImportReport.Rejection(
          index: rejection.index, attempt: rejection.attempt, reason: rejection.reason)
        console.out(Sanitizer.clean("  " + report.description))
      }
      return
    }
    var parts = ["\(result.added.count) added"]
    if !result.updated.isEmpty { parts.append("\(result.updated.count) updated") }
    parts.append("\(result.skipped.count) already imported")
    let trainee = result.trainee.map { " (\(Sanitizer.clean($0, multiline: false)))" } ?? ""
    console.out("\(file)\(trainee): \(terminal.styled("imported", .boldGreen)): " + parts.joined(separator: ", "))
  }

  struct Unreadable: Error {
    var reason: String
  }

  private func read(_ path: String) throws(Unreadable) -> Data {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw Unreadable(reason: "no such file")
    }
    if isDirectory.boolValue { throw Unreadable(reason: "it is a folder") }
    guard let handle = FileHandle(forReadingAtPath: path) else { throw Unreadable(reason: "permission denied") }
    defer { try? handle.close() }
    do {
      let data = try handle.read(upToCount: Self.maximumBytes + 1) ?? Data()
      if data.count > Self.maximumBytes {
        throw Unreadable(reason: "it is larger than \(Self.maximumBytes >> 20) MiB")
      }
      return data
    } catch let error as Unreadable {
      throw error
    } catch {
      // Foundation's descriptions of file errors can name error domains and codes, not words.
      throw Unreadable(reason: "reading it failed part-way")
    }
  }
}
