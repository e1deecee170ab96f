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

      Examples:
        coach export --output my-attempts.json
        coach export --output my-attempts.json --force   # replace last week's file
        coach export --trainee ann > ann.json
      """)

  @Option(help: ArgumentHelp("Whose attempts to export.", valueName: "id"))
  var trainee: String?

  @Option(
    help: ArgumentHelp(
      "Write to this file (readable by you only) instead of standard output; an existing file is kept "
        + "unless --force.",
      valueName: "file"))
  var output: String?

  @Flag(help: OutputFile.forceHelp)
  var force = false

  @OptionGroup var store: StoreOptions

  func run() throws {
    let console = Console.detect()
    let database = try store.open(console: console, access: .existing)
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

  /// --trainee, else $COACH_TRAINEE, else the remembered default trainee.
  private func traineeID(_ database: AppDatabase, console: Console) throws -> String {
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
