import ArgumentParser
import CoachCore
import CoachTerminal

/// `coach list`: the bundled scenarios.
struct ListCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list",
    abstract: "List the bundled scenarios with their id, title, size and a one-line summary.",
    discussion: """
      Play one with `coach play ID`. Scenarios are read from the Scenarios folder beside Coach, \
      or from the folder named by COACH_SCENARIOS.
      """)

  @Flag(help: "Print the list as JSON.")
  var json = false

  struct Entry: Encodable {
    var id: String
    var version: String?
    var title: String?
    var summary: String?
    var role: String?
    var nodes: Int?
    var file: String
    var valid: Bool
    var errors: Int
  }

  func run() throws {
    let console = Console.detect()
    let library = ScenarioLibrary.locate()
    guard library.directory != nil else {
      console.err("coach: the bundled Scenarios folder was not found; set COACH_SCENARIOS to its path")
      throw ExitStatus.noInput
    }
    let loader = ScenarioLoader()
    let entries = library.files.map { url -> Entry in
      let result = loader.load(path: url.path, as: ScenarioLibrary.displayName(url.path))
      let scenario = result.scenario
      return Entry(
        id: scenario?.id ?? url.deletingPathExtension().lastPathComponent, version: scenario?.version,
        title: scenario?.title, summary: scenario.map { firstSentence($0.summary) }, role: scenario?.role,
        nodes: scenario?.nodes.count, file: result.file, valid: scenario != nil, errors: result.errors.count)
    }
    if json {
      try console.json(entries)
      return
    }
    let terminal = console.terminal
    if entries.isEmpty {
      console.out("No scenarios in \(library.directory!.path).")
      return
    }
    let idWidth = entries.map { TextWrapper.displayWidth($0.id) }.max() ?? 0
    for entry in entries {
      // Content is cleaned before it is styled, so the styles' own escape codes survive.
      let id = Sanitizer.clean(entry.id, multiline: false).padding(toDisplayWidth: idWidth)
      guard entry.valid, let title = entry.title else {
        console.out(
          "\(terminal.styled(id, .bold))  " + terminal.styled("invalid", .boldRed)
            + " (\(plural(entry.errors, "error")); run `coach validate \(Sanitizer.clean(entry.file, multiline: false))`)"
        )
        continue
      }
      let role = Sanitizer.clean(entry.role ?? "", multiline: false)
      console.out(
        "\(terminal.styled(id, .bold))  \(Sanitizer.clean(title, multiline: false)) "
          + terminal.styled("(\(role), \(plural(entry.nodes ?? 0, "node")))", .dim))
      for line in TextWrapper.wrap(
        entry.summary ?? "", width: terminal.width, indent: String(repeating: " ", count: idWidth + 2))
      {
        console.out(Sanitizer.clean(line))
      }
    }
  }

  private func firstSentence(_ text: String) -> String {
    let flattened = text.split(whereSeparator: \.isNewline).joined(separator: " ")
    if let end = flattened.firstIndex(where: { $0 == "." || $0 == "!" || $0 == "?" }) {
      return String(flattened[...end])
    }
    return flattened
  }
}
