import ArgumentParser
import CoachStore
import Foundation

/// `--db PATH`: the trainee database, shared by every command that reads or writes it.
struct StoreOptions: ParsableArguments {
  @Option(
    name: .customLong("db"),
    help: ArgumentHelp(
      "The trainee database. Default: $COACH_DB, else $XDG_DATA_HOME/coach/coach.sqlite, "
        + "else ~/.local/share/coach/coach.sqlite.",
      valueName: "path"))
  var db: String?

  /// Where the database is, after --db, COACH_DB and the XDG defaults.
  var location: StoreLocation {
    StoreLocation.resolve(explicit: db, environment: ProcessInfo.processInfo.environment)
  }

  /// Opens the database, or prints why it cannot be opened and exits 65 or 74.
  func open(console: Console) throws -> AppDatabase {
    do {
      return try AppDatabase.open(at: location)
    } catch {
      throw console.fail(error)
    }
  }
}
