import ArgumentParser
import CoachTerminal

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The `coach` command: a coaching-conversation training simulator.
public struct CoachCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "coach",
    abstract: "Practise person-centred health-coaching conversations with simulated patients.",
    discussion: """
      Coach is training material, not clinical guidance.

      Subcommands by who uses them:
      Trainees:      list, play, resume, review, export, forget, sync
      Trainers:      new, validate, analyze, graph, script, diff
      Course leads:  rubric, import, scores
      Programmes:    admin (PostgreSQL: init, add-trainee, add-lead)
      Everyone:      classify (what Coach hears in typed words)

      `coach help SUBCOMMAND` explains each one.
      """,
    subcommands: [
      PlayCommand.self, ResumeCommand.self, ReviewCommand.self, ListCommand.self, NewCommand.self, ValidateCommand.self,
      AnalyzeCommand.self, GraphCommand.self, ScriptCommand.self, DiffCommand.self, RubricCommand.self,
      ScoresCommand.self, ExportCommand.self, ImportCommand.self, ForgetCommand.self, ClassifyCommand.self,
      SyncCommand.self, AdminCommand.self,
    ])

  public init() {}

  /// Runs the command named on the command line and exits with its status.
  ///
  /// Unlike argument-parser's own `main()`, every message (help and usage errors included) goes
  /// through `ConsoleWriter`, so output that cannot be written ends with status 74 rather than
  /// being lost without a word.
  public static func main() {
    ConsoleWriter.prepareProcess()
    let status: Int32
    do {
      var command = try parseAsRoot()
      try command.run()
      status = 0
    } catch {
      status = report(error)
    }
    terminate(status)
  }

  /// Prints what `error` says, where argument-parser would, and returns the exit status.
  private static func report(_ error: any Error) -> Int32 {
    if let error = error as? any UserFacingError {
      ConsoleWriter.write("coach: " + error.userMessage + "\n", to: .standardError)
      return error.exitStatus.rawValue
    }
    let status = exitCode(for: error).rawValue
    let message = fullMessage(for: error)
    if !message.isEmpty {
      // Help and version requests end with status 0 and go to standard output, as errors do not.
      ConsoleWriter.write(message + "\n", to: status == 0 ? .standardOutput : .standardError)
    }
    return status
  }
}

/// Ends the process with `status` (`exit` alone would name argument-parser's method).
private func terminate(_ status: Int32) -> Never {
  exit(status)
}
