/// Turns a parsed JSON document into a `Scenario`, collecting every problem rather than stopping
/// at the first.
///
/// Decoding runs in two passes: the first learns the node ids and state variables, so that the
/// second can resolve every `next` and compile every expression as it goes.
struct ScenarioDecoder: DocumentDecoding {
  let document: JSONDocument
  let limits: LoadLimits
  var findings: [Finding] = []

  private var nodeIDs: [String: Int] = [:]
  private var symbols = ExpressionSymbols(variables: [:], nodes: [:])
  /// Choice ids by their position in the file, for `chose("id")` in conditions read at the ending.
  private var choicePositions: [String: Int] = [:]
  private var choiceIDs: [String: (anchor: Int, node: Int)] = [:]
  /// Compiled expressions by their text: stories repeat the same conditions and effects often.
  private var conditions: [String: Expr] = [:]
  private var endConditions: [String: Expr] = [:]
  private var effects: [String: (slot: Int, name: String, operation: AssignmentOperator, value: Expr)] = [:]
  /// Variables whose declaration has an error, each with that error: they are still declared
  /// (with the type their declaration most likely meant), and an expression that uses one and
  /// fails is counted under the declaration's error rather than shown.
  private var faultyVariables: [String: Int] = [:]
  /// Choice ids that are themselves in error (not valid, only digits), each with that error.
  private var faultyChoiceIDs: [String: Int] = [:]
  /// The first error about each unresolved name ("variable:raport", "node:opens-upp"): the same
  /// name failing again is counted under it.
  private var unresolved: [String: Int] = [:]

  init(document: JSONDocument, limits: LoadLimits) {
    self.document = document
    self.limits = limits
  }

  /// The field names each kind of object may have.
  enum Keys {
    static let root: KeySet = [
      "format", "id", "version", "title", "summary", "role", "setting", "patient", "objectives", "safety", "state",
      "start", "nodes", "walkthroughs", "say-first",
    ]
    static let patient: KeySet = ["name", "age", "background"]
    static let variable: KeySet = ["type", "initial", "min", "max", "label", "visible", "description"]
    static let node: KeySet = [
      "id", "speaker", "patient", "cue", "talk", "weight", "hint", "choices", "routes", "ending",
    ]
    static let choice: KeySet = ["id", "say", "codes", "grade", "if", "effects", "feedback", "next", "globals"]
    static let globals = KeySet(GlobalScore.allCases.map(\.rawValue))
    static let route: KeySet = ["if", "next"]
    static let ending: KeySet = ["title", "outcome", "debrief"]
    static let paragraph: KeySet = ["if", "text"]
    static let variant: KeySet = ["if", "text"]
    static let objective: KeySet = ["text", "met"]
    static let safetyTask: KeySet = ["id", "label", "done"]
    static let walkthrough: KeySet = ["name", "description", "choices", "expect"]
    static let expectation: KeySet = ["ending", "outcome", "state", "band", "score", "safety"]
    static let scoreRange: KeySet = ["min", "max"]
  }

  /// The pieces of a scenario, present when decoding found no error.
  struct Decoded {
    var id: String
    var version: String
    var title: String
    var summary: String
    var role: String
    var setting: String
    var patient: Patient
    var objectives: [Objective]
    var safetyTasks: [SafetyTask]
    var sayFirst: Bool
    var variables: [Variable]
    var start: String
    var nodes: [Node]
    var walkthroughs: [Walkthrough]
  }

  // MARK: - Identifiers

  private static func isIdentifierByte(_ byte: UInt8, allowing extra: String) -> Bool {
    (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
      || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
      || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || extra.utf8.contains(byte)
  }

  /// A node or choice id: letters, digits, '-', '_' and '.', starting with a letter or digit.
  private mutating func identifier(_ index: Int, kind: String) -> String? {
    guard let value = text(index, multiline: false) else { return nil }
    let bytes = Array(value.utf8)
    let valid =
      bytes.count <= 64 && Self.isIdentifierByte(bytes[0], allowing: "")
      && bytes.allSatisfy { Self.isIdentifierByte($0, allowing: "-_.") }
    guard valid else {
      report(
        .invalidIdentifier(
          found: value, kind: kind,
          rule: "use up to 64 letters, digits, '-', '_' or '.', starting with a letter or digit"),
        at: index)
      return nil
    }
    return value
  }

  // MARK: - The document

  mutating func decode() -> Decoded? {
    guard let root = object(document.root, allowed: Keys.root, root: true) else { return nil }

    if let format = require("format", in: root, expected: "the number \(Scenario.currentFormat)") {
      if document.kind(format) != .number {
        report(.wrongType(expected: "the number \(Scenario.currentFormat)", found: document.kind(format)), at: format)
      } else if document.number(format) != Double(Scenario.currentFormat) {
        report(.unsupportedFormat(found: document.numberText(format)), at: format)
      }
    }
    let id = scenarioID(root)
    let version = scenarioVersion(root)
    let title = requiredText("title", in: root, multiline: false)
    let summary = requiredText("summary", in: root, multiline: true)
    let role = requiredText("role", in: root, multiline: false)
    let setting = requiredText("setting", in: root, multiline: true)
    let patient = require("patient", in: root, expected: "an object with name and background").flatMap {
      decodePatient($0)
    }
    let variables = root.value("state").map { decodeVariables($0) } ?? []
    let nodeList = require("nodes", in: root, expected: "an array of nodes").flatMap { array($0, of: "nodes") }
    if let nodeList, nodeList.isEmpty, let index = root.value("nodes") {
      report(.emptyList(expected: "at least one node"), at: index)
    }
    if let nodeList {
      collectNodeIDs(nodeList)
      collectChoicePositions(nodeList)
      choiceIDs.reserveCapacity(nodeList.count * 4)
    }
    let start = decodeStart(root)
    var nodes: [Node] = []
    nodes.reserveCapacity(nodeList?.count ?? 0)
    if let nodeList {
      for (position, element) in nodeList.enumerated() {
        if let node = decodeNode(element, position: position) { nodes.append(node) }
      }
    }
    // Objectives and safety tasks may ask which choices were made, so they come after the nodes.
    let objectives = require("objectives", in: root, expected: "an array of learning objectives").flatMap {
      decodeObjectives($0)
    }
    let safetyTasks: [SafetyTask]? = root.value("safety").map { decodeSafetyTasks($0) } ?? .some([])
    let walkthroughs = root.value("walkthroughs").map { decodeWalkthroughs($0, safetyTasks: safetyTasks ?? []) } ?? []
    let sayFirst = root.value("say-first").map { boolean($0) } ?? false

    guard !hasErrors, let id, let version, let title, let summary, let role, let setting, let patient,
      let objectives, let safetyTasks, let sayFirst, let start, nodes.count == nodeList?.count
    else { return nil }
    return Decoded(
      id: id, version: version, title: title, summary: summary, role: role, setting: setting,
      patient: patient, objectives: objectives, safetyTasks: safetyTasks, sayFirst: sayFirst, variables: variables,
      start: start, nodes: nodes, walkthroughs: walkthroughs)
  }

  private mutating func scenarioID(_ root: Fields) -> String? {
    guard let index = require("id", in: root, expected: "a kebab-case id such as \"frank-diabetes-remission\""),
      let value = text(index, multiline: false)
    else { return nil }
    guard Scenario.isValidID(value) else {
      report(
        .invalidIdentifier(
          found: value, kind: "scenario id",
          rule: "use lowercase letters and digits in words joined by '-', e.g. \"frank-diabetes-remission\""),
        at: index)
      return nil
    }
    return value
  }

  private mutating func scenarioVersion(_ root: Fields) -> String? {
    guard let index = require("version", in: root, expected: "a version such as \"1.0.0\""),
      let value = text(index, multiline: false)
    else { return nil }
    let core = value.split(separator: "-", maxSplits: 1).first.map(String.init) ?? value
    let numbers = core.split(separator: ".", omittingEmptySubsequences: false)
    let valid =
      (1...3).contains(numbers.count)
      && numbers.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && Int($0) != nil }
    guard valid, value.utf8.count <= 32 else {
      report(
        .invalidValue(found: value, expected: "a version number such as \"1.0.0\"", suggestion: nil), at: index)
      return nil
    }
    return value
  }

  private mutating func decodePatient(_ index: Int) -> Patient? {
    guard let fields = object(index, allowed: Keys.patient) else { return nil }
    let name = requiredText("name", in: fields, multiline: false)
    let background = requiredText("background", in: fields, multiline: true)
    var age: Int?
    var ageValid = true
    if let ageIndex = fields.value("age") {
      age = wholeNumber(ageIndex, range: 0...130)
      ageValid = age != nil
    }
    guard let name, let background, ageValid else { return nil }
    return Patient(name: name, age: age, background: background)
  }

  /// Each objective is a string, or an object with its text and a condition (`met`) that says
  /// whether a play-through met it.
  private mutating func decodeObjectives(_ index: Int) -> [Objective]? {
    guard let elements = array(index, of: "learning objectives") else { return nil }
    if elements.isEmpty {
      report(.emptyList(expected: "at least one learning objective"), at: index)
      return nil
    }
    var objectives: [Objective] = []
    var valid = true
    for element in elements {
      if document.kind(element) == .object {
        guard let fields = object(element, allowed: Keys.objective) else {
          valid = false
          continue
        }
        let text = requiredText("text", in: fields, multiline: true)
        var met: Condition?? = .some(nil)
        if let metIndex = fields.value("met") { met = compileCondition(metIndex, atEnding: true).map { .some($0) } }
        guard let text, let met else {
          valid = false
          continue
        }
        objectives.append(Objective(text: text, met: met))
      } else if let text = text(element, multiline: true) {
        objectives.append(Objective(text: text, met: nil))
      } else {
        valid = false
      }
    }
    return valid ? objectives : nil
  }

  /// The safety-critical tasks: each an id, a label and a condition read at the ending.
  private mutating func decodeSafetyTasks(_ index: Int) -> [SafetyTask]? {
    guard let elements = array(index, of: "safety tasks") else { return nil }
    var tasks: [SafetyTask] = []
    var valid = true
    var seen: Set<String> = []
    for element in elements {
      guard let fields = object(element, allowed: Keys.safetyTask) else {
        valid = false
        continue
      }
      let id = require("id", in: fields, expected: "a safety task id such as \"safety-net\"").flatMap {
        identifier($0, kind: "safety task id")
      }
      if let id, let idIndex = fields.value("id"), !seen.insert(id).inserted {
        report(.duplicateField(name: id), at: idIndex)
        valid = false
      }
      let label = requiredText("label", in: fields, multiline: false)
      let done = require("done", in: fields, expected: "a condition that holds when the task is done").flatMap {
        compileCondition($0, atEnding: true)
      }
      guard let id, let label, let done else {
        valid = false
        continue
      }
      tasks.append(SafetyTask(id: id, label: label, done: done))
    }
    return valid ? tasks : nil
  }

  private mutating func decodeVariables(_ index: Int) -> [Variable] {
    guard document.kind(index) == .object else {
      report(.wrongType(expected: "an object of state variables", found: document.kind(index)), at: index)
      return []
    }
    var variables: [Variable] = []
    var seen: Set<String> = []
    for (key, value) in document.fields(index) {
      let name = document.string(key)
      if name.hasPrefix("//") { continue }
      let bytes = Array(name.utf8)
      guard !bytes.isEmpty, bytes.count <= 64, Self.isIdentifierByte(bytes[0], allowing: "_"),
        !(48...57).contains(bytes[0]), bytes.allSatisfy({ Self.isIdentifierByte($0, allowing: "_") })
      else {
        report(
          .invalidIdentifier(
            found: name, kind: "variable name",
            rule: "use letters, digits and '_', starting with a letter, e.g. \"rapport\" or \"disclosed_insulin\""),
          at: key)
        continue
      }
      if ExpressionSymbols.keywords.contains(name) {
        report(.keywordVariableName(name: name), at: key)
        continue
      }
      if !seen.insert(name).inserted {
        report(.duplicateField(name: name), at: key)
        continue
      }
      let before = findings.count
      if let variable = decodeVariable(name: name, value) {
        symbols.variables[name] = (variables.count, variable.type)
        variables.append(variable)
      } else if let root = findings[before...].firstIndex(where: { $0.problem.defaultSeverity == .error }) {
        // Still declared, so that every use of it is not an error of its own. The slot is never
        // read: a file with an error builds no scenario.
        symbols.variables[name] = (Self.faultySlotBase + faultyVariables.count, intendedType(of: value))
        faultyVariables[name] = root
      }
    }
    return variables
  }

  /// Slots of variables declared with an error start here, clear of every real slot.
  private static let faultySlotBase = 1 << 40

  /// The type a variable's declaration most likely meant: its `type`, else what its `initial`
  /// holds or spells ("0" is a number, "false" a boolean); a number when nothing says.
  private func intendedType(of declaration: Int) -> ValueType {
    guard document.kind(declaration) == .object else { return .number }
    if let type = document.field("type", in: declaration), document.kind(type) == .string,
      let declared = ValueType(rawValue: document.string(type))
    {
      return declared
    }
    guard let initial = document.field("initial", in: declaration) else { return .number }
    switch document.kind(initial) {
    case .true, .false: return .boolean
    case .string:
      let text = String(document.string(initial).lowercased().filter { $0 != " " })
      return text == "true" || text == "false" ? .boolean : .number
    default: return .number
    }
  }

  /// The error a failing expression follows from, if any: the declaration of a variable it uses
  /// that was declared with an error, or an earlier error about the same unknown name.
  private mutating func reportExpression(_ error: ExpressionError, source: String, at index: Int) {
    var root: Int?
    if !faultyVariables.isEmpty, let tokens = try? ExpressionLexer.tokenize(source) {
      for token in tokens {
        if case .word(let word) = token.kind, let faulty = faultyVariables[word] {
          root = faulty
          break
        }
      }
    }
    var name: String?
    switch error.problem {
    case .undeclaredVariable(let variable, _): name = "variable:" + variable
    case .unknownNode(let id, _): name = "node:" + id
    case .unknownChoice(let id, _): name = "choice:" + id
    default: break
    }
    if root == nil, let name { root = unresolved[name] }
    let finding = report(
      .expression(error, source: source), at: index, innerOffset: error.offset, followingFrom: root)
    if root == nil, let name { unresolved[name] = finding }
  }

  private mutating func decodeVariable(name: String, _ index: Int) -> Variable? {
    guard
      let fields = object(index, allowed: Keys.variable)
    else { return nil }
    let declared = fields.value("type").flatMap { enumeration($0, ValueType.self, expected: "number or boolean") }
    guard let initialIndex = require("initial", in: fields, expected: "a number, true or false") else { return nil }
    let initial: Value
    switch document.kind(initialIndex) {
    case .number:
      guard let number = number(initialIndex) else { return nil }
      initial = .number(number)
    case .true, .false:
      initial = .boolean(document.kind(initialIndex) == .true)
    case .string:
      // "0" or "false" in quotes: the most common slip, and the fix is plain.
      let text = document.string(initialIndex)
      let unquoted = Double(text) != nil || text == "true" || text == "false"
      report(
        unquoted
          ? .quotedValue(found: text, expected: "a number, true or false")
          : .wrongType(expected: "a number, true or false", found: .string),
        at: initialIndex)
      return nil
    default:
      report(.wrongType(expected: "a number, true or false", found: document.kind(initialIndex)), at: initialIndex)
      return nil
    }
    if let declared, declared != initial.type, let typeIndex = fields.value("type") {
      report(.variableTypeMismatch(declared: declared, initial: initial.type), at: typeIndex)
      return nil
    }
    let min = fields.value("min").flatMap { number($0) }
    let max = fields.value("max").flatMap { number($0) }
    if initial.type == .boolean, let clampIndex = fields.value("min") ?? fields.value("max") {
      report(.clampOnBoolean, at: clampIndex)
      return nil
    }
    if let min, let max, min > max, let maxIndex = fields.value("max") {
      report(.invalidClamp(min: Value.format(min), max: Value.format(max)), at: maxIndex)
      return nil
    }
    if case .number(let number) = initial, number < (min ?? -.infinity) || number > (max ?? .infinity) {
      report(
        .initialOutsideClamp(
          initial: Value.format(number), min: min.map { Value.format($0) }, max: max.map { Value.format($0) }),
        at: initialIndex)
      return nil
    }
    guard let label = optionalText("label", in: fields, multiline: false),
      optionalText("description", in: fields, multiline: true) != nil
    else { return nil }
    let visible = fields.value("visible").map { boolean($0) } ?? false
    guard let visible else { return nil }
    return Variable(
      name: name, type: initial.type, initial: initial, min: min, max: max, label: label, visible: visible)
  }

  // MARK: - Nodes

  private mutating func collectNodeIDs(_ elements: JSONDocument.Elements) {
    nodeIDs.reserveCapacity(elements.count)
    for (position, element) in elements.enumerated() {
      guard document.kind(element) == .object, let idIndex = document.field("id", in: element),
        document.kind(idIndex) == .string
      else { continue }
      let id = document.string(idIndex)
      if let first = nodeIDs[id] {
        report(.duplicateNodeID(id: id, first: JSONPath([.key("nodes"), .index(first), .key("id")])), at: idIndex)
      } else {
        nodeIDs[id] = position
      }
    }
    symbols.nodes = nodeIDs
  }

  /// Every choice id with its position in file order, before any node is decoded, so that
  /// debriefs can ask about choices anywhere in the story.
  private mutating func collectChoicePositions(_ elements: JSONDocument.Elements) {
    var position = 0
    for element in elements {
      guard document.kind(element) == .object, let choices = document.field("choices", in: element),
        document.kind(choices) == .array
      else { continue }
      for choice in document.lazyElements(choices) {
        defer { position += 1 }
        guard document.kind(choice) == .object, let idIndex = document.field("id", in: choice),
          document.kind(idIndex) == .string
        else { continue }
        let id = document.string(idIndex)
        if choicePositions[id] == nil { choicePositions[id] = position }
      }
    }
  }

  private mutating func decodeStart(_ root: Fields) -> String? {
    guard let index = require("start", in: root, expected: "the id of the first node"),
      let start = text(index, multiline: false)
    else { return nil }
    return resolveNode(start, at: index) == nil ? nil : start
  }

  private mutating func resolveNode(_ id: String, at index: Int) -> Int? {
    if let position = nodeIDs[id] { return position }
    let root = unresolved["node:" + id]
    let finding = report(
      .unknownNode(id: id, suggestion: Suggestion.nearest(to: id, in: nodeIDs.keys)), at: index, followingFrom: root)
    if root == nil { unresolved["node:" + id] = finding }
    return nil
  }

  private mutating func reference(_ fields: Fields) -> (id: String, index: Int)? {
    guard let index = require("next", in: fields, expected: "the id of the node that follows"),
      let id = text(index, multiline: false), let position = resolveNode(id, at: index)
    else { return nil }
    return (id, position)
  }

  private mutating func decodeNode(_ index: Int, position: Int) -> Node? {
    guard
      let fields = object(index, allowed: Keys.node)
    else { return nil }
    let id = require("id", in: fields, expected: "a node id").flatMap { identifier($0, kind: "node id") }
    let speaker = optionalText("speaker", in: fields, multiline: false)
    let patient = optionalVaryingText("patient", in: fields, multiline: true)
    let cue = optionalVaryingText("cue", in: fields, multiline: true)
    let talk: TalkTag?? = fields.value("talk").map { talkTag($0) } ?? .some(nil)
    // Each of these follows from a misspelt field name, when there is one, and is not reported.
    if let talkIndex = fields.value("talk"), fields.value("patient") == nil,
      misspelling(of: "patient", in: fields) == nil
    {
      report(.talkOnSilentNode, at: talkIndex)
    }
    let hint = optionalText("hint", in: fields, multiline: false)
    var weight: Double? = 1
    if let weightIndex = fields.value("weight") {
      weight = number(weightIndex)
      if let value = weight, !(value > 0 && value <= 10) {
        report(
          .numberOutOfRange(found: document.numberText(weightIndex), range: "more than 0, at most 10"), at: weightIndex)
        weight = nil
      }
    }
    for name in ["weight", "hint"] where fields.value("choices") == nil {
      if let key = fields.key(name), misspelling(of: "choices", in: fields) == nil {
        report(.onlyAtDecisionPoints(field: name), at: key)
      }
    }
    let present = ["choices", "routes", "ending"].filter { fields.value($0) != nil }
    var content: Node.Content?
    if present.count > 1, let second = fields.entries.first(where: { $0.name == present[1] }) {
      report(.conflictingContent(fields: present), at: second.key)
    } else if let choicesIndex = fields.value("choices") {
      content = decodeChoices(choicesIndex, node: position).map { .choices($0) }
    } else if let routesIndex = fields.value("routes") {
      content = decodeRoutes(routesIndex).map { .routes($0) }
    } else if let endingIndex = fields.value("ending") {
      content = decodeEnding(endingIndex).map { .ending($0) }
    } else if misspelling(of: "choices", "routes", "ending", in: fields) == nil {
      report(.deadEnd, at: index)
    }
    guard let id, let speaker, let patient, let cue, let talk, let hint, let weight, let content else { return nil }
    return Node(
      id: id, speaker: speaker, patient: patient, cue: cue, talk: talk, weight: weight, hint: hint, content: content)
  }

  private mutating func talkTag(_ index: Int) -> TalkTag?? {
    guard document.kind(index) == .string else {
      report(.wrongType(expected: "a talk tag such as \"sustain\"", found: document.kind(index)), at: index)
      return nil
    }
    let raw = document.string(index)
    if let tag = TalkTag(rawValue: raw) { return .some(tag) }
    report(
      .unknownTalkTag(found: raw, suggestion: Suggestion.nearest(to: raw, in: TalkTag.allCases.map(\.rawValue))),
      at: index)
    return nil
  }

  private mutating func decodeChoices(_ index: Int, node: Int) -> [Choice]? {
    guard let elements = array(index, of: "choices") else { return nil }
    if elements.isEmpty {
      report(.deadEnd, at: index)
      return nil
    }
    let choices = elements.map { decodeChoice($0, node: node) }
    return choices.contains { $0 == nil } ? nil : choices.compactMap { $0 }
  }

  private mutating func decodeChoice(_ index: Int, node: Int) -> Choice? {
    guard
      let fields = object(index, allowed: Keys.choice)
    else { return nil }
    var id: String?
    if let idIndex = require("id", in: fields, expected: "a choice id") {
      let before = findings.count
      let value = identifier(idIndex, kind: "choice id")
      if value == nil, findings.count > before, document.kind(idIndex) == .string {
        faultyChoiceIDs[document.string(idIndex)] = before
      }
      if let value, value.utf8.allSatisfy({ (48...57).contains($0) }) {
        faultyChoiceIDs[value] = report(.numericChoiceID(found: value), at: idIndex)
      } else if let value, let first = choiceIDs[value] {
        report(.duplicateChoiceID(id: value, first: pathOfChoiceID(first.anchor)), at: idIndex)
      } else if let value {
        choiceIDs[value] = (idIndex, node)
        id = value
      }
    }
    let say = require("say", in: fields, expected: "the trainee's words").flatMap {
      varyingText($0, multiline: false)
    }
    let codes = require("codes", in: fields, expected: "an array of technique codes").flatMap { decodeCodes($0) }
    let feedback = requiredText("feedback", in: fields, multiline: true)
    let next = reference(fields)
    var condition: Condition?? = .some(nil)
    if let conditionIndex = fields.value("if") {
      condition = compileCondition(conditionIndex).map { .some($0) }
    }
    let effects = fields.value("effects").map { decodeEffects($0) } ?? []
    let globals = fields.value("globals").map { decodeGlobals($0) } ?? [:]
    let grade: Grade?? =
      fields.value("grade").map {
        enumeration($0, Grade.self, expected: "best, good, acceptable or poor").map { .some($0) }
      } ?? .some(nil)
    guard let id, let say, let codes, let feedback, let next, let condition, let effects, let globals, let grade else {
      return nil
    }
    return Choice(
      id: id, say: say, codes: codes, condition: condition, effects: effects, feedback: feedback,
      next: next.id, globals: globals, grade: grade, nextIndex: next.index)
  }

  private func pathOfChoiceID(_ anchor: Int) -> JSONPath {
    document.path(to: anchor)
  }

  private mutating func decodeCodes(_ index: Int) -> [TechniqueCode]? {
    guard let elements = array(index, of: "technique codes") else { return nil }
    if elements.isEmpty {
      report(.emptyList(expected: "at least one technique code"), at: index)
      return nil
    }
    var codes: [TechniqueCode] = []
    var valid = true
    for element in elements {
      guard document.kind(element) == .string else {
        report(.wrongType(expected: "a technique code", found: document.kind(element)), at: element)
        valid = false
        continue
      }
      let raw = document.string(element)
      guard let code = TechniqueCode(rawValue: raw) else {
        report(
          .unknownCode(found: raw, suggestion: Suggestion.nearest(to: raw, in: TechniqueCode.allCases.map(\.rawValue))),
          at: element)
        valid = false
        continue
      }
      if codes.contains(code) {
        report(.duplicateField(name: raw), at: element)
        valid = false
        continue
      }
      if let other = code.contradicts.first(where: codes.contains) {
        report(.contradictoryCodes(first: other.rawValue, second: raw), at: element)
        valid = false
        continue
      }
      codes.append(code)
    }
    return valid ? codes : nil
  }

  private mutating func decodeGlobals(_ index: Int) -> [GlobalScore: Double]? {
    guard let fields = object(index, allowed: Keys.globals) else { return nil }
    var globals: [GlobalScore: Double] = [:]
    var valid = true
    for entry in fields.entries {
      guard let value = number(entry.value) else {
        valid = false
        continue
      }
      guard (-4...4).contains(value) else {
        report(.numberOutOfRange(found: document.numberText(entry.value), range: "-4 to 4"), at: entry.value)
        valid = false
        continue
      }
      globals[GlobalScore(rawValue: entry.name)!] = value
    }
    return valid ? globals : nil
  }

  /// Compiles a condition. One read at the ending (`atEnding`) may also ask `chose("id")`,
  /// because it cannot change where the story goes.
  private mutating func compileCondition(_ index: Int, atEnding: Bool = false) -> Condition? {
    guard let source = text(index, multiline: false) else { return nil }
    if let compiled = atEnding ? endConditions[source] : conditions[source] {
      return Condition(source: source, expression: compiled)
    }
    do {
      var symbols = self.symbols
      if atEnding { symbols.choices = choicePositions }
      let compiled = try ExpressionParser.parseCondition(source, symbols: symbols)
      if atEnding { endConditions[source] = compiled } else { conditions[source] = compiled }
      return Condition(source: source, expression: compiled)
    } catch {
      reportExpression(error, source: source, at: index)
      return nil
    }
  }

  private mutating func decodeEffects(_ index: Int) -> [Effect]? {
    guard let elements = array(index, of: "effects such as \"rapport += 1\"") else { return nil }
    var effects: [Effect] = []
    var valid = true
    for element in elements {
      guard let source = text(element, multiline: false) else {
        valid = false
        continue
      }
      do {
        let parsed: (slot: Int, name: String, operation: AssignmentOperator, value: Expr)
        if let known = self.effects[source] {
          parsed = known
        } else {
          parsed = try ExpressionParser.parseEffect(source, symbols: symbols)
          self.effects[source] = parsed
        }
        effects.append(
          Effect(
            source: source, variable: parsed.name, operation: parsed.operation, slot: parsed.slot, value: parsed.value))
      } catch {
        reportExpression(error, source: source, at: element)
        valid = false
      }
    }
    return valid ? effects : nil
  }

  private mutating func decodeRoutes(_ index: Int) -> [Route]? {
    guard let elements = array(index, of: "routes") else { return nil }
    if elements.isEmpty {
      report(.deadEnd, at: index)
      return nil
    }
    var routes: [Route] = []
    var valid = true
    for element in elements {
      guard let fields = object(element, allowed: Keys.route) else {
        valid = false
        continue
      }
      var condition: Condition?
      if let conditionIndex = fields.value("if") {
        condition = compileCondition(conditionIndex)
        if condition == nil { valid = false }
      }
      guard let next = reference(fields) else {
        valid = false
        continue
      }
      routes.append(Route(condition: condition, next: next.id, nextIndex: next.index))
    }
    return valid ? routes : nil
  }

  private mutating func decodeEnding(_ index: Int) -> Ending? {
    guard let fields = object(index, allowed: Keys.ending) else { return nil }
    let title = requiredText("title", in: fields, multiline: false)
    let outcome = require("outcome", in: fields, expected: "positive, mixed or negative").flatMap {
      enumeration($0, Outcome.self, expected: "positive, mixed or negative")
    }
    let debrief = require("debrief", in: fields, expected: "a string, or an array of paragraphs").flatMap {
      decodeDebrief($0)
    }
    guard let title, let outcome, let debrief else { return nil }
    return Ending(title: title, outcome: outcome, paragraphs: debrief)
  }

  /// A debrief is one text, or paragraphs: each a text, or an object whose `text` is shown only
  /// when its condition (`if`) holds at the ending.
  private mutating func decodeDebrief(_ index: Int) -> [DebriefParagraph]? {
    guard document.kind(index) == .array else {
      return text(index, multiline: true).map { [DebriefParagraph(text: VaryingText($0), condition: nil)] }
    }
    let elements = document.lazyElements(index)
    if elements.isEmpty {
      report(.emptyList(expected: "at least one paragraph"), at: index)
      return nil
    }
    var paragraphs: [DebriefParagraph] = []
    var valid = true
    for element in elements {
      if document.kind(element) == .object {
        guard let fields = object(element, allowed: Keys.paragraph) else {
          valid = false
          continue
        }
        let text = require("text", in: fields, expected: "the paragraph's words").flatMap {
          varyingText($0, multiline: true, atEnding: true)
        }
        // A paragraph whose words vary may be shown always; one of fixed words in an object has
        // a condition, or it would be a plain string.
        var condition: Condition?? = .some(nil)
        if let conditionIndex = fields.value("if") {
          condition = compileCondition(conditionIndex, atEnding: true).map { .some($0) }
        } else if let textIndex = fields.value("text"), document.kind(textIndex) != .array {
          _ = require("if", in: fields, expected: "the condition under which the paragraph is shown")
          condition = nil
        }
        guard let text, let condition else {
          valid = false
          continue
        }
        paragraphs.append(DebriefParagraph(text: text, condition: condition))
      } else if let text = text(element, multiline: true) {
        paragraphs.append(DebriefParagraph(text: VaryingText(text), condition: nil))
      } else {
        valid = false
      }
    }
    if valid, !paragraphs.contains(where: { $0.condition == nil }) {
      report(.noUnconditionalParagraph, at: index)
      valid = false
    }
    return valid ? paragraphs : nil
  }

  // MARK: - Words that vary with the state

  /// A text that may vary with the state: a string, or a list of variants tried in order, each
  /// `{"if": "condition", "text": "..."}`, the last without a condition (a plain string or
  /// `{"text": "..."}`). Conditions are checked like every other; since they change only the
  /// words shown, never where the story goes, they may ask `chose("id")` anywhere.
  private mutating func varyingText(_ index: Int, multiline: Bool, atEnding: Bool = true) -> VaryingText? {
    guard document.kind(index) == .array else {
      return text(index, multiline: multiline).map { VaryingText($0) }
    }
    let elements = document.lazyElements(index)
    if elements.isEmpty {
      report(.emptyList(expected: "at least one variant, the last without \"if\""), at: index)
      return nil
    }
    var variants: [VaryingText.Variant] = []
    var valid = true
    /// The 1-based position of the first variant without a condition.
    var fallback: Int?
    for (offset, element) in elements.enumerated() {
      var condition: Condition?
      var hasCondition = false
      let words: String?
      if document.kind(element) == .object {
        guard let fields = object(element, allowed: Keys.variant) else {
          valid = false
          continue
        }
        words = requiredText("text", in: fields, multiline: multiline)
        if let conditionIndex = fields.value("if") {
          hasCondition = true
          condition = compileCondition(conditionIndex, atEnding: atEnding)
          if condition == nil { valid = false }
        }
      } else if document.kind(element) == .string {
        words = text(element, multiline: multiline)
      } else {
        report(
          .wrongType(
            expected: "a variant, {\"if\": \"condition\", \"text\": \"...\"}, or a string",
            found: document.kind(element)),
          at: element)
        valid = false
        continue
      }
      guard let words else {
        valid = false
        continue
      }
      if let fallback {
        report(.variantNeverShown(after: fallback), at: element)
        continue
      }
      variants.append(VaryingText.Variant(condition: condition, text: words))
      if !hasCondition { fallback = offset + 1 }
    }
    guard valid else { return nil }
    guard fallback != nil else {
      report(.noFallbackVariant, at: index)
      return nil
    }
    return VaryingText(variants: variants)
  }

  private mutating func optionalVaryingText(_ name: String, in fields: Fields, multiline: Bool) -> VaryingText?? {
    guard let index = fields.value(name) else { return .some(nil) }
    guard let value = varyingText(index, multiline: multiline) else { return nil }
    return .some(value)
  }

  // MARK: - Walkthroughs

  private mutating func decodeWalkthroughs(_ index: Int, safetyTasks: [SafetyTask]) -> [Walkthrough] {
    guard let elements = array(index, of: "walkthroughs") else { return [] }
    var walkthroughs: [Walkthrough] = []
    var names: Set<String> = []
    for element in elements {
      guard let fields = object(element, allowed: Keys.walkthrough) else { continue }
      let nameIndex = require("name", in: fields, expected: "a name such as \"best\"")
      let name = nameIndex.flatMap { text($0, multiline: false) }
      if let name, let nameIndex, !names.insert(name).inserted {
        report(.duplicateWalkthrough(name: name), at: nameIndex)
      }
      _ = optionalText("description", in: fields, multiline: true)
      let choices = require("choices", in: fields, expected: "an array of choice ids").flatMap {
        walkthroughChoices($0)
      }
      let expectation =
        fields.value("expect").map { decodeExpectation($0, safetyTasks: safetyTasks) } ?? Walkthrough.Expectation()
      if let name, let choices, let expectation {
        walkthroughs.append(Walkthrough(name: name, choices: choices, expectation: expectation))
      }
    }
    return walkthroughs
  }

  private mutating func walkthroughChoices(_ index: Int) -> [String]? {
    guard let elements = array(index, of: "choice ids") else { return nil }
    var ids: [String] = []
    var valid = true
    for element in elements {
      guard let id = text(element, multiline: false) else {
        valid = false
        continue
      }
      if choiceIDs[id] == nil {
        let root = faultyChoiceIDs[id] ?? unresolved["choice:" + id]
        let finding = report(
          .unknownChoice(id: id, suggestion: Suggestion.nearest(to: id, in: choiceIDs.keys)), at: element,
          followingFrom: root)
        if root == nil { unresolved["choice:" + id] = finding }
        valid = false
      }
      ids.append(id)
    }
    return valid ? ids : nil
  }

  private mutating func decodeExpectation(_ index: Int, safetyTasks: [SafetyTask]) -> Walkthrough.Expectation? {
    guard let fields = object(index, allowed: Keys.expectation) else { return nil }
    var expectation = Walkthrough.Expectation()
    var valid = true
    if let endingIndex = fields.value("ending") {
      if let id = text(endingIndex, multiline: false), let position = resolveNode(id, at: endingIndex) {
        _ = position
        expectation.ending = id
      } else {
        valid = false
      }
    }
    if let outcomeIndex = fields.value("outcome") {
      expectation.outcome = enumeration(outcomeIndex, Outcome.self, expected: "positive, mixed or negative")
      valid = valid && expectation.outcome != nil
    }
    if let stateIndex = fields.value("state") {
      guard document.kind(stateIndex) == .object else {
        report(.wrongType(expected: "an object of variable values", found: document.kind(stateIndex)), at: stateIndex)
        return nil
      }
      for (key, value) in document.fields(stateIndex) {
        let name = document.string(key)
        guard let variable = symbols.variables[name] else {
          // A name already reported unknown where the story uses it is the same mistake.
          let root = unresolved["variable:" + name]
          let finding = report(
            .unknownVariable(name: name, suggestion: Suggestion.nearest(to: name, in: symbols.variables.keys)), at: key,
            followingFrom: root)
          if root == nil { unresolved["variable:" + name] = finding }
          valid = false
          continue
        }
        let expected: Value
        switch (document.kind(value), variable.type) {
        case (.number, .number): expected = .number(document.number(value))
        case (.true, .boolean), (.false, .boolean): expected = .boolean(document.kind(value) == .true)
        default:
          report(
            .wrongType(expected: variable.type.described, found: document.kind(value)), at: value,
            followingFrom: faultyVariables[name])
          valid = false
          continue
        }
        expectation.state.append((name, expected))
      }
    }
    if let bandIndex = fields.value("band") {
      expectation.band = enumeration(bandIndex, Band.self, expected: "developing, fair or good")
      valid = valid && expectation.band != nil
    }
    if let scoreIndex = fields.value("score") {
      if let range = object(scoreIndex, allowed: Keys.scoreRange) {
        expectation.scoreAtLeast = range.value("min").flatMap { number($0) }
        expectation.scoreAtMost = range.value("max").flatMap { number($0) }
        if range.value("min") == nil && range.value("max") == nil {
          report(.missingField(name: "min", expected: "the lowest score allowed, and or \"max\""), at: scoreIndex)
          valid = false
        }
        if let low = expectation.scoreAtLeast, let high = expectation.scoreAtMost, low > high {
          report(.invalidClamp(min: Value.format(low), max: Value.format(high)), at: scoreIndex)
          valid = false
        }
      } else {
        valid = false
      }
    }
    if let safetyIndex = fields.value("safety") {
      guard document.kind(safetyIndex) == .object else {
        report(
          .wrongType(expected: "an object of safety task ids and true or false", found: document.kind(safetyIndex)),
          at: safetyIndex)
        return nil
      }
      for (key, value) in document.fields(safetyIndex) {
        let id = document.string(key)
        guard safetyTasks.contains(where: { $0.id == id }) else {
          report(.unknownSafetyTask(id: id, suggestion: Suggestion.nearest(to: id, in: safetyTasks.map(\.id))), at: key)
          valid = false
          continue
        }
        guard let done = boolean(value) else {
          valid = false
          continue
        }
        expectation.safety.append((id, done))
      }
    }
    return valid ? expectation : nil
  }
}
