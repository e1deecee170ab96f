import ArgumentParser
import CoachCore
import CoachTerminal

/// `coach script`: the story as a screenplay, for proofreading.
struct ScriptCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "script",
    abstract: "Print a story as a screenplay for proofreading: every node, what leads into it, and every response.",
    discussion: """
      Every node in file order: the responses that can lead into it (directly or through routes), \
      so that a line that does not follow from one of them stands out; the patient's words and the \
      cue, with their variants; each response with its codes, grade, condition, effects, feedback \
      and where it goes; routes; endings with their debriefs; then the walkthroughs.

      Markdown by default; --html writes one self-contained page (no scripts, nothing fetched) in \
      which every text from the story is escaped.

      Examples:
        coach script my-story.json > my-story.md
        coach script my-story.json --html --output my-story.html
      """)

  @Argument(help: ArgumentHelp("A scenario file, or the id of a bundled scenario.", valueName: "file"))
  var file: String

  @Flag(help: "Write one self-contained HTML page instead of Markdown.")
  var html = false

  @Option(
    help: ArgumentHelp(
      "Write to this file instead of standard output; an existing file is kept unless --force.", valueName: "file"))
  var output: String?

  @Flag(help: OutputFile.forceHelp)
  var force = false

  @OptionGroup var rubricOptions: RubricOptions

  @OptionGroup var load: LoadOptions

  func run() throws {
    let console = Console.detect()
    let rubric = try rubricOptions.load(console: console)
    let (scenario, _, _) = try ScenarioInput.load(file, options: load, console: console)
    let text = Screenplay(scenario, rubric: rubric).render(html ? .html : .markdown)
    guard let output else {
      // The story's text was checked when it loaded and is escaped for the format; it is
      // cleaned once more on its way out, as everything a command prints is.
      console.out(Sanitizer.clean(text), terminator: "")
      return
    }
    do {
      try OutputFile.write(Array(text.utf8), to: output, replacing: force, mode: 0o644)
    } catch {
      throw console.fail(error)
    }
    console.err(Sanitizer.clean("coach: wrote the screenplay of \(scenario.id) to \(output)"))
  }
}
