import CoachCore

extension SplitMix64 {
  /// A value in `0..<bound`: the generator is seeded, so every run generates the same stories.
  mutating func below(_ bound: Int) -> Int { Int.random(in: 0..<bound, using: &self) }
}

/// Generates large, valid stories shaped like real ones: decision points with 3–4 coded choices
/// and realistic text, state variables with clamps, conditional choices, routes on state every
/// tenth node, occasional bounded loops back, and three endings.
enum StoryGenerator {
  static let codes = TechniqueCode.allCases

  /// Two codes for an option (one when the draws repeat), never a contradictory pair such as an
  /// open and a closed question, which the loader rejects.
  static func choiceCodes(position: Int, _ random: inout SplitMix64) -> [TechniqueCode] {
    if position == 0 { return [.complexReflection, .openQuestion] }
    let first = codes[random.below(codes.count)]
    let second = codes[random.below(codes.count)]
    return second == first || first.contradicts.contains(second) || second.contradicts.contains(first)
      ? [first] : [first, second]
  }
  static let talk = TalkTag.allCases.map(\.rawValue)
  static let words =
    "the patient says that since the last visit things have been harder than expected at home with the new tablets "
    + "and the early shifts so the walking plan slipped but the grandchildren keep asking about the park"
  static let wordList = words.split(separator: " ").map(String.init)

  static func sentence(_ random: inout SplitMix64, words count: Int) -> String {
    var parts: [String] = []
    for _ in 0..<count { parts.append(wordList[random.below(wordList.count)]) }
    return parts.joined(separator: " ").capitalizedFirst + "."
  }

  /// A story of `nodes` nodes as JSON text. Routes check one key early moment with visited(), as
  /// authors do, rather than a different node each. Without `conditions`, no choice or route depends on
  /// state (the same graph, every route unconditional), the case where analysis is linear.
  static func story(nodes count: Int, seed: UInt64 = 42, conditions: Bool = true) -> String {
    precondition(count >= 10)
    var random = SplitMix64(seed: seed)
    let endings = count - 3..<count
    var nodes: [JSONOutput] = []
    nodes.reserveCapacity(count)
    func target(_ from: Int, step: Int) -> String { "n\(min(from + step, count - 1 - random.below(3)))" }
    for index in 0..<count {
      var fields: [(String, JSONOutput)] = [("id", .string("n\(index)"))]
      if endings.contains(index) {
        let outcome = ["positive", "mixed", "negative"][index - endings.lowerBound]
        fields += [
          ("patient", .string(sentence(&random, words: 14))),
          (
            "ending",
            .object([
              ("title", .string("Ending \(outcome)")), ("outcome", .string(outcome)),
              ("debrief", .string(sentence(&random, words: 40))),
            ])
          ),
        ]
      } else if index % 10 == 9, !conditions {
        fields.append(("routes", .array([.object([("next", .string(target(index, step: 1)))])])))
      } else if index % 10 == 9 {
        fields.append(
          (
            "routes",
            .array([
              .object([("if", .string("rapport >= 2 and not disclosed")), ("next", .string(target(index, step: 1)))]),
              .object([
                ("if", .string("trust > 5 or visited(\"n3\")")), ("next", .string(target(index, step: 2))),
              ]),
              .object([("next", .string(target(index, step: 3)))]),
            ])
          ))
      } else {
        fields += [
          ("patient", .string(sentence(&random, words: 24))),
          ("cue", .string(sentence(&random, words: 8))),
          ("talk", .string(talk[random.below(talk.count)])),
        ]
        var choices: [JSONOutput] = []
        let choiceCount = 3 + random.below(2)
        for position in 0..<choiceCount {
          var choice: [(String, JSONOutput)] = [
            ("id", .string("c\(index)-\(position)")),
            ("say", .string(sentence(&random, words: 16))),
            (
              "codes",
              .array(choiceCodes(position: position, &random).map { .string($0.rawValue) })
            ),
          ]
          if position == 3, conditions { choice.append(("if", .string("trust >= 3 or disclosed"))) }
          let back = position == 2 && index % 50 == 25 && conditions
          choice += [
            (
              "effects",
              .array(
                back
                  ? [.string("asked += 1")]
                  : [.string(position == 0 ? "rapport += 1" : "rapport -= 1"), .string("trust += \(position % 2)")]
                    + (position == 0 && index % 7 == 3 ? [.string("disclosed = true")] : []))
            ),
            ("feedback", .string(sentence(&random, words: 30))),
          ]
          if back {
            choice.append(("if", .string("asked < 2")))
            choice.append(("next", .string("n\(index - 10)")))
          } else {
            choice.append(("next", .string(target(index, step: 1 + position))))
          }
          choices.append(.object(choice))
        }
        fields.append(("choices", .array(choices)))
      }
      nodes.append(.object(fields))
    }
    let document = JSONOutput.object([
      ("format", .number("1")), ("id", .string("generated-\(count)")), ("version", .string("1.0.0")),
      ("title", .string("A generated story of \(count) nodes")), ("summary", .string("Generated for benchmarks.")),
      ("role", .string("GP")), ("setting", .string("A clinic room.")),
      ("patient", .object([("name", .string("Pat")), ("age", .number("60")), ("background", .string("Generated."))])),
      ("objectives", .array([.string("Scale.")])),
      (
        "state",
        .object([
          (
            "rapport",
            .object([
              ("initial", .number("0")), ("min", .number("-5")), ("max", .number("5")), ("visible", .bool(true)),
            ])
          ),
          ("trust", .object([("initial", .number("2")), ("min", .number("0")), ("max", .number("10"))])),
          ("asked", .object([("initial", .number("0")), ("min", .number("0")), ("max", .number("5"))])),
          ("disclosed", .object([("initial", .bool(false))])),
        ])
      ),
      ("start", .string("n0")),
      ("nodes", .array(nodes)),
    ])
    return document.rendered()
  }
}

extension String {
  fileprivate var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
