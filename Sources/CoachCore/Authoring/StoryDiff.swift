/// What changed for trainees between two versions of a story: nodes and options added, removed or
/// reworded, codes, grades, conditions, effects and destinations changed, endings and debriefs
/// changed, how each walkthrough now ends and scores, and the best and worst scores before and
/// after.
///
/// Layout, comments and key order are not changes: two files that differ only in those compare
/// equal here, though their bytes (and content hashes) differ.
package struct StoryDiff: Sendable, Codable, Equatable {
  /// One version's id, version and title.
  package struct Side: Sendable, Codable, Equatable {
    package var id: String
    package var version: String
    package var title: String
    package var contentHash: String
  }

  /// A text before and after.
  package struct Rewording: Sendable, Codable, Equatable {
    /// The node or choice.
    package var id: String
    /// What was reworded: "patient", "cue", "say", "feedback", "debrief", "title".
    package var field: String
    package var before: [String]
    package var after: [String]
  }

  /// A value of a choice or node before and after: codes, grade, condition, effects, next.
  package struct Change: Sendable, Codable, Equatable {
    package var id: String
    package var field: String
    package var before: String
    package var after: String
  }

  /// A walkthrough's result in one version.
  package struct WalkthroughResult: Sendable, Codable, Equatable {
    /// Where it stopped: an ending's id, or the node where it left the story.
    package var stoppedAt: String
    package var outcome: Outcome?
    package var band: Band?
    package var score: Double?
    /// Why it did not play to an ending, when it did not.
    package var problem: String?
  }

  /// A walkthrough before and after; nil on the side that does not have it.
  package struct WalkthroughComparison: Sendable, Codable, Equatable {
    package var name: String
    package var before: WalkthroughResult?
    package var after: WalkthroughResult?
  }

  /// The best and worst play-through of each version.
  package struct ScoreComparison: Sendable, Codable, Equatable {
    package var before: ScenarioAnalysis.ScoreRange?
    package var after: ScenarioAnalysis.ScoreRange?
  }

  package var old: Side
  package var new: Side
  package var nodesAdded: [String]
  package var nodesRemoved: [String]
  package var choicesAdded: [String]
  package var choicesRemoved: [String]
  package var reworded: [Rewording]
  package var changed: [Change]
  package var walkthroughs: [WalkthroughComparison]
  package var scores: ScoreComparison

  /// Whether anything a trainee meets or is scored on differs.
  package var changesForTrainees: Bool {
    !nodesAdded.isEmpty || !nodesRemoved.isEmpty || !choicesAdded.isEmpty || !choicesRemoved.isEmpty
      || !reworded.isEmpty || !changed.isEmpty || walkthroughs.contains { $0.before != $0.after }
      || scores.before != scores.after
  }

  /// The content changed but the version did not: scores from both would be filed together.
  package var versionNotRaised: Bool {
    old.version == new.version && old.contentHash != new.contentHash && changesForTrainees
  }

  /// Compares `old` with `new`, playing the walkthroughs of both and analysing both (within
  /// `limits`) under `rubric`.
  package init(old: Scenario, new: Scenario, rubric: Rubric = .miti421, limits: AnalysisLimits = .default) {
    func side(_ scenario: Scenario) -> Side {
      Side(id: scenario.id, version: scenario.version, title: scenario.title, contentHash: scenario.contentHash)
    }
    self.old = side(old)
    self.new = side(new)
    let oldNodes = Set(old.nodes.map(\.id))
    let newNodes = Set(new.nodes.map(\.id))
    nodesAdded = new.nodes.map(\.id).filter { !oldNodes.contains($0) }
    nodesRemoved = old.nodes.map(\.id).filter { !newNodes.contains($0) }
    let oldChoices = Set(old.allChoices.map(\.id))
    let newChoices = Set(new.allChoices.map(\.id))
    choicesAdded = new.allChoices.map(\.id).filter { !oldChoices.contains($0) }
    choicesRemoved = old.allChoices.map(\.id).filter { !newChoices.contains($0) }

    var reworded: [Rewording] = []
    var changed: [Change] = []
    func words(_ text: VaryingText?) -> [String] {
      (text?.variants ?? []).map { variant in (variant.condition.map { "if \($0.source): " } ?? "") + variant.text }
    }
    func reword(_ id: String, _ field: String, _ before: [String], _ after: [String]) {
      if before != after { reworded.append(Rewording(id: id, field: field, before: before, after: after)) }
    }
    func change(_ id: String, _ field: String, _ before: String, _ after: String) {
      if before != after { changed.append(Change(id: id, field: field, before: before, after: after)) }
    }
    for node in new.nodes {
      guard let before = old.node(id: node.id) else { continue }
      reword(node.id, "cue", words(before.cueText), words(node.cueText))
      reword(node.id, "patient", words(before.patientText), words(node.patientText))
      change(node.id, "kind", Self.kind(of: before), Self.kind(of: node))
      change(node.id, "talk", before.talk?.rawValue ?? "none", node.talk?.rawValue ?? "none")
      change(node.id, "weight", Value.format(before.weight), Value.format(node.weight))
      change(
        node.id, "routes", before.routes.map(Self.describe).joined(separator: "; "),
        node.routes.map(Self.describe).joined(separator: "; "))
      if let was = before.ending, let now = node.ending {
        reword(node.id, "title", [was.title], [now.title])
        change(node.id, "outcome", was.outcome.rawValue, now.outcome.rawValue)
        reword(node.id, "debrief", was.paragraphs.flatMap(Self.describe), now.paragraphs.flatMap(Self.describe))
      }
    }
    for choice in new.allChoices {
      guard let before = old.choice(id: choice.id)?.choice else { continue }
      reword(choice.id, "say", words(before.sayText), words(choice.sayText))
      change(
        choice.id, "codes", before.codes.map(\.rawValue).joined(separator: ", "),
        choice.codes.map(\.rawValue).joined(separator: ", "))
      change(choice.id, "grade", before.grade?.rawValue ?? "none", choice.grade?.rawValue ?? "none")
      change(choice.id, "if", before.condition?.source ?? "always", choice.condition?.source ?? "always")
      change(
        choice.id, "effects", before.effects.map(\.source).joined(separator: ", "),
        choice.effects.map(\.source).joined(separator: ", "))
      change(choice.id, "next", before.next, choice.next)
      change(choice.id, "globals", Self.describe(before.globals), Self.describe(choice.globals))
      reword(choice.id, "feedback", [before.feedback], [choice.feedback])
    }
    self.reworded = reworded
    self.changed = changed

    var names: [String] = old.walkthroughs.map(\.name)
    for walkthrough in new.walkthroughs where !names.contains(walkthrough.name) { names.append(walkthrough.name) }
    walkthroughs = names.map { name in
      WalkthroughComparison(
        name: name,
        before: old.walkthroughs.first { $0.name == name }.map { Self.play($0.choices, in: old, rubric: rubric) },
        after: new.walkthroughs.first { $0.name == name }.map { Self.play($0.choices, in: new, rubric: rubric) })
    }
    scores = ScoreComparison(
      before: ScenarioAnalysis(old, rubric: rubric, limits: limits).score,
      after: ScenarioAnalysis(new, rubric: rubric, limits: limits).score)
  }

  static func kind(of node: Node) -> String {
    switch node.content {
    case .choices: "decision point"
    case .routes: "route"
    case .ending: "ending"
    }
  }

  static func describe(_ route: Route) -> String {
    (route.condition.map { "if \($0.source)" } ?? "otherwise") + " → " + route.next
  }

  static func describe(_ paragraph: DebriefParagraph) -> [String] {
    let prefix = paragraph.condition.map { "if \($0.source): " } ?? ""
    return paragraph.wording.variants.map { variant in
      prefix + (variant.condition.map { "if \($0.source): " } ?? "") + variant.text
    }
  }

  static func describe(_ globals: [GlobalScore: Double]) -> String {
    globals.keys.sorted { $0.rawValue < $1.rawValue }.map { "\($0.rawValue) \(Value.format(globals[$0]!))" }
      .joined(separator: ", ")
  }

  /// Plays `choices` from the start, in the authored order, and scores where they lead.
  static func play(_ choices: [String], in scenario: Scenario, rubric: Rubric) -> WalkthroughResult {
    var session = Session(scenario: scenario)
    var problem: String?
    for choice in choices {
      do {
        try session.choose(choice)
      } catch {
        problem = error.description
        break
      }
    }
    guard problem == nil, session.isFinished else {
      return WalkthroughResult(
        stoppedAt: session.node.id, outcome: nil, band: nil, score: nil,
        problem: problem ?? "the choices run out before an ending")
    }
    let report = rubric.score(Transcript(session: session))
    return WalkthroughResult(
      stoppedAt: session.node.id, outcome: session.ending?.outcome, band: report.overallBand,
      score: report.headlineScore, problem: nil)
  }
}
