import CoachCore
import Foundation
import Mustache

/// The cohort dashboard as a self-contained HTML page: per scenario version, each trainee's
/// headline score over their attempts as small multiples with the band zones drawn, the band
/// distribution, a difficulty table of the decision points coloured as a heat map, and how often
/// each safety task was missed. Every chart has its numbers beside it in text or a table.
public struct CohortPage: Sendable {
  /// What the page shows.
  public var overview: CohortOverview
  /// The filters the attempts were chosen by, in words ("cohort spring", "since 2025-03-01").
  public var filters: [String]

  public init(overview: CohortOverview, filters: [String] = []) {
    self.overview = overview
    self.filters = filters
  }

  /// The page, as UTF-8 HTML text.
  public func render() -> String {
    Self.template.render(CohortView(overview, filters: filters))
  }

  static let template = PageShell.template(body: CohortTemplate.body)

  /// The heat-map step of a share: 0 for none, then up to 5 for 60% and more.
  package static func heat(_ share: Double) -> Int {
    switch share {
    case ..<0.000_1: 0
    case ..<0.1: 1
    case ..<0.25: 2
    case ..<0.4: 3
    case ..<0.6: 4
    default: 5
    }
  }
}

// MARK: - What the template reads

struct CohortView {
  struct BandRow {
    var band: String
    var bandClass: String
    var count: Int
    var share: String
  }

  struct TraineeView {
    var person: String
    var cohort: String?
    var attempts: String
    var scores: String
    var hasChart: Bool
    var chart: Sparkline?
    var label: String
  }

  struct PointRow {
    var node: String
    var speaker: String?
    var line: String?
    var attempts: Int
    var poor: Int
    var share: String
    var heat: Int
    var common: Common?
  }

  struct Common {
    var say: String
    var id: String
    var count: Int
  }

  struct SafetyRow {
    var label: String
    var missed: Int
    var attempts: Int
    var share: String
    var heat: Int
  }

  struct SectionView {
    var id: String
    var scenario: String
    var title: String
    var counts: String
    var thresholds: String
    var hasComplete: Bool
    var bandBar: BandBar
    var bands: [BandRow]
    var trainees: [TraineeView]
    var hasPoints: Bool
    var points: [PointRow]
    var linesMissing: Bool
    var hasSafety: Bool
    var safety: [SafetyRow]
  }

  var pageTitle = "Cohort scores"
  var selection: String
  var summary: String
  var period: String?
  var isEmpty: Bool
  var sections: [SectionView]

  init(_ overview: CohortOverview, filters: [String]) {
    selection = filters.isEmpty ? "All attempts in the database." : "Attempts: " + filters.joined(separator: ", ") + "."
    summary = [
      plural(overview.trainees, "trainee"), plural(overview.attempts, "attempt"), "\(overview.complete) complete",
      plural(overview.sections.count, "scenario version"),
    ].joined(separator: " · ")
    let firsts = overview.sections.compactMap(\.firstDate)
    let lasts = overview.sections.compactMap(\.lastDate)
    period = firsts.min().flatMap { first in
      lasts.max().map { "Complete attempts finished from \(Formatting.day(first)) to \(Formatting.day($0))." }
    }
    isEmpty = overview.sections.isEmpty
    sections = overview.sections.enumerated().map { Self.section($0.element, index: $0.offset) }
  }

  static func section(_ section: CohortOverview.Section, index: Int) -> SectionView {
    let complete = section.complete
    let bands = Band.allCases.map { band in
      let count = section.bands[band] ?? 0
      return BandRow(
        band: band.title, bandClass: band.rawValue, count: count,
        share: complete == 0 ? "–" : Formatting.percent(Double(count) / Double(complete)))
    }
    let first = section.firstDate ?? Date(timeIntervalSince1970: 0)
    let last = section.lastDate ?? first
    let trainees = section.trainees.enumerated().map { offset, series -> TraineeView in
      let person = Formatting.person(id: series.trainee, name: series.name)
      let scores =
        series.points.isEmpty
        ? "No complete attempt."
        : series.points.map { "\(Formatting.score($0.score)) \($0.band.title) (\(Formatting.day($0.date)))" }
          .joined(separator: ", ")
      let attempts =
        series.points.count == series.attempts
        ? plural(series.attempts, "attempt") : "\(plural(series.attempts, "attempt")), \(series.points.count) complete"
      return TraineeView(
        person: person, cohort: series.cohort, attempts: attempts, scores: scores, hasChart: !series.points.isEmpty,
        chart: series.points.isEmpty
          ? nil
          : Sparkline(points: series.points, first: first, last: last, fair: section.fairFrom, good: section.goodFrom),
        label: "s\(index)-t\(offset)")
    }
    let points = section.decisionPoints.map { point in
      PointRow(
        node: point.node, speaker: point.line?.speaker, line: point.line?.text, attempts: point.attempts,
        poor: point.poorAttempts, share: Formatting.percent(point.poorShare), heat: CohortPage.heat(point.poorShare),
        common: point.commonPoorChoice.map { Common(say: $0.say, id: $0.id, count: $0.count) })
    }
    let safety = section.safety.map { rate in
      SafetyRow(
        label: rate.label, missed: rate.missed, attempts: rate.attempts, share: Formatting.percent(rate.missedShare),
        heat: CohortPage.heat(rate.missedShare))
    }
    return SectionView(
      id: "scenario-\(index)", scenario: section.scenario, title: section.title,
      counts: [
        plural(section.trainees.count, "trainee"), plural(section.attempts, "attempt"), "\(complete) complete",
      ].joined(separator: " · "),
      thresholds: "Developing below \(Value.format(section.fairFrom)), Fair from \(Value.format(section.fairFrom)), "
        + "Good from \(Value.format(section.goodFrom)).",
      hasComplete: complete > 0, bandBar: BandBar(counts: section.bands), bands: bands, trainees: trainees,
      hasPoints: !points.isEmpty, points: points,
      linesMissing: section.context?.lines.isEmpty ?? true, hasSafety: !safety.isEmpty, safety: safety)
  }
}

func plural(_ count: Int, _ noun: String) -> String {
  count == 1 ? "1 \(noun)" : "\(count) \(noun)s"
}

package enum CohortTemplate {
  package static let body = """
    <header>
    <p class="meta">Coach · cohort dashboard</p>
    <h1>Cohort scores</h1>
    <p class="meta">{{selection}} {{summary}}.</p>
    {{#period}}<p class="meta">{{period}}</p>{{/period}}
    </header>
    <main>
    {{#isEmpty}}<p>No attempts match.</p>{{/isEmpty}}
    {{#sections}}<section class="scenario" id="{{id}}" aria-labelledby="{{id}}-h">
    <h2 id="{{id}}-h">{{title}} <span class="muted">{{scenario}}</span></h2>
    <p class="meta">{{counts}}. Headline score bands: {{thresholds}}</p>
    {{#hasComplete}}
    <h3>Bands</h3>
    {{#bandBar}}<figure>
    <svg class="band-bar" viewBox="0 0 {{width}} {{height}}" width="{{width}}" height="{{height}}" \
    role="img" aria-labelledby="{{id}}-bands-t">
    <title id="{{id}}-bands-t">Complete attempts by band: {{#segments}}{{text}}; {{/segments}}</title>
    {{#segments}}<rect class="fill-{{band}}" x="{{x}}" y="0" width="{{width}}" height="{{height}}"/>\
    {{#showsLabel}}<text class="bar-label bar-label-{{band}}" x="{{labelX}}" y="19" \
    text-anchor="middle">{{label}}</text>{{/showsLabel}}
    {{/segments}}
    </svg>
    </figure>{{/bandBar}}
    <div class="table-wrap"><table class="bands">
    <caption class="visually-hidden">Complete attempts by band</caption>
    <thead><tr><th scope="col">Band</th><th scope="col" class="num">Attempts</th>\
    <th scope="col" class="num">Share</th></tr></thead>
    <tbody>
    {{#bands}}<tr><th scope="row"><span class="swatch sw-{{bandClass}}" aria-hidden="true"></span>{{band}}</th>\
    <td class="num">{{count}}</td><td class="num">{{share}}</td></tr>
    {{/bands}}
    </tbody></table></div>
    {{/hasComplete}}
    <h3>Headline score over time, per trainee</h3>
    <ul class="legend" aria-hidden="true"><li><span class="swatch sw-zone-good"></span>Good zone</li>\
    <li><span class="swatch sw-zone-fair"></span>Fair zone</li>\
    <li><span class="swatch sw-zone-developing"></span>Developing zone</li>\
    <li>Dashed lines: where Fair and Good begin. Dots: complete attempts, oldest on the left, on one \
    time axis for the whole scenario.</li></ul>
    <ul class="multiples">
    {{#trainees}}<li><figure>
    {{#chart}}<svg class="sparkline" viewBox="0 0 {{width}} {{height}}" width="{{width}}" height="{{height}}" \
    role="img" aria-labelledby="{{label}}-c">
    {{#zones}}<rect class="zone-{{band}}" x="0" y="{{y}}" width="{{width}}" height="{{height}}"/>{{/zones}}
    <line class="threshold" x1="0" x2="{{width}}" y1="{{fairY}}" y2="{{fairY}}"/>\
    <line class="threshold" x1="0" x2="{{width}}" y1="{{goodY}}" y2="{{goodY}}"/>
    <polyline class="spark-line" points="{{points}}"/>
    {{#dots}}<circle class="dot fill-{{band}}" cx="{{x}}" cy="{{y}}" r="3.5"><title>{{text}}</title></circle>{{/dots}}
    </svg>{{/chart}}
    <figcaption id="{{label}}-c"><strong>{{person}}</strong>{{#cohort}} · {{cohort}}{{/cohort}} · {{attempts}}\
    <br>{{scores}}</figcaption>
    </figure></li>
    {{/trainees}}
    </ul>
    {{#hasPoints}}
    <h3>Decision points: where attempts chose a poor response</h3>
    <p class="note">Of the complete attempts that answered each decision point, the share that chose a response \
    the rubric grades poor there, the hardest first. Darker cells: a larger share.{{#linesMissing}} The story \
    file for this version was not found or has changed, so the patient's lines are not shown.{{/linesMissing}}</p>
    <div class="table-wrap"><table class="difficulty">
    <caption class="visually-hidden">Decision points by the share of attempts choosing a poor response</caption>
    <thead><tr><th scope="col">Decision point</th><th scope="col">What the patient says</th>\
    <th scope="col" class="num">Attempts</th><th scope="col" class="num">Chose poorly</th>\
    <th scope="col">Most common poor choice</th></tr></thead>
    <tbody>
    {{#points}}<tr><th scope="row"><code>{{node}}</code></th>\
    <td>{{#line}}<strong>{{speaker}}:</strong> “{{line}}”{{/line}}</td>\
    <td class="num" data-label="Attempts">{{attempts}}</td>\
    <td class="num heat-{{heat}}" data-label="Chose poorly">{{share}} ({{poor}})</td>\
    <td data-label="Most common poor choice">{{#common}}“{{say}}” <span class="codes">({{id}}, {{count}}×)</span>{{/common}}\
    {{^common}}<span class="muted">none</span>{{/common}}</td></tr>
    {{/points}}
    </tbody></table></div>
    {{/hasPoints}}
    {{#hasSafety}}
    <h3>Safety tasks missed</h3>
    <div class="table-wrap"><table class="safety">
    <caption class="visually-hidden">How often each safety task was missed</caption>
    <thead><tr><th scope="col">Safety task</th><th scope="col" class="num">Missed</th>\
    <th scope="col" class="num">Of complete attempts</th><th scope="col" class="num">Rate</th></tr></thead>
    <tbody>
    {{#safety}}<tr><th scope="row">{{label}}</th><td class="num">{{missed}}</td><td class="num">{{attempts}}</td>\
    <td class="num heat-{{heat}}">{{share}}</td></tr>
    {{/safety}}
    </tbody></table></div>
    {{/hasSafety}}
    </section>
    {{/sections}}
    </main>
    """
}
