import ArgumentParser
import CoachPostgres
import CoachStore
import Foundation

/// `--db PATH`: the trainee database, shared by every command that reads or writes it.
struct StoreOptions: ParsableArguments {
  @Option(
    name: .customLong("db"),
    help: ArgumentHelp(
      "The trainee database: a file, or a postgres:// URL for a programme's shared database (the password "
        + "from PGPASSWORD or ~/.pgpass). Default: $COACH_DB, else $XDG_DATA_HOME/coach/coach.sqlite, "
        + "else ~/.local/share/coach/coach.sqlite.",
      valueName: "path or url"))
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

  /// Whether the database is on a PostgreSQL server.
  var isServer: Bool { ServerAddress.isServerURL(location.path) }

  /// The server's address, or exits 64 saying what is wrong with the URL.
  func serverAddress(console: Console) throws -> ServerAddress {
    do {
      return try ServerAddress(url: location.path, environment: ProcessInfo.processInfo.environment)
    } catch {
      console.err("coach: \(error.reason)")
      throw ExitStatus.usage
    }
  }

  /// Opens the database, or prints why it cannot be opened and exits 65, 66, 69, 74 or 78.
  /// Commands that only read pass `.existing`: they never create a database or its folder, and
  /// read one they cannot write. A server's database is never created here: a course lead sets it
  /// up with `coach admin init`.
  func open(console: Console, access: AppDatabase.Access = .create) throws -> any RecordStore {
    if isServer {
      let address = try serverAddress(console: console)
      do {
        return try PostgresStore.open(address)
      } catch {
        throw console.fail(error)
      }
    }
    do {
      return try AppDatabase.open(at: location, access: access)
    } catch {
      throw console.fail(error)
    }
  }
}
