import CoachCore
import CoachTerminal

/// `coach analyze`'s report in words: the same on every terminal width, so that it can be kept in
/// the documentation and compared in tests.
struct AnalysisText {
  var analysis: ScenarioAnalysis
  var file: String
  var rubricTitle: String
  var terminal: Terminal = .plain

  func lines() -> [String] {
    var lines: [String] = []
    var headings: [Int] = []
    func heading(_ text: String) {
      headings.append(lines.count)
      lines.append(text)
    }
    let size = analysis.size
    heading("\(analysis.scenario) \(analysis.version): \(analysis.title)")
    lines.append("file: \(file)")
    lines.append("rubric: \(rubricTitle) (\(analysis.rubric))")

    lines.append("")
    heading("Story")
    lines.append(
      "  \(plural(size.nodes, "node")): \(plural(size.decisionPoints, "decision point")), "
        + "\(plural(size.routeNodes, "route node")), \(plural(size.endings, "ending"))")
    lines.append(
      "  \(plural(size.choices, "choice")), \(plural(size.variables, "variable")), "
        + "\(plural(size.walkthroughs, "walkthrough"))")

    lines.append("")
    heading("Play-throughs (length = choices made)")
    lines.append("  distinct:  " + countText)
    if let shortest = analysis.shortest {
      lines.append("  shortest:  " + describe(shortest))
    } else {
      lines.append("  shortest:  none: no ending can be reached")
    }
    switch analysis.longestExtent {
    case .unbounded:
      lines.append("  longest:   unbounded: the story can loop")
    case .exact, .atLeast:
      if let longest = analysis.longest {
        let prefix = analysis.longestExtent == .atLeast ? "at least " : ""
        lines.append("  longest:   " + prefix + describe(longest))
      }
    }
    if let loop = analysis.loop {
      lines.append("  loop:      " + (loop.nodes + [loop.nodes[0]]).joined(separator: " → "))
      lines.append("             round it: " + loop.cycle.joined(separator: ", "))
      lines.append(
        "             reach it: " + (loop.prefix.isEmpty ? "at the start" : loop.prefix.joined(separator: ", ")))
      lines.append("             leave it: " + loop.exit.joined(separator: ", "))
    }
    if let stuck = analysis.stuck {
      lines.append(
        "  stuck:     after "
          + (stuck.choices.isEmpty ? "no choices" : stuck.choices.joined(separator: ", "))
          + " the story is at \"\(stuck.node)\" and can never reach an ending")
    }

    lines.append("")
    if let score = analysis.score {
      let method =
        score.isExhaustive
        ? (score.scored == 1 ? "the one play-through scored" : "all \(grouped(score.scored)) play-throughs scored")
        : "best and worst found by a bounded search that scored \(grouped(score.scored)) play-throughs"
      heading("Scores (\(method))")
      let label = score.isExhaustive ? "" : " found"
      lines.append("  best\(label):  " + describe(score.best))
      lines.append("  worst\(label): " + describe(score.worst))
      lines.append(
        "  ties:   "
          + (score.bestTies == 1
            ? "no other play-through\(label) shares the best band and score"
            : "\(grouped(score.bestTies)) play-throughs\(label) share the best band and score"))
      lines.append("  best to each ending:")
      for path in score.bestByEnding {
        lines.append("    " + describe(path))
      }
    } else {
      heading("Scores")
      lines.append("  none: no play-through reaches an ending")
    }

    lines.append("")
    heading("Reachability" + (analysis.search.isComplete ? "" : " (search stopped at its limit)"))
    let unreachableNodes = analysis.unreachableNodes
    let unreachableChoices = analysis.unreachableChoices
    if unreachableNodes.isEmpty && unreachableChoices.isEmpty && analysis.routesNeverTaken.isEmpty {
      lines.append(
        "  every node (\(size.nodes)), choice (\(size.choices)) and route can be reached")
    }
    if !unreachableNodes.isEmpty {
      lines.append("  nodes never reached: " + unreachableNodes.joined(separator: ", "))
    }
    if !unreachableChoices.isEmpty {
      lines.append("  choices never offered: " + unreachableChoices.joined(separator: ", "))
    }
    for route in analysis.routesNeverTaken {
      lines.append(
        "  route never taken: \(route.node) route \(route.position) (\(route.condition ?? "fallback")) → \(route.next)")
    }
    lines.append("  endings:")
    let idWidth = analysis.endings.map { TextWrapper.displayWidth($0.id) }.max() ?? 0
    for ending in analysis.endings {
      lines.append(
        "    \(ending.id.padding(toDisplayWidth: idWidth))  \(ending.outcome.rawValue.padding(toDisplayWidth: 8))  "
          + "\((ending.reachable ? "reachable" : "unreachable").padding(toDisplayWidth: 11))  \(ending.title)")
    }

    lines.append("")
    heading("Naive strategies (\(analysis.naive.seeds) seeds of the option order each)")
    for result in analysis.naive.results {
      let bands = Band.allCases.reversed().map { "\(result.bands[$0] ?? 0) \($0.title)" }.joined(separator: ", ")
      var line = "  \(result.strategy.description.padding(toDisplayWidth: 22))\(bands)"
      if result.unfinished > 0 { line += ", \(result.unfinished) unfinished" }
      if let best = result.bestScore, let mean = result.meanScore {
        line += "; best \(score(best)), mean \(score(mean))"
      }
      lines.append(line)
    }
    if !analysis.naive.anyGood {
      lines.append("  none reaches Good: the score needs the patient to be read")
    }

    lines.append("")
    heading("Decision points (each choice: grade, summed global movement; * = the author's grade)")
    for point in analysis.decisionPoints {
      var head = "  \(point.node)"
      if !point.reachable { head += " (never reached)" }
      if !point.hasMIConsistentOption { head += " (no MI-consistent option)" }
      lines.append(head)
      let idWidth = point.choices.map { TextWrapper.displayWidth($0.id) }.max() ?? 0
      for choice in point.choices {
        var line =
          "    \(choice.id.padding(toDisplayWidth: idWidth))  "
          + "\((choice.grade.rawValue + (choice.gradeIsAuthored ? "*" : "")).padding(toDisplayWidth: 11))  "
          + "\(Value.format(choice.quality, places: 2).padding(toDisplayWidth: 6))  \(choice.family.rawValue)"
        if choice.isConditional { line += " (if)" }
        if !choice.reachable { line += " (never offered)" }
        lines.append(line)
      }
      lines.append("    techniques:   " + point.techniques.map(\.rawValue).joined(separator: ", "))
    }

    lines.append("")
    heading("Variables")
    lines.append("  never read:    " + list(analysis.variablesNeverRead))
    lines.append("  never written: " + list(analysis.variablesNeverWritten))

    lines.append("")
    heading("Search")
    let search = analysis.search
    lines.append(
      "  \(grouped(search.states)) play state\(search.states == 1 ? "" : "s") "
        + (search.isComplete
          ? "(complete)" : "(stopped at the limit of \(grouped(search.stateLimit)))"))
    if search.trackedVariables.isEmpty && search.trackedVisits.isEmpty {
      lines.append("  no condition reads state: the story was searched node by node")
    } else {
      lines.append("  state tracked: " + list(search.trackedVariables))
      let visits = search.trackedVisits.map { visit in
        visit.node + (visit.cap.map { " (up to \($0))" } ?? " (every count)")
      }
      lines.append("  visits tracked: " + list(visits))
    }
    // Scenario text was checked when it loaded; clean it again before it reaches a terminal, then
    // style the headings.
    var cleaned = lines.map { Sanitizer.clean($0) }
    for line in headings { cleaned[line] = terminal.styled(cleaned[line], .bold) }
    return cleaned
  }

  private var countText: String {
    switch analysis.playThroughs {
    case .exact(let count): return grouped(count)
    case .atLeast(let count):
      return "at least \(grouped(count))"
        + (analysis.search.isComplete ? "" : " (the search stopped at its limit)")
    case .unbounded: return "unbounded: a loop can be repeated as often as the trainee likes"
    }
  }

  private func list(_ items: [String]) -> String { items.isEmpty ? "none" : items.joined(separator: ", ") }

  private func describe(_ path: ScenarioAnalysis.PlayThrough) -> String {
    "\(plural(path.choices.count, "choice")) to \(path.ending) (\(path.outcome.rawValue)): "
      + (path.choices.isEmpty ? "none" : path.choices.joined(separator: ", "))
  }

  private func describe(_ path: ScenarioAnalysis.ScoredPlayThrough) -> String {
    "\(path.band.title), \(score(path.headlineScore)) in \(plural(path.choices.count, "choice")) "
      + "to \(path.ending) (\(path.outcome.rawValue)): "
      + (path.choices.isEmpty ? "none" : path.choices.joined(separator: ", "))
  }

  private func score(_ value: Double) -> String {
    let tenths = Int((value * 10).rounded())
    return "\(tenths / 10).\(abs(tenths % 10))"
  }
}

/// `12345` as "12,345".
func grouped(_ number: Int) -> String {
  let digits = Array(String(number.magnitude))
  var text = number < 0 ? "-" : ""
  for (offset, digit) in digits.enumerated() {
    if offset > 0, (digits.count - offset) % 3 == 0 { text.append(",") }
    text.append(digit)
  }
  return text
}
