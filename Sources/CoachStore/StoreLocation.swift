import Foundation

/// Where the trainee database lives: `--db PATH`, else `$COACH_DB`, else
/// `$XDG_DATA_HOME/coach/coach.sqlite`, else `~/.local/share/coach/coach.sqlite`.
public struct StoreLocation: Sendable, Equatable {
  public var path: String
  /// How the path was chosen, for messages ("--db", "COACH_DB", "XDG_DATA_HOME", "default").
  public var source: String

  public init(path: String, source: String) {
    self.path = path
    self.source = source
  }

  public static func resolve(explicit: String?, environment: [String: String]) -> StoreLocation {
    if let explicit, !explicit.isEmpty { return StoreLocation(path: explicit, source: "--db") }
    if let fromEnvironment = environment["COACH_DB"], !fromEnvironment.isEmpty {
      return StoreLocation(path: fromEnvironment, source: "COACH_DB")
    }
    // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
    if let dataHome = environment["XDG_DATA_HOME"], dataHome.hasPrefix("/") {
      return StoreLocation(path: dataHome + "/coach/coach.sqlite", source: "XDG_DATA_HOME")
    }
    let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
    return StoreLocation(path: home + "/.local/share/coach/coach.sqlite", source: "default")
  }

  /// The folder that holds the database and the REPL's history.
  public var directory: String {
    PathText.directory(of: path)
  }
}
