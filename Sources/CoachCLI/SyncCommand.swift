import ArgumentParser
import CoachPostgres
import CoachStore
import CoachTerminal
import Foundation

/// `coach sync`: pushes a trainee's attempts from their own database to a programme's.
struct SyncCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sync",
    abstract: "Push your attempts from this machine's database to your programme's PostgreSQL database.",
    discussion: """
      Practise anywhere, offline, into the database on your own machine; sync when you are back \
      online. Each attempt goes across checked (replayed from its turns and scored again) and in a \
      transaction of its own: running sync again changes nothing, and a sync that was cut short \
      carries on where it stopped. An attempt you carried on since the last sync is brought up to \
      date.

      The password comes from PGPASSWORD or ~/.pgpass, never from the command line.

      Examples:
        coach sync --to postgres://ann@db.example.org/coach?sslmode=verify-full
        coach sync --to "$COHORT_DB" --db ~/coach.sqlite --trainee ann
      """)

  @Option(help: ArgumentHelp("The programme's database, a postgres:// URL.", valueName: "url"))
  var to: String

  @Option(
    help: ArgumentHelp("Whose attempts to push (default: $COACH_TRAINEE, else the one remembered).", valueName: "id"))
  var trainee: String?

  @OptionGroup var store: StoreOptions

  func validate() throws {
    guard ServerAddress.isServerURL(to) else {
      throw ValidationError("--to needs a postgres:// URL of your programme's database")
    }
  }

  func run() throws {
    let console = Console.detect()
    let local = try store.open(console: console, access: .existing)
    let address: ServerAddress
    do {
      address = try ServerAddress(url: to, environment: ProcessInfo.processInfo.environment)
    } catch {
      console.err("coach: \(error.reason)")
      throw ExitStatus.usage
    }
    let id = try traineeID(local, console: console)
    let report: RecordSync.Report
    do {
      let target = try PostgresStore.open(address)
      defer { try? target.close() }
      report = try RecordSync.push(trainee: id, from: local, to: target)
    } catch {
      throw console.fail(error)
    }
    var parts = ["\(report.added.count) added"]
    if !report.updated.isEmpty { parts.append("\(report.updated.count) brought up to date") }
    parts.append("\(report.skipped.count) already there")
    console.out(
      Sanitizer.clean("Synced the attempts of \(id) to \(address.display): " + parts.joined(separator: ", ") + "."))
    guard report.rejected.isEmpty else {
      for rejection in report.rejected {
        console.err(Sanitizer.clean("coach: \(rejection.description)"))
      }
      console.err("coach: \(plural(report.rejected.count, "attempt")) could not be synced; the others were")
      throw ExitStatus.dataError
    }
  }

  /// --trainee, else $COACH_TRAINEE, else the trainee remembered in the local database.
  private func traineeID(_ database: any RecordStore, console: Console) throws -> String {
    if let trainee { return trainee }
    if let fromEnvironment = ProcessInfo.processInfo.environment["COACH_TRAINEE"], !fromEnvironment.isEmpty {
      return fromEnvironment
    }
    guard let remembered = try catchingStore(console, { () throws(StoreError) in try database.defaultTrainee() }) else {
      console.err("coach: no trainee given; pass --trainee ID or set COACH_TRAINEE")
      throw ExitStatus.usage
    }
    return remembered
  }
}
