import ArgumentParser

/// The `coach` command: a coaching-conversation training simulator.
public struct CoachCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "coach",
    abstract: "Practise person-centred health-coaching conversations with simulated patients.",
    discussion: """
      Coach is training material, not clinical guidance.

      Trainees:      coach list, coach play [SCENARIO], coach resume, coach export
      Trainers:      coach validate FILE
      Course leads:  coach rubric, coach import FILE..., coach scores
      """,
    subcommands: [
      PlayCommand.self, ResumeCommand.self, ListCommand.self, ValidateCommand.self, RubricCommand.self,
      ScoresCommand.self,
      ExportCommand.self, ImportCommand.self,
    ])

  public init() {}
}
