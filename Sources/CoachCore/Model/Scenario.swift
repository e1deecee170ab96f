/// A validated patient story: every reference resolves, every expression type-checks.
///
/// Only the loader creates scenarios, so code that holds one can rely on these invariants.
public struct Scenario: Sendable {
  /// The format version this build reads.
  public static let currentFormat = 1

  public let id: String
  public let version: String
  public let title: String
  public let summary: String
  /// The trainee's role, e.g. "GP" or "Social prescribing link worker".
  public let role: String
  public let setting: String
  public let patient: Patient
  public let objectives: [Objective]
  /// The safety-critical tasks a play-through must complete; a missed one caps the band.
  public let safetyTasks: [SafetyTask]
  /// Whether the author asks for say-first play by default: the trainee types their own response
  /// before the options appear.
  public let sayFirst: Bool
  public let variables: [Variable]
  public let start: String
  public let nodes: [Node]
  public let walkthroughs: [Walkthrough]
  /// All choices in the story, in file order; `chose("id")` refers to a position in this list.
  public let allChoices: [Choice]
  /// Whether some text of the story (a patient's line, a cue, a response, a debrief paragraph)
  /// has variants chosen by state.
  public let hasVaryingText: Bool
  /// The SHA-256 of the file's bytes, in lowercase hex: changes whenever the file does.
  /// Computed on first use.
  public var contentHash: String { digest.hex }
  private let digest: ContentDigest

  let nodeIndex: [String: Int]
  let variableIndex: [String: Int]
  let choiceIndex: [String: ChoiceAddress]
  let startIndex: Int

  /// Where a choice sits: its node and its position among the node's choices.
  struct ChoiceAddress: Sendable, Hashable {
    var node: Int
    var choice: Int
  }

  init(
    id: String, version: String, title: String, summary: String, role: String, setting: String,
    patient: Patient, objectives: [Objective], safetyTasks: [SafetyTask], sayFirst: Bool = false,
    variables: [Variable], start: String,
    nodes: [Node], walkthroughs: [Walkthrough], digest: ContentDigest
  ) {
    self.id = id
    self.version = version
    self.title = title
    self.summary = summary
    self.role = role
    self.setting = setting
    self.patient = patient
    self.objectives = objectives
    self.safetyTasks = safetyTasks
    self.sayFirst = sayFirst
    self.variables = variables
    self.start = start
    self.nodes = nodes
    self.walkthroughs = walkthroughs
    self.digest = digest
    var nodeIndex: [String: Int] = [:]
    var choiceIndex: [String: ChoiceAddress] = [:]
    var flatChoices: [Choice] = []
    nodeIndex.reserveCapacity(nodes.count)
    choiceIndex.reserveCapacity(nodes.count * 4)
    for (position, node) in nodes.enumerated() {
      nodeIndex[node.id] = nodeIndex[node.id] ?? position
      for (choicePosition, choice) in node.choices.enumerated() {
        flatChoices.append(choice)
        if choiceIndex[choice.id] == nil {
          choiceIndex[choice.id] = ChoiceAddress(node: position, choice: choicePosition)
        }
      }
    }
    self.nodeIndex = nodeIndex
    self.choiceIndex = choiceIndex
    self.allChoices = flatChoices
    self.hasVaryingText =
      nodes.contains { node in
        (node.patientText?.varies ?? false) || (node.cueText?.varies ?? false)
          || (node.ending?.paragraphs.contains { $0.wording.varies } ?? false)
      } || flatChoices.contains { $0.sayText.varies }
    self.variableIndex = Dictionary(
      variables.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
    self.startIndex = nodeIndex[start] ?? 0
  }

  /// Whether `id` can be a scenario id: lowercase letters and digits in words joined by `-`, at
  /// most 64 bytes ("frank-diabetes-remission"). The loader, `coach new` and the score filters
  /// all check ids with this one rule.
  public static func isValidID(_ id: String) -> Bool {
    guard !id.isEmpty, id.utf8.count <= 64 else { return false }
    return id.split(separator: "-", omittingEmptySubsequences: false).allSatisfy { word in
      !word.isEmpty && word.utf8.allSatisfy { (48...57).contains($0) || (97...122).contains($0) }
    }
  }

  /// The node with `id`, if there is one.
  public func node(id: String) -> Node? {
    nodeIndex[id].map { nodes[$0] }
  }

  /// The position of the node with `id` in `nodes`.
  public func index(ofNode id: String) -> Int? { nodeIndex[id] }

  /// The variable named `name`, if declared.
  public func variable(named name: String) -> Variable? {
    variableIndex[name].map { variables[$0] }
  }

  /// The choice with `id` and the node that offers it.
  public func choice(id: String) -> (node: Node, choice: Choice)? {
    guard let address = choiceIndex[id] else { return nil }
    let node = nodes[address.node]
    return (node, node.choices[address.choice])
  }

  /// The nodes where the trainee chooses.
  public var decisionPoints: [Node] { nodes.filter(\.isDecisionPoint) }

  /// The ending nodes.
  public var endingNodes: [Node] { nodes.filter { $0.ending != nil } }
}
