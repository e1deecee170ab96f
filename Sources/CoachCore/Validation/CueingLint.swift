/// Checks whether the options of a story give the answer away: by length, or by offering only one
/// defensible move. Grades come from the author, or are derived from the codes where absent.
enum CueingLint {
  /// The share of decision points above which "the best is the longest" is a warning.
  static let longestShare = (numerator: 1, denominator: 2)
  /// The share of decision points above which "only one good option" is a note.
  static let singleOptionShare = (numerator: 2, denominator: 3)
  /// A poor option shorter than this fraction of the best's length gives itself away.
  static let caricatureFraction = (numerator: 1, denominator: 3)
  /// Shares of decision points say little about a sketch of a story: below this many decision
  /// points they are not reported.
  static let minimumDecisionPoints = 6

  static func check(_ scenario: Scenario, rubric: Rubric) -> [ScenarioValidator.Finding] {
    var findings: [ScenarioValidator.Finding] = []
    var decisionPoints = 0
    var bestIsLongest = 0
    var singleGoodOption = 0
    for (index, node) in scenario.nodes.enumerated() {
      let choices = node.choices
      guard choices.count > 1 else { continue }
      decisionPoints += 1
      let grades = rubric.grades(choices.map(CodedTurn.Option.init))
      let bestGrade = grades.max()!
      let best = choices.indices.filter { grades[$0] == bestGrade }
      // Unicode scalars, not grapheme clusters: the same length for any text an option is likely to
      // hold, at a fraction of the cost on a large story.
      let lengths = choices.map { $0.say.unicodeScalars.count }
      let longest = lengths.max()!
      if best.contains(where: { lengths[$0] == longest }) { bestIsLongest += 1 }
      if grades.filter({ $0 >= .good }).count == 1 { singleGoodOption += 1 }
      let bestLength = best.map { lengths[$0] }.max()!
      for position in choices.indices where grades[position] == .poor {
        guard lengths[position] * caricatureFraction.denominator < bestLength * caricatureFraction.numerator else {
          continue
        }
        let bestChoice = choices[best.first { lengths[$0] == bestLength }!]
        findings.append(
          ScenarioValidator.Finding(
            path: ScenarioValidator.choicePath(node: index, choice: position).appending("say"),
            problem: .caricatureByLength(
              characters: lengths[position], bestCharacters: bestLength, best: bestChoice.id)))
      }
    }
    guard decisionPoints >= minimumDecisionPoints else { return findings }
    if bestIsLongest * longestShare.denominator > decisionPoints * longestShare.numerator {
      findings.append(
        ScenarioValidator.Finding(path: .root, problem: .bestIsLongest(count: bestIsLongest, of: decisionPoints)))
    }
    if singleGoodOption * singleOptionShare.denominator > decisionPoints * singleOptionShare.numerator {
      findings.append(
        ScenarioValidator.Finding(
          path: .root, problem: .oneAcceptableOption(count: singleGoodOption, of: decisionPoints)))
    }
    return findings
  }
}
