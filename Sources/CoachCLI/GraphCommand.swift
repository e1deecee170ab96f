import ArgumentParser
import CoachCore

extension StoryDiagram.Format: ExpressibleByArgument {}

/// `coach graph`: draws a story.
struct GraphCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "graph",
    abstract: "Draw a story as a Mermaid flowchart or a Graphviz graph.",
    discussion: """
      Each node shows its id and the start of what the patient says. \
      Decision points are boxes, route nodes diamonds; endings are shaped and \
      coloured by outcome (positive green, mixed yellow, negative red). The \
      start has a thick border.

      Each choice is an arrow labelled with its id: green when it is \
      MI-adherent, red when non-adherent, grey when neutral (the rubric \
      decides, so --rubric can change them). Routes are dashed arrows \
      labelled with their condition.

      Mermaid renders in GitHub, GitLab, VS Code and most Markdown viewers: \
      put the output between a line ```mermaid and a line ``` in a Markdown \
      file. Graphviz draws the DOT format:

        coach graph my-story.json > my-story.mmd
        coach graph my-story.json --format dot | dot -Tsvg > my-story.svg
      """)

  @Argument(help: ArgumentHelp("A scenario file, or the id of a bundled scenario.", valueName: "file"))
  var file: String

  @Option(help: ArgumentHelp("The drawing language: mermaid or dot.", valueName: "format"))
  var format: StoryDiagram.Format = .mermaid

  @OptionGroup var rubricOptions: RubricOptions

  @OptionGroup var load: LoadOptions

  func run() throws {
    let console = Console.detect()
    let rubric = try rubricOptions.load(console: console)
    let (scenario, _, _) = try ScenarioInput.load(file, options: load, console: console)
    console.out(StoryDiagram.render(scenario, format: format, rubric: rubric), terminator: "")
  }
}
