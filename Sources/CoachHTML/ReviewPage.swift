import CoachCore
import Foundation
import Mustache

/// The after-action review of one attempt as a self-contained HTML page: the score and band with
/// any caps, the metrics against their thresholds, the safety tasks and learning objectives, the
/// ending's debrief, the patient's visible state turn by turn as a line chart, and the whole
/// conversation with each response's grade and feedback and the better option where there was one.
///
/// It renders an `AfterActionReview` and decides nothing itself.
public struct ReviewPage: Sendable {
  /// What the page says about the attempt beyond the review itself.
  public struct Attempt: Sendable {
    /// The attempt's id, when it was recorded.
    public var id: UUID?
    public var trainee: String?
    public var traineeName: String?
    public var mode: AttemptMode
    public var status: AttemptStatus
    public var startedAt: Date?
    /// Notes for the reader, such as a stored score that differs from the recomputation.
    public var notes: [String]

    public init(
      id: UUID? = nil, trainee: String? = nil, traineeName: String? = nil, mode: AttemptMode,
      status: AttemptStatus, startedAt: Date? = nil, notes: [String] = []
    ) {
      self.id = id
      self.trainee = trainee
      self.traineeName = traineeName
      self.mode = mode
      self.status = status
      self.startedAt = startedAt
      self.notes = notes
    }
  }

  /// What the page shows.
  public var review: AfterActionReview
  /// Who made the attempt, when, and in which mode.
  public var attempt: Attempt

  public init(review: AfterActionReview, attempt: Attempt) {
    self.review = review
    self.attempt = attempt
  }

  /// The page, as UTF-8 HTML text.
  public func render() -> String {
    Self.template.render(ReviewView(review, attempt))
  }

  static let template = PageShell.template(body: ReviewTemplate.body)
}

// MARK: - What the template reads

struct ReviewView {
  struct MetricRow {
    var name: String
    var advisory: Bool
    var value: String
    var band: String
    var bandClass: String
    var fair: String
    var good: String
    var bar: MetricBar
  }

  struct Note {
    var title: String
    var display: String
    var meaning: String
    var tip: String?
  }

  struct Task {
    var label: String
    var done: Bool
  }

  struct ObjectiveRow {
    var text: String
    var status: String
    var statusClass: String
  }

  struct Ending {
    var title: String
    var outcome: String
    var debrief: [String]
  }

  struct Option {
    var say: String
    var codes: String
    var why: String?
  }

  struct TurnView {
    var number: Int
    var speaker: String
    var said: String?
    var you: Option
    var grade: String
    var gradeClass: String
    var mark: String
    var feedback: String
    var better: Option?
    var betterIsNeeded: Bool
    var state: String?
    /// What the trainee typed in their own words first, and what Coach heard in it.
    var typed: String?
    var heard: String?
  }

  struct StateTable {
    var headers: [String]
    var rows: [StateRow]
  }

  struct StateRow {
    var turn: String
    var cells: [String]
  }

  var pageTitle: String
  var title: String
  var scenario: String
  var patient: String
  var attemptLine: String
  var unfinished: Bool
  var notes: [String]
  var score: String
  var band: String
  var bandClass: String
  var caps: [String]
  var rule: String
  var formula: String
  var metrics: [MetricRow]
  var mia: String
  var mina: String
  var metricNotes: [Note]
  var hasState: Bool
  var charts: [StateChart]
  var stateTable: StateTable
  var hasSafety: Bool
  var safety: [Task]
  var hasObjectives: Bool
  var objectives: [ObjectiveRow]
  var ending: Ending?
  var hasStrengths: Bool
  var strengths: [String]
  var hasPatterns: Bool
  var patterns: [String]
  var turns: [TurnView]
  var poorCount: String

  init(_ review: AfterActionReview, _ attempt: ReviewPage.Attempt) {
    let report = review.report
    pageTitle = "After-action review: \(review.scenario.title)"
    title = review.scenario.title
    scenario = "\(review.scenario.id)@\(review.scenario.version)"
    patient = review.scenario.patient
    var line: [String] = []
    if let id = attempt.id { line.append("Attempt \(id.uuidString.lowercased().prefix(8))") }
    if let trainee = attempt.trainee, !trainee.isEmpty {
      line.append("by \(Formatting.person(id: trainee, name: attempt.traineeName))")
    }
    line.append(attempt.mode == .assessed ? "assessed" : "practice")
    line.append(attempt.status.rawValue)
    if let started = attempt.startedAt { line.append("started \(Formatting.day(started))") }
    attemptLine = line.joined(separator: " · ")
    unfinished = attempt.status != .complete
    notes = attempt.notes

    score = Formatting.score(report.headlineScore)
    band = report.overallBand.title
    bandClass = Formatting.bandClass(report.overallBand)
    let binding = report.bindingCaps
    caps = (report.caps ?? []).map { cap in
      binding.contains(cap)
        ? "Capped at \(cap.band.title): \(cap.detail)." : "\(cap.band.title) at most: \(cap.detail)."
    }
    rule = report.overallRule
    formula = report.headlineFormula

    let order: [MetricKind] = [
      .reflectionToQuestion, .percentComplexReflections, .percentOpenQuestions, .relational, .technical,
    ]
    metrics = order.compactMap { kind in
      guard let metric = report.metric(kind) else { return nil }
      return MetricRow(
        name: kind.title, advisory: !metric.decidesOverall, value: metric.display, band: metric.band?.title ?? "n/a",
        bandClass: Formatting.bandClass(metric.band), fair: Formatting.threshold(metric.fair, of: kind),
        good: Formatting.threshold(metric.good, of: kind), bar: MetricBar(metric))
    }
    mia = String(report.mia)
    mina = String(report.mina)
    metricNotes = review.metricNotes.map {
      Note(title: $0.kind.title, display: $0.display, meaning: $0.meaning, tip: $0.tip)
    }

    let timeline = review.visibleState
    hasState = !timeline.series.isEmpty
    charts = timeline.series.enumerated().map { StateChart(series: $0.element, index: $0.offset) }
    func shown(_ value: Value) -> String {
      switch value {
      case .number(let number): Value.format(number)
      case .boolean(let flag): flag ? "yes" : "no"
      }
    }
    stateTable = StateTable(
      headers: timeline.series.map(\.label),
      rows: (0...timeline.turnCount).map { turn in
        StateRow(
          turn: turn == 0 ? "Start" : String(turn),
          cells: timeline.series.map { $0.values.indices.contains(turn) ? shown($0.values[turn]) : "" })
      })

    let tasks = report.conclusion?.safety ?? []
    hasSafety = !tasks.isEmpty
    safety = tasks.map { Task(label: $0.label, done: $0.done) }
    hasObjectives = !review.objectives.isEmpty
    objectives = review.objectives.map { objective in
      switch objective.met {
      case true?: ObjectiveRow(text: objective.text, status: "Met", statusClass: "done")
      case false?: ObjectiveRow(text: objective.text, status: "Not met", statusClass: "missed")
      case nil: ObjectiveRow(text: objective.text, status: "Not judged automatically", statusClass: "muted")
      }
    }
    ending = review.ending.map {
      Ending(title: $0.title, outcome: $0.outcome.rawValue, debrief: $0.debrief)
    }
    strengths = review.strengths.map { "Turn \($0.turn): \($0.kind.title): \($0.detail)." }
    patterns = review.patternsToWorkOn.map { "Turn \($0.turn): \($0.kind.title): \($0.detail)." }
    hasStrengths = !strengths.isEmpty
    hasPatterns = !patterns.isEmpty

    func option(_ option: CodedTurn.Option, why: String?) -> Option {
      Option(say: option.say, codes: option.codes.map(\.plainName).joined(separator: ", "), why: why)
    }
    turns = review.turns.map { turn in
      let assessment = turn.assessment
      let grade = assessment.grade ?? (assessment.isPoor ? .poor : .acceptable)
      let after = turn.number
      let state = timeline.series.compactMap { series -> String? in
        guard series.values.indices.contains(after) else { return nil }
        return "\(series.label): \(shown(series.values[after]))"
      }
      return TurnView(
        number: turn.number, speaker: turn.speaker, said: turn.patientSaid,
        you: option(assessment.choice, why: nil), grade: grade.title, gradeClass: grade.rawValue,
        mark: grade.mark.rawValue, feedback: assessment.feedback,
        better: assessment.betterOption.map { option($0, why: $0.feedback) }, betterIsNeeded: assessment.isPoor,
        state: state.isEmpty ? nil : "After this turn: " + state.joined(separator: ", "), typed: turn.typed,
        heard: turn.heard.map { "Coach heard (approximate): " + $0.heard })
    }
    let poor = review.turnsToRevisit.count
    poorCount = poor == 0 ? "No turn was poor." : poor == 1 ? "1 turn to revisit." : "\(poor) turns to revisit."
  }
}

package enum ReviewTemplate {
  package static let body = """
    <header>
    <p class="meta">After-action review · {{scenario}}</p>
    <h1>{{title}}</h1>
    <p class="meta">With {{patient}} · {{attemptLine}}</p>
    </header>
    <main>
    {{#unfinished}}<p class="warning">Not finished: the review covers the turns so far.</p>{{/unfinished}}
    {{#notes}}<p class="warning">{{.}}</p>{{/notes}}
    <section aria-labelledby="score-h">
    <h2 id="score-h">Score</h2>
    <div class="summary"><p><span class="score">{{score}}</span>/100</p>\
    <p><span class="band band-{{bandClass}}">{{band}}</span></p></div>
    {{#caps}}<p class="warning">{{.}}</p>{{/caps}}
    <p class="note">Band: {{rule}}.</p>
    <p class="note">Score: {{formula}}.</p>
    </section>
    <section aria-labelledby="metrics-h">
    <h2 id="metrics-h">Technique against the MITI thresholds</h2>
    <div class="table-wrap"><table id="metrics">
    <caption class="visually-hidden">Each metric, its value, its band and the fair and good thresholds</caption>
    <thead><tr><th scope="col">Metric</th><th scope="col" class="num">Value</th><th scope="col">Band</th>\
    <th scope="col" class="num">Fair from</th><th scope="col" class="num">Good from</th>\
    <th scope="col" class="bar-cell"><span class="visually-hidden">Bar</span></th></tr></thead>
    <tbody>
    {{#metrics}}<tr><th scope="row">{{name}}{{#advisory}} <span class="muted">(advisory)</span>{{/advisory}}</th>\
    <td class="num">{{value}}</td><td><span class="band band-{{bandClass}}">{{band}}</span></td>\
    <td class="num">{{fair}}</td><td class="num">{{good}}</td>\
    <td class="bar-cell">{{#bar}}<svg viewBox="0 0 {{width}} {{height}}" width="{{width}}" height="{{height}}" aria-hidden="true" \
    focusable="false"><rect class="track" x="0" y="3" width="{{width}}" height="10"/>\
    <rect class="fill-{{bandClass}}" x="0" y="3" width="{{valueWidth}}" height="10"/>\
    <line class="threshold" x1="{{fairX}}" x2="{{fairX}}" y1="0" y2="16"/>\
    <line class="threshold" x1="{{goodX}}" x2="{{goodX}}" y1="0" y2="16"/></svg>{{/bar}}</td></tr>
    {{/metrics}}
    <tr><th scope="row">MI-adherent (MIA)</th><td class="num">{{mia}}</td><td colspan="4" class="muted">\
    no threshold in MITI</td></tr>
    <tr><th scope="row">MI-non-adherent (MINA)</th><td class="num">{{mina}}</td><td colspan="4" class="muted">\
    no threshold in MITI</td></tr>
    </tbody></table></div>
    <p class="note">Bars: the value on its scale; the dashed marks are the fair and good thresholds.</p>
    <ul class="plain">
    {{#metricNotes}}<li><strong>{{title}}</strong> ({{display}}): {{meaning}}{{#tip}} <em>Tip: {{tip}}</em>{{/tip}}</li>
    {{/metricNotes}}
    </ul>
    </section>
    {{#hasSafety}}<section aria-labelledby="safety-h">
    <h2 id="safety-h">Safety tasks</h2>
    <ul class="plain" id="safety">
    {{#safety}}<li>{{#done}}<span class="done">✔ Done:</span>{{/done}}{{^done}}<span class="missed">✘ Missed:\
    </span>{{/done}} {{label}}</li>
    {{/safety}}
    </ul>
    </section>{{/hasSafety}}
    {{#hasObjectives}}<section aria-labelledby="objectives-h">
    <h2 id="objectives-h">Learning objectives</h2>
    <ul class="plain" id="objectives">
    {{#objectives}}<li><span class="{{statusClass}}">{{status}}:</span> {{text}}</li>
    {{/objectives}}
    </ul>
    </section>{{/hasObjectives}}
    {{#ending}}<section aria-labelledby="ending-h">
    <h2 id="ending-h">Ending: {{title}} ({{outcome}})</h2>
    {{#debrief}}<p>{{.}}</p>
    {{/debrief}}
    </section>{{/ending}}
    {{#hasState}}<section aria-labelledby="state-h">
    <h2 id="state-h">{{patient}}'s state, turn by turn</h2>
    <p class="note">What the meters showed during play, at the start and after each response.</p>
    {{#charts}}<figure>
    <svg id="{{id}}" class="state-chart" viewBox="0 0 {{width}} {{height}}" width="{{width}}" height="{{height}}" \
    role="img" aria-labelledby="{{id}}-t {{id}}-d">
    <title id="{{id}}-t">{{label}}, turn by turn</title>
    <desc id="{{id}}-d">{{description}}</desc>
    {{#ticks}}<line class="grid-line" x1="{{left}}" x2="{{right}}" y1="{{y}}" y2="{{y}}"/>\
    <text x="{{left}}" dx="-6" y="{{textY}}" text-anchor="end">{{text}}</text>
    {{/ticks}}
    <line class="axis" x1="{{left}}" x2="{{right}}" y1="{{bottom}}" y2="{{bottom}}"/>
    {{#xTicks}}<text x="{{x}}" y="{{bottom}}" dy="15" text-anchor="middle">{{text}}</text>
    {{/xTicks}}
    <text x="{{right}}" y="{{axisLabelY}}" text-anchor="end">turn</text>
    <polyline class="line series-{{index}}" points="{{points}}"/>
    {{#dots}}<circle class="dot series-{{index}}" cx="{{x}}" cy="{{y}}" r="4"><title>{{text}}</title></circle>
    {{/dots}}
    </svg>
    <figcaption>{{label}} at the start and after each turn; the table below gives every value.</figcaption>
    </figure>
    {{/charts}}
    <div class="table-wrap"><table id="state-table">
    <caption>{{patient}}'s visible state after each turn</caption>
    <thead><tr><th scope="col">Turn</th>{{#stateTable.headers}}<th scope="col" class="num">{{.}}</th>\
    {{/stateTable.headers}}</tr></thead>
    <tbody>
    {{#stateTable.rows}}<tr><th scope="row">{{turn}}</th>{{#cells}}<td class="num">{{.}}</td>{{/cells}}</tr>
    {{/stateTable.rows}}
    </tbody></table></div>
    </section>{{/hasState}}
    {{#hasStrengths}}<section aria-labelledby="strengths-h">
    <h2 id="strengths-h">Strengths</h2>
    <ul>{{#strengths}}<li>{{.}}</li>{{/strengths}}</ul>
    </section>{{/hasStrengths}}
    {{#hasPatterns}}<section aria-labelledby="patterns-h">
    <h2 id="patterns-h">Patterns to work on</h2>
    <ul>{{#patterns}}<li>{{.}}</li>{{/patterns}}</ul>
    </section>{{/hasPatterns}}
    <section aria-labelledby="turns-h">
    <h2 id="turns-h">The conversation, turn by turn</h2>
    <p class="note">{{poorCount}} Grades: Best and Good ✔, Acceptable •, Poor ✘.</p>
    <ol class="turns" id="turns">
    {{#turns}}<li class="turn turn-{{gradeClass}}">
    <h3>Turn {{number}} · <span class="grade">{{mark}} {{grade}}</span></h3>
    {{#said}}<p class="said"><strong>{{speaker}}:</strong> “{{said}}”</p>{{/said}}
    {{#typed}}<p class="typed"><strong>In your own words:</strong> “{{typed}}”</p>{{/typed}}
    {{#heard}}<p class="note">{{heard}}</p>{{/heard}}
    {{#you}}<p><strong>You:</strong> “{{say}}” <span class="codes">({{codes}})</span></p>{{/you}}
    <p>{{feedback}}</p>
    {{#better}}<div class="better"><p><strong>{{#betterIsNeeded}}Better{{/betterIsNeeded}}\
    {{^betterIsNeeded}}Stronger{{/betterIsNeeded}}:</strong> “{{say}}” <span class="codes">({{codes}})</span></p>
    {{#why}}<p><strong>Why it is better:</strong> {{why}}</p>{{/why}}</div>{{/better}}
    {{#state}}<p class="state">{{state}}</p>{{/state}}
    </li>
    {{/turns}}
    </ol>
    </section>
    </main>
    """
}
