import CoachCore

/// Small random stories that always load: decision points, route nodes and endings joined by
/// forward and backward links (so cycles are common), conditions on a clamped number, a boolean
/// and visits, and effects on both. Every decision point has an unconditional choice and a way
/// forward, and every route node a forward fallback, so the story graph is sound; conditions can
/// still make a play loop for ever, which is part of what the analysis has to find.
public struct StoryGenerator {
  var random: SplitMix64

  public init(seed: UInt64) { random = SplitMix64(seed: seed) }

  /// Whether the story's conditions may read state (variables and visits).
  public var stateful = true

  static let codeSets: [[String]] = [
    ["open-question"], ["closed-question"], ["simple-reflection"], ["complex-reflection"], ["affirmation"],
    ["summary"], ["emphasizing-autonomy"], ["giving-information"], ["persuade"], ["confront"],
    ["seeking-collaboration", "open-question"], ["premature-advice"], ["explores-what-matters"],
    ["persuade-with-permission"],
  ]
  static let talk = ["neutral", "sustain", "change-desire", "change-commitment"]

  mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
  mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &random) < probability }

  /// A story as scenario JSON.
  public mutating func story(id: String = "generated") -> String {
    let decisions = int(1...5)
    let routes = stateful ? int(0...2) : int(0...1)
    let endings = int(1...3)
    let inner = decisions + routes
    // Positions 0..<inner hold decision points and route nodes, the start first; endings follow.
    var isRoute = [Bool](repeating: false, count: inner)
    var placed = 0
    while placed < routes {
      let position = int(1...(inner - 1))
      if !isRoute[position] {
        isRoute[position] = true
        placed += 1
      }
    }
    let count = inner + endings
    func nodeID(_ position: Int) -> String { "n\(position)" }

    var nodes: [JSONOutput] = []
    var choiceNumber = 0
    for position in 0..<count {
      var fields: [(String, JSONOutput)] = [("id", .string(nodeID(position)))]
      if position >= inner {
        let outcome = ["positive", "mixed", "negative"][int(0...2)]
        fields.append(("patient", .string("Ending \(position).")))
        fields.append(
          (
            "ending",
            .object([("title", .string("End \(position)")), ("outcome", .string(outcome)), ("debrief", .string("D."))])
          )
        )
      } else if isRoute[position] {
        var list: [JSONOutput] = []
        for _ in 0..<int(1...2) {
          // A route may lead anywhere but to an earlier route node, so routes never form a cycle.
          var target = int(0...(count - 1))
          if target < inner, isRoute[target], target <= position { target = int((position + 1)...(count - 1)) }
          list.append(.object([("if", .string(condition(count: count))), ("next", .string(nodeID(target)))]))
        }
        list.append(.object([("next", .string(nodeID(int((position + 1)...(count - 1)))))]))
        fields.append(("routes", .array(list)))
      } else {
        fields.append(("patient", .string("Line \(position).")))
        fields.append(("talk", .string(Self.talk[int(0...(Self.talk.count - 1))])))
        var choices: [JSONOutput] = []
        let forward = int((position + 1)...(count - 1))
        // Usually the way forward is unconditional; sometimes only a way back is, and the way
        // forward has a condition that may never hold.
        let trap = stateful && chance(0.15)
        let extra = int(1...2)
        for slot in 0...extra {
          choiceNumber += 1
          var choice: [(String, JSONOutput)] = [
            ("id", .string("c\(choiceNumber)")), ("say", .string("Response \(choiceNumber).")),
            ("codes", .array(Self.codeSets[int(0...(Self.codeSets.count - 1))].map { .string($0) })),
          ]
          let next: Int
          if slot == 0 {
            next = trap ? int(0...position) : forward
          } else if slot == 1 && trap {
            next = forward
            choice.append(("if", .string(condition(count: count))))
          } else {
            next = int(0...(count - 1))
            if stateful, chance(0.5) { choice.append(("if", .string(condition(count: count)))) }
          }
          if stateful, chance(0.6) {
            choice.append(("effects", .array((0..<int(1...2)).map { _ in .string(effect()) })))
          }
          choice.append(("feedback", .string("F.")))
          choice.append(("next", .string(nodeID(next))))
          choices.append(.object(choice))
        }
        fields.append(("choices", .array(choices)))
      }
      nodes.append(.object(fields))
    }

    var document: [(String, JSONOutput)] = [
      ("format", .number("1")), ("id", .string(id)), ("version", .string("1.0.0")), ("title", .string("Generated")),
      ("summary", .string("A generated story.")), ("role", .string("Tester")), ("setting", .string("Nowhere.")),
      ("patient", .object([("name", .string("P")), ("background", .string("B."))])),
      ("objectives", .array([.string("Test.")])),
    ]
    if stateful {
      document.append(
        (
          "state",
          .object([
            ("v", .object([("initial", .number("0")), ("min", .number("-2")), ("max", .number("2"))])),
            ("b", .object([("initial", .bool(false))])),
          ])
        ))
    }
    document.append(("start", .string(nodeID(0))))
    document.append(("nodes", .array(nodes)))
    return JSONOutput.object(document).rendered() + "\n"
  }

  mutating func condition(count: Int) -> String {
    guard stateful else { return ["true", "1 < 2", "false or true", "1 > 2", "not true"][int(0...4)] }
    func atom(_ generator: inout StoryGenerator) -> String {
      let node = "n\(generator.int(0...(count - 1)))"
      switch generator.int(0...6) {
      case 0: return "v >= \(generator.int(-2...2))"
      case 1: return "v < \(generator.int(-1...2))"
      case 2: return "v == \(generator.int(-2...2))"
      case 3: return generator.chance(0.5) ? "b" : "not b"
      case 4: return "visited(\"\(node)\")"
      case 5: return "visits(\"\(node)\") < \(generator.int(1...3))"
      default: return "not visited(\"\(node)\")"
      }
    }
    let first = atom(&self)
    guard chance(0.3) else { return first }
    return first + (chance(0.5) ? " and " : " or ") + atom(&self)
  }

  mutating func effect() -> String {
    switch int(0...5) {
    case 0, 1: "v += 1"
    case 2: "v -= 1"
    case 3: "v = \(int(-2...2))"
    case 4: "b = true"
    default: "b = not b"
    }
  }
}
