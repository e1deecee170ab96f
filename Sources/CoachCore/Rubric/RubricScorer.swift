extension Rubric {
  /// Scores a transcript: counts behaviours, rates the global scores turn by turn, detects
  /// patterns, computes the summary metrics and bands, applies the caps of the conclusion, and
  /// places the headline score inside the band.
  public func score(_ transcript: Transcript) -> SessionReport {
    var counts = Dictionary(uniqueKeysWithValues: Behaviour.allCases.map { ($0, 0) })
    let patterns = PatternDetector.detect(transcript.turns, rubric: self)
    let patternsByTurn = Dictionary(grouping: patterns, by: \.turn)
    var ratings = GlobalRatings(rubric: self)
    var assessments: [TurnAssessment] = []
    assessments.reserveCapacity(transcript.turns.count)

    for (index, turn) in transcript.turns.enumerated() {
      // Each behaviour is counted at most once per turn.
      for behaviour in Set(turn.chosen.codes.flatMap { rule(for: $0).counts }) {
        counts[behaviour, default: 0] += 1
      }
      let movement = globalMovement(codes: turn.chosen.codes, explicit: turn.chosen.globals)
      var rated = movement
      for finding in patternsByTurn[index + 1] ?? [] {
        for (score, delta) in self.patterns[finding.kind] ?? [:] { rated[score, default: .zero] += delta }
      }
      ratings.add(rated, weight: turn.weight ?? 1)
      assessments.append(
        assess(
          turn, number: index + 1, movement: movement,
          patterns: (patternsByTurn[index + 1] ?? []).map(\.kind)))
    }
    let globals = ratings.globals

    let reflections = counts[.simpleReflection, default: 0] + counts[.complexReflection, default: 0]
    let questions = counts[.question, default: 0]
    let openAndClosed = counts[.openQuestion, default: 0] + counts[.closedQuestion, default: 0]
    var metrics: [Metric] = [
      average(.relational, globals[.partnership]!, globals[.empathy]!),
      average(.technical, globals[.cultivatingChangeTalk]!, globals[.softeningSustainTalk]!),
      ratio(.percentComplexReflections, Ratio(counts[.complexReflection, default: 0], reflections)),
      ratio(.reflectionToQuestion, Ratio(reflections, questions)),
      ratio(.percentOpenQuestions, Ratio(counts[.openQuestion, default: 0], openAndClosed)),
    ]
    for index in metrics.indices { metrics[index].decidesOverall = overall.contains(metrics[index].kind) }
    // With no deciding metric shown (every one n/a), there is no evidence of proficiency yet.
    let metricBand = metrics.filter { $0.decidesOverall }.compactMap(\.band).min() ?? .developing
    let caps = self.caps(for: transcript.conclusion)
    let band = ([metricBand] + caps.map(\.band)).min()!
    let mia = adherentBehaviours.reduce(0) { $0 + counts[$1, default: 0] }
    let mina = nonAdherentBehaviours.reduce(0) { $0 + counts[$1, default: 0] }
    let within = headlineFraction(globals: globals, counts: counts, mia: mia, mina: mina)

    return SessionReport(
      rubricID: id, rubricTitle: title, turnCount: transcript.turns.count, counts: counts, mia: mia, mina: mina,
      globals: globals.mapValues(\.value), metrics: metrics, overallBand: band, metricBand: metricBand, caps: caps,
      conclusion: transcript.conclusion, overallRule: overallRule,
      headlineScore: headlineScore(band: band, within: within), headlineFormula: headlineFormula,
      patterns: patterns, turns: assessments)
  }

  /// The caps that apply to a conclusion: its outcome's, and one per missed safety task.
  func caps(for conclusion: Conclusion?) -> [BandCap] {
    guard let conclusion else { return [] }
    var result: [BandCap] = []
    let title = "(\(conclusion.title))"
    switch conclusion.outcome {
    case .negative:
      if let band = caps[.negativeEnding] {
        result.append(BandCap(reason: .negativeEnding, band: band, detail: "the consultation ended badly \(title)"))
      }
    case .mixed:
      if let band = caps[.mixedEnding] {
        result.append(BandCap(reason: .mixedEnding, band: band, detail: "the consultation ended mixed \(title)"))
      }
    case .positive:
      break
    }
    if let band = caps[.missedSafety] {
      for task in conclusion.safety where !task.done {
        result.append(BandCap(reason: .missedSafety, band: band, detail: "safety task missed: \(task.label)"))
      }
    }
    return result
  }

  private func assess(
    _ turn: CodedTurn, number: Int, movement: [GlobalScore: Hundredths], patterns: [PatternKind]
  ) -> TurnAssessment {
    let judgement = judge(turn.chosen, among: turn.offered)
    return TurnAssessment(
      number: number, node: turn.node, talk: turn.talk, choice: turn.chosen, family: family(of: turn.chosen.codes),
      movement: movement.mapValues(\.value), quality: movement.values.reduce(.zero, +).value,
      feedback: turn.feedback, isPoor: judgement.isPoor, betterOption: judgement.better, grade: judgement.grade,
      gradeIsAuthored: judgement.isAuthored, weight: turn.weight, patterns: patterns)
  }

  private func threshold(_ kind: MetricKind) -> Threshold {
    thresholds[kind] ?? Threshold(fair: .zero, good: .zero)
  }

  /// The mean of two global scores (each already rounded to hundredths), banded exactly: the mean
  /// meets a threshold when the sum meets twice the threshold.
  private func average(_ kind: MetricKind, _ first: Hundredths, _ second: Hundredths) -> Metric {
    let sum = first + second
    let limits = threshold(kind)
    let band = limits.band(
      meetsGood: sum.raw >= 2 * limits.good.raw, meetsFair: sum.raw >= 2 * limits.fair.raw)
    return Metric(
      kind: kind, value: Double(sum.raw) / 200, display: Self.decimal(numerator: sum.raw, denominator: 200),
      band: band, fair: limits.fair.value, good: limits.good.value, decidesOverall: false, numerator: nil,
      denominator: nil)
  }

  private func ratio(_ kind: MetricKind, _ ratio: Ratio) -> Metric {
    let limits = threshold(kind)
    let shown = ratio.denominator > 0 && ratio.denominator >= limits.minimumDenominator
    let isPercentage = kind != .reflectionToQuestion
    var display = "n/a"
    if shown {
      display =
        isPercentage
        ? Self.decimal(numerator: ratio.numerator * 100, denominator: ratio.denominator, places: 1) + "%"
        : Self.decimal(numerator: ratio.numerator, denominator: ratio.denominator, places: 2) + ":1"
    }
    return Metric(
      kind: kind, value: shown ? ratio.value : nil, display: display,
      band: shown ? limits.band(meetsGood: ratio.isAtLeast(limits.good), meetsFair: ratio.isAtLeast(limits.fair)) : nil,
      fair: limits.fair.value, good: limits.good.value, decidesOverall: false, numerator: ratio.numerator,
      denominator: ratio.denominator)
  }

  /// Where the attempt sits within its band, from 0 to 1: a weighted mean of components between 0
  /// and 1, computed in exact fractions.
  private func headlineFraction(
    globals: [GlobalScore: Hundredths], counts: [Behaviour: Int], mia: Int, mina: Int
  ) -> Fraction {
    let span = globalRange.upperBound.raw - globalRange.lowerBound.raw
    let low = globalRange.lowerBound.raw
    func normalised(_ first: GlobalScore, _ second: GlobalScore) -> Fraction {
      Fraction(globals[first]!.raw + globals[second]!.raw - 2 * low, 2 * span)
    }
    func capped(_ kind: MetricKind, _ ratio: Ratio) -> Fraction? {
      let limits = threshold(kind)
      guard ratio.denominator > 0, ratio.denominator >= limits.minimumDenominator, limits.good.raw > 0 else {
        return nil
      }
      let value = Fraction(ratio.numerator * 100, ratio.denominator * limits.good.raw)
      return value < Fraction(1, 1) ? value : Fraction(1, 1)
    }
    let reflections = counts[.simpleReflection, default: 0] + counts[.complexReflection, default: 0]
    let components: [HeadlineComponent: Fraction?] = [
      .relational: normalised(.partnership, .empathy),
      .technical: normalised(.cultivatingChangeTalk, .softeningSustainTalk),
      .reflectionToQuestion: capped(.reflectionToQuestion, Ratio(reflections, counts[.question, default: 0])),
      .percentComplexReflections: capped(
        .percentComplexReflections, Ratio(counts[.complexReflection, default: 0], reflections)),
      .adherence: mia + mina == 0 ? nil : Fraction(mia, mia + mina),
    ]
    var weighted = Fraction(0, 1)
    var weights = 0
    for component in HeadlineComponent.allCases {
      guard let weight = headline[component], weight.raw > 0, let value = components[component] ?? nil else {
        continue
      }
      weighted = weighted + value * Fraction(weight.raw, 1)
      weights += weight.raw
    }
    guard weights > 0 else { return Fraction(0, 1) }
    let result = weighted * Fraction(1, weights)
    return result < Fraction(0, 1) ? Fraction(0, 1) : result
  }

  /// The headline score, 0 to 100 to one decimal place: the band decides the stretch of the scale
  /// (Developing below `scoreBands.fair`, Fair below `scoreBands.good`, Good up to 100) and
  /// `within` the place inside it, so a higher score never has a lower band.
  private func headlineScore(band: Band, within: Fraction) -> Double {
    let (low, high): (Int, Int) =
      switch band {
      case .developing: (0, scoreBands.fair * 10 - 1)
      case .fair: (scoreBands.fair * 10, scoreBands.good * 10 - 1)
      case .good: (scoreBands.good * 10, 1000)
      }
    let tenths = low + (within * Fraction(high - low, 1)).roundedHalfAwayFromZero()
    return Double(min(max(tenths, low), high)) / 10
  }

  var overallRule: String {
    "the lowest band among " + overall.map(\.title).joined(separator: ", ")
      + " (a metric shown as n/a is left out; with none shown, Developing), then capped by how the "
      + "consultation ended and any missed safety task"
  }

  var headlineFormula: String {
    let parts = HeadlineComponent.allCases.compactMap { component -> String? in
      guard let weight = headline[component], weight.raw > 0 else { return nil }
      return "\(weight) × \(component.rawValue)"
    }
    return "the band sets the stretch of the scale (Developing 0–\(scoreBands.fair - 1).9, Fair \(scoreBands.fair)–"
      + "\(scoreBands.good - 1).9, Good \(scoreBands.good)–100) and (" + parts.joined(separator: " + ")
      + ") ÷ the sum of the weights present sets the place within it; relational and technical are mapped from "
      + "\(globalRange.lowerBound)–\(globalRange.upperBound) onto 0–1, reflection-to-question and "
      + "percent-complex-reflections are divided by their good thresholds and capped at 1, adherence is "
      + "MIA ÷ (MIA + MINA); a component shown as n/a is left out"
  }

  /// `numerator / denominator` in decimal, rounded half away from zero to at most `places`
  /// places, trailing zeros dropped.
  static func decimal(numerator: Int, denominator: Int, places: Int = 3) -> String {
    var scale = 1
    for _ in 0..<places { scale *= 10 }
    let scaled = Fraction(numerator * scale, denominator).roundedHalfAwayFromZero()
    let sign = scaled < 0 ? "-" : ""
    let whole = abs(scaled) / scale
    var fraction = String(abs(scaled) % scale)
    fraction = String(repeating: "0", count: places - fraction.count) + fraction
    while fraction.hasSuffix("0") { fraction.removeLast() }
    return fraction.isEmpty ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
  }
}

/// An exact fraction of integers, for the few sums that must not round along the way.
struct Fraction: Comparable {
  var numerator: Int
  var denominator: Int

  init(_ numerator: Int, _ denominator: Int) {
    let divisor = Fraction.gcd(abs(numerator), abs(denominator))
    let sign = denominator < 0 ? -1 : 1
    self.numerator = sign * numerator / max(divisor, 1)
    self.denominator = sign * denominator / max(divisor, 1)
  }

  static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

  static func + (lhs: Fraction, rhs: Fraction) -> Fraction {
    Fraction(lhs.numerator * rhs.denominator + rhs.numerator * lhs.denominator, lhs.denominator * rhs.denominator)
  }

  static func * (lhs: Fraction, rhs: Fraction) -> Fraction {
    Fraction(lhs.numerator * rhs.numerator, lhs.denominator * rhs.denominator)
  }

  static func < (lhs: Fraction, rhs: Fraction) -> Bool {
    lhs.numerator * rhs.denominator < rhs.numerator * lhs.denominator
  }

  /// The nearest integer, halves rounded away from zero.
  func roundedHalfAwayFromZero() -> Int {
    let doubled = 2 * abs(numerator) + denominator
    let magnitude = doubled / (2 * denominator)
    return numerator < 0 ? -magnitude : magnitude
  }
}

/// The global scores, rated turn by turn: each turn that moves a global is rated on it
/// (`start + scale × movement`, clamped to the range), and the global is the weighted mean of
/// those ratings, rounded to hundredths; a global no turn moved stays at the start.
struct GlobalRatings {
  let rubric: Rubric
  /// Per global: the sum of weight × rating, in hundredths × ten-thousandths, and of the weights.
  private var weighted: [GlobalScore: Int] = [:]
  private var weights: [GlobalScore: Int] = [:]

  init(rubric: Rubric) {
    self.rubric = rubric
  }

  /// Adds one turn's movement of each global, counted `weight` times an ordinary turn.
  mutating func add(_ movement: [GlobalScore: Hundredths], weight: Double) {
    let weight = Hundredths(exactly: weight)?.raw ?? Int((weight * 100).rounded())
    let low = rubric.globalRange.lowerBound.raw * 100
    let high = rubric.globalRange.upperBound.raw * 100
    for (score, delta) in movement where delta != .zero {
      // Ten-thousandths: hundredths × hundredths.
      let rating = min(max(rubric.globalStart.raw * 100 + rubric.globalScale.raw * delta.raw, low), high)
      weighted[score, default: 0] += weight * rating
      weights[score, default: 0] += weight
    }
  }

  var globals: [GlobalScore: Hundredths] {
    Dictionary(
      uniqueKeysWithValues: GlobalScore.allCases.map { score in
        guard let total = weights[score], total > 0 else { return (score, rubric.globalStart) }
        // weighted / total is in ten-thousandths; divide by 100 more for hundredths.
        let mean = Fraction(weighted[score]!, total * 100).roundedHalfAwayFromZero()
        return (score, Hundredths(raw: mean).clamped(to: rubric.globalRange))
      })
  }
}
