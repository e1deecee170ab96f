extension Rubric {
  /// How much better an option must be, in summed global movement, for a neutral choice to count
  /// as poor.
  public static let betterOptionMargin = Hundredths(raw: 30)

  /// Scores a transcript: counts behaviours, moves the global scores, detects patterns, computes
  /// the summary metrics and bands, the overall band and the headline score.
  public func score(_ transcript: Transcript) -> SessionReport {
    var counts = Dictionary(uniqueKeysWithValues: Behaviour.allCases.map { ($0, 0) })
    var totals = Dictionary(uniqueKeysWithValues: GlobalScore.allCases.map { ($0, Hundredths.zero) })
    let patterns = PatternDetector.detect(transcript.turns)
    let patternsByTurn = Dictionary(grouping: patterns, by: \.turn).mapValues { $0.map(\.kind) }
    var assessments: [TurnAssessment] = []
    assessments.reserveCapacity(transcript.turns.count)

    for (index, turn) in transcript.turns.enumerated() {
      // Each behaviour is counted at most once per turn.
      for behaviour in Set(turn.chosen.codes.flatMap { rule(for: $0).counts }) {
        counts[behaviour, default: 0] += 1
      }
      let movement = globalMovement(codes: turn.chosen.codes, explicit: turn.chosen.globals)
      for (score, delta) in movement { totals[score, default: .zero] += delta }
      assessments.append(
        assess(turn, number: index + 1, movement: movement, patterns: patternsByTurn[index + 1] ?? []))
    }
    for finding in patterns {
      for (score, delta) in self.patterns[finding.kind] ?? [:] { totals[score, default: .zero] += delta }
    }
    let globals = totals.mapValues { (globalStart + $0).clamped(to: globalRange) }

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
    let deciding = metrics.filter { $0.decidesOverall }.compactMap(\.band)
    let mia = adherentBehaviours.reduce(0) { $0 + counts[$1, default: 0] }
    let mina = nonAdherentBehaviours.reduce(0) { $0 + counts[$1, default: 0] }

    return SessionReport(
      rubricID: id, rubricTitle: title, turnCount: transcript.turns.count, counts: counts, mia: mia, mina: mina,
      globals: globals.mapValues(\.value), metrics: metrics, overallBand: deciding.min() ?? .developing,
      overallRule: overallRule, headlineScore: headlineScore(globals: globals, counts: counts, mia: mia, mina: mina),
      headlineFormula: headlineFormula, patterns: patterns, turns: assessments)
  }

  private func assess(
    _ turn: CodedTurn, number: Int, movement: [GlobalScore: Hundredths], patterns: [PatternKind]
  ) -> TurnAssessment {
    let quality = movement.values.reduce(.zero, +)
    func qualityOf(_ option: CodedTurn.Option) -> Hundredths {
      globalMovement(codes: option.codes, explicit: option.globals).values.reduce(.zero, +)
    }
    let best = turn.alternatives.map { ($0, qualityOf($0)) }.max { $0.1 < $1.1 }
    let family = family(of: turn.chosen.codes)
    let clearlyBetter = best.map { $0.1 - quality >= Self.betterOptionMargin } ?? false
    let isPoor = family == .nonAdherent || quality < .zero || clearlyBetter
    let better = best.flatMap { isPoor && $0.1 > quality ? $0.0 : nil }
    return TurnAssessment(
      number: number, node: turn.node, talk: turn.talk, choice: turn.chosen, family: family,
      movement: movement.mapValues(\.value), quality: quality.value, feedback: turn.feedback, isPoor: isPoor,
      betterOption: better, patterns: patterns)
  }

  private func threshold(_ kind: MetricKind) -> Threshold {
    thresholds[kind] ?? Threshold(fair: .zero, good: .zero)
  }

  /// The mean of two global scores, banded exactly: the mean meets a threshold when the sum
  /// meets twice the threshold.
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

  /// The headline score: a weighted mean of components between 0 and 1, times 100, computed in
  /// exact fractions and rounded half away from zero to one decimal place.
  private func headlineScore(
    globals: [GlobalScore: Hundredths], counts: [Behaviour: Int], mia: Int, mina: Int
  ) -> Double {
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
    guard weights > 0 else { return 0 }
    let tenths = (weighted * Fraction(1000, weights)).roundedHalfAwayFromZero()
    return Double(tenths) / 10
  }

  var overallRule: String {
    "the lowest band among " + overall.map(\.title).joined(separator: ", ")
      + " (a metric shown as n/a is left out)"
  }

  var headlineFormula: String {
    let parts = HeadlineComponent.allCases.compactMap { component -> String? in
      guard let weight = headline[component], weight.raw > 0 else { return nil }
      return "\(weight) × \(component.rawValue)"
    }
    return "100 × (" + parts.joined(separator: " + ")
      + ") ÷ the sum of the weights present; relational and technical are mapped from \(globalRange.lowerBound)–"
      + "\(globalRange.upperBound) onto 0–1, reflection-to-question and percent-complex-reflections are divided by "
      + "their good thresholds and capped at 1, adherence is MIA ÷ (MIA + MINA); a component shown as n/a is left out"
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
