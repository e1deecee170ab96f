import ArgumentParser
import CoachCore
import CoachStore
import CoachTerminal
import Foundation

/// `coach export`: a trainee's attempts as one JSON file.
struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Export a trainee's attempts to one JSON file, for a course lead to import.",
    discussion: """
      The file holds every attempt (in progress, complete and abandoned) with its turns, session \
      state and report. Send it to your course lead, who adds it to their own database with \
      `coach import`; importing it twice changes nothing.

      The trainee is --trainee, else $COACH_TRAINEE, else the one Coach remembers from your first \
      session.

      --xapi writes the attempts as xAPI 1.0.3 statements for a learning record store instead: \
      attempted, answered (one per response kept), completed, and passed (Fair or Good) or failed \
      (Developing), with the headline score as result.score.scaled and the MITI metrics as result \
      extensions. One JSON array, or with --lines one statement per line. Coach's IRIs (the \
      account's home page, activities, extensions) are under --xapi-base; set it to an address \
      your organisation controls. --all exports every trainee's attempts.

      Examples:
        coach export --output my-attempts.json
        coach export --output my-attempts.json --force   # replace last week's file
        coach export --trainee ann > ann.json
        coach export --xapi --all --xapi-base https://lms.example.org/coach/ --output cohort.json
        coach export --xapi --lines --trainee ann > ann.jsonl
      """)

  @Option(help: ArgumentHelp("Whose attempts to export.", valueName: "id"))
  var trainee: String?

  @Flag(help: "Write xAPI 1.0.3 statements for a learning record store instead of an export file.")
  var xapi = false

  @Flag(help: "With --xapi: one statement per line (JSON lines) instead of one JSON array.")
  var lines = false

  @Option(
    name: .customLong("xapi-base"),
    help: ArgumentHelp(
      "With --xapi: the IRI under which Coach's activities and extensions are named (default \(XAPI.defaultBase)).",
      valueName: "iri"))
  var xapiBase: String?

  @Flag(help: "With --xapi: every trainee's attempts.")
  var all = false

  @Option(
    help: ArgumentHelp(
      "Write to this file (readable by you only) instead of standard output; an existing file is kept "
        + "unless --force.",
      valueName: "file"))
  var output: String?

  @Flag(help: OutputFile.forceHelp)
  var force = false

  @OptionGroup var store: StoreOptions

  func validate() throws {
    if !xapi, lines || xapiBase != nil || all {
      throw ValidationError("--lines, --xapi-base and --all are for xAPI statements: add --xapi")
    }
    if all, trainee != nil { throw ValidationError("--all and --trainee cannot be used together: choose one") }
    if let xapiBase {
      let scheme = xapiBase.prefix { $0 != ":" }
      guard xapiBase.contains("://"), !scheme.isEmpty, scheme.allSatisfy({ $0.isLetter || $0 == "+" || $0 == "-" }),
        !xapiBase.contains(where: { $0.isWhitespace || $0 == "#" || $0 == "?" })
      else {
        throw ValidationError(
          "--xapi-base \(xapiBase): expected an absolute IRI such as https://lms.example.org/coach/")
      }
    }
  }

  func run() throws {
    let console = Console.detect()
    let database = try store.open(console: console, access: .existing)
    if xapi {
      try writeStatements(database, console: console)
      return
    }
    let id = try traineeID(database, console: console)
    let document: ExportDocument
    do {
      document = try database.export(trainee: id)
    } catch {
      guard case .traineeNotFound = error else { throw console.fail(error) }
      var message = "coach: there is no trainee \"\(id)\" in \(store.location.path)"
      let known = (try? database.trainees().map(\.id)) ?? []
      if let suggestion = Suggestion.nearest(to: id, in: known) { message += "; did you mean \"\(suggestion)\"?" }
      console.err(Sanitizer.clean(message))
      throw ExitStatus.noInput
    }
    let data: Data
    do {
      data = try document.encoded()
    } catch {
      throw console.fail(error)
    }
    guard let output else {
      console.out(bytes: Array(data))
      return
    }
    do {
      try OutputFile.write(Array(data), to: output, replacing: force)
    } catch {
      throw console.fail(error)
    }
    console.err(
      Sanitizer.clean(
        "coach: exported \(plural(document.attempts.count, "attempt")) of \(document.trainee.id) to \(output)"))
  }

  /// The selected attempts as xAPI statements.
  private func writeStatements(_ database: any RecordStore, console: Console) throws {
    var documents: [ExportDocument] = []
    do {
      let ids = all ? try database.trainees().map(\.id) : [try traineeID(database, console: console)]
      for id in ids { documents.append(try database.export(trainee: id)) }
    } catch let error as StoreError {
      guard case .traineeNotFound(let id) = error else { throw console.fail(error) }
      console.err(Sanitizer.clean("coach: there is no trainee \"\(id)\" in \(store.location.path)"))
      throw ExitStatus.noInput
    }
    let base = xapiBase ?? XAPI.defaultBase
    let statements = documents.flatMap { document in
      document.attempts.flatMap { XAPI.statements(for: $0, trainee: document.trainee, base: base) }
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting =
      lines ? [.sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
    var bytes: [UInt8] = []
    do {
      if lines {
        for statement in statements { bytes += Array(try encoder.encode(statement)) + [UInt8(ascii: "\n")] }
      } else {
        bytes = Array(try encoder.encode(statements)) + [UInt8(ascii: "\n")]
      }
    } catch {
      console.err("coach: cannot write the statements as JSON: a stored number is not finite")
      throw ExitStatus.dataError
    }
    guard let output else {
      console.out(bytes: bytes)
      return
    }
    do {
      try OutputFile.write(bytes, to: output, replacing: force)
    } catch {
      throw console.fail(error)
    }
    let attempts = documents.reduce(0) { $0 + $1.attempts.count }
    console.err(
      Sanitizer.clean(
        "coach: wrote \(plural(statements.count, "xAPI statement")) for \(plural(attempts, "attempt")) to \(output)"))
  }

  /// --trainee, else $COACH_TRAINEE, else the remembered default trainee.
  private func traineeID(_ database: any RecordStore, console: Console) throws -> String {
    if let trainee { return trainee }
    if let fromEnvironment = ProcessInfo.processInfo.environment["COACH_TRAINEE"], !fromEnvironment.isEmpty {
      return fromEnvironment
    }
    let remembered: String?
    do {
      remembered = try database.defaultTrainee()
    } catch {
      throw console.fail(error)
    }
    guard let remembered else {
      console.err("coach: no trainee given; pass --trainee ID or set COACH_TRAINEE")
      throw ExitStatus.usage
    }
    return remembered
  }
}
