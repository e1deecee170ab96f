import ArgumentParser
import CoachCore
import CoachTerminal
import Foundation

/// `coach new`: writes a starter scenario to build on.
struct NewCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "new",
    abstract: "Write a small, valid starter scenario to turn into your own story.",
    discussion: """
      The starter story has three decision points, a route that branches on \
      a variable, two endings and a walkthrough, and comments (fields whose \
      names start with //) that explain each part. It passes \
      `coach validate` as it is, so you can change it a step at a time and \
      validate after each change.

      ID names the scenario: lowercase letters and digits in words joined \
      by '-', such as asthma-review. The file is ID.json in the current \
      folder unless --output names another; an existing file is kept \
      unless --force. --output - prints the scenario instead.

      Then:
        coach validate ID.json   check it (after every change)
        coach analyze ID.json    paths, endings, best and worst scores
        coach graph ID.json      draw it (--format dot for Graphviz)

      The guide to writing scenarios is docs/authoring.md.

      Exit status: 0 when the file was written, 64 when ID is not a valid \
      id, 73 when the file exists already (without --force) or cannot be \
      created, 74 when writing it failed.
      """)

  @Argument(help: ArgumentHelp("The new scenario's id, e.g. asthma-review.", valueName: "id"))
  var id: String

  @Option(
    name: [.customShort("o"), .long],
    help: ArgumentHelp("Where to write the scenario (default: ./ID.json); - prints it.", valueName: "file"))
  var output: String?

  @Flag(help: OutputFile.forceHelp)
  var force = false

  func validate() throws {
    guard Scenario.isValidID(id) else {
      throw ValidationError(
        "\"\(Sanitizer.clean(id))\" is not a scenario id: use lowercase letters and digits in words joined by '-', "
          + "such as asthma-review")
    }
  }

  func run() throws {
    let console = Console.detect()
    let path = output ?? "\(id).json"
    if path == "-" {
      console.out(ScenarioTemplate.json(id: id), terminator: "")
      return
    }
    let url = URL(fileURLWithPath: path)
    let text = ScenarioTemplate.json(id: id, schema: schemaReference(from: url.deletingLastPathComponent()))
    let shown = Sanitizer.clean(path, multiline: false)
    do {
      // Scenario files are for sharing: readable by others, unlike records.
      try OutputFile.write(Array(text.utf8), to: path, replacing: force, mode: 0o644)
    } catch {
      throw console.fail(error)
    }
    console.out(
      """
      Wrote \(shown): a starter scenario with 3 decision points, a route, 2 endings and a walkthrough.
      Next:
        coach validate \(shown)
        coach analyze \(shown)
        coach graph \(shown)
      """)
  }

  /// The bundled `scenario.schema.json` as a path relative to `folder`, so editors that read
  /// "$schema" can find it; "./scenario.schema.json" when there is no bundled copy.
  private func schemaReference(from folder: URL) -> String {
    guard let library = ScenarioLibrary.locate().directory else { return "./scenario.schema.json" }
    let schema = library.appendingPathComponent("scenario.schema.json")
    guard FileManager.default.fileExists(atPath: schema.path) else { return "./scenario.schema.json" }
    let from = folder.standardizedFileURL.resolvingSymlinksInPath().pathComponents
    let to = schema.standardizedFileURL.resolvingSymlinksInPath().pathComponents
    var common = 0
    while common < min(from.count, to.count - 1), from[common] == to[common] { common += 1 }
    let up = Array(repeating: "..", count: from.count - common)
    let relative = (up + to[common...]).joined(separator: "/")
    return up.isEmpty ? "./" + relative : relative
  }
}
