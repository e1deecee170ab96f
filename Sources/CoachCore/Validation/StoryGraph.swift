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

  /// For each node, the number of its strongly connected component (Tarjan's algorithm, without
  /// recursion): two nodes share a number exactly when each can reach the other.
  func components() -> [Int] {
    let count = successors.count
    var index = [Int](repeating: -1, count: count)
    var low = [Int](repeating: 0, count: count)
    var onStack = [Bool](repeating: false, count: count)
    var component = [Int](repeating: -1, count: count)
    var stack: [Int] = []
    var next = 0
    var components = 0
    for root in 0..<count where index[root] < 0 {
      var work: [(node: Int, edge: Int)] = [(root, 0)]
      index[root] = next
      low[root] = next
      next += 1
      stack.append(root)
      onStack[root] = true
      while let (node, edge) = work.last {
        if edge < successors[node].count {
          work[work.count - 1].edge += 1
          let target = successors[node][edge]
          if index[target] < 0 {
            index[target] = next
            low[target] = next
            next += 1
            stack.append(target)
            onStack[target] = true
            work.append((target, 0))
          } else if onStack[target] {
            low[node] = min(low[node], index[target])
          }
          continue
        }
        work.removeLast()
        if let parent = work.last { low[parent.node] = min(low[parent.node], low[node]) }
        if low[node] == index[node] {
          while let member = stack.popLast() {
            onStack[member] = false
            component[member] = components
            if member == node { break }
          }
          components += 1
        }
      }
    }
    return component
  }
}
