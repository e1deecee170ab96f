import CoachCore
import CoachTerminal

/// Turns scenario content into terminal text: wrapped to the width, styled only when colour is
/// on, and always through the sanitiser.
struct Screen {
  let terminal: Terminal
  let scenario: Scenario

  private func wrap(_ text: String, indent: String = "", firstIndent: String? = nil) -> [String] {
    TextWrapper.wrap(Sanitizer.clean(text), width: terminal.width, indent: indent, firstIndent: firstIndent)
  }

  private func styled(_ text: String, _ style: Terminal.Style) -> String {
    terminal.styled(text, style)
  }

  /// The title, disclaimer, role, setting and patient, shown once.
  func opening(mode: AttemptMode) -> [String] {
    var lines: [String] = []
    lines.append(styled(Sanitizer.clean(scenario.title, multiline: false), .bold))
    lines += wrap("Training material, not clinical guidance.").map { styled($0, .dim) }
    lines.append("")
    lines += wrap("You are: " + scenario.role)
    lines += wrap(scenario.setting)
    let age = scenario.patient.age.map { ", \($0)" } ?? ""
    lines += wrap("\(scenario.patient.name)\(age). \(scenario.patient.background)")
    lines.append("")
    lines.append(styled("What this story practises", .bold))
    for objective in scenario.objectives {
      lines += wrap(objective.text, indent: "    ", firstIndent: "  • ")
    }
    lines.append("")
    switch mode {
    case .practice:
      lines += wrap(
        "Practice mode: you get feedback after each response; :hint and :undo are available. "
          + "Type the number of your response, or :help.")
    case .assessed:
      lines += wrap(
        "Assessment mode: no feedback, hints or undo until the end. Type the number of your response, or :help.")
    }
    return lines
  }

  /// The visible variables as meters: `Rapport  ████░░░░░░  1`.
  func meters(_ session: Session) -> [String] {
    let visible = session.variableValues.filter(\.variable.visible)
    guard !visible.isEmpty else { return [] }
    let labelWidth =
      visible.map { TextWrapper.displayWidth(Sanitizer.clean($0.variable.label, multiline: false)) }.max() ?? 0
    return visible.map { entry in
      let label = Sanitizer.clean(entry.variable.label, multiline: false).padding(toDisplayWidth: labelWidth)
      return "  " + styled(label, .dim) + "  " + meter(entry.variable, entry.value)
    }
  }

  private func meter(_ variable: Variable, _ value: Value) -> String {
    switch value {
    case .boolean(let flag):
      return flag ? styled("yes", .green) : "no"
    case .number(let number):
      guard let low = variable.min, let high = variable.max, high > low else { return Value.format(number) }
      let filled = Int(((number - low) / (high - low) * 10).rounded())
      let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: 10 - filled)
      let colour: Terminal.Style = number > (low + high) / 2 ? .green : number < (low + high) / 2 ? .yellow : .cyan
      return styled(bar, colour) + " " + Value.format(number)
    }
  }

  /// Who is speaking at a node.
  func speaker(of node: Node) -> String {
    Sanitizer.clean(node.speaker ?? scenario.patient.name, multiline: false)
  }

  /// `Name: “words”`, wrapped with a hanging indent, the name styled.
  func spoken(_ words: String, by node: Node) -> [String] {
    let name = speaker(of: node) + ":"
    var wrapped = wrap(name + " “" + words + "”", indent: "  ", firstIndent: "")
    if wrapped[0].hasPrefix(name) {
      wrapped[0] = styled(name, .boldCyan) + wrapped[0].dropFirst(name.count)
    }
    return wrapped
  }

  /// The patient's words and cue, then the numbered choices.
  func turn(_ session: Session) -> [String] {
    situation(session) + [""] + options(session)
  }

  /// The meters, the cue and the patient's words: what the trainee responds to.
  func situation(_ session: Session) -> [String] {
    var lines: [String] = [""]
    lines += meters(session)
    if !lines.dropFirst().isEmpty { lines.append("") }
    let node = session.node
    if let cue = session.cue {
      lines += wrap("(" + cue + ")").map { styled($0, .italic) }
    }
    if let words = session.patientLine { lines += spoken(words, by: node) }
    return lines
  }

  /// The numbered choices on offer, in the order shown, in the wording of the moment.
  func options(_ session: Session) -> [String] {
    var lines: [String] = []
    for (index, choice) in session.offeredChoices.enumerated() {
      let number = "\(index + 1). "
      let indent = String(repeating: " ", count: 2 + number.count)
      let wrapped = wrap(session.words(of: choice), indent: indent, firstIndent: "  " + number)
      lines.append(styled(String(wrapped[0].prefix(2 + number.count)), .bold) + wrapped[0].dropFirst(2 + number.count))
      lines += wrapped.dropFirst()
    }
    return lines
  }

  /// What the trainee chose, and in practice mode how it stands among the options on offer (the
  /// author's grade where given), why it helps or harms, and after a poor choice the better one.
  /// `moment` is the session just before the turn, whose state chose the words on offer.
  func feedback(for turn: Session.Turn, at moment: Session? = nil, rubric: Rubric, practice: Bool) -> [String] {
    let coded = Transcript.coded(turn, in: scenario, at: moment)
    var lines = wrap("You: “" + coded.chosen.say + "”").map { styled($0, .dim) }
    guard practice else { return lines }
    let judgement = rubric.judge(coded.chosen, among: coded.offered)
    let colour: Terminal.Style =
      switch judgement.mark {
      case .strong: .green
      case .neutral: .yellow
      case .poor: .red
      }
    let codes = coded.chosen.codes.map(\.plainName).joined(separator: " · ")
    lines += wrap(judgement.mark.rawValue + " " + Self.gradePhrase(judgement.grade) + ": " + codes, indent: "  ")
      .map { styled($0, colour) }
    lines += wrap(coded.feedback, indent: "  ", firstIndent: "  ")
    if judgement.isPoor, let better = judgement.better {
      lines += wrap("Better here: “" + better.say + "”", indent: "  ", firstIndent: "  ").map { styled($0, .cyan) }
    }
    return lines
  }

  /// In say-first play, the trainee's own words beside what Coach heard in them, the option
  /// picked, and the strongest option on offer.
  func typedFeedback(_ typed: String, for turn: Session.Turn, rubric: Rubric) -> [String] {
    let coded = Transcript.coded(turn, in: scenario)
    let heard = UtteranceCoder.code(typed)
    var lines = wrap("You said: “" + typed + "”", indent: "  ", firstIndent: "  ")
    lines += wrap("Coach heard (approximate): " + heard.heard, indent: "    ", firstIndent: "  ").map {
      styled($0, .dim)
    }
    if let strongest = rubric.strongest(among: coded.offered), strongest.id != coded.chosen.id {
      lines += wrap("Strongest here: “" + strongest.say + "”", indent: "    ", firstIndent: "  ")
    }
    lines += wrap("Tip: " + heard.tip, indent: "    ", firstIndent: "  ").map { styled($0, .cyan) }
    return lines
  }

  /// How a grade reads after a response.
  static func gradePhrase(_ grade: Grade) -> String {
    switch grade {
    case .best: "the strongest option here"
    case .good: "a good option"
    case .acceptable: "acceptable, not the strongest"
    case .poor: "a poor option here"
    }
  }

  /// The ending's title, outcome and the debrief of the path taken.
  func ending(_ session: Session) -> [String] {
    let node = session.node
    guard let ending = node.ending else { return [] }
    var lines = [""]
    if let words = session.patientLine { lines += spoken(words, by: node) + [""] }
    let colour: Terminal.Style =
      switch ending.outcome {
      case .positive: .boldGreen
      case .mixed: .boldYellow
      case .negative: .boldRed
      }
    lines.append(
      styled("Ending: " + Sanitizer.clean(ending.title, multiline: false) + " (\(ending.outcome.rawValue))", colour))
    for (index, paragraph) in session.debrief.enumerated() {
      if index > 0 { lines.append("") }
      lines += wrap(paragraph)
    }
    return lines
  }
}
