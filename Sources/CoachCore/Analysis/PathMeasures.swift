/// Measures of the paths through a play-state graph: which states can still reach an ending, how
/// many play-throughs there are, the shortest and the longest, and a loop when there is one.
///
/// Every step is linear in the graph's states and edges: a reverse breadth-first search from the
/// endings, a topological sort of the states that can finish, and dynamic programming over it.
struct PathMeasures {
  /// For each state, the fewest choices from it to an ending; -1 when it cannot reach one.
  let distanceToEnd: [Int32]
  /// For each state that can finish, its first edge on a shortest way to an ending (the earliest
  /// such choice in file order); -1 for endings and states that cannot finish.
  let exitEdge: [Int32]
  /// For each state, whether some ending can be reached from it.
  var canFinish: [Bool] { distanceToEnd.map { $0 >= 0 } }
  let count: PlayThroughCount
  /// The edges of a longest play-through, when the play-throughs are finitely many.
  let longestEdges: [Int32]?
  /// A loop that can be repeated without end and still finish, when there is one.
  let loop: Loop?
  /// The edges to the first state found from which no ending can be reached, when the search
  /// was complete and there is one.
  let stuckEdges: [Int32]?

  /// A loop in play-through form: choices to reach it, the loop itself and choices to finish.
  struct Loop {
    var prefix: [Int32]
    var cycle: [Int32]
    var exit: [Int32]
  }

  init(_ graph: PlayStateGraph) {
    let states = graph.stateCount
    // Local copies of the arrays (no copying of elements) keep the loops below tight.
    let edgeStart = graph.edgeStart
    let edgeTarget = graph.edgeTarget
    let terminal = graph.terminal
    let edgeCount = edgeTarget.count
    func edges(of state: Int) -> Range<Int> { Int(edgeStart[state])..<Int(edgeStart[state + 1]) }

    // Sources of each state's incoming edges, grouped by target (counting sort, stable).
    var reverseStart = [Int32](repeating: 0, count: states + 1)
    for target in edgeTarget { reverseStart[Int(target) + 1] += 1 }
    for state in 0..<states { reverseStart[state + 1] += reverseStart[state] }
    let edgeSource = graph.edgeSource
    var fill = reverseStart
    var reverseEdges = [Int32](repeating: 0, count: edgeCount)
    for edge in 0..<edgeCount {
      let target = Int(edgeTarget[edge])
      reverseEdges[Int(fill[target])] = Int32(edge)
      fill[target] += 1
    }

    // Fewest choices to an ending, by breadth-first search backwards from every ending.
    var distance = [Int32](repeating: -1, count: states)
    var queue: [Int32] = []
    queue.reserveCapacity(states)
    for state in 0..<states where terminal[state] {
      distance[state] = 0
      queue.append(Int32(state))
    }
    var head = 0
    while head < queue.count {
      let state = Int(queue[head])
      head += 1
      for position in Int(reverseStart[state])..<Int(reverseStart[state + 1]) {
        let source = Int(edgeSource[Int(reverseEdges[position])])
        if distance[source] < 0 {
          distance[source] = distance[state] + 1
          queue.append(Int32(source))
        }
      }
    }
    var exitEdge = [Int32](repeating: -1, count: states)
    for state in 0..<states where distance[state] > 0 {
      exitEdge[state] = Int32(edges(of: state).first { distance[Int(edgeTarget[$0])] == distance[state] - 1 }!)
    }
    distanceToEnd = distance
    self.exitEdge = exitEdge

    // Topological order of the states that can finish (Kahn), earliest states first.
    var indegree = [Int32](repeating: 0, count: states)
    var useful = 0
    for state in 0..<states where distance[state] >= 0 {
      useful += 1
      for edge in edges(of: state) where distance[Int(edgeTarget[edge])] >= 0 {
        indegree[Int(edgeTarget[edge])] += 1
      }
    }
    var order: [Int32] = []
    order.reserveCapacity(useful)
    for state in 0..<states where distance[state] >= 0 && indegree[state] == 0 { order.append(Int32(state)) }
    head = 0
    while head < order.count {
      let state = Int(order[head])
      head += 1
      for edge in edges(of: state) {
        let target = Int(edgeTarget[edge])
        guard distance[target] >= 0 else { continue }
        indegree[target] -= 1
        if indegree[target] == 0 { order.append(Int32(target)) }
      }
    }

    let startCanFinish = states > 0 && distance[0] >= 0
    if order.count < useful {
      // Some state that can finish lies on a cycle, or after one: the loop can be repeated.
      var remaining = [Bool](repeating: false, count: states)
      for state in 0..<states where distance[state] >= 0 { remaining[state] = true }
      for state in order { remaining[Int(state)] = false }
      loop = Self.findLoop(
        graph, remaining: remaining, reverseStart: reverseStart, reverseEdges: reverseEdges, edgeSource: edgeSource,
        exitEdge: exitEdge)
      count = .unbounded
      longestEdges = nil
    } else {
      // Count and longest by dynamic programming from the endings back.
      var paths = [Int](repeating: 0, count: states)
      var longest = [Int32](repeating: -1, count: states)
      var longestEdge = [Int32](repeating: -1, count: states)
      for state in order.reversed().map(Int.init) {
        if terminal[state] {
          paths[state] = 1
          longest[state] = 0
          continue
        }
        var total = 0
        for edge in edges(of: state) {
          let target = Int(edgeTarget[edge])
          guard distance[target] >= 0 else { continue }
          total = min(PlayThroughCount.countLimit, total + paths[target])
          if longest[target] + 1 > longest[state] {
            longest[state] = longest[target] + 1
            longestEdge[state] = Int32(edge)
          }
        }
        paths[state] = total
      }
      let total = startCanFinish ? paths[0] : 0
      count =
        graph.isComplete && total < PlayThroughCount.countLimit ? .exact(total) : .atLeast(total)
      loop = nil
      if startCanFinish {
        var edges: [Int32] = []
        var state = 0
        while longestEdge[state] >= 0 {
          edges.append(longestEdge[state])
          state = Int(edgeTarget[Int(longestEdge[state])])
        }
        longestEdges = edges
      } else {
        longestEdges = nil
      }
    }

    if graph.isComplete, let stuck = (0..<states).first(where: { distance[$0] < 0 }) {
      stuckEdges = Self.edgesFromStart(to: stuck, graph)
    } else {
      stuckEdges = nil
    }
  }

  /// The edges of the search tree from the start to `state`: a shortest way there.
  static func edgesFromStart(to state: Int, _ graph: PlayStateGraph) -> [Int32] {
    var edges: [Int32] = []
    var current = state
    while graph.parentEdge[current] >= 0 {
      let edge = graph.parentEdge[current]
      edges.append(edge)
      current = Int(graph.edgeSource[Int(edge)])
    }
    return edges.reversed()
  }

  /// The edges of a shortest way from `state` to an ending.
  static func exit(from state: Int, _ graph: PlayStateGraph, exitEdge: [Int32]) -> [Int32] {
    var edges: [Int32] = []
    var current = state
    while exitEdge[current] >= 0 {
      edges.append(exitEdge[current])
      current = Int(graph.edgeTarget[Int(exitEdge[current])])
    }
    return edges
  }

  /// Walks backwards from the earliest state left over by the topological sort (each has a
  /// predecessor that is also left over) until a state repeats: that stretch is a cycle.
  private static func findLoop(
    _ graph: PlayStateGraph, remaining: [Bool], reverseStart: [Int32], reverseEdges: [Int32], edgeSource: [Int32],
    exitEdge: [Int32]
  ) -> Loop? {
    guard var current = remaining.firstIndex(of: true) else { return nil }
    var seenAt: [Int: Int] = [:]
    var walked: [Int32] = []  // walked[i] enters the i-th state of the walk from the next one
    while seenAt[current] == nil {
      seenAt[current] = walked.count
      let range = Int(reverseStart[current])..<Int(reverseStart[current + 1])
      guard let position = range.first(where: { remaining[Int(edgeSource[Int(reverseEdges[$0])])] }) else {
        return nil
      }
      let edge = reverseEdges[position]
      walked.append(edge)
      current = Int(edgeSource[Int(edge)])
    }
    // The walk went backwards, so the cycle's edges run forwards in reverse order.
    var cycleEdges = Array(walked[seenAt[current]!...].reversed())
    // Start the loop at its earliest state, the one nearest the start of the story.
    let pivot = cycleEdges.indices.min { edgeSource[Int(cycleEdges[$0])] < edgeSource[Int(cycleEdges[$1])] }!
    cycleEdges = Array(cycleEdges[pivot...] + cycleEdges[..<pivot])
    let entry = Int(edgeSource[Int(cycleEdges[0])])
    return Loop(
      prefix: edgesFromStart(to: entry, graph), cycle: cycleEdges, exit: exit(from: entry, graph, exitEdge: exitEdge))
  }
}
