/// Everything the loader found about one file: the scenario, when it is valid, and every
/// diagnostic, errors and warnings alike.
public struct LoadResult: Sendable {
  /// The file as the user named it.
  public var file: String
  /// The validated scenario, present only when there are no errors.
  public var scenario: Scenario?
  public var diagnostics: [Diagnostic]

  public init(file: String, scenario: Scenario?, diagnostics: [Diagnostic]) {
    self.file = file
    self.scenario = scenario
    self.diagnostics = diagnostics
  }

  public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
  public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }

  /// Whether the file could not be read at all (missing, a directory, no permission), as opposed
  /// to read but found invalid.
  public var isUnreadable: Bool {
    diagnostics.contains {
      switch $0.problem {
      case .unreadable, .isDirectory: true
      default: false
      }
    }
  }
}

/// Bytes → validated `Scenario`: parses, decodes, validates and runs the walkthroughs, collecting
/// every problem with its JSON path and line:column.
public struct ScenarioLoader: Sendable {
  public var limits: LoadLimits
  /// The rubric walkthroughs that expect a band or a score are scored with.
  public var rubric: Rubric
  /// When set, the whole-story checks (`WholeStoryCheck`) run too, searching this far: what
  /// `coach validate` does. Loading to play or analyse leaves them out: they cost a search, and
  /// `coach analyze` reports the same things in its own way.
  public var wholeStory: AnalysisLimits?

  public init(limits: LoadLimits = .default, rubric: Rubric = .miti421, wholeStory: AnalysisLimits? = nil) {
    self.limits = limits
    self.rubric = rubric
    self.wholeStory = wholeStory
  }

  /// Loads the file at `path`; `file` is how diagnostics name it (defaults to `path`).
  public func load(path: String, as file: String? = nil) -> LoadResult {
    let name = file ?? path
    do {
      let bytes = try FileReader.read(path, limit: limits.maxBytes)
      return load(bytes: bytes, file: name)
    } catch {
      return LoadResult(file: name, scenario: nil, diagnostics: [Diagnostic(file: name, problem: error.problem)])
    }
  }

  /// Loads a scenario from bytes already in memory.
  public func load(bytes: [UInt8], file: String) -> LoadResult {
    guard bytes.count <= limits.maxBytes else {
      return LoadResult(
        file: file, scenario: nil,
        diagnostics: [Diagnostic(file: file, problem: .tooLarge(size: bytes.count, limit: limits.maxBytes))])
    }
    let document: JSONDocument
    do {
      document = try JSONDocument(parsing: bytes, maxDepth: limits.maxDepth)
    } catch {
      var problem = ScenarioProblem.syntax(error.problem)
      if case .unescapedControlCharacter(let byte) = error.problem, byte == 0x0A || byte == 0x0D {
        problem = .lineBreakInString(field: Self.fieldOfString(around: error.offset, in: bytes))
      }
      let diagnostic = Diagnostic(
        file: file, position: SourcePosition(offset: error.offset, in: bytes), problem: problem)
      return LoadResult(file: file, scenario: nil, diagnostics: [diagnostic])
    }
    var decoder = ScenarioDecoder(document: document, limits: limits)
    let decoded = decoder.decode()
    // A problem that only follows from another is not shown: it is counted under its root.
    let findings = decoder.findings
    func root(of index: Int) -> Int {
      var current = index
      for _ in 0..<findings.count {
        guard let parent = findings[current].followOn, parent != current else { break }
        current = parent
      }
      return current
    }
    var hidden: [Int: [Int]] = [:]
    var located: [(anchor: Int?, innerOffset: Int?, path: JSONPath, problem: ScenarioProblem, finding: Int?)] = []
    for (index, finding) in findings.enumerated() {
      if finding.followOn != nil {
        hidden[root(of: index), default: []].append(finding.anchor)
        continue
      }
      located.append((finding.anchor, finding.innerOffset, document.path(to: finding.anchor), finding.problem, index))
    }
    var scenario: Scenario?
    if let decoded {
      let candidate = Scenario(
        id: decoded.id, version: decoded.version, title: decoded.title, summary: decoded.summary,
        role: decoded.role, setting: decoded.setting, patient: decoded.patient, objectives: decoded.objectives,
        safetyTasks: decoded.safetyTasks, sayFirst: decoded.sayFirst, variables: decoded.variables,
        start: decoded.start, nodes: decoded.nodes,
        walkthroughs: decoded.walkthroughs, digest: ContentDigest(of: bytes))
      for finding in ScenarioValidator.check(candidate, rubric: rubric, wholeStory: wholeStory) {
        located.append((document.index(at: finding.path), nil, finding.path, finding.problem, nil))
      }
      scenario = candidate
    }
    // Positions are found in one pass over the file, however many diagnostics there are.
    let offsets = located.map { item in item.anchor.map { offset(of: $0, innerOffset: item.innerOffset, in: document) }
    }
    let hiddenOffsets = located.map { item in
      item.finding.map { (hidden[$0] ?? []).map { document.offset($0) } } ?? []
    }
    let positions = SourcePosition.positions(
      of: offsets.compactMap { $0 } + hiddenOffsets.joined(), in: bytes)
    var next = positions.makeIterator()
    var diagnostics = zip(located, offsets).map { item, offset in
      var diagnostic = Diagnostic(
        file: file, path: item.path, position: offset == nil ? nil : next.next(), problem: item.problem)
      let labelled = document.labelledDescription(of: item.path)
      if labelled != item.path.description { diagnostic.location = labelled }
      return diagnostic
    }
    for (position, offsets) in hiddenOffsets.enumerated() where !offsets.isEmpty {
      diagnostics[position].hiddenFollowOns = offsets.map { _ in next.next()?.line }
    }
    diagnostics = Self.ordered(diagnostics)
    if diagnostics.contains(where: { $0.severity == .error }) { scenario = nil }
    return LoadResult(file: file, scenario: scenario, diagnostics: diagnostics)
  }

  /// The name of the field whose string value contains byte `offset`, read backwards from the
  /// string's opening quote (`"say": "...`); nil when the string is not a field's value.
  static func fieldOfString(around offset: Int, in bytes: [UInt8]) -> String? {
    func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
    /// The position of the unescaped quote at or before `position`.
    func quote(before position: Int) -> Int? {
      var cursor = position
      while cursor >= 0 {
        if bytes[cursor] == 0x22 {
          var backslashes = 0
          while cursor - backslashes - 1 >= 0, bytes[cursor - backslashes - 1] == 0x5C { backslashes += 1 }
          if backslashes % 2 == 0 { return cursor }
        }
        cursor -= 1
      }
      return nil
    }
    guard offset > 0, offset <= bytes.count, let opening = quote(before: offset - 1) else { return nil }
    var cursor = opening - 1
    while cursor >= 0, isSpace(bytes[cursor]) { cursor -= 1 }
    guard cursor >= 0, bytes[cursor] == UInt8(ascii: ":") else { return nil }
    cursor -= 1
    while cursor >= 0, isSpace(bytes[cursor]) { cursor -= 1 }
    guard cursor > 0, bytes[cursor] == 0x22, let keyStart = quote(before: cursor - 1), cursor - keyStart <= 65 else {
      return nil
    }
    let key = String(decoding: bytes[(keyStart + 1)..<cursor], as: UTF8.self)
    return TextPolicy.firstForbidden(in: key, allowNewlines: false) == nil ? key : nil
  }

  /// The byte offset of a value, or of a byte inside a string written without escapes.
  private func offset(of anchor: Int, innerOffset: Int?, in document: JSONDocument) -> Int {
    var offset = document.offset(anchor)
    if let innerOffset, document.kind(anchor) == .string, document.isVerbatimString(anchor) {
      offset += 1 + innerOffset
    }
    return offset
  }

  /// Errors before warnings; within each, what others depend on first (the file, then the state
  /// declarations every expression uses, then the rest), each in file order.
  static func ordered(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
    func tier(_ diagnostic: Diagnostic) -> Int {
      if diagnostic.path == .root { return 0 }
      if case .key("state") = diagnostic.path.components.first { return 1 }
      return 2
    }
    return diagnostics.enumerated().sorted { lhs, rhs in
      let left = lhs.element
      let right = rhs.element
      if left.severity != right.severity { return left.severity < right.severity }
      if tier(left) != tier(right) { return tier(left) < tier(right) }
      let leftLine = left.position?.line ?? 0
      let rightLine = right.position?.line ?? 0
      if leftLine != rightLine { return leftLine < rightLine }
      let leftColumn = left.position?.column ?? 0
      let rightColumn = right.position?.column ?? 0
      if leftColumn != rightColumn { return leftColumn < rightColumn }
      return lhs.offset < rhs.offset
    }.map(\.element)
  }
}
