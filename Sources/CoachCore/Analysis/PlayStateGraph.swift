/// Every play state reachable from the start of a story, and the choices that lead from one to
/// another, found by breadth-first search.
///
/// A play state is where the trainee stands (a decision point or an ending) together with the
/// state that can still change what happens: the variables and capped visit counts of the
/// `TrackingPlan`. States are numbered in the order the search found them, so state 0 is the
/// start and a state's number never precedes that of a state nearer the start. Edge `e` leaves
/// state `edgeSource[e]` by choice `edgeChoice[e]` (a position in the `StoryIndex`) and arrives
/// at state `edgeTarget[e]`; the edges of state `s` are `edgeStart[s]..<edgeStart[s + 1]`, in
/// file order.
///
/// When the story has more states than `maxStates`, the search stops and `isComplete` is false:
/// the states found are still exact, but some were never expanded.
struct PlayStateGraph {
  let index: StoryIndex
  let plan: TrackingPlan
  /// The node of each state.
  private(set) var stateNode: [Int32] = []
  /// The edge by which the search first reached each state; -1 for the start.
  private(set) var parentEdge: [Int32] = []
  private(set) var edgeStart: [Int32] = []
  private(set) var edgeSource: [Int32] = []
  private(set) var edgeChoice: [Int32] = []
  private(set) var edgeTarget: [Int32] = []
  private(set) var isComplete = true
  /// Which nodes some play enters (route nodes included), which choices some play is offered,
  /// and which routes some play takes.
  private(set) var nodeReached: [Bool]
  private(set) var choiceOffered: [Bool]
  private(set) var routeTaken: [Bool]

  /// For each state, whether it is at an ending.
  private(set) var terminal: [Bool] = []
  /// For each route, whether its condition held at some entry to its node, taken or not: a
  /// route whose condition holds but is never taken is shadowed by an earlier one.
  private(set) var routeConditionHeld: [Bool]
  /// How many nodes, choices and routes have been found reached, offered or taken.
  private(set) var covered = 0
  /// Whether the search stopped early because everything in `coverage` had been reached: every
  /// answer about reachability is then known, though not every play state was found.
  private(set) var stoppedCovered = false

  var stateCount: Int { stateNode.count }

  func isTerminal(_ state: Int) -> Bool { terminal[state] }

  func edges(of state: Int) -> Range<Int> { Int(edgeStart[state])..<Int(edgeStart[state + 1]) }

  /// Searches `scenario` up to `maxStates` play states. With `coverage`, the number of nodes,
  /// choices and routes that can be reached at most, the search stops as soon as that many have
  /// been (`stoppedCovered`): enough for questions of reachability, not for counting.
  ///
  /// `seeds` are play-throughs (choice positions) known to play, such as the walkthroughs: they
  /// are followed first, so that what they reach counts towards `coverage` before the search
  /// begins; they add no play states.
  init(
    scenario: Scenario, index: StoryIndex, plan: TrackingPlan, maxStates: Int, coverage: Int? = nil,
    seeds: [[Int]] = []
  ) {
    self.index = index
    self.plan = plan
    nodeReached = [Bool](repeating: false, count: scenario.nodes.count)
    choiceOffered = [Bool](repeating: false, count: index.choices.count)
    routeTaken = [Bool](repeating: false, count: index.routes.count)
    routeConditionHeld = [Bool](repeating: false, count: index.routes.count)
    var search = Search(scenario: scenario, index: index, plan: plan)
    if coverage != nil {
      for seed in seeds { search.follow(seed, graph: &self) }
      search.resetScratch()
      search.probeUncovered(graph: &self)
      search.resetScratch()
    }
    search.run(into: &self, maxStates: max(1, maxStates), coverage: coverage ?? Int.max)
  }

  fileprivate mutating func reach(node: Int) {
    if !nodeReached[node] {
      nodeReached[node] = true
      covered += 1
    }
  }

  fileprivate mutating func offer(choice: Int) {
    if !choiceOffered[choice] {
      choiceOffered[choice] = true
      covered += 1
    }
  }

  fileprivate mutating func take(route: Int) {
    if !routeTaken[route] {
      routeTaken[route] = true
      routeConditionHeld[route] = true
      covered += 1
    }
  }

  fileprivate mutating func sawHold(route: Int) {
    routeConditionHeld[route] = true
  }

  // MARK: - The search

  /// The working memory of the search: the state being expanded, unpacked, and the table of
  /// states found so far.
  private struct Search {
    let scenario: Scenario
    let plan: TrackingPlan
    // The story index's arrays, held directly for the loops below.
    let choices: [Choice]
    let choiceStart: [Int32]
    let routes: [Route]
    let routeStart: [Int32]
    let isEnding: [Bool]
    let variables: [Variable]
    var scratch: Scratch
    var table: StateTable
    var key: [UInt64]
    /// For stateless stories: each node's destination once its routes are followed; -1 unknown.
    var entryMemo: [Int32]

    init(scenario: Scenario, index: StoryIndex, plan: TrackingPlan) {
      self.scenario = scenario
      self.plan = plan
      choices = index.choices
      choiceStart = index.choiceStart
      routes = index.routes
      routeStart = index.routeStart
      isEnding = index.isEnding
      variables = scenario.variables
      scratch = Scratch(
        values: scenario.variables.map(\.initial), visits: [Int](repeating: 0, count: plan.visitNodes.count),
        visitSlot: plan.visitSlot)
      let stride = 1 + plan.variables.count + plan.visitNodes.count
      table = StateTable(stride: stride, directCount: stride == 1 ? scenario.nodes.count : 0)
      key = [UInt64](repeating: 0, count: stride)
      entryMemo = plan.isStateless ? [Int32](repeating: -1, count: scenario.nodes.count) : []
    }

    mutating func run(into graph: inout PlayStateGraph, maxStates: Int, coverage: Int) {
      let start = enter(scenario.startIndex, graph: &graph)
      pack(node: start)
      _ = table.insert(key)
      graph.stateNode.append(Int32(start))
      graph.parentEdge.append(-1)

      var next = 0
      expanding: while next < graph.stateNode.count {
        if graph.covered >= coverage {
          graph.stoppedCovered = true
          graph.isComplete = false
          break
        }
        let state = next
        let node = Int(graph.stateNode[state])
        graph.edgeStart.append(Int32(graph.edgeChoice.count))
        if isEnding[node] {
          next += 1
          continue
        }
        for choice in Int(choiceStart[node])..<Int(choiceStart[node + 1]) {
          load(state: state)
          let made = choices[choice]
          if let condition = made.condition, !condition.holds(in: scratch) { continue }
          graph.offer(choice: choice)
          apply(made)
          let arrival = enter(made.nextIndex, graph: &graph)
          pack(node: arrival)
          var target = table.find(key)
          if target < 0 {
            guard graph.stateNode.count < maxStates else {
              // Out of room: this state stays unexpanded and the search ends here.
              graph.edgeChoice.removeSubrange(Int(graph.edgeStart[state])...)
              graph.edgeTarget.removeSubrange(Int(graph.edgeStart[state])...)
              graph.edgeSource.removeSubrange(Int(graph.edgeStart[state])...)
              graph.edgeStart.removeLast()
              graph.isComplete = false
              break expanding
            }
            target = table.insert(key)
            graph.stateNode.append(Int32(arrival))
            graph.parentEdge.append(Int32(graph.edgeChoice.count))
          }
          graph.edgeChoice.append(Int32(choice))
          graph.edgeTarget.append(Int32(target))
          graph.edgeSource.append(Int32(state))
        }
        next += 1
      }
      // States from `next` on were found but not expanded: they have no edges.
      for _ in next..<graph.stateNode.count { graph.edgeStart.append(Int32(graph.edgeChoice.count)) }
      graph.edgeStart.append(Int32(graph.edgeChoice.count))
      graph.terminal = graph.stateNode.map { isEnding[Int($0)] }
    }

    /// Plays `choices` from the start, marking what it reaches, offers and takes, and stops at
    /// the first choice that is not on offer.
    mutating func follow(_ choices: [Int], graph: inout PlayStateGraph) {
      resetScratch()
      var node = enter(scenario.startIndex, graph: &graph)
      for choice in choices + [-1] {
        var offered = false
        for candidate in Int(choiceStart[node])..<Int(choiceStart[node + 1]) {
          if let condition = self.choices[candidate].condition, !condition.holds(in: scratch) { continue }
          graph.offer(choice: candidate)
          if candidate == choice { offered = true }
        }
        guard offered else { return }
        apply(self.choices[choice])
        node = enter(self.choices[choice].nextIndex, graph: &graph)
      }
    }

    /// For each node not yet reached and each node with a choice not yet offered or a route not
    /// yet taken, plays from the start towards it, at each decision point taking the offered
    /// choice nearest to it by the shape of the story (or, in later plays, one at random). Cheap,
    /// and usually enough to reach what the walkthroughs did not, so that the search can stop
    /// early.
    mutating func probeUncovered(graph: inout PlayStateGraph) {
      let nodeCount = isEnding.count
      var targets: [Int] = []
      for node in 0..<nodeCount {
        let choicesPending = (Int(choiceStart[node])..<Int(choiceStart[node + 1])).contains { !graph.choiceOffered[$0] }
        let routesPending = (Int(routeStart[node])..<Int(routeStart[node + 1])).contains { !graph.routeTaken[$0] }
        if !graph.nodeReached[node] || choicesPending || routesPending { targets.append(node) }
      }
      guard !targets.isEmpty, targets.count <= 256 else { return }
      var predecessors = [[Int]](repeating: [], count: nodeCount)
      for node in 0..<nodeCount {
        for choice in Int(choiceStart[node])..<Int(choiceStart[node + 1]) {
          predecessors[choices[choice].nextIndex].append(node)
        }
        for route in Int(routeStart[node])..<Int(routeStart[node + 1]) {
          predecessors[routes[route].nextIndex].append(node)
        }
      }
      var distance = [Int](repeating: Int.max, count: nodeCount)
      for target in targets {
        // Fewest steps from each node to the target, ignoring conditions.
        for node in 0..<nodeCount { distance[node] = Int.max }
        distance[target] = 0
        var queue = [target]
        var head = 0
        while head < queue.count {
          let node = queue[head]
          head += 1
          for previous in predecessors[node] where distance[previous] == Int.max {
            distance[previous] = distance[node] + 1
            queue.append(previous)
          }
        }
        // A greedy play first; then, while the target still has something unreached (a route or
        // a choice that needs some other state), up to 31 more that take a choice at random half
        // the time.
        var random = SplitMix(state: UInt64(target) &+ 1)
        for attempt in 0..<32 {
          if attempt > 0 && isCovered(target, graph: graph) { break }
          resetScratch()
          var node = enter(scenario.startIndex, graph: &graph)
          for _ in 0..<(2 * nodeCount) where node != target {
            var best: Int?
            var open: [Int] = []
            for candidate in Int(choiceStart[node])..<Int(choiceStart[node + 1]) {
              if let condition = choices[candidate].condition, !condition.holds(in: scratch) { continue }
              graph.offer(choice: candidate)
              guard distance[choices[candidate].nextIndex] < Int.max else { continue }
              open.append(candidate)
              if distance[choices[candidate].nextIndex] < (best.map { distance[choices[$0].nextIndex] } ?? Int.max) {
                best = candidate
              }
            }
            guard var chosen = best else { break }
            if attempt > 0, random.next() % 2 == 0 { chosen = open[Int(random.next() % UInt64(open.count))] }
            apply(choices[chosen])
            node = enter(choices[chosen].nextIndex, graph: &graph)
          }
          if node == target {
            for candidate in Int(choiceStart[node])..<Int(choiceStart[node + 1]) {
              if choices[candidate].condition?.holds(in: scratch) ?? true { graph.offer(choice: candidate) }
            }
          }
        }
      }
    }

    /// Whether node `node` is reached, every choice of it offered and every route it can take
    /// taken.
    func isCovered(_ node: Int, graph: PlayStateGraph) -> Bool {
      guard graph.nodeReached[node] else { return false }
      if (Int(choiceStart[node])..<Int(choiceStart[node + 1])).contains(where: { !graph.choiceOffered[$0] }) {
        return false
      }
      for route in Int(routeStart[node])..<Int(routeStart[node + 1]) {
        if !graph.routeTaken[route] { return false }
        if routes[route].condition == nil { break }
      }
      return true
    }

    /// The scratch environment as at the start of a play.
    mutating func resetScratch() {
      scratch.values = scenario.variables.map(\.initial)
      for slot in scratch.visits.indices { scratch.visits[slot] = 0 }
    }

    /// Unpacks state `state` into the scratch environment.
    mutating func load(state: Int) {
      let base = state * table.stride
      var position = base + 1
      for slot in plan.variables {
        let bits = table.keys[position]
        scratch.values[slot] =
          variables[slot].type == .boolean ? .boolean(bits != 0) : .number(Double(bitPattern: bits))
        position += 1
      }
      for slot in scratch.visits.indices {
        scratch.visits[slot] = Int(table.keys[position])
        position += 1
      }
    }

    /// Packs the node and the scratch environment into `key`.
    mutating func pack(node: Int) {
      key[0] = UInt64(node)
      var position = 1
      for slot in plan.variables {
        switch scratch.values[slot] {
        case .boolean(let flag): key[position] = flag ? 1 : 0
        // 0 and -0 are the same value; one key for both.
        case .number(let number): key[position] = number == 0 ? 0 : number.bitPattern
        }
        position += 1
      }
      for count in scratch.visits {
        key[position] = UInt64(count)
        position += 1
      }
    }

    /// Applies a choice's effects on the variables that matter, as the engine does.
    mutating func apply(_ choice: Choice) {
      for effect in choice.effects where plan.tracksVariable[effect.slot] {
        scratch.values[effect.slot] = effect.applied(
          to: scratch.values[effect.slot], of: variables[effect.slot], in: scratch)
      }
    }

    /// Enters a node as the engine does: counts the visit and follows routes to a decision point
    /// or an ending, which it returns.
    mutating func enter(_ node: Int, graph: inout PlayStateGraph) -> Int {
      if plan.isStateless { return enterStateless(node, graph: &graph) }
      var current = node
      for _ in 0...isEnding.count {
        graph.reach(node: current)
        let slot = Int(plan.visitSlot[current])
        if slot >= 0, scratch.visits[slot] < plan.visitCaps[slot] { scratch.visits[slot] += 1 }
        guard let taken = takenRoute(at: current) else { break }
        graph.take(route: taken)
        // Later routes whose condition also holds here are shadowed this time; note that they
        // can hold, so that a route never taken can be told apart from one that never holds.
        for later in (taken + 1)..<Int(routeStart[current + 1]) where !graph.routeConditionHeld[later] {
          if routes[later].isTaken(in: scratch) { graph.sawHold(route: later) }
        }
        current = routes[taken].nextIndex
      }
      return current
    }

    /// Entering without state: each node's destination is fixed, so it is worked out once.
    mutating func enterStateless(_ node: Int, graph: inout PlayStateGraph) -> Int {
      if entryMemo[node] >= 0 { return Int(entryMemo[node]) }
      var chain: [Int] = []
      var current = node
      while entryMemo[current] < 0 {
        graph.reach(node: current)
        chain.append(current)
        guard chain.count <= isEnding.count, let taken = takenRoute(at: current) else { break }
        graph.take(route: taken)
        for later in (taken + 1)..<Int(routeStart[current + 1]) where routes[later].isTaken(in: scratch) {
          graph.sawHold(route: later)
        }
        current = routes[taken].nextIndex
      }
      let destination = entryMemo[current] >= 0 ? Int(entryMemo[current]) : current
      for passed in chain { entryMemo[passed] = Int32(destination) }
      return destination
    }

    /// The route a route node takes now, or nil when the node is not a route node.
    func takenRoute(at node: Int) -> Int? {
      for route in Int(routeStart[node])..<Int(routeStart[node + 1]) where routes[route].isTaken(in: scratch) {
        return route
      }
      return nil
    }
  }

  /// The variables and visit counts of the state being expanded, readable by expressions.
  private struct Scratch: ExpressionEnvironment {
    var values: [Value]
    var visits: [Int]
    let visitSlot: [Int32]

    func value(ofSlot slot: Int) -> Value { values[slot] }
    func visits(ofNode node: Int) -> Int {
      let slot = Int(visitSlot[node])
      return slot >= 0 ? visits[slot] : 0
    }
  }
}

/// A set of fixed-width keys, each numbered in insertion order: open addressing over one flat
/// array, so that a million play states cost no allocation each.
///
/// Keys of width 1 (a node and nothing else) are looked up directly in an array of `directCount`.
struct StateTable {
  let stride: Int
  /// The keys, `stride` words each, in insertion order.
  private(set) var keys: [UInt64] = []
  private var slots: [Int32]
  private var direct: [Int32]
  private(set) var count = 0

  init(stride: Int, directCount: Int) {
    self.stride = stride
    direct = [Int32](repeating: -1, count: directCount)
    slots = directCount > 0 ? [] : [Int32](repeating: -1, count: 1024)
  }

  /// The number of `key`, or -1 when it is not in the table.
  func find(_ key: [UInt64]) -> Int {
    if !direct.isEmpty { return Int(direct[Int(key[0])]) }
    let mask = slots.count - 1
    var slot = Self.hash(key, from: key.startIndex, stride: stride) & mask
    while true {
      let entry = slots[slot]
      if entry < 0 { return -1 }
      if equal(Int(entry), key) { return Int(entry) }
      slot = (slot + 1) & mask
    }
  }

  /// Adds `key`, which must not be in the table, and returns its number.
  mutating func insert(_ key: [UInt64]) -> Int {
    let number = count
    keys.append(contentsOf: key)
    count += 1
    if !direct.isEmpty {
      direct[Int(key[0])] = Int32(number)
      return number
    }
    if count * 2 > slots.count { grow() }
    place(number)
    return number
  }

  private func equal(_ number: Int, _ key: [UInt64]) -> Bool {
    let base = number * stride
    for offset in 0..<stride where keys[base + offset] != key[offset] { return false }
    return true
  }

  private mutating func place(_ number: Int) {
    let mask = slots.count - 1
    var slot = Self.hash(keys, from: number * stride, stride: stride) & mask
    while slots[slot] >= 0 { slot = (slot + 1) & mask }
    slots[slot] = Int32(number)
  }

  private mutating func grow() {
    slots = [Int32](repeating: -1, count: slots.count * 2)
    for number in 0..<count { place(number) }
  }

  private static func hash(_ words: [UInt64], from start: Int, stride: Int) -> Int {
    var hash: UInt64 = 0x9E37_79B9_7F4A_7C15
    for offset in 0..<stride {
      hash = (hash ^ words[start + offset]) &* 0xBF58_476D_1CE4_E5B9
      hash ^= hash >> 31
    }
    return Int(truncatingIfNeeded: hash & 0x7FFF_FFFF_FFFF_FFFF)
  }
}

/// A small deterministic random source (SplitMix64) for the guided plays: the same story is
/// always searched the same way.
struct SplitMix {
  var state: UInt64

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var value = state
    value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
    value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
    return value ^ (value >> 31)
  }
}
