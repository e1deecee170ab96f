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

  func validate() throws {
    if db?.isEmpty == true {
      throw ValidationError("--db needs a path; leave it out to use the default database")
    }
  }

  /// Where the database is, after --db, COACH_DB and the XDG defaults.
  var location: StoreLocation {
    StoreLocation.resolve(explicit: db, environment: ProcessInfo.processInfo.environment)
  }

  /// Opens the database, or prints why it cannot be opened and exits 65, 66 or 74. Commands that
  /// only read pass `.existing`: they never create a database or its folder, and read one they
  /// cannot write.
  func open(console: Console, access: AppDatabase.Access = .create) throws -> AppDatabase {
    do {
      return try AppDatabase.open(at: location, access: access)
    } catch {
      throw console.fail(error)
    }
  }
}
