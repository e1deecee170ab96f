import ArgumentParser
import CoachCore
import CoachTerminal

/// `coach diff`: what changed for trainees between two versions of a story.
struct DiffCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diff",
    abstract: "Show what changed for trainees between two versions of a story.",
    discussion: """
      Compares OLD with NEW: nodes and options added, removed or reworded; codes, grades, \
      conditions, effects and destinations changed; endings and debriefs; how each walkthrough \
      ends and scores in each version; and the best and worst scores and bands before and after \
      (from the same search as `coach analyze`). Layout and comments are not changes.

      Scores are filed under a story's version, so a story whose content changed must raise it: \
      the exit status is 65 when the content changed for trainees but the version did not, and 0 \
      otherwise.

      Examples:
        coach diff old/my-story.json my-story.json
        git show HEAD~1:Scenarios/my-story.json > /tmp/old.json && coach diff /tmp/old.json Scenarios/my-story.json
      """)

  @Argument(help: ArgumentHelp("The earlier version: a scenario file or a bundled id.", valueName: "old"))
  var old: String

  @Argument(help: ArgumentHelp("The later version.", valueName: "new"))
  var new: String

  @Flag(help: "Print the differences as JSON.")
  var json = false

  @OptionGroup var rubricOptions: RubricOptions

  @OptionGroup var load: LoadOptions

  func run() throws {
    let console = Console.detect()
    let rubric = try rubricOptions.load(console: console)
    let (before, oldFile, _) = try ScenarioInput.load(old, options: load, console: console)
    let (after, newFile, _) = try ScenarioInput.load(new, options: load, console: console)
    let diff = StoryDiff(old: before, new: after, rubric: rubric)
    if json {
      try console.json(diff)
    } else {
      for line in DiffText(diff: diff, oldFile: oldFile, newFile: newFile, terminal: console.terminal).lines() {
        console.out(Sanitizer.clean(line))
      }
    }
    if diff.versionNotRaised { throw ExitStatus.dataError }
  }
}

/// `coach diff` in words.
struct DiffText {
  var diff: StoryDiff
  var oldFile: String
  var newFile: String
  var terminal: Terminal

  func lines() -> [String] {
    var lines: [String] = []
    let old = diff.old
    let new = diff.new
    lines.append(terminal.styled("\(old.id) \(old.version) → \(new.id) \(new.version): \(new.title)", .bold))
    lines.append("old: \(oldFile)")
    lines.append("new: \(newFile)")
    if old.id != new.id {
      lines.append(terminal.styled("These are different stories (\(old.id), \(new.id)).", .yellow))
    }
    guard diff.changesForTrainees else {
      lines.append("")
      lines.append(
        old.contentHash == new.contentHash
          ? "No change: the files are the same."
          : "No change for trainees: the files differ only in layout, comments or order.")
      return lines
    }

    func section(_ title: String, _ body: [String]) {
      guard !body.isEmpty else { return }
      lines.append("")
      lines.append(terminal.styled(title, .bold))
      lines += body
    }
    func list(_ label: String, _ ids: [String]) -> [String] {
      ids.isEmpty ? [] : ["  \(label) " + ids.joined(separator: ", ")]
    }
    section("Nodes", list("added:  ", diff.nodesAdded) + list("removed:", diff.nodesRemoved))
    section("Options", list("added:  ", diff.choicesAdded) + list("removed:", diff.choicesRemoved))
    section(
      "Reworded",
      diff.reworded.flatMap { rewording in
        ["  \(rewording.id) (\(rewording.field))"]
          + rewording.before.map { "    - " + $0 } + rewording.after.map { "    + " + $0 }
      })
    section(
      "Changed",
      diff.changed.map { change in "  \(change.id) \(change.field): \(change.before) → \(change.after)" })
    section(
      "Walkthroughs",
      diff.walkthroughs.map { comparison in
        let before = comparison.before.map(describe) ?? "(none)"
        let after = comparison.after.map(describe) ?? "(removed)"
        let mark = comparison.before == comparison.after ? "  " : "* "
        return "\(mark)\(comparison.name): \(before) → \(after)"
      })
    section(
      "Scores (best and worst play-through)",
      [
        "  best:  \(describe(diff.scores.before?.best)) → \(describe(diff.scores.after?.best))",
        "  worst: \(describe(diff.scores.before?.worst)) → \(describe(diff.scores.after?.worst))",
      ])
    lines.append("")
    if diff.versionNotRaised {
      lines.append(
        terminal.styled(
          "The content changed but the version is still \(new.version): raise it, so that scores from the two "
            + "versions are never filed together.", .boldRed))
    } else if old.version == new.version {
      lines.append("The version is still \(new.version).")
    } else {
      lines.append("Version \(old.version) → \(new.version).")
    }
    return lines
  }

  private func describe(_ result: StoryDiff.WalkthroughResult) -> String {
    guard let outcome = result.outcome, let band = result.band, let score = result.score else {
      return "stops at \(result.stoppedAt) (\(result.problem ?? "no ending"))"
    }
    return "\(result.stoppedAt) (\(outcome.rawValue)), \(band.title) \(Self.score(score))"
  }

  private func describe(_ path: ScenarioAnalysis.ScoredPlayThrough?) -> String {
    guard let path else { return "none" }
    return "\(path.band.title) \(Self.score(path.headlineScore)) at \(path.ending)"
  }

  static func score(_ value: Double) -> String {
    let tenths = Int((value * 10).rounded())
    return "\(tenths / 10).\(abs(tenths % 10))"
  }
}
