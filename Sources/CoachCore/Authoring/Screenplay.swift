/// A story as a screenplay, for proofreading: every node in file order with the responses that can
/// lead into it (so that a line that does not follow from one of them shows), the patient's words
/// and cue with their variants, the responses with codes, grades, conditions, effects and
/// feedback, the routes, and the endings with their debriefs. `coach script` prints it as Markdown
/// or as one self-contained HTML page; every text from the file is escaped for the format.
package struct Screenplay: Sendable {
  package enum Format: String, Sendable, CaseIterable {
    case markdown, html
  }

  let scenario: Scenario
  let rubric: Rubric

  package init(_ scenario: Scenario, rubric: Rubric = .miti421) {
    self.scenario = scenario
    self.rubric = rubric
  }

  /// The screenplay in `format`.
  package func render(_ format: Format) -> String {
    var writer: any ScreenplayWriter =
      switch format {
      case .markdown: MarkdownScreenplay()
      case .html: HTMLScreenplay()
      }
    write(into: &writer)
    return writer.finished()
  }

  // MARK: - What the page says

  /// A response that leads into a node: the choice, where it is made, and the routes passed on
  /// the way.
  struct Arrival {
    var choice: Choice
    var from: String
    var via: [(node: String, position: Int, condition: String?)]
  }

  /// For each node, the responses that lead into it, directly or through route nodes, in file
  /// order.
  func arrivals() -> [[Arrival]] {
    let nodes = scenario.nodes
    var direct = [[Arrival]](repeating: [], count: nodes.count)
    var routesInto = [[(from: Int, position: Int, route: Route)]](repeating: [], count: nodes.count)
    for (index, node) in nodes.enumerated() {
      for choice in node.choices {
        if let target = scenario.index(ofNode: choice.next) {
          direct[target].append(Arrival(choice: choice, from: node.id, via: []))
        }
      }
      for (position, route) in node.routes.enumerated() {
        if let target = scenario.index(ofNode: route.next) {
          routesInto[target].append((index, position, route))
        }
      }
    }
    var memo = [[Arrival]?](repeating: nil, count: nodes.count)
    func all(_ node: Int, depth: Int) -> [Arrival] {
      if let known = memo[node] { return known }
      var result = direct[node]
      // Route cycles are refused when a story loads; the depth is a second guard.
      if depth < nodes.count {
        for (from, position, route) in routesInto[node] {
          let step = (node: nodes[from].id, position: position + 1, condition: route.condition?.source)
          result += all(from, depth: depth + 1).map { arrival in
            var arrival = arrival
            arrival.via.append(step)
            return arrival
          }
        }
      }
      memo[node] = result
      return result
    }
    return nodes.indices.map { all($0, depth: 0) }
  }

  private func write(into writer: inout any ScreenplayWriter) {
    writer.title(scenario.title, subtitle: "\(scenario.id) \(scenario.version)")
    writer.paragraph([
      .plain("A screenplay for proofreading, from "), .code("coach script"),
      .plain(". Training material, not clinical guidance."),
    ])
    writer.field("Summary", scenario.summary)
    writer.field("Role", scenario.role)
    writer.field("Setting", scenario.setting)
    let age = scenario.patient.age.map { ", \($0)" } ?? ""
    writer.field("Patient", "\(scenario.patient.name)\(age). \(scenario.patient.background)")
    writer.heading("Learning objectives", level: 2, anchor: nil)
    writer.list(
      scenario.objectives.map { objective in
        [.plain(objective.text)] + (objective.met.map { [.plain(" (met when "), .code($0.source), .plain(")")] } ?? [])
      })
    if !scenario.safetyTasks.isEmpty {
      writer.heading("Safety tasks", level: 2, anchor: nil)
      writer.list(
        scenario.safetyTasks.map {
          [.code($0.id), .plain(": \($0.label) (done when "), .code($0.done.source), .plain(")")]
        })
    }
    if !scenario.variables.isEmpty {
      writer.heading("State", level: 2, anchor: nil)
      writer.list(
        scenario.variables.map { variable in
          var text = ": \(variable.label), starts at \(variable.initial)"
          if variable.min != nil || variable.max != nil {
            text +=
              ", kept within \(variable.min.map { Value.format($0) } ?? "-∞") to \(variable.max.map { Value.format($0) } ?? "∞")"
          }
          if variable.visible { text += ", shown to the trainee as a meter" }
          return [.code(variable.name), .plain(text)]
        })
    }

    let arrivals = arrivals()
    for (index, node) in scenario.nodes.enumerated() {
      writeNode(
        node, arrivals: arrivals[index], isStart: index == scenario.index(ofNode: scenario.start), into: &writer)
    }

    if !scenario.walkthroughs.isEmpty {
      writer.heading("Walkthroughs", level: 2, anchor: nil)
      writer.list(
        scenario.walkthroughs.map { walkthrough in
          var spans: [Span] = [.strong(walkthrough.name), .plain(": ")]
          for (offset, choice) in walkthrough.choices.enumerated() {
            if offset > 0 { spans.append(.plain(", ")) }
            spans.append(.code(choice))
          }
          if let ending = walkthrough.expectation.ending {
            spans += [.plain(" → "), .link(ending)]
          }
          return spans
        })
    }
  }

  private func writeNode(_ node: Node, arrivals: [Arrival], isStart: Bool, into writer: inout any ScreenplayWriter) {
    let kind =
      switch node.content {
      case .choices: "decision point"
      case .routes: "route"
      case .ending(let ending): "ending, \(ending.outcome.rawValue)"
      }
    writer.rule()
    writer.heading(node.id, level: 2, anchor: node.id)
    writer.paragraph([.emphasis(kind + (isStart ? " · the story starts here" : ""))])
    if !arrivals.isEmpty {
      writer.label("Led here by")
      writer.list(
        arrivals.map { arrival in
          var spans: [Span] = [.code(arrival.choice.id), .plain(" at "), .link(arrival.from)]
          for step in arrival.via {
            spans += [.plain(", then route \(step.position) of "), .link(step.node)]
            spans += step.condition.map { [.plain(" if "), .code($0)] } ?? [.plain(" (otherwise)")]
          }
          return spans + [.plain(": ")] + wording(arrival.choice.sayText)
        })
    } else if !isStart {
      writer.paragraph([.emphasis("Nothing leads here.")])
    }
    if let cue = node.cueText {
      writer.paragraph([.strong("Cue:"), .plain(" ")] + wording(cue))
    }
    if let words = node.patientText {
      writer.paragraph([.strong("\(node.speaker ?? scenario.patient.name):"), .plain(" ")] + wording(words))
    }
    if let talk = node.talk {
      writer.paragraph([.emphasis("Talk: \(talk.rawValue)")])
    }
    if let hint = node.hint {
      writer.paragraph([.emphasis("Hint: \(hint)")])
    }
    switch node.content {
    case .choices(let choices):
      if node.weight != 1 { writer.paragraph([.emphasis("Weight \(Value.format(node.weight))")]) }
      let grades = rubric.grades(choices.map(CodedTurn.Option.init))
      writer.label("Responses")
      writer.numbered(
        choices.enumerated().map { position, choice in
          var spans: [Span] = [.code(choice.id), .plain(" ")] + wording(choice.sayText)
          var details = [choice.codes.map(\.plainName).joined(separator: ", ")]
          details.append((choice.grade ?? grades[position]).rawValue + (choice.grade == nil ? " (from the codes)" : ""))
          spans += [.plain(" — " + details.joined(separator: " · "))]
          if let condition = choice.condition { spans += [.plain(" · offered if "), .code(condition.source)] }
          for effect in choice.effects { spans += [.plain(" · "), .code(effect.source)] }
          spans += [.plain(" → "), .link(choice.next), .break, .emphasis(choice.feedback)]
          return spans
        })
    case .routes(let routes):
      writer.label("Routes")
      writer.numbered(
        routes.map { route in
          (route.condition.map { [.plain("if "), .code($0.source)] } ?? [.plain("otherwise")])
            + [.plain(" → "), .link(route.next)]
        })
    case .ending(let ending):
      writer.paragraph([.strong("Ending:"), .plain(" \(ending.title) (\(ending.outcome.rawValue))")])
      writer.label("Debrief")
      writer.list(
        ending.paragraphs.map { paragraph in
          (paragraph.condition.map { [.plain("if "), .code($0.source), .plain(": ")] } ?? [])
            + wording(paragraph.wording)
        })
    }
  }

  /// A text, or its variants: "if rapport >= 2: “…” · otherwise: “…”".
  private func wording(_ text: VaryingText) -> [Span] {
    guard text.varies else { return [.quote(text.fallback)] }
    var spans: [Span] = []
    for variant in text.variants {
      spans.append(.break)
      if let condition = variant.condition {
        spans += [.plain("if "), .code(condition.source), .plain(": ")]
      } else {
        spans.append(.plain("otherwise: "))
      }
      spans.append(.quote(variant.text))
    }
    return spans
  }
}

/// A piece of inline text, escaped by the writer for its format.
enum Span: Equatable {
  case plain(String)
  case quote(String)
  case code(String)
  case strong(String)
  case emphasis(String)
  /// A node id, linked to its section.
  case link(String)
  /// A line break within an item.
  case `break`
}

protocol ScreenplayWriter {
  mutating func title(_ title: String, subtitle: String)
  mutating func heading(_ text: String, level: Int, anchor: String?)
  mutating func paragraph(_ spans: [Span])
  mutating func field(_ name: String, _ value: String)
  mutating func label(_ text: String)
  mutating func list(_ items: [[Span]])
  mutating func numbered(_ items: [[Span]])
  mutating func rule()
  func finished() -> String
}

/// Markdown: text is escaped so that nothing in a story's words is read as Markdown or HTML.
struct MarkdownScreenplay: ScreenplayWriter {
  var lines: [String] = []

  static func escape(_ text: String) -> String {
    var result = ""
    for character in text {
      switch character {
      case "\\", "`", "*", "_", "[", "]", "<", ">", "#", "|", "~", "!":
        result.append("\\")
        result.append(character)
      case "\n":
        result += "<br>"
      default:
        result.append(character)
      }
    }
    return result
  }

  func inline(_ spans: [Span], indent: String) -> String {
    spans.map { span in
      switch span {
      case .plain(let text): Self.escape(text)
      case .quote(let text): "“" + Self.escape(text) + "”"
      case .code(let text): "`" + text.replacingBackticks + "`"
      case .strong(let text): "**" + Self.escape(text) + "**"
      case .emphasis(let text): "*" + Self.escape(text) + "*"
      case .link(let id): "[`\(id.replacingBackticks)`](#\(MarkdownScreenplay.anchor(id)))"
      case .break: "  \n" + indent
      }
    }.joined()
  }

  /// The anchor GitHub and most renderers give a heading that starts with the node id.
  static func anchor(_ id: String) -> String {
    String(id.lowercased().filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
  }

  mutating func title(_ title: String, subtitle: String) {
    lines += ["# " + Self.escape(title), "", "`" + subtitle.replacingBackticks + "`", ""]
  }

  mutating func heading(_ text: String, level: Int, anchor: String?) {
    lines += [String(repeating: "#", count: level) + " " + Self.escape(text), ""]
  }

  mutating func paragraph(_ spans: [Span]) {
    lines += [inline(spans, indent: ""), ""]
  }

  mutating func field(_ name: String, _ value: String) {
    lines += ["**\(Self.escape(name)).** " + Self.escape(value), ""]
  }

  mutating func label(_ text: String) {
    lines += ["**\(Self.escape(text))**", ""]
  }

  mutating func list(_ items: [[Span]]) {
    lines += items.map { "- " + inline($0, indent: "  ") } + [""]
  }

  mutating func numbered(_ items: [[Span]]) {
    lines += items.enumerated().map { "\($0.offset + 1). " + inline($0.element, indent: "   ") } + [""]
  }

  mutating func rule() {
    lines += ["---", ""]
  }

  func finished() -> String {
    var text = lines.joined(separator: "\n")
    while text.hasSuffix("\n\n") { text.removeLast() }
    return text.hasSuffix("\n") ? text : text + "\n"
  }
}

/// One self-contained HTML page: no scripts, no outside resources, every text escaped.
struct HTMLScreenplay: ScreenplayWriter {
  var body: [String] = []
  var pageTitle = ""

  static func escape(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for character in text {
      switch character {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&#39;"
      case "\n": result += "<br>"
      default: result.append(character)
      }
    }
    return result
  }

  /// An id attribute for a node: its characters are letters, digits, '-', '_' and '.', which are
  /// all allowed; escaped all the same.
  static func anchor(_ id: String) -> String { "node-" + escape(id) }

  func inline(_ spans: [Span]) -> String {
    spans.map { span in
      switch span {
      case .plain(let text): Self.escape(text)
      case .quote(let text): "<q>" + Self.escape(text) + "</q>"
      case .code(let text): "<code>" + Self.escape(text) + "</code>"
      case .strong(let text): "<strong>" + Self.escape(text) + "</strong>"
      case .emphasis(let text): "<em>" + Self.escape(text) + "</em>"
      case .link(let id): "<a href=\"#\(Self.anchor(id))\"><code>\(Self.escape(id))</code></a>"
      case .break: "<br>"
      }
    }.joined()
  }

  mutating func title(_ title: String, subtitle: String) {
    pageTitle = title
    body += ["<h1>\(Self.escape(title))</h1>", "<p class=\"id\"><code>\(Self.escape(subtitle))</code></p>"]
  }

  mutating func heading(_ text: String, level: Int, anchor: String?) {
    let id = anchor.map { " id=\"\(Self.anchor($0))\"" } ?? ""
    body.append("<h\(level)\(id)>\(Self.escape(text))</h\(level)>")
  }

  mutating func paragraph(_ spans: [Span]) {
    body.append("<p>\(inline(spans))</p>")
  }

  mutating func field(_ name: String, _ value: String) {
    body.append("<p><strong>\(Self.escape(name)).</strong> \(Self.escape(value))</p>")
  }

  mutating func label(_ text: String) {
    body.append("<p class=\"label\">\(Self.escape(text))</p>")
  }

  mutating func list(_ items: [[Span]]) {
    body.append("<ul>" + items.map { "<li>\(inline($0))</li>" }.joined() + "</ul>")
  }

  mutating func numbered(_ items: [[Span]]) {
    body.append("<ol>" + items.map { "<li>\(inline($0))</li>" }.joined() + "</ol>")
  }

  mutating func rule() {
    body.append("<hr>")
  }

  func finished() -> String {
    """
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>\(Self.escape(pageTitle)): screenplay</title>
    <style>
    body { font: 16px/1.5 system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; }
    h1 { margin-bottom: 0; } h2 { margin-top: 2rem; } .id { color: #555; margin-top: 0; }
    code { background: #f2f2f2; padding: 0 .2em; border-radius: 3px; }
    q { quotes: "“" "”"; } .label { font-weight: 600; margin-bottom: .2rem; }
    li { margin: .4rem 0; } hr { border: 0; border-top: 1px solid #ddd; margin: 2rem 0 0; }
    em { color: #444; }
    </style>
    </head>
    <body>
    \(body.joined(separator: "\n"))
    </body>
    </html>

    """
  }
}

extension String {
  /// Backticks in code spans would end them early: replaced by a look-alike.
  fileprivate var replacingBackticks: String {
    String(map { $0 == "`" ? "ˋ" : $0 })
  }
}
