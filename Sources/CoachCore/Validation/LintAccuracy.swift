/// How well the wording lint (`AuthoringLint`) does against options coded by hand.
///
/// Every option of the given stories is taken as correctly coded (the bundled stories' codes
/// were reviewed against MITI 4.2.1), so any warning on one is a false alarm. For each rule, the
/// miscoding it exists to catch is then seeded into every option where it can be: a closed
/// question recoded as open, a question recoded as a reflection, a question whose question mark
/// became a full stop and recoded as a reflection, a persuasion code removed, a
/// seeking-collaboration code removed, a permission question given a question code. A seeded
/// option the rule warns about is caught.
///
/// - recall: the share of seeded miscodings the rule catches;
/// - precision: caught miscodings against caught miscodings plus false alarms.
package enum LintAccuracy {
  /// One rule's figures.
  package struct Figures: Sendable, Equatable {
    package var rule: LintFinding.Rule
    /// Options into which the rule's miscoding was seeded.
    package var seeded: Int
    /// Seeded options the rule warned about.
    package var caught: Int
    /// Correctly coded options the rule warned about.
    package var falseAlarms: Int

    /// Caught / seeded; nil when nothing could be seeded.
    package var recall: Double? { seeded == 0 ? nil : Double(caught) / Double(seeded) }
    /// Caught / (caught + false alarms); nil when the rule never warned.
    package var precision: Double? {
      caught + falseAlarms == 0 ? nil : Double(caught) / Double(caught + falseAlarms)
    }
  }

  /// An option's words and codes.
  package struct Option: Sendable {
    package var story: String
    package var id: String
    package var say: String
    package var codes: [TechniqueCode]
  }

  /// Every wording of every option of `scenarios`.
  package static func options(of scenarios: [Scenario]) -> [Option] {
    scenarios.flatMap { scenario in
      scenario.allChoices.flatMap { choice in
        choice.sayText.texts.map { Option(story: scenario.id, id: choice.id, say: $0, codes: choice.codes) }
      }
    }
  }

  /// The false alarms: correctly coded options a rule warns about, with the rule.
  package static func falseAlarms(in options: [Option]) -> [(Option, LintFinding.Rule)] {
    options.flatMap { option in AuthoringLint.rules(say: option.say, codes: option.codes).map { (option, $0) } }
  }

  /// Each rule's figures over `options`.
  package static func measure(_ options: [Option]) -> [Figures] {
    let alarms = falseAlarms(in: options)
    return LintFinding.Rule.allCases.map { rule in
      let seeded = options.compactMap { seed(rule, into: $0) }
      let caught = seeded.count { AuthoringLint.rules(say: $0.say, codes: $0.codes).contains(rule) }
      return Figures(
        rule: rule, seeded: seeded.count, caught: caught, falseAlarms: alarms.count { $0.1 == rule })
    }
  }

  /// The figures as the rows of a Markdown table (rule, seeded, caught, recall, false alarms,
  /// precision), the way docs/authoring.md keeps them, then a row of totals over `options`.
  package static func tableRows(_ figures: [Figures], options: Int) -> [String] {
    func percent(_ value: Double?) -> String {
      value.map { "\(Int(($0 * 100).rounded()))%" } ?? "n/a"
    }
    var rows = figures.map { figures in
      "| `\(figures.rule.rawValue)` | \(figures.seeded) | \(figures.caught) | \(percent(figures.recall)) | "
        + "\(figures.falseAlarms) | \(percent(figures.precision)) |"
    }
    let seeded = figures.reduce(0) { $0 + $1.seeded }
    let caught = figures.reduce(0) { $0 + $1.caught }
    let alarms = figures.reduce(0) { $0 + $1.falseAlarms }
    let total = Figures(rule: .openQuestionReadsClosed, seeded: seeded, caught: caught, falseAlarms: alarms)
    rows.append(
      "| all rules, \(options) options | \(seeded) | \(caught) | \(percent(total.recall)) | \(alarms) | "
        + "\(percent(total.precision)) |")
    return rows
  }

  private static let questions: Set<TechniqueCode> = [.openQuestion, .closedQuestion]
  private static let persuasion: Set<TechniqueCode> = [.persuade, .persuadeWithPermission, .confront, .prematureAdvice]
  private static let collaboration: Set<TechniqueCode> = [.seekingCollaboration, .persuadeWithPermission]
  private static let reflections: Set<TechniqueCode> = [.simpleReflection, .complexReflection, .summary]

  /// `option` with the miscoding `rule` exists to catch, or nil where it cannot be seeded.
  static func seed(_ rule: LintFinding.Rule, into option: Option) -> Option? {
    var seeded = option
    let codes = Set(option.codes)
    func replacing(_ removed: Set<TechniqueCode>, with added: TechniqueCode) -> [TechniqueCode] {
      var result = option.codes.filter { !removed.contains($0) }
      if !result.contains(added), !(added == .complexReflection && result.contains(where: reflections.contains)) {
        result.append(added)
      }
      return result
    }
    switch rule {
    case .openQuestionReadsClosed:
      // A closed question coded open.
      guard codes.contains(.closedQuestion) else { return nil }
      seeded.codes = replacing([.closedQuestion], with: .openQuestion)
    case .reflectionEndsWithQuestionMark:
      // A question, question mark and all, coded as a reflection. (With a permission code, a
      // reflection may end with a permission question: that would be no miscoding.)
      guard !codes.isDisjoint(with: questions), codes.isDisjoint(with: collaboration),
        option.say.trimmingTrailingSpace.hasSuffix("?")
      else { return nil }
      seeded.codes = replacing(questions, with: .complexReflection)
    case .questionWithoutQuestionMark:
      // A question whose question mark became a full stop, coded as a reflection.
      guard !codes.isDisjoint(with: questions), option.say.contains("?") else { return nil }
      seeded.say = String(option.say.map { $0 == "?" ? "." : $0 })
      seeded.codes = replacing(questions, with: .complexReflection)
    case .directiveNotCodedAsPersuasion:
      // Persuasion coded as information.
      guard !codes.isDisjoint(with: persuasion) else { return nil }
      seeded.codes = replacing(persuasion, with: .givingInformation)
    case .permissionNotCodedAsCollaboration:
      // A request for permission or for the patient's ideas with its code left off.
      guard !codes.isDisjoint(with: collaboration) else { return nil }
      seeded.codes = replacing(collaboration, with: .givingInformation)
    case .permissionCodedAsQuestion:
      // A permission question also coded as a question.
      guard codes.contains(.seekingCollaboration), codes.isDisjoint(with: questions), option.say.contains("?") else {
        return nil
      }
      seeded.codes = option.codes + [.closedQuestion]
    }
    return seeded
  }
}

extension String {
  fileprivate var trimmingTrailingSpace: Substring {
    var text = Substring(self)
    while let last = text.last, last.isWhitespace { text = text.dropLast() }
    return text
  }
}
