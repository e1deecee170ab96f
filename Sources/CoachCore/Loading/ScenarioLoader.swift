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

  public init(limits: LoadLimits = .default) {
    self.limits = limits
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
    var diagnostics = decoder.findings.map { finding in
      Diagnostic(
        file: file, path: document.path(to: finding.anchor),
        position: position(of: finding.anchor, innerOffset: finding.innerOffset, in: document),
        problem: finding.problem)
    }
    var scenario: Scenario?
    if let decoded {
      let candidate = Scenario(
        id: decoded.id, version: decoded.version, title: decoded.title, summary: decoded.summary,
        role: decoded.role, setting: decoded.setting, patient: decoded.patient, objectives: decoded.objectives,
        variables: decoded.variables, start: decoded.start, nodes: decoded.nodes,
        walkthroughs: decoded.walkthroughs, contentHash: SHA256.hex(of: bytes))
      for finding in ScenarioValidator.check(candidate) {
        let anchor = document.index(at: finding.path)
        diagnostics.append(
          Diagnostic(
            file: file, path: finding.path,
            position: anchor.map { position(of: $0, innerOffset: nil, in: document) } ?? nil,
            problem: finding.problem))
      }
      scenario = candidate
    }
    diagnostics = Self.ordered(diagnostics)
    if diagnostics.contains(where: { $0.severity == .error }) { scenario = nil }
    return LoadResult(file: file, scenario: scenario, diagnostics: diagnostics)
  }

  /// The position of a value, or of a byte inside a string written without escapes.
  private func position(of anchor: Int, innerOffset: Int?, in document: JSONDocument) -> SourcePosition {
    var offset = document.offset(anchor)
    if let innerOffset, document.kind(anchor) == .string, document.isVerbatimString(anchor) {
      offset += 1 + innerOffset
    }
    return SourcePosition(offset: offset, in: document.bytes)
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
