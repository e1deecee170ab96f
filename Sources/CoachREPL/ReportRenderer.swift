import CoachCore
import CoachTerminal

/// The end-of-session report: score and band, the summary metrics as a table with bars, two or
/// three strengths and two or three turns to revisit.
public struct ReportRenderer {
  let terminal: Terminal

  public init(terminal: Terminal) {
    self.terminal = terminal
  }

  private func wrap(_ text: String, indent: String = "", firstIndent: String? = nil) -> [String] {
    TextWrapper.wrap(Sanitizer.clean(text), width: terminal.width, indent: indent, firstIndent: firstIndent)
  }

  private func bandStyle(_ band: Band?) -> Terminal.Style {
    switch band {
    case .good: .boldGreen
    case .fair: .boldYellow
    case .developing: .boldRed
    case nil: .dim
    }
  }

  /// The after-action review: the score and band with any cap and its reason, the metrics with
  /// what each means and a tip, the safety tasks and learning objectives, strengths, patterns to
  /// work on, and every poor turn with its feedback and the better option with why it is better.
  /// With `everyTurn` (assessment mode, `coach review`) it ends with the whole conversation, turn
  /// by turn, with each response's feedback.
  public func render(_ review: AfterActionReview, everyTurn: Bool = false) -> [String] {
    let report = review.report
    var lines: [String] = [""]
    lines.append(
      terminal.styled("Score \(Value.format(report.headlineScore))/100", .bold) + "  "
        + terminal.styled(report.overallBand.title, bandStyle(report.overallBand)))
    let binding = report.bindingCaps
    for cap in report.caps ?? [] {
      let text =
        binding.contains(cap)
        ? "Capped at \(cap.band.title): \(cap.detail)." : "\(cap.band.title) at most: \(cap.detail)."
      lines += wrap(text, indent: "  ").map { terminal.styled($0, .yellow) }
    }
    lines += wrap("Band: \(report.overallRule).").map { terminal.styled($0, .dim) }
    lines.append("")
    lines += table(report)
    lines += section("What the figures mean", notes(review))
    lines += section("Safety", safety(report))
    lines += section("Learning objectives", objectives(review))
    lines += section("Strengths", strengths(report))
    lines += section(
      "Patterns to work on",
      review.patternsToWorkOn.flatMap { finding in
        wrap("\(finding.kind.title) at turn \(finding.turn): \(finding.detail).", indent: "    ", firstIndent: "  • ")
      })
    lines += section("In your own words (advisory; never part of the score)", typedFigures(review))
    lines += section("Turns to revisit", review.turnsToRevisit.flatMap(revisit))
    lines += section("Could be stronger", review.turnsThatCouldBeStronger.flatMap(revisit))
    if everyTurn {
      lines += section("Your conversation, turn by turn", review.turns.flatMap(conversation))
    }
    return lines
  }

  /// A titled section, or nothing when it has no lines.
  private func section(_ title: String, _ body: [String]) -> [String] {
    body.isEmpty ? [] : ["", terminal.styled(title, .bold)] + body
  }

  private func notes(_ review: AfterActionReview) -> [String] {
    review.metricNotes.flatMap { note -> [String] in
      var lines = wrap("\(note.kind.title) (\(note.display)): \(note.meaning)", indent: "    ", firstIndent: "  • ")
      if let tip = note.tip { lines += wrap("Tip: " + tip, indent: "    ", firstIndent: "    ") }
      return lines
    }
  }

  private func safety(_ report: SessionReport) -> [String] {
    (report.conclusion?.safety ?? []).flatMap { task in
      wrap(
        (task.done ? "✔ done: " : "✘ missed: ") + task.label, indent: "    ", firstIndent: "  "
      ).map { terminal.styled($0, task.done ? .green : .red) }
    }
  }

  private func objectives(_ review: AfterActionReview) -> [String] {
    review.objectives.flatMap { objective in
      let mark =
        switch objective.met {
        case true?: "✔ met: "
        case false?: "✘ not met: "
        case nil: "– "
        }
      return wrap(mark + objective.text, indent: "    ", firstIndent: "  ")
    }
  }

  /// One metric's row in the table.
  private struct Row {
    var name: String
    var value: String
    var bar: String
    var band: Band?
    var thresholds: String
  }

  /// One row per metric: name, value, a ten-cell bar, band and thresholds.
  func table(_ report: SessionReport) -> [String] {
    let order: [MetricKind] = [
      .reflectionToQuestion, .percentComplexReflections, .percentOpenQuestions, .relational, .technical,
    ]
    let rows = order.compactMap { kind -> Row? in
      guard let metric = report.metric(kind) else { return nil }
      return Row(
        name: metric.decidesOverall ? kind.title : kind.title + " (advisory)", value: metric.display,
        bar: bar(metric), band: metric.band, thresholds: thresholds(metric))
    }
    func widest(_ text: (Row) -> String) -> Int { rows.map { TextWrapper.displayWidth(text($0)) }.max() ?? 0 }
    let nameWidth = widest(\.name)
    let valueWidth = max(widest(\.value), 5)
    let barless = 2 + nameWidth + 2 + valueWidth + 2 + 10
    // Drop the thresholds, then the bars, when the terminal is too narrow for them.
    let showThresholds = barless + 2 + 12 + widest(\.thresholds) <= terminal.width
    let showBars = barless + 2 + 10 <= terminal.width
    func band(_ row: Row, width: Int) -> String {
      terminal.styled((row.band?.title ?? "").padding(toDisplayWidth: width), bandStyle(row.band))
    }
    if barless > terminal.width {
      // Very narrow: the name on one line, the value and band beneath it.
      return rows.flatMap { row in ["  " + row.name, "    " + row.value + "  " + band(row, width: 0)] }
        + ["  MI-adherent (MIA): \(report.mia)", "  MI-non-adherent (MINA): \(report.mina)"]
    }
    var lines = rows.map { row in
      var line = "  " + row.name.padding(toDisplayWidth: nameWidth)
      line += "  " + row.value.padding(toDisplayWidth: valueWidth)
      if showBars { line += "  " + row.bar }
      line += "  " + band(row, width: showThresholds ? 12 : 0)
      if showThresholds { line += terminal.styled(row.thresholds, .dim) }
      return line
    }
    lines.append("  " + "MI-adherent (MIA)".padding(toDisplayWidth: nameWidth) + "  \(report.mia)")
    lines.append("  " + "MI-non-adherent (MINA)".padding(toDisplayWidth: nameWidth) + "  \(report.mina)")
    return lines.map { String($0.reversed().drop { $0 == " " }.reversed()) }
  }

  /// A ten-cell bar: globals on 1–5, percentages on 0–100%, R:Q on 0–3:1.
  func bar(_ metric: Metric) -> String {
    guard let value = metric.value else { return String(repeating: "·", count: 10) }
    let fraction: Double =
      switch metric.kind {
      case .relational, .technical: (value - 1) / 4
      case .percentComplexReflections, .percentOpenQuestions: value
      case .reflectionToQuestion: value / 3
      }
    let filled = Int((min(max(fraction, 0), 1) * 10).rounded())
    return terminal.styled(String(repeating: "█", count: filled), bandStyle(metric.band))
      + String(repeating: "░", count: 10 - filled)
  }

  private func thresholds(_ metric: Metric) -> String {
    func shown(_ value: Double) -> String {
      switch metric.kind {
      case .percentComplexReflections, .percentOpenQuestions: Value.format(value * 100) + "%"
      case .reflectionToQuestion: Value.format(value) + ":1"
      case .relational, .technical: Value.format(value)
      }
    }
    return "fair \(shown(metric.fair)), good \(shown(metric.good))"
  }

  private func quote(_ option: CodedTurn.Option) -> String {
    "“\(option.say)” (\(option.codes.map(\.plainName).joined(separator: ", ")))"
  }

  /// Up to three turns that went well, each quoting what the trainee said: patterns first, one
  /// per kind, then the best-scoring turns.
  func strengths(_ report: SessionReport) -> [String] {
    var picked: [(turn: Int, reason: String)] = []
    var kinds: Set<PatternKind> = []
    for finding in report.patterns where finding.kind.isStrength && !kinds.contains(finding.kind) {
      guard !picked.contains(where: { $0.turn == finding.turn }) else { continue }
      kinds.insert(finding.kind)
      picked.append((finding.turn, finding.detail))
      if picked.count == 3 { break }
    }
    if picked.count < 2 {
      let best = report.turns.filter {
        ($0.grade ?? .acceptable) >= .good && !$0.isPoor && !picked.map(\.turn).contains($0.number)
      }
      .sorted { ($0.grade ?? .good) > ($1.grade ?? .good) || (($0.grade == $1.grade) && $0.quality > $1.quality) }
      for turn in best.prefix(3 - picked.count) {
        picked.append((turn.number, "a strong response"))
      }
    }
    return picked.sorted { $0.turn < $1.turn }.flatMap { pick -> [String] in
      let turn = report.turns[pick.turn - 1]
      return wrap("Turn \(pick.turn): \(pick.reason): " + quote(turn.choice), indent: "    ", firstIndent: "  • ")
    }
  }

  /// What Coach's coder heard across the typed responses: how many had a reflection or a question,
  /// and how the reflections moved from the first half to the second.
  private func typedFigures(_ review: AfterActionReview) -> [String] {
    guard let figures = review.typedFigures else { return [] }
    var text =
      "You typed \(plural(figures.typed, "response")) of your own: Coach heard a reflection in "
      + "\(figures.withReflection) and a question in \(figures.withQuestion) (coding by surface cues is approximate)."
    if let early = figures.reflectingEarly, let late = figures.reflectingLate {
      func percent(_ value: Double) -> String { "\(Int((value * 100).rounded()))%" }
      text += " Reflections: \(percent(early)) of the first half, \(percent(late)) of the second."
    }
    return wrap(text, indent: "  ", firstIndent: "  ")
  }

  /// A turn to revisit: what was said and why it fell short, then the better option at that
  /// moment and why it is better.
  func revisit(_ reviewed: AfterActionReview.Turn) -> [String] {
    let turn = reviewed.assessment
    var lines: [String] = []
    if let typed = reviewed.typed {
      lines += wrap(
        "Turn \(turn.number): in your own words “\(typed)”" + (reviewed.heard.map { " (heard: \($0.heard))" } ?? ""),
        indent: "    ", firstIndent: "  • ")
      lines += wrap("You chose " + quote(turn.choice), indent: "    ", firstIndent: "    ")
    } else {
      lines += wrap("Turn \(turn.number): you said " + quote(turn.choice), indent: "    ", firstIndent: "  • ")
    }
    if !turn.feedback.isEmpty {
      lines += wrap("Why: " + turn.feedback, indent: "      ", firstIndent: "    ").map { terminal.styled($0, .dim) }
    }
    if let better = turn.betterOption {
      lines += wrap("Better: " + quote(better), indent: "      ", firstIndent: "    ")
      if let why = better.feedback {
        lines += wrap("Why it is better: " + why, indent: "      ", firstIndent: "    ").map {
          terminal.styled($0, .dim)
        }
      }
    }
    return lines
  }

  /// One turn of the conversation: the patient's words, the response, its mark and feedback.
  func conversation(_ turn: AfterActionReview.Turn) -> [String] {
    let assessment = turn.assessment
    var lines: [String] = [""]
    if let said = turn.patientSaid {
      lines += wrap("\(turn.number). \(turn.speaker): “\(said)”", indent: "     ")
    }
    if let typed = turn.typed {
      lines += wrap("In your own words: “\(typed)”", indent: "     ", firstIndent: "     ")
      if let heard = turn.heard {
        lines += wrap("Coach heard (approximate): " + heard.heard, indent: "       ", firstIndent: "     ").map {
          terminal.styled($0, .dim)
        }
      }
    }
    lines += wrap("You: " + quote(assessment.choice), indent: "     ", firstIndent: "     ")
    let mark = (assessment.grade ?? (assessment.isPoor ? .poor : .acceptable)).mark
    let colour: Terminal.Style =
      switch mark {
      case .strong: .green
      case .neutral: .yellow
      case .poor: .red
      }
    lines += wrap(mark.rawValue + " " + assessment.feedback, indent: "       ", firstIndent: "     ")
      .map { terminal.styled($0, colour) }
    if let better = assessment.betterOption {
      lines += wrap("Better: " + quote(better), indent: "       ", firstIndent: "     ")
    }
    return lines
  }
}
