/// A scenario's choices and routes in flat arrays indexed by position, so that searches over the
/// story work on integers rather than ids.
///
/// Choice `g` is the `g`th choice of the file, counting through the nodes in order; the choices of
/// node `n` are `choiceStart[n]..<choiceStart[n + 1]`. Routes are numbered the same way.
struct StoryIndex: Sendable {
  let choices: [Choice]
  let choiceNode: [Int32]
  let choiceStart: [Int32]
  let routes: [Route]
  let routeNode: [Int32]
  let routeStart: [Int32]
  /// For each node, whether it is an ending.
  let isEnding: [Bool]

  init(_ scenario: Scenario) {
    var choices: [Choice] = []
    var choiceNode: [Int32] = []
    var choiceStart: [Int32] = [0]
    var routes: [Route] = []
    var routeNode: [Int32] = []
    var routeStart: [Int32] = [0]
    var isEnding: [Bool] = []
    choiceStart.reserveCapacity(scenario.nodes.count + 1)
    routeStart.reserveCapacity(scenario.nodes.count + 1)
    isEnding.reserveCapacity(scenario.nodes.count)
    for (position, node) in scenario.nodes.enumerated() {
      switch node.content {
      case .choices(let list):
        choices += list
        choiceNode += repeatElement(Int32(position), count: list.count)
      case .routes(let list):
        routes += list
        routeNode += repeatElement(Int32(position), count: list.count)
      case .ending:
        break
      }
      choiceStart.append(Int32(choices.count))
      routeStart.append(Int32(routes.count))
      isEnding.append(node.ending != nil)
    }
    self.choices = choices
    self.choiceNode = choiceNode
    self.choiceStart = choiceStart
    self.routes = routes
    self.routeNode = routeNode
    self.routeStart = routeStart
    self.isEnding = isEnding
  }

  /// The positions of node `node`'s choices.
  func choiceRange(of node: Int) -> Range<Int> {
    Int(choiceStart[node])..<Int(choiceStart[node + 1])
  }
}
