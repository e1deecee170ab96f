import ArgumentParser
import CoachCore
import CoachTerminal

/// `coach rubric`: shows how sessions are scored.
struct RubricCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rubric",
    abstract: "Show the scoring rubric: what each technique code counts as, thresholds and the headline formula.",
    discussion: """
      The default rubric reproduces MITI 4.2.1. To make a stricter or gentler one, save the default \
      as a file, edit it, and pass it to other commands with --rubric:

        coach rubric --json > my-rubric.json
        coach rubric --rubric my-rubric.json      # check it and show it
        coach play --rubric my-rubric.json
      """)

  @OptionGroup var rubricOptions: RubricOptions

  @Flag(help: "Print the rubric as a rubric file (JSON).")
  var json = false

  func run() throws {
    let console = Console.detect()
    let rubric = try rubricOptions.load(console: console)
    if json {
      console.out(RubricFile.text(of: rubric), terminator: "")
      return
    }
    let terminal = console.terminal
    console.out(terminal.styled("\(rubric.title) (\(rubric.id))", .bold))
    for line in TextWrapper.wrap(rubric.source, width: terminal.width) { console.out(Sanitizer.clean(line)) }
    console.out("")
    console.out(terminal.styled("Technique codes", .bold) + "  (counts as; family; movement of CCT SST P E)")
    for code in TechniqueCode.allCases {
      let rule = rubric.rule(for: code)
      let counts = rule.counts.isEmpty ? "—" : rule.counts.map(\.rawValue).joined(separator: "+")
      let moves = GlobalScore.allCases.map { signed(rule.globals[$0] ?? .zero).padding(toDisplayWidth: 6) }
        .joined()
      let line =
        "  \(code.rawValue.padding(toDisplayWidth: 30))\(counts.padding(toDisplayWidth: 8))"
        + "\(rule.family.rawValue.padding(toDisplayWidth: 14))\(moves)"
      console.out(String(line.reversed().drop { $0 == " " }.reversed()))
    }
    console.out("")
    console.out(terminal.styled("Patterns", .bold))
    for kind in PatternKind.allCases {
      let moves = (rubric.patterns[kind] ?? [:]).sorted { $0.key < $1.key }
        .map { "\($0.key.rawValue) \(signed($0.value))" }.joined(separator: ", ")
      console.out("  \(kind.rawValue.padding(toDisplayWidth: 24))\(moves.isEmpty ? "no effect" : moves)")
    }
    console.out("")
    console.out(terminal.styled("Thresholds", .bold) + "  (fair / good)")
    for kind in MetricKind.allCases {
      guard let threshold = rubric.thresholds[kind] else { continue }
      let percent = kind == .percentComplexReflections || kind == .percentOpenQuestions
      let shown =
        percent
        ? "\(Hundredths(raw: threshold.fair.raw * 100).description)% / \(Hundredths(raw: threshold.good.raw * 100).description)%"
        : kind == .reflectionToQuestion
          ? "\(threshold.fair):1 / \(threshold.good):1" : "\(threshold.fair) / \(threshold.good)"
      let minimum = threshold.minimumDenominator > 0 ? "  (n/a below \(threshold.minimumDenominator))" : ""
      console.out("  \(kind.title.padding(toDisplayWidth: 30))\(shown)\(minimum)")
    }
    console.out("")
    let example = rubric.score(Transcript(turns: []))
    for line in TextWrapper.wrap("Overall band: " + example.overallRule + ".", width: terminal.width) {
      console.out(line)
    }
    for line in TextWrapper.wrap("Headline score: " + example.headlineFormula + ".", width: terminal.width) {
      console.out(line)
    }
  }

  private func signed(_ value: Hundredths) -> String {
    value.raw > 0 ? "+\(value)" : value.description
  }
}
