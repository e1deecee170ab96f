import ArgumentParser
import CoachStore
import CoachTerminal
import Foundation

/// `--trainee` and `--cohort`: whose attempt this is.
struct IdentityOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp("Who is playing (also COACH_TRAINEE). Asked once and remembered if unset.", valueName: "id"))
  var trainee: String?

  @Option(help: ArgumentHelp("The trainee's cohort, for course leads' score tables.", valueName: "name"))
  var cohort: String?

  /// The trainee to record under: --trainee, else COACH_TRAINEE, else the remembered default,
  /// else (interactively) asked once and remembered. Scripted play with none is a usage error.
  func resolve(database: any RecordStore, reader: (any LineReader)?, console: Console) throws -> String {
    let environment = ProcessInfo.processInfo.environment
    let given = trainee ?? environment["COACH_TRAINEE"].flatMap { $0.isEmpty ? nil : $0 }
    var id: String
    var remember = false
    if let given {
      id = given
    } else if let stored = try catchingStore(console, { () throws(StoreError) in try database.defaultTrainee() }) {
      id = stored
    } else if let reader {
      id = try ask(reader, console: console)
      remember = true
    } else {
      console.err("coach: who is playing? Pass --trainee ID or set COACH_TRAINEE")
      throw ExitStatus.usage
    }
    id = Sanitizer.clean(id.trimmingCharacters(in: .whitespaces), multiline: false)
    if let problem = Trainee.problem(withID: id) {
      console.err("coach: " + problem)
      throw ExitStatus.usage
    }
    let chosen = id
    try catchingStore(console) { () throws(StoreError) in
      _ = try database.upsertTrainee(id: chosen, cohort: cohort)
      if remember { try database.setDefaultTrainee(chosen) }
    }
    return id
  }

  private func ask(_ reader: any LineReader, console: Console) throws -> String {
    console.out("Coach keeps your attempts so you can resume them and see your progress.")
    while true {
      switch reader.readLine(prompt: "Your name or trainee id (remembered for next time): ") {
      case .line(let line) where !line.trimmingCharacters(in: .whitespaces).isEmpty:
        return line
      case .line, .interrupted:
        continue
      case .endOfInput:
        console.err("coach: no trainee given; pass --trainee ID or set COACH_TRAINEE")
        throw ExitStatus.usage
      }
    }
  }
}

/// Runs a store operation, turning a store error into its message and exit status.
@discardableResult
func catchingStore<T>(_ console: Console, _ body: () throws(StoreError) -> T) throws -> T {
  do {
    return try body()
  } catch {
    throw console.fail(error)
  }
}

/// `--trainee` for commands that look through stored attempts (`resume`, `review`).
struct OwnerOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Whose attempts to look in (also COACH_TRAINEE); default: the remembered trainee.", valueName: "id"))
  var trainee: String?

  /// --trainee, else COACH_TRAINEE, else the remembered trainee, else nil (everyone's).
  func owner(database: any RecordStore, console: Console) throws -> String? {
    try trainee ?? ProcessInfo.processInfo.environment["COACH_TRAINEE"].flatMap { $0.isEmpty ? nil : $0 }
      ?? catchingStore(console) { () throws(StoreError) in try database.defaultTrainee() }
  }
}
