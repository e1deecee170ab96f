import Foundation

/// Where the trainee's line-editing history is kept: `$XDG_STATE_HOME/coach/history`, else
/// `~/.local/state/coach/history`. It is state, not data, so it never sits beside the database,
/// and a file of the user's own named `history` anywhere else is never touched. Its folder is made
/// (owner-only) when the first line is kept.
enum HistoryLocation {
  /// The history file's path, or nil when there is no home folder to keep it in.
  static func path(environment: [String: String]) -> String? {
    // The XDG spec says a relative XDG_STATE_HOME is invalid and must be ignored.
    if let stateHome = environment["XDG_STATE_HOME"], stateHome.hasPrefix("/") {
      return stateHome + "/coach/history"
    }
    let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
    guard !home.isEmpty else { return nil }
    return home + "/.local/state/coach/history"
  }
}
