import ArgumentParser

/// The `coach` command: a coaching-conversation training simulator.
public struct CoachCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "coach",
    abstract: "Practise person-centred health-coaching conversations with simulated patients.",
    discussion: """
      Coach is training material, not clinical guidance.

      Trainees:      coach list, coach play [SCENARIO], coach resume, coach export
      Trainers:      coach new ID, coach validate FILE, coach analyze FILE, coach graph FILE
      Course leads:  coach rubric, coach import FILE..., coach scores
      """,
    subcommands: [
      PlayCommand.self, ResumeCommand.self, ListCommand.self, NewCommand.self, ValidateCommand.self,
      AnalyzeCommand.self, GraphCommand.self, RubricCommand.self, ScoresCommand.self, ExportCommand.self,
      ImportCommand.self,
    ])

  public init() {}
}
