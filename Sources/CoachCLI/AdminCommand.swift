import ArgumentParser
import CoachPostgres
import CoachStore
import CoachTerminal
import Foundation

/// `coach admin`: setting up a database, and a programme's logins on a PostgreSQL server.
struct AdminCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "admin",
    abstract: "Set up a database: its schema, and on a PostgreSQL server the trainees' and course leads' logins.",
    discussion: """
      For a programme's shared database on a PostgreSQL server:

        export COACH_DB=postgres://admin@db.example.org/coach?sslmode=verify-full
        coach admin init
        printf '%s\\n' "$PASSWORD" | coach admin add-trainee ann --cohort spring-2026 --password-stdin
        coach admin add-lead lee --cohort spring-2026 --password-stdin < lee-password.txt

      Passwords come from standard input, never from the command line; the connecting password \
      from PGPASSWORD or ~/.pgpass.
      """,
    subcommands: [Migrate.self, Init.self, AddTrainee.self, AddLead.self])

  /// `coach admin migrate`: brings the database's schema up to date.
  struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Bring the database's schema up to date (SQLite or PostgreSQL), creating it when new.")

    @OptionGroup var store: StoreOptions

    func run() throws {
      let console = Console.detect()
      if store.isServer {
        let applied = try AdminCommand.migrateServer(store, console: console)
        console.out(
          applied.isEmpty
            ? "\(AdminCommand.shown(store)) is up to date."
            : "\(AdminCommand.shown(store)): applied \(applied.joined(separator: ", ")).")
        return
      }
      // Opening a file brings it up to date.
      let database = try store.open(console: console)
      try? database.close()
      console.out("\(AdminCommand.shown(store)) is up to date.")
    }
  }

  /// `coach admin init`: the schema and the group roles on a PostgreSQL server.
  struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Set up a PostgreSQL database for a programme: the schema and the group roles.",
      discussion: """
        Creates Coach's tables and three group roles: coach_admin (everything), coach_trainee (add \
        and read their own attempts only, and carry on with one while it is in progress) and \
        coach_lead (read the attempts of their cohorts). Row-level security is forced on every \
        table of records, so the server, not Coach, decides who reads what. Run it as the \
        database's owner; running it again changes nothing.
        """)

    @OptionGroup var store: StoreOptions

    func run() throws {
      let console = Console.detect()
      guard store.isServer else {
        console.err("coach: admin init sets up a PostgreSQL database: pass --db postgres://… (or set COACH_DB)")
        throw ExitStatus.usage
      }
      let applied = try AdminCommand.migrateServer(store, console: console)
      console.out(
        "\(AdminCommand.shown(store)) is ready"
          + (applied.isEmpty ? " (nothing to do)." : " (applied \(applied.joined(separator: ", "))).")
          + " Add people with `coach admin add-trainee` and `coach admin add-lead`.")
    }
  }

  /// `coach admin add-trainee`.
  struct AddTrainee: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "add-trainee",
      abstract: "Add a trainee and their login to a PostgreSQL database: they add and read their own attempts only.")

    @Argument(help: ArgumentHelp("The trainee's id.", valueName: "id"))
    var id: String

    @Option(help: ArgumentHelp("Their cohort.", valueName: "name"))
    var cohort: String

    @Option(help: ArgumentHelp("Their login role (default: the id, when it is a valid login).", valueName: "role"))
    var login: String?

    @Flag(help: "Read the login's password from the first line of standard input.")
    var passwordStdin = false

    @OptionGroup var store: StoreOptions

    func run() throws {
      let console = Console.detect()
      let server = try AdminCommand.server(store, console: console)
      let role = login ?? id
      let password = passwordStdin ? try AdminCommand.readPassword(console: console) : nil
      let member: PostgresStore.Member
      do {
        member = try server.addTrainee(id: id, cohort: cohort, login: role, password: password)
      } catch {
        throw console.fail(error)
      }
      console.out(
        Sanitizer.clean(
          "Trainee \(id) (cohort \(cohort)) logs in as \(member.login)"
            + (member.created ? "." : ", a login that already existed.")))
    }
  }

  /// `coach admin add-lead`.
  struct AddLead: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "add-lead",
      abstract: "Add a course lead's login to a PostgreSQL database: they read the attempts of their cohorts.")

    @Argument(help: ArgumentHelp("The lead's login role.", valueName: "role"))
    var login: String

    @Option(help: ArgumentHelp("A cohort they lead (repeat for several).", valueName: "name"))
    var cohort: [String]

    @Flag(help: "Read the login's password from the first line of standard input.")
    var passwordStdin = false

    @OptionGroup var store: StoreOptions

    func validate() throws {
      if cohort.isEmpty { throw ValidationError("name at least one cohort with --cohort") }
    }

    func run() throws {
      let console = Console.detect()
      let server = try AdminCommand.server(store, console: console)
      let password = passwordStdin ? try AdminCommand.readPassword(console: console) : nil
      let member: PostgresStore.Member
      do {
        member = try server.addLead(login: login, cohorts: cohort, password: password)
      } catch {
        throw console.fail(error)
      }
      console.out(
        Sanitizer.clean(
          "Course lead \(member.login) reads the cohorts \(cohort.joined(separator: ", "))"
            + (member.created ? "." : " (the login already existed).")))
    }
  }

  // MARK: - Shared

  static func shown(_ store: StoreOptions) -> String {
    Sanitizer.clean(
      store.isServer
        ? ((try? ServerAddress(url: store.location.path, environment: [:]).display) ?? "the database")
        : store.location.path, multiline: false)
  }

  /// Applies the server's missing migrations; returns their ids.
  static func migrateServer(_ store: StoreOptions, console: Console) throws -> [String] {
    let address = try store.serverAddress(console: console)
    do {
      let server = try PostgresStore.open(address, migrating: false, checking: false)
      defer { try? server.close() }
      return try server.migrate()
    } catch {
      throw console.fail(error)
    }
  }

  /// The PostgreSQL store `--db` names, up to date; exits 64 for a file.
  static func server(_ store: StoreOptions, console: Console) throws -> PostgresStore {
    guard store.isServer else {
      console.err("coach: logins are a PostgreSQL server's: pass --db postgres://… (or set COACH_DB)")
      throw ExitStatus.usage
    }
    let address = try store.serverAddress(console: console)
    do {
      return try PostgresStore.open(address)
    } catch {
      throw console.fail(error)
    }
  }

  /// The first line of standard input.
  static func readPassword(console: Console) throws -> String {
    guard let line = Swift.readLine(strippingNewline: true), !line.isEmpty else {
      console.err("coach: --password-stdin: standard input has no password on its first line")
      throw ExitStatus.usage
    }
    return line
  }
}
