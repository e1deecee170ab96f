import CoachCore
import Foundation

// The charts' geometry, computed here so the templates only place numbers. Every chart has a
// text equivalent on the page (a table or a caption); the SVG carries a title and description
// for screen readers too.

/// A line chart of one visible state variable over the turns of a conversation.
struct StateChart {
  struct Tick {
    var y: String
    var textY: String
    var text: String
  }

  struct XTick {
    var x: String
    var text: String
  }

  struct Dot {
    var x: String
    var y: String
    var text: String
  }

  var id: String
  var index: Int
  var label: String
  var description: String
  let width = 720
  let height = 200
  var left: String
  var right: String
  var top: String
  var bottom: String
  var axisLabelY: String
  var ticks: [Tick]
  var xTicks: [XTick]
  var points: String
  var dots: [Dot]

  static let margin = (left: 44.0, right: 14.0, top: 12.0, bottom: 34.0)

  init(series: StateTimeline.Series, index: Int) {
    id = "state-\(index)"
    self.index = index
    label = series.label
    let values = series.values.map { value -> Double in
      switch value {
      case .number(let number): number
      case .boolean(let flag): flag ? 1 : 0
      }
    }
    let isBoolean = series.type == .boolean
    var low: Double
    var high: Double
    if isBoolean {
      (low, high) = (0, 1)
    } else {
      low = values.min() ?? 0
      high = values.max() ?? 1
      // The declared clamp when it is a readable range, so a meter near its top looks it.
      if let min = series.min, let max = series.max, max > min, max - min <= 100 {
        low = Swift.min(low, min)
        high = Swift.max(high, max)
      }
      if high == low {
        low -= 1
        high += 1
      }
    }
    let margin = Self.margin
    let plotWidth = Double(width) - margin.left - margin.right
    let plotHeight = Double(height) - margin.top - margin.bottom
    let steps = max(values.count - 1, 1)
    func x(_ turn: Int) -> Double { margin.left + plotWidth * Double(turn) / Double(steps) }
    func y(_ value: Double) -> Double { margin.top + plotHeight * (1 - (value - low) / (high - low)) }
    left = Formatting.coordinate(margin.left)
    right = Formatting.coordinate(Double(width) - margin.right)
    top = Formatting.coordinate(margin.top)
    bottom = Formatting.coordinate(margin.top + plotHeight)
    axisLabelY = Formatting.coordinate(Double(height) - 4)

    let tickValues: [Double]
    if isBoolean {
      tickValues = [0, 1]
    } else {
      let span = high - low
      let step: Double = span <= 8 ? 1 : span <= 20 ? 2 : span <= 50 ? 5 : span <= 100 ? 10 : (span / 5).rounded(.up)
      var tick = (low / step).rounded(.up) * step
      var all: [Double] = []
      while tick <= high + 1e-9, all.count < 12 {
        all.append(tick)
        tick += step
      }
      tickValues = all
    }
    ticks = tickValues.map { value in
      Tick(
        y: Formatting.coordinate(y(value)), textY: Formatting.coordinate(y(value) + 4),
        text: isBoolean ? (value == 1 ? "yes" : "no") : Value.format(value))
    }
    let every = max(1, Int((Double(values.count) / 12).rounded(.up)))
    xTicks = values.indices.filter { $0 % every == 0 || $0 == values.count - 1 }.map {
      XTick(x: Formatting.coordinate(x($0)), text: $0 == 0 ? "start" : String($0))
    }
    let coordinates = values.enumerated().map { (x($0.offset), y($0.element)) }
    points = coordinates.map { "\(Formatting.coordinate($0.0)),\(Formatting.coordinate($0.1))" }.joined(separator: " ")
    func shown(_ value: Value) -> String {
      switch value {
      case .number(let number): Value.format(number)
      case .boolean(let flag): flag ? "yes" : "no"
      }
    }
    dots = zip(coordinates, series.values).enumerated().map { turn, pair in
      Dot(
        x: Formatting.coordinate(pair.0.0), y: Formatting.coordinate(pair.0.1),
        text: (turn == 0 ? "At the start" : "After turn \(turn)") + ": \(shown(pair.1))")
    }
    description =
      "\(series.label) at the start and after each turn: "
      + series.values.map(shown).joined(separator: ", ") + "."
  }
}

/// A bar for one metric inside its table row: the value on its scale, with the fair and good
/// thresholds marked. Decorative: the row states the same numbers in words.
struct MetricBar {
  let width = 150
  let height = 16
  var valueWidth: String
  var fairX: String
  var goodX: String
  var bandClass: String

  init(_ metric: Metric) {
    let usable = Double(width)
    valueWidth = Formatting.coordinate(usable * (metric.value.map { Formatting.fraction($0, of: metric.kind) } ?? 0))
    fairX = Formatting.coordinate(usable * Formatting.fraction(metric.fair, of: metric.kind))
    goodX = Formatting.coordinate(usable * Formatting.fraction(metric.good, of: metric.kind))
    bandClass = Formatting.bandClass(metric.band)
  }
}

/// One trainee's headline scores over time, with the band zones drawn behind them: a small
/// multiple on the cohort page. The caption beside it lists the same scores in words.
struct Sparkline {
  struct Zone {
    var band: String
    var y: String
    var height: String
  }

  struct Dot {
    var x: String
    var y: String
    var band: String
    var text: String
  }

  let width = 220
  let height = 64
  var zones: [Zone]
  var points: String
  var dots: [Dot]
  var fairY: String
  var goodY: String
  var right: String

  static let padding = 5.0

  /// `first...last` is the section's time axis, shared by every trainee so that the small
  /// multiples line up.
  init(points series: [CohortOverview.TraineeSeries.Point], first: Date, last: Date, fair: Double, good: Double) {
    let padding = Self.padding
    let plotWidth = Double(width) - 2 * padding
    let plotHeight = Double(height) - 2 * padding
    func y(_ score: Double) -> Double { padding + plotHeight * (1 - min(max(score, 0), 100) / 100) }
    let span = last.timeIntervalSince(first)
    func x(_ date: Date, _ index: Int) -> Double {
      guard span > 0 else {
        return series.count <= 1
          ? padding + plotWidth / 2 : padding + plotWidth * Double(index) / Double(series.count - 1)
      }
      return padding + plotWidth * date.timeIntervalSince(first) / span
    }
    let top = padding
    let bottom = padding + plotHeight
    zones = [
      Zone(band: "good", y: Formatting.coordinate(top), height: Formatting.coordinate(y(good) - top)),
      Zone(band: "fair", y: Formatting.coordinate(y(good)), height: Formatting.coordinate(y(fair) - y(good))),
      Zone(band: "developing", y: Formatting.coordinate(y(fair)), height: Formatting.coordinate(bottom - y(fair))),
    ]
    fairY = Formatting.coordinate(y(fair))
    goodY = Formatting.coordinate(y(good))
    right = Formatting.coordinate(Double(width) - padding)
    let coordinates = series.enumerated().map { (x($0.element.date, $0.offset), y($0.element.score)) }
    points = coordinates.map { "\(Formatting.coordinate($0.0)),\(Formatting.coordinate($0.1))" }.joined(separator: " ")
    dots = zip(series, coordinates).map { point, xy in
      Dot(
        x: Formatting.coordinate(xy.0), y: Formatting.coordinate(xy.1), band: point.band.rawValue,
        text: "\(Formatting.day(point.date)): \(Formatting.score(point.score)) \(point.band.title)")
    }
  }
}

/// A cohort's attempts by band as one stacked bar: Developing, Fair, Good from the left.
struct BandBar {
  struct Segment {
    var band: String
    var x: String
    var width: String
    var labelX: String
    var label: String
    var showsLabel: Bool
    var text: String
  }

  let width = 560
  let height = 30
  var segments: [Segment]

  init(counts: [Band: Int]) {
    let total = Band.allCases.reduce(0) { $0 + (counts[$1] ?? 0) }
    var x = 0.0
    segments = Band.allCases.compactMap { band in
      let count = counts[band] ?? 0
      guard total > 0, count > 0 else { return nil }
      let share = Double(count) / Double(total)
      let segment = Double(560) * share
      defer { x += segment }
      return Segment(
        band: band.rawValue, x: Formatting.coordinate(x), width: Formatting.coordinate(segment),
        labelX: Formatting.coordinate(x + segment / 2), label: Formatting.percent(share), showsLabel: segment >= 36,
        text: "\(band.title): \(count) (\(Formatting.percent(share)))")
    }
  }
}
