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

  public init(limits: LoadLimits = .default, rubric: Rubric = .miti421) {
    self.limits = limits
    self.rubric = rubric
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
      let diagnostic = Diagnostic(
        file: file, position: SourcePosition(offset: error.offset, in: bytes), problem: .syntax(error.problem))
      return LoadResult(file: file, scenario: nil, diagnostics: [diagnostic])
    }
    var decoder = ScenarioDecoder(document: document, limits: limits)
    let decoded = decoder.decode()
    var located: [(anchor: Int?, innerOffset: Int?, path: JSONPath, problem: ScenarioProblem)] = decoder.findings.map {
      ($0.anchor, $0.innerOffset, document.path(to: $0.anchor), $0.problem)
    }
    var scenario: Scenario?
    if let decoded {
      let candidate = Scenario(
        id: decoded.id, version: decoded.version, title: decoded.title, summary: decoded.summary,
        role: decoded.role, setting: decoded.setting, patient: decoded.patient, objectives: decoded.objectives,
        safetyTasks: decoded.safetyTasks, sayFirst: decoded.sayFirst, variables: decoded.variables,
        start: decoded.start, nodes: decoded.nodes,
        walkthroughs: decoded.walkthroughs, digest: ContentDigest(of: bytes))
      for finding in ScenarioValidator.check(candidate, rubric: rubric) {
        located.append((document.index(at: finding.path), nil, finding.path, finding.problem))
      }
      scenario = candidate
    }
    // Positions are found in one pass over the file, however many diagnostics there are.
    let offsets = located.map { item in item.anchor.map { offset(of: $0, innerOffset: item.innerOffset, in: document) }
    }
    let positions = SourcePosition.positions(of: offsets.compactMap { $0 }, in: bytes)
    var next = positions.makeIterator()
    var diagnostics = zip(located, offsets).map { item, offset in
      Diagnostic(file: file, path: item.path, position: offset == nil ? nil : next.next(), problem: item.problem)
    }
    diagnostics = Self.ordered(diagnostics)
    if diagnostics.contains(where: { $0.severity == .error }) { scenario = nil }
    return LoadResult(file: file, scenario: scenario, diagnostics: diagnostics)
  }

  /// The byte offset of a value, or of a byte inside a string written without escapes.
  private func offset(of anchor: Int, innerOffset: Int?, in document: JSONDocument) -> Int {
    var offset = document.offset(anchor)
    if let innerOffset, document.kind(anchor) == .string, document.isVerbatimString(anchor) {
      offset += 1 + innerOffset
    }
    return offset
  }

  /// Errors before warnings, each in file order.
  static func ordered(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
    diagnostics.enumerated().sorted { lhs, rhs in
      let left = lhs.element
      let right = rhs.element
      if left.severity != right.severity { return left.severity < right.severity }
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
