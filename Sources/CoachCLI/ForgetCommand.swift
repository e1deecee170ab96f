import ArgumentParser
import CoachCore
import CoachStore
import CoachTerminal

/// `coach forget`: deletes what a trainee typed in their own words in an attempt.
struct ForgetCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "forget",
    abstract: "Delete the responses you typed in your own words in an attempt (say-first play).",
    discussion: """
      The words you typed before choosing are kept with each turn, because they are the most \
      useful thing a trainer can read. They are yours: `coach forget ATTEMPT --typed` deletes \
      them, keeping the choices, the score and the review. Name the attempt by the start of its \
      id, or `latest`.

        coach forget latest --typed
      """)

  @Argument(help: ArgumentHelp("The attempt: the start of its id, or `latest`.", valueName: "attempt"))
  var attempt: String

  @Flag(help: "Delete the typed responses (required: it says what is forgotten).")
  var typed = false

  @OptionGroup var owner: OwnerOptions
  @OptionGroup var store: StoreOptions

  func validate() throws {
    guard typed else { throw ValidationError("say what to forget: --typed deletes the responses you typed") }
  }

  func run() throws {
    let console = Console.detect()
    let database = try store.open(console: console, access: .existing)
    let trainee = try owner.owner(database: database, console: console)
    let matches = try catchingStore(console) { () throws(StoreError) in
      try database.attemptIDs(matching: attempt, trainee: trainee)
    }
    guard matches.count == 1, let id = matches.first else {
      let name = Sanitizer.clean(attempt, multiline: false)
      console.err(
        matches.isEmpty
          ? "coach: no attempt matches \"\(name)\"; `coach scores --per attempt` lists them"
          : "coach: \"\(name)\" matches \(matches.count) attempts; give more of the id")
      throw matches.isEmpty ? ExitStatus.noInput : ExitStatus.usage
    }
    let count = try catchingStore(console) { () throws(StoreError) in try database.forgetTyped(attempt: id) }
    console.out(
      "Deleted \(count) typed response\(count == 1 ? "" : "s") from attempt \(id.uuidString.lowercased().prefix(8)).")
  }
}
