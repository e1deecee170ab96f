import ArgumentParser
import CoachCore
import CoachTerminal
import Foundation

/// `coach classify`: what Coach's surface-cue coder hears in some words, and how far it agrees
/// with the authored codes of scenario options.
struct ClassifyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "classify",
    abstract: "Show what Coach hears in typed words, or measure its coder against authored codes.",
    discussion: """
      Coach codes the words a trainee types in `coach play --say-first` by surface cues alone: \
      a question mark, "it sounds like", "you should". It is approximate, it says which cue it \
      heard, and it never changes a score.

        coach classify "It sounds like the needles were the worst of it."
        coach classify --evaluate                  # against every bundled story's options
        coach classify --evaluate --scenario my-story.json --misses
      """)

  @Argument(help: ArgumentHelp("The words to code.", valueName: "words"))
  var words: [String] = []

  @Flag(
    help:
      "Measure the coder against the authored codes of scenario options: per-code precision and recall, and Cohen's kappa on reflection / question / other."
  )
  var evaluate = false

  @Option(
    name: .customLong("scenario"),
    help: ArgumentHelp(
      "With --evaluate: a scenario file or bundled id (repeatable; default: every bundled story).", valueName: "file"))
  var scenarios: [String] = []

  @Flag(help: "With --evaluate: list every option the coder puts in the wrong kind.")
  var misses = false

  @Flag(help: "Print the result as JSON.")
  var json = false

  @OptionGroup var load: LoadOptions

  func validate() throws {
    if evaluate == !words.isEmpty {
      throw ValidationError(evaluate ? "--evaluate takes no words" : "give the words to code, or --evaluate")
    }
  }

  func run() throws {
    let console = Console.detect()
    if !evaluate {
      let result = UtteranceCoder.code(words.joined(separator: " "))
      if json {
        try console.json(result)
        return
      }
      console.out("Heard (approximate): " + result.heard)
      for finding in result.findings {
        console.out(
          "  \(finding.code.plainName): “\(Sanitizer.clean(finding.cue, multiline: false))” "
            + "(confidence \(Value.format((finding.confidence * 100).rounded()))%)")
      }
      console.out("Tip: " + result.tip)
      return
    }
    let library = ScenarioLibrary.locate()
    let names = scenarios.isEmpty ? library.files.map(\.path) : scenarios
    var responses: [(words: String, codes: [TechniqueCode])] = []
    for name in names {
      let scenario = try ScenarioInput.load(name, options: load, console: console).scenario
      responses += scenario.allChoices.map { ($0.say, $0.codes) }
    }
    let agreement = CoderAgreement(responses: responses)
    if json {
      try console.json(agreement)
      return
    }
    func percent(_ value: Double?) -> String {
      value.map { Value.format($0 * 100, places: 1) + "%" } ?? "n/a"
    }
    console.out("\(agreement.responses) options from \(names.count) \(names.count == 1 ? "story" : "stories")")
    console.out("")
    console.out("code".padding(toDisplayWidth: 26) + "precision  recall  heard right/wrong, missed")
    for figures in agreement.codes {
      console.out(
        figures.code.rawValue.padding(toDisplayWidth: 26) + percent(figures.precision).padding(toDisplayWidth: 11)
          + percent(figures.recall).padding(toDisplayWidth: 8)
          + "\(figures.truePositives)/\(figures.falsePositives), \(figures.falseNegatives)")
    }
    console.out("")
    let kinds = UtteranceCoder.Kind.allCases
    console.out("coded \\ heard  " + kinds.map { $0.rawValue.padding(toDisplayWidth: 11) }.joined())
    for (row, kind) in kinds.enumerated() {
      console.out(
        kind.rawValue.padding(toDisplayWidth: 15)
          + agreement.confusion[row].map { String($0).padding(toDisplayWidth: 11) }.joined())
    }
    console.out(
      "Cohen's kappa (reflection / question / other): " + Value.format(agreement.kappa, places: 3))
    if misses {
      console.out("")
      for miss in agreement.misses {
        console.out(
          Sanitizer.clean(
            "coded \(miss.coded.rawValue), heard \(miss.heard.rawValue): “\(miss.words)”", multiline: false))
      }
    }
  }
}
