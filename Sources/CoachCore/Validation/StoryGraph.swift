/// The scenario as a directed graph over node positions, ignoring conditions: an edge for every
/// choice and every route.
struct StoryGraph {
  let scenario: Scenario
  let successors: [[Int]]

  init(_ scenario: Scenario) {
    self.scenario = scenario
    successors = scenario.nodes.map { node in
      switch node.content {
      case .choices(let choices): choices.map(\.nextIndex)
      case .routes(let routes): routes.map(\.nextIndex)
      case .ending: []
      }
    }
  }

  /// For each node, whether some path from the start reaches it.
  func reachableFromStart() -> [Bool] {
    var reached = [Bool](repeating: false, count: successors.count)
    var stack = [scenario.startIndex]
    reached[scenario.startIndex] = true
    while let node = stack.popLast() {
      for next in successors[node] where !reached[next] {
        reached[next] = true
        stack.append(next)
      }
    }
    return reached
  }

  /// For each node, whether some path from it reaches an ending.
  func nodesThatReachAnEnding() -> [Bool] {
    var predecessors = [[Int]](repeating: [], count: successors.count)
    for (node, nexts) in successors.enumerated() {
      for next in nexts { predecessors[next].append(node) }
    }
    var reaches = [Bool](repeating: false, count: successors.count)
    var stack: [Int] = []
    for (index, node) in scenario.nodes.enumerated() where node.ending != nil {
      reaches[index] = true
      stack.append(index)
    }
    while let node = stack.popLast() {
      for previous in predecessors[node] where !reaches[previous] {
        reaches[previous] = true
        stack.append(previous)
      }
    }
    return reaches
  }

  /// Cycles made only of route nodes, each listed once from its first node in file order.
  func routeCycles() -> [[Int]] {
    let isRoute = scenario.nodes.map { !$0.routes.isEmpty }
    var state = [UInt8](repeating: 0, count: successors.count)  // 0 new, 1 on stack, 2 done
    var cycles: [[Int]] = []
    for root in successors.indices where isRoute[root] && state[root] == 0 {
      // Iterative depth-first search over route-to-route edges.
      var path: [Int] = [root]
      var cursors: [Int] = [0]
      state[root] = 1
      while let node = path.last {
        let nexts = successors[node].filter { isRoute[$0] }
        let cursor = cursors[cursors.count - 1]
        if cursor < nexts.count {
          cursors[cursors.count - 1] += 1
          let next = nexts[cursor]
          if state[next] == 1, let start = path.firstIndex(of: next) {
            cycles.append(Array(path[start...]))
          } else if state[next] == 0 {
            state[next] = 1
            path.append(next)
            cursors.append(0)
          }
        } else {
          state[node] = 2
          path.removeLast()
          cursors.removeLast()
        }
      }
    }
    return cycles
  }
}
