/// A drawing of a story: a Mermaid flowchart (rendered by most Markdown viewers) or a Graphviz
/// DOT digraph.
///
/// Each node is labelled with its id and the start of what the patient says; decision points
/// are boxes, route nodes diamonds and endings are shaped and filled by outcome. Each choice is an
/// arrow labelled with its id and coloured by its family under the rubric (MI-adherent green,
/// non-adherent red, neutral grey); routes are dashed arrows labelled with their condition. The
/// output depends only on the scenario and the rubric, node and choice order included.
public enum StoryDiagram {
  /// The drawing language.
  public enum Format: String, Sendable, CaseIterable {
    case mermaid
    case dot
  }

  /// The story drawn in `format`, ending with a line break.
  public static func render(_ scenario: Scenario, format: Format, rubric: Rubric = .miti421) -> String {
    let lines =
      switch format {
      case .mermaid: mermaid(scenario, rubric: rubric)
      case .dot: dot(scenario, rubric: rubric)
      }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The longest excerpt of a node's words, in characters.
  static let excerptLength = 40

  static func colour(_ family: TechniqueFamily) -> String {
    switch family {
    case .adherent: "#2e7d32"
    case .nonAdherent: "#c62828"
    case .neutral: "#757575"
    }
  }

  static func fill(_ outcome: Outcome) -> String {
    switch outcome {
    case .positive: "#c8e6c9"
    case .mixed: "#fff3c4"
    case .negative: "#ffcdd2"
    }
  }

  static let legend =
    "arrows: green = MI-adherent choice, red = MI-non-adherent, grey = neutral; dashed = automatic route"

  /// The start of what is said or seen at a node, on one line, cut at a word when long.
  static func excerpt(of node: Node) -> String? {
    guard let text = node.patient ?? node.cue else { return nil }
    let words = text.split(whereSeparator: \.isWhitespace)
    var excerpt = ""
    for word in words {
      let next = excerpt.isEmpty ? String(word) : excerpt + " " + word
      if next.count > excerptLength {
        if excerpt.isEmpty { excerpt = String(next.prefix(excerptLength)) }
        return excerpt + "…"
      }
      excerpt = next
    }
    return excerpt
  }

  /// `text` without control characters or bidirectional controls, which have no place in a
  /// drawing (the loader refuses them, so this only guards).
  static func sanitized(_ text: String) -> String {
    var result = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      result.append(TextPolicy.isForbidden(scalar.value, allowNewlines: false) ? " " : scalar)
    }
    return String(result)
  }

  // MARK: - Mermaid

  /// Text inside a quoted Mermaid label: characters Mermaid or HTML would read specially are
  /// written as Mermaid entity codes (`#quot;`, `#35;`...).
  static func mermaidEscaped(_ text: String) -> String {
    var result = ""
    for character in sanitized(text) {
      switch character {
      case "\"": result += "#quot;"
      case "#": result += "#35;"
      case "&": result += "#amp;"
      case "<": result += "#lt;"
      case ">": result += "#gt;"
      case "\\": result += "#92;"
      case "`": result += "#96;"
      case "|": result += "#124;"
      default: result.append(character)
      }
    }
    return result
  }

  static func mermaid(_ scenario: Scenario, rubric: Rubric) -> [String] {
    var lines = ["flowchart TD"]
    lines.append("  %% " + sanitized("\(scenario.id) \(scenario.version): \(scenario.title)"))
    lines.append("  %% " + legend)
    for (position, node) in scenario.nodes.enumerated() {
      var label = mermaidEscaped(node.id)
      if let excerpt = excerpt(of: node) { label += "<br/>" + mermaidEscaped(excerpt) }
      let shape: (String, String) =
        switch node.content {
        case .choices: ("[", "]")
        case .routes: ("{", "}")
        case .ending(let ending):
          switch ending.outcome {
          case .positive: ("([", "])")
          case .mixed: ("{{", "}}")
          case .negative: ("[/", "\\]")
          }
        }
      lines.append("  n\(position)\(shape.0)\"\(label)\"\(shape.1)")
    }
    var linkStyles: [TechniqueFamily: [Int]] = [:]
    var link = 0
    for (position, node) in scenario.nodes.enumerated() {
      for choice in node.choices {
        lines.append("  n\(position) -->|\"\(mermaidEscaped(choice.id))\"| n\(choice.nextIndex)")
        linkStyles[rubric.family(of: choice.codes), default: []].append(link)
        link += 1
      }
      for route in node.routes {
        let condition = route.condition.map { mermaidEscaped($0.source) } ?? "otherwise"
        lines.append("  n\(position) -.->|\"\(condition)\"| n\(route.nextIndex)")
        link += 1
      }
    }
    lines.append("  classDef start stroke-width:3px")
    for outcome in Outcome.allCases {
      lines.append("  classDef \(outcome.rawValue) fill:\(fill(outcome)),color:#000000")
    }
    lines.append("  class n\(scenario.startIndex) start")
    for outcome in Outcome.allCases {
      let members = scenario.nodes.indices.filter { scenario.nodes[$0].ending?.outcome == outcome }
      if !members.isEmpty {
        lines.append("  class " + members.map { "n\($0)" }.joined(separator: ",") + " \(outcome.rawValue)")
      }
    }
    for family in TechniqueFamily.allCases {
      guard let links = linkStyles[family] else { continue }
      lines.append(
        "  linkStyle " + links.map(String.init).joined(separator: ",")
          + " stroke:\(colour(family)),color:\(colour(family))")
    }
    return lines
  }

  // MARK: - DOT

  /// A DOT quoted string: backslashes and quotes escaped, so Graphviz reads every character as
  /// written (a lone backslash would otherwise start an escape such as `\N`).
  static func dotQuoted(_ text: String) -> String {
    var result = "\""
    for character in sanitized(text) {
      switch character {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      default: result.append(character)
      }
    }
    return result + "\""
  }

  static func dot(_ scenario: Scenario, rubric: Rubric) -> [String] {
    var lines = ["digraph \(dotQuoted(scenario.id)) {"]
    lines.append("  // " + sanitized("\(scenario.id) \(scenario.version): \(scenario.title)"))
    lines.append("  // " + legend)
    lines.append("  graph [rankdir=TB, fontname=\"Helvetica\"];")
    lines.append("  node [fontname=\"Helvetica\", fontsize=10, shape=box, style=\"rounded\"];")
    lines.append("  edge [fontname=\"Helvetica\", fontsize=9];")
    for (position, node) in scenario.nodes.enumerated() {
      // The label's line break is DOT's own \n, added after escaping.
      var label = dotQuoted(node.id)
      if let excerpt = excerpt(of: node) { label = String(label.dropLast()) + "\\n" + dotQuoted(excerpt).dropFirst() }
      var attributes = ["label=\(label)"]
      switch node.content {
      case .choices: break
      case .routes: attributes.append("shape=diamond, style=\"solid\"")
      case .ending(let ending):
        let shape =
          switch ending.outcome {
          case .positive: "ellipse"
          case .mixed: "hexagon"
          case .negative: "trapezium"
          }
        attributes.append("shape=\(shape), style=\"filled\", fillcolor=\"\(fill(ending.outcome))\"")
      }
      if position == scenario.startIndex { attributes.append("penwidth=3") }
      lines.append("  \(dotQuoted(node.id)) [\(attributes.joined(separator: ", "))];")
    }
    for node in scenario.nodes {
      for choice in node.choices {
        let colour = colour(rubric.family(of: choice.codes))
        lines.append(
          "  \(dotQuoted(node.id)) -> \(dotQuoted(choice.next)) "
            + "[label=\(dotQuoted(choice.id)), color=\"\(colour)\", fontcolor=\"\(colour)\"];")
      }
      for route in node.routes {
        let condition = route.condition?.source ?? "otherwise"
        lines.append(
          "  \(dotQuoted(node.id)) -> \(dotQuoted(route.next)) [label=\(dotQuoted(condition)), style=dashed];")
      }
    }
    lines.append("}")
    return lines
  }
}
