/// Checks a decoded scenario as a whole: the shape of the story graph, its decision points and
/// its walkthroughs. Each finding carries the JSON path of what it is about.
public enum ScenarioValidator {
  /// A problem and the path of the value it concerns.
  public struct Finding: Sendable {
    public var path: JSONPath
    public var problem: ScenarioProblem
  }

  /// Every finding about `scenario`; walkthroughs that expect a band or a score are scored with
  /// `rubric`, which also derives the grades of ungraded decision points. With `wholeStory`, the
  /// whole-story checks (`WholeStoryCheck`) run as well, searching that far.
  public static func check(
    _ scenario: Scenario, rubric: Rubric = .miti421, wholeStory: AnalysisLimits? = nil
  ) -> [Finding] {
    var findings: [Finding] = []
    let graph = StoryGraph(scenario)

    let canFinish = graph.nodesThatReachAnEnding()
    for (index, node) in scenario.nodes.enumerated() where !canFinish[index] {
      _ = node
      findings.append(Finding(path: nodePath(index), problem: .trap))
    }
    for cycle in graph.routeCycles() {
      findings.append(
        Finding(path: nodePath(cycle[0]), problem: .routeCycle(through: cycle.map { scenario.nodes[$0].id })))
    }
    let reachable = graph.reachableFromStart()
    // An ending nobody reaches is reported by the whole-story checks, when they run, as an error.
    for (index, node) in scenario.nodes.enumerated()
    where !reachable[index] && (node.ending == nil || wholeStory == nil) {
      findings.append(Finding(path: nodePath(index), problem: .unreachableNode))
    }
    findings += checkGrowthInLoops(scenario, graph: graph)
    for (index, node) in scenario.nodes.enumerated() {
      switch node.content {
      case .routes(let routes):
        findings += checkRoutes(routes, node: index)
      case .choices(let choices):
        findings += checkDecisionPoint(choices, node: index)
        findings += checkGrades(choices, node: index, rubric: rubric)
      case .ending:
        break
      }
    }
    // Walkthroughs and the whole-story checks only make sense on a sound graph.
    if !findings.contains(where: { $0.problem.defaultSeverity == .error }) {
      if let wholeStory {
        findings += WholeStoryCheck.check(scenario, structurallyReachable: reachable, limits: wholeStory).findings
      }
      for (index, walkthrough) in scenario.walkthroughs.enumerated() {
        if let failure = WalkthroughRunner.run(walkthrough, in: scenario, rubric: rubric).failure {
          var path = JSONPath([.key("walkthroughs"), .index(index)])
          switch failure.divergence {
          case .notOffered(let step, _, _, _), .endedEarly(let step, _, _):
            path = path.appending("choices").appending(step - 1)
          case .ranOut:
            path = path.appending("choices")
          case nil:
            path = path.appending("expect")
          }
          findings.append(Finding(path: path, problem: .walkthroughFailed(failure)))
        }
      }
    }
    findings += AuthoringLint.check(scenario).map { Finding(path: $0.path, problem: .lint($0)) }
    findings += CueingLint.check(scenario, rubric: rubric)
    return findings
  }

  static func nodePath(_ index: Int) -> JSONPath {
    JSONPath([.key("nodes"), .index(index)])
  }

  static func choicePath(node: Int, choice: Int) -> JSONPath {
    JSONPath([.key("nodes"), .index(node), .key("choices"), .index(choice)])
  }

  private static func checkRoutes(_ routes: [Route], node: Int) -> [Finding] {
    var findings: [Finding] = []
    let routesPath = nodePath(node).appending("routes")
    if let fallback = routes.firstIndex(where: { $0.condition == nil }) {
      for later in routes.indices where later > fallback {
        findings.append(Finding(path: routesPath.appending(later), problem: .routeNeverTaken))
      }
    } else {
      findings.append(Finding(path: routesPath.appending(routes.count - 1), problem: .noFallbackRoute))
    }
    return findings
  }

  /// Whether two texts say the same, ignoring the case of ASCII letters and the amount of white
  /// space between words.
  static func sameWords(_ first: String, _ second: String) -> Bool {
    var left = first.utf8.makeIterator()
    var right = second.utf8.makeIterator()
    func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
    func fold(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte + 32 : byte }
    /// The next byte, with a run of white space read as one space and leading space skipped.
    func next(_ iterator: inout String.UTF8View.Iterator, _ started: inout Bool, _ pending: inout UInt8?) -> UInt8? {
      if let byte = pending {
        pending = nil
        return byte
      }
      var sawSpace = false
      while let byte = iterator.next() {
        if isSpace(byte) {
          sawSpace = true
          continue
        }
        if sawSpace && started {
          pending = fold(byte)
          return 0x20
        }
        started = true
        return fold(byte)
      }
      return nil
    }
    var leftStarted = false
    var rightStarted = false
    var leftPending: UInt8?
    var rightPending: UInt8?
    while true {
      let a = next(&left, &leftStarted, &leftPending)
      let b = next(&right, &rightStarted, &rightPending)
      if a != b { return false }
      if a == nil { return true }
    }
  }

  /// Grades are all or none at a decision point, one of them is best, and the codes do not rank
  /// two options the other way round.
  private static func checkGrades(_ choices: [Choice], node: Int, rubric: Rubric) -> [Finding] {
    let graded = choices.filter { $0.grade != nil }
    guard !graded.isEmpty else { return [] }
    let choicesPath = nodePath(node).appending("choices")
    guard graded.count == choices.count else {
      let first = choices.firstIndex { $0.grade == nil }!
      return [
        Finding(
          path: choicesPath.appending(first),
          problem: .partialGrades(ungraded: choices.filter { $0.grade == nil }.map(\.id)))
      ]
    }
    var findings: [Finding] = []
    if !choices.contains(where: { $0.grade == .best }) {
      findings.append(Finding(path: choicesPath, problem: .noBestGrade))
    }
    for (index, higher) in choices.enumerated() {
      let higherQuality = rubric.quality(of: higher)
      for lower in choices where lower.grade! < higher.grade! {
        let lowerQuality = rubric.quality(of: lower)
        let contradicts =
          higherQuality < lowerQuality
          || (rubric.family(of: higher.codes) == .nonAdherent && rubric.family(of: lower.codes) != .nonAdherent)
        guard contradicts else { continue }
        findings.append(
          Finding(
            path: choicesPath.appending(index).appending("grade"),
            problem: .gradeContradictsCodes(
              higher: higher.id, lower: lower.id, higherQuality: higherQuality.description,
              lowerQuality: lowerQuality.description)))
      }
    }
    return findings
  }

  /// A number without a declared min or max that an effect moves every time round a loop grows
  /// until it stops at the default bound: almost certainly not what the author meant.
  private static func checkGrowthInLoops(_ scenario: Scenario, graph: StoryGraph) -> [Finding] {
    let component = graph.components()
    var findings: [Finding] = []
    var warned: Set<Int> = []
    for (nodeIndex, node) in scenario.nodes.enumerated() {
      for (choiceIndex, choice) in node.choices.enumerated()
      where component[choice.nextIndex] == component[nodeIndex] {
        for (effectIndex, effect) in choice.effects.enumerated() where !warned.contains(effect.slot) {
          let variable = scenario.variables[effect.slot]
          guard variable.type == .number, variable.min == nil || variable.max == nil else { continue }
          let grows: Bool =
            switch effect.operation {
            case .add, .subtract: effect.constant != .number(0)
            case .set: effect.value.variablesRead.contains(effect.slot)
            }
          guard grows else { continue }
          warned.insert(effect.slot)
          findings.append(
            Finding(
              path: choicePath(node: nodeIndex, choice: choiceIndex).appending("effects").appending(effectIndex),
              problem: .unboundedGrowth(variable: variable.name, node: node.id)))
        }
      }
    }
    return findings
  }

  private static func checkDecisionPoint(_ choices: [Choice], node: Int) -> [Finding] {
    var findings: [Finding] = []
    let choicesPath = nodePath(node).appending("choices")
    if choices.allSatisfy({ $0.condition != nil }) {
      findings.append(Finding(path: choicesPath, problem: .allChoicesConditional))
    }
    if !choices.contains(where: \.isMIConsistent) {
      findings.append(Finding(path: choicesPath, problem: .noMIConsistentOption))
    }
    // A decision point has a handful of choices: compare them pairwise, without building keys.
    for (index, choice) in choices.enumerated() {
      if let first = choices[..<index].first(where: { sameWords($0.say, choice.say) }) {
        findings.append(
          Finding(path: choicesPath.appending(index).appending("say"), problem: .duplicateChoiceText(sameAs: first.id)))
      }
    }
    return findings
  }
}
