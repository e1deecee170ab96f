/// The rubric as a JSON file: `Scenarios/rubric.json` holds the default, and `--rubric FILE`
/// selects another. Files are validated like scenarios, with every problem located.
public enum RubricFile {
  /// The format version of rubric files.
  public static let currentFormat = 1

  /// What loading a rubric file found.
  public struct LoadResult: Sendable {
    public var rubric: Rubric?
    public var diagnostics: [Diagnostic]
  }

  /// Loads the rubric file at `path`; `file` is how diagnostics name it.
  public static func load(path: String, as file: String? = nil, limits: LoadLimits = .default) -> LoadResult {
    let name = file ?? path
    do {
      return load(bytes: try FileReader.read(path, limit: limits.maxBytes), file: name, limits: limits)
    } catch {
      return LoadResult(rubric: nil, diagnostics: [Diagnostic(file: name, problem: error.problem)])
    }
  }

  public static func load(bytes: [UInt8], file: String, limits: LoadLimits = .default) -> LoadResult {
    let document: JSONDocument
    do {
      document = try JSONDocument(parsing: bytes, maxDepth: limits.maxDepth)
    } catch {
      return LoadResult(
        rubric: nil,
        diagnostics: [
          Diagnostic(
            file: file, position: SourcePosition(offset: error.offset, in: bytes), problem: .syntax(error.problem))
        ])
    }
    var decoder = RubricDecoder(document: document, limits: limits)
    var rubric = decoder.decode()
    var diagnostics = decoder.findings.map {
      Diagnostic(
        file: file, path: document.path(to: $0.anchor),
        position: SourcePosition(offset: document.offset($0.anchor), in: bytes), problem: $0.problem)
    }
    // A rubric that keeps a built-in id but changes its content is not that rubric: it is renamed,
    // so that its scores are never filed as the standard's.
    if let claimed = rubric, let builtIn = Rubric.builtIn(id: claimed.id), claimed != builtIn {
      let renamed = claimed.id + "-modified-" + claimed.contentHash.prefix(8)
      rubric?.id = renamed
      let position = document.field("id", in: document.root).map {
        SourcePosition(offset: document.offset($0), in: bytes)
      }
      diagnostics.append(
        Diagnostic(
          file: file, path: JSONPath([.key("id")]), position: position,
          problem: .rubricClaimsBuiltInID(id: claimed.id, renamed: renamed)))
    }
    return LoadResult(rubric: diagnostics.contains { $0.severity == .error } ? nil : rubric, diagnostics: diagnostics)
  }

  /// The rubric as file text, in the canonical order; `load` reads it back to an equal rubric.
  public static func text(of rubric: Rubric) -> String {
    func moves(_ globals: [GlobalScore: Hundredths]) -> JSONOutput {
      .object(
        GlobalScore.allCases.compactMap { score in globals[score].map { (score.rawValue, .number($0.description)) } })
    }
    let codes = TechniqueCode.allCases.map { code -> (String, JSONOutput) in
      let rule = rubric.rule(for: code)
      return (
        code.rawValue,
        .object([
          ("counts", .array(rule.counts.map { .string($0.rawValue) })), ("family", .string(rule.family.rawValue)),
          ("globals", moves(rule.globals)),
        ])
      )
    }
    let thresholds = MetricKind.allCases.compactMap { kind -> (String, JSONOutput)? in
      guard let threshold = rubric.thresholds[kind] else { return nil }
      var fields: [(String, JSONOutput)] = [
        ("fair", .number(threshold.fair.description)), ("good", .number(threshold.good.description)),
      ]
      if kind.isRatio {
        fields.append(("minimum-denominator", .number(String(threshold.minimumDenominator))))
      }
      return (kind.rawValue, .object(fields))
    }
    let document = JSONOutput.object([
      ("format", .number(String(currentFormat))),
      ("id", .string(rubric.id)),
      ("title", .string(rubric.title)),
      ("source", .string(rubric.source)),
      (
        "globals",
        .object([
          ("start", .number(rubric.globalStart.description)),
          ("min", .number(rubric.globalRange.lowerBound.description)),
          ("max", .number(rubric.globalRange.upperBound.description)),
          ("scale", .number(rubric.globalScale.description)),
        ])
      ),
      ("codes", .object(codes)),
      ("adherent", .array(rubric.adherentBehaviours.map { .string($0.rawValue) })),
      ("non-adherent", .array(rubric.nonAdherentBehaviours.map { .string($0.rawValue) })),
      (
        "patterns",
        .object(PatternKind.allCases.compactMap { kind in rubric.patterns[kind].map { (kind.rawValue, moves($0)) } })
      ),
      ("thresholds", .object(thresholds)),
      ("overall", .array(rubric.overall.map { .string($0.rawValue) })),
      (
        "headline",
        .object(
          HeadlineComponent.allCases.compactMap { component in
            rubric.headline[component].map { (component.rawValue, .number($0.description)) }
          })
      ),
      (
        "caps",
        .object(
          BandCap.Reason.allCases.compactMap { reason in
            rubric.caps[reason].map { (reason.rawValue, .string($0.rawValue)) }
          })
      ),
      (
        "score-bands",
        .object([
          ("fair", .number(String(rubric.scoreBands.fair))), ("good", .number(String(rubric.scoreBands.good))),
        ])
      ),
    ])
    return document.rendered() + "\n"
  }
}

/// Decodes a rubric file, collecting every problem.
struct RubricDecoder: DocumentDecoding {
  let document: JSONDocument
  let limits: LoadLimits
  var findings: [Finding] = []

  mutating func decode() -> Rubric? {
    let fields = [
      "format", "id", "title", "source", "globals", "codes", "adherent", "non-adherent", "patterns", "thresholds",
      "overall", "headline", "caps", "score-bands",
    ]
    guard let root = object(document.root, allowed: KeySet(fields), root: true) else { return nil }
    _ = require("format", in: root, expected: "the number 1").flatMap { wholeNumber($0, range: 1...1) }
    let id = requiredText("id", in: root, multiline: false)
    let title = requiredText("title", in: root, multiline: false)
    let source = requiredText("source", in: root, multiline: true)
    let globals = require("globals", in: root, expected: "an object with start, min and max").flatMap {
      decodeGlobals($0)
    }
    let codes = require("codes", in: root, expected: "a rule for every technique code").flatMap { decodeCodes($0) }
    let adherent = require("adherent", in: root, expected: "the behaviours counted as MI-adherent").flatMap {
      behaviours($0)
    }
    let nonAdherent = require("non-adherent", in: root, expected: "the behaviours counted as MI-non-adherent").flatMap {
      behaviours($0)
    }
    let patterns = require("patterns", in: root, expected: "the global movements of each pattern").flatMap {
      decodePatterns($0)
    }
    let thresholds = require("thresholds", in: root, expected: "fair and good thresholds per metric").flatMap {
      decodeThresholds($0)
    }
    let overall = require("overall", in: root, expected: "the metrics that decide the overall band").flatMap {
      metricList($0)
    }
    let headline = require("headline", in: root, expected: "the weights of the headline score").flatMap {
      decodeHeadline($0)
    }
    // Added after the first rubric files were written, so optional: absent means the standard.
    let caps = root.value("caps").map { decodeCaps($0) } ?? Rubric.standardCaps
    let scoreBands = root.value("score-bands").map { decodeScoreBands($0) } ?? .standard
    guard !hasErrors, let id, let title, let source, let globals, let codes, let adherent, let nonAdherent,
      let patterns, let thresholds, let overall, let headline, let caps, let scoreBands
    else { return nil }
    return Rubric(
      id: id, title: title, source: source, globalStart: globals.start, globalRange: globals.range,
      globalScale: globals.scale, codes: codes, adherentBehaviours: adherent, nonAdherentBehaviours: nonAdherent,
      patterns: patterns, thresholds: thresholds, overall: overall, headline: headline, caps: caps,
      scoreBands: scoreBands)
  }

  private mutating func decimal(_ index: Int) -> Hundredths? {
    guard let value = number(index) else { return nil }
    guard let exact = Hundredths(exactly: value) else {
      report(
        .invalidValue(
          found: document.numberText(index), expected: "a number with at most two decimal places", suggestion: nil),
        at: index)
      return nil
    }
    return exact
  }

  private mutating func decodeGlobals(
    _ index: Int
  ) -> (start: Hundredths, range: ClosedRange<Hundredths>, scale: Hundredths)? {
    guard let fields = object(index, allowed: ["start", "min", "max", "scale"]) else { return nil }
    let start = require("start", in: fields, expected: "a number").flatMap { decimal($0) }
    let min = require("min", in: fields, expected: "a number").flatMap { decimal($0) }
    let max = require("max", in: fields, expected: "a number").flatMap { decimal($0) }
    var scale: Hundredths? = Hundredths(5)
    if let scaleIndex = fields.value("scale") {
      scale = decimal(scaleIndex)
      if let value = scale, value <= .zero || value > Hundredths(100) {
        report(
          .numberOutOfRange(found: document.numberText(scaleIndex), range: "more than 0, at most 100"), at: scaleIndex)
        scale = nil
      }
    }
    guard let start, let min, let max, let scale else { return nil }
    guard min < max, (min...max).contains(start) else {
      report(
        .invalidValue(
          found: "\(start) in \(min)...\(max)", expected: "min below max, and start between them", suggestion: nil),
        at: index)
      return nil
    }
    return (start, min...max, scale)
  }

  private mutating func decodeCaps(_ index: Int) -> [BandCap.Reason: Band]? {
    guard let fields = object(index, allowed: KeySet(BandCap.Reason.allCases.map(\.rawValue))) else { return nil }
    var caps: [BandCap.Reason: Band] = [:]
    var valid = true
    for entry in fields.entries {
      guard let band = enumeration(entry.value, Band.self, expected: "developing, fair or good") else {
        valid = false
        continue
      }
      caps[BandCap.Reason(rawValue: entry.name)!] = band
    }
    return valid ? caps : nil
  }

  private mutating func decodeScoreBands(_ index: Int) -> Rubric.ScoreBands? {
    guard let fields = object(index, allowed: ["fair", "good"]) else { return nil }
    let fair = require("fair", in: fields, expected: "a whole number from 1 to 98").flatMap {
      wholeNumber($0, range: 1...98)
    }
    let good = require("good", in: fields, expected: "a whole number from 2 to 99").flatMap {
      wholeNumber($0, range: 2...99)
    }
    guard let fair, let good else { return nil }
    guard fair < good else {
      report(
        .invalidValue(found: "fair \(fair), good \(good)", expected: "fair below good", suggestion: nil), at: index)
      return nil
    }
    return Rubric.ScoreBands(fair: fair, good: good)
  }

  private mutating func movements(_ index: Int) -> [GlobalScore: Hundredths]? {
    guard let fields = object(index, allowed: KeySet(GlobalScore.allCases.map(\.rawValue))) else { return nil }
    var result: [GlobalScore: Hundredths] = [:]
    var valid = true
    for entry in fields.entries {
      guard let value = decimal(entry.value) else {
        valid = false
        continue
      }
      result[GlobalScore(rawValue: entry.name)!] = value
    }
    return valid ? result : nil
  }

  private mutating func behaviours(_ index: Int) -> [Behaviour]? {
    guard let elements = array(index, of: "behaviour codes such as \"CR\"") else { return nil }
    let values = elements.map { enumeration($0, Behaviour.self, expected: "a MITI behaviour code") }
    return values.contains(nil) ? nil : values.compactMap { $0 }
  }

  private mutating func decodeCodes(_ index: Int) -> [TechniqueCode: Rubric.CodeRule]? {
    guard document.kind(index) == .object else {
      report(.wrongType(expected: "an object with a rule per technique code", found: document.kind(index)), at: index)
      return nil
    }
    var rules: [TechniqueCode: Rubric.CodeRule] = [:]
    var valid = true
    for (key, value) in document.fields(index) {
      let name = document.string(key)
      if name.hasPrefix("//") { continue }
      guard let code = TechniqueCode(rawValue: name) else {
        report(
          .unknownCode(
            found: name, suggestion: Suggestion.nearest(to: name, in: TechniqueCode.allCases.map(\.rawValue))),
          at: key)
        valid = false
        continue
      }
      guard let fields = object(value, allowed: ["counts", "family", "globals"]) else {
        valid = false
        continue
      }
      let counts = require("counts", in: fields, expected: "the behaviours the code counts as").flatMap {
        behaviours($0)
      }
      let family = require("family", in: fields, expected: "adherent, non-adherent or neutral").flatMap {
        enumeration($0, TechniqueFamily.self, expected: "adherent, non-adherent or neutral")
      }
      let globals = require("globals", in: fields, expected: "the code's movement of each global").flatMap {
        movements($0)
      }
      guard let counts, let family, let globals else {
        valid = false
        continue
      }
      rules[code] = Rubric.CodeRule(counts: counts, family: family, globals: globals)
    }
    // A rubric written before a code existed keeps working: the missing code scores as the
    // default rubric scores it, and the author is told.
    for code in TechniqueCode.allCases where rules[code] == nil && valid {
      report(.missingCodeRule(code: code.rawValue), at: index)
      rules[code] = code.defaultRule
    }
    return valid ? rules : nil
  }

  private mutating func decodePatterns(_ index: Int) -> [PatternKind: [GlobalScore: Hundredths]]? {
    guard let fields = object(index, allowed: KeySet(PatternKind.allCases.map(\.rawValue))) else { return nil }
    var result: [PatternKind: [GlobalScore: Hundredths]] = [:]
    var valid = true
    for entry in fields.entries {
      guard let moves = movements(entry.value) else {
        valid = false
        continue
      }
      result[PatternKind(rawValue: entry.name)!] = moves
    }
    return valid ? result : nil
  }

  private mutating func decodeThresholds(_ index: Int) -> [MetricKind: Rubric.Threshold]? {
    guard let fields = object(index, allowed: KeySet(MetricKind.allCases.map(\.rawValue))) else { return nil }
    var result: [MetricKind: Rubric.Threshold] = [:]
    var valid = true
    for entry in fields.entries {
      guard let inner = object(entry.value, allowed: ["fair", "good", "minimum-denominator"]) else {
        valid = false
        continue
      }
      let fair = require("fair", in: inner, expected: "a number").flatMap { decimal($0) }
      let good = require("good", in: inner, expected: "a number").flatMap { decimal($0) }
      let minimum =
        inner.value("minimum-denominator").map { wholeNumber($0, range: 0...1000) }
        ?? Rubric.Threshold.defaultMinimumDenominator
      guard let fair, let good, let minimum else {
        valid = false
        continue
      }
      if fair > good {
        report(
          .invalidValue(found: "fair \(fair), good \(good)", expected: "fair at most good", suggestion: nil),
          at: entry.value)
        valid = false
        continue
      }
      result[MetricKind(rawValue: entry.name)!] = Rubric.Threshold(fair: fair, good: good, minimumDenominator: minimum)
    }
    for kind in MetricKind.allCases where result[kind] == nil && valid {
      report(.missingField(name: kind.rawValue, expected: "its fair and good thresholds"), at: index)
      valid = false
    }
    return valid ? result : nil
  }

  private mutating func metricList(_ index: Int) -> [MetricKind]? {
    guard let elements = array(index, of: "metric names") else { return nil }
    if elements.isEmpty {
      report(.emptyList(expected: "at least one metric"), at: index)
      return nil
    }
    let values = elements.map { enumeration($0, MetricKind.self, expected: "a metric") }
    return values.contains(nil) ? nil : values.compactMap { $0 }
  }

  private mutating func decodeHeadline(_ index: Int) -> [HeadlineComponent: Hundredths]? {
    guard let fields = object(index, allowed: KeySet(HeadlineComponent.allCases.map(\.rawValue))) else { return nil }
    var result: [HeadlineComponent: Hundredths] = [:]
    var valid = true
    for entry in fields.entries {
      guard let weight = decimal(entry.value) else {
        valid = false
        continue
      }
      guard weight >= .zero else {
        report(.numberOutOfRange(found: document.numberText(entry.value), range: "0 or more"), at: entry.value)
        valid = false
        continue
      }
      result[HeadlineComponent(rawValue: entry.name)!] = weight
    }
    if valid, result.values.reduce(.zero, +) == .zero {
      report(.invalidValue(found: "all zero", expected: "at least one positive weight", suggestion: nil), at: index)
      valid = false
    }
    return valid ? result : nil
  }
}
