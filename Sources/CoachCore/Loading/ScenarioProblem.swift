/// Everything that can be wrong with a scenario file, as data. `message` and `suggestion` turn a
/// problem into words; `code` is a stable name for tools and tests.
public enum ScenarioProblem: Equatable, Sendable {
  // The file itself.
  case unreadable(reason: String)
  case isDirectory
  case tooLarge(size: Int, limit: Int)
  case syntax(JSONSyntaxError.Problem)
  /// A string runs over a line break in the file; `field` is the field it belongs to, if known.
  case lineBreakInString(field: String?)

  // Shape and types.
  case wrongType(expected: String, found: JSONKind)
  /// A number or boolean written in quotes, as a string.
  case quotedValue(found: String, expected: String)
  case missingField(name: String, expected: String)
  case unknownField(name: String, suggestion: String?, allowed: [String])
  case duplicateField(name: String)
  case emptyText
  case emptyList(expected: String)
  case textTooLong(length: Int, limit: Int)
  case forbiddenCharacter(codePoint: UInt32, position: Int)
  case invalidValue(found: String, expected: String, suggestion: String?)
  case unsupportedFormat(found: String)
  case invalidIdentifier(found: String, kind: String, rule: String)
  case numericChoiceID(found: String)
  case keywordVariableName(name: String)
  case notAWholeNumber(found: String)
  case numberOutOfRange(found: String, range: String)

  // Meaning.
  case unknownNode(id: String, suggestion: String?)
  case unknownChoice(id: String, suggestion: String?)
  case unknownVariable(name: String, suggestion: String?)
  case unknownCode(found: String, suggestion: String?)
  case unknownTalkTag(found: String, suggestion: String?)
  case duplicateNodeID(id: String, first: JSONPath)
  case duplicateChoiceID(id: String, first: JSONPath)
  case duplicateWalkthrough(name: String)
  case expression(ExpressionError, source: String)
  case conflictingContent(fields: [String])
  case deadEnd
  case talkOnSilentNode
  case variableTypeMismatch(declared: ValueType, initial: ValueType)
  case clampOnBoolean
  case invalidClamp(min: String, max: String)
  case initialOutsideClamp(initial: String, min: String?, max: String?)
  case onlyAtDecisionPoints(field: String)
  case contradictoryCodes(first: String, second: String)
  case noUnconditionalParagraph
  case unknownSafetyTask(id: String, suggestion: String?)
  case rubricClaimsBuiltInID(id: String, renamed: String)
  case unboundedGrowth(variable: String, node: String)
  case missingCodeRule(code: String)
  case noFallbackVariant
  case variantNeverShown(after: Int)

  // The story as a graph.
  case trap
  case noFallbackRoute
  case routeNeverTaken
  case routeCycle(through: [String])
  case allChoicesConditional
  case unreachableNode
  case noMIConsistentOption
  case duplicateChoiceText(sameAs: String)
  case walkthroughFailed(WalkthroughFailure)

  // The whole story, played every way it can go.
  case endingNeverReached(closedBy: [String])
  case trapUnderState(choices: [String])
  case choiceNeverOffered(choice: String, node: String)
  case routeNeverHolds(node: String)
  case routeShadowed
  case variableNeverChanged(name: String)
  case variableNeverRead(name: String)
  case variableUnused(name: String)
  case wholeStoryUnchecked(states: Int, trapsChecked: Bool)

  // What `coach analyze --check` adds: how the story scores.
  case bestScoreBelowGood(band: Band, score: Double, choices: [String])
  case worstScoreAboveDeveloping(band: Band, score: Double, choices: [String])
  case naiveStrategyReachesGood(strategy: String, times: Int, of: Int)

  // Grades, and whether the options cue the answer.
  case partialGrades(ungraded: [String])
  case noBestGrade
  case gradeContradictsCodes(higher: String, lower: String, higherQuality: String, lowerQuality: String)
  case bestIsLongest(count: Int, of: Int)
  case oneAcceptableOption(count: Int, of: Int)
  case caricatureByLength(characters: Int, bestCharacters: Int, best: String)

  // Authoring lint: surface cues that a choice is miscoded.
  case lint(LintFinding)

  /// A stable kebab-case name, for tools, tests and `--json`.
  public var code: String {
    switch self {
    case .unreadable: "unreadable"
    case .isDirectory: "is-directory"
    case .tooLarge: "too-large"
    case .syntax, .lineBreakInString: "json-syntax"
    case .wrongType, .quotedValue: "wrong-type"
    case .missingField: "missing-field"
    case .unknownField: "unknown-field"
    case .duplicateField: "duplicate-field"
    case .emptyText: "empty-text"
    case .emptyList: "empty-list"
    case .textTooLong: "text-too-long"
    case .forbiddenCharacter: "control-character"
    case .invalidValue: "invalid-value"
    case .unsupportedFormat: "unsupported-format"
    case .invalidIdentifier: "invalid-id"
    case .numericChoiceID: "numeric-choice-id"
    case .keywordVariableName: "keyword-variable"
    case .notAWholeNumber: "not-whole-number"
    case .numberOutOfRange: "number-out-of-range"
    case .unknownNode: "unknown-node"
    case .unknownChoice: "unknown-choice"
    case .unknownVariable: "unknown-variable"
    case .unknownCode: "unknown-code"
    case .unknownTalkTag: "unknown-talk-tag"
    case .duplicateNodeID: "duplicate-node-id"
    case .duplicateChoiceID: "duplicate-choice-id"
    case .duplicateWalkthrough: "duplicate-walkthrough"
    case .expression: "expression"
    case .conflictingContent: "conflicting-content"
    case .deadEnd: "dead-end"
    case .talkOnSilentNode: "talk-without-words"
    case .variableTypeMismatch: "variable-type"
    case .clampOnBoolean: "clamp-on-boolean"
    case .invalidClamp: "invalid-clamp"
    case .initialOutsideClamp: "initial-outside-clamp"
    case .onlyAtDecisionPoints: "only-at-decision-points"
    case .contradictoryCodes: "contradictory-codes"
    case .noUnconditionalParagraph: "no-unconditional-paragraph"
    case .unknownSafetyTask: "unknown-safety-task"
    case .rubricClaimsBuiltInID: "modified-built-in-rubric"
    case .unboundedGrowth: "unbounded-growth"
    case .missingCodeRule: "missing-code-rule"
    case .partialGrades: "partial-grades"
    case .noBestGrade: "no-best-grade"
    case .gradeContradictsCodes: "grade-contradicts-codes"
    case .bestIsLongest: "best-is-longest"
    case .oneAcceptableOption: "one-acceptable-option"
    case .caricatureByLength: "caricature-by-length"
    case .trap: "trap"
    case .noFallbackRoute: "no-fallback-route"
    case .routeNeverTaken: "route-never-taken"
    case .routeCycle: "route-cycle"
    case .allChoicesConditional: "all-choices-conditional"
    case .unreachableNode: "unreachable-node"
    case .noMIConsistentOption: "no-mi-consistent-option"
    case .duplicateChoiceText: "duplicate-choice-text"
    case .walkthroughFailed: "walkthrough-failed"
    case .noFallbackVariant: "no-fallback-variant"
    case .variantNeverShown: "variant-never-shown"
    case .endingNeverReached: "ending-never-reached"
    case .trapUnderState: "trap-under-state"
    case .choiceNeverOffered: "choice-never-offered"
    case .routeNeverHolds: "route-never-holds"
    case .routeShadowed: "route-shadowed"
    case .variableNeverChanged: "variable-never-changed"
    case .variableNeverRead: "variable-never-read"
    case .variableUnused: "variable-unused"
    case .wholeStoryUnchecked: "whole-story-bounded"
    case .bestScoreBelowGood: "best-score-below-good"
    case .worstScoreAboveDeveloping: "worst-score-above-developing"
    case .naiveStrategyReachesGood: "naive-strategy-reaches-good"
    case .lint(let finding): "lint-\(finding.rule.rawValue)"
    }
  }

  /// Whether the problem stops the scenario from loading.
  public var defaultSeverity: Diagnostic.Severity {
    switch self {
    case .routeNeverTaken, .unreachableNode, .noMIConsistentOption, .duplicateChoiceText, .lint,
      .gradeContradictsCodes, .bestIsLongest, .caricatureByLength, .rubricClaimsBuiltInID, .unboundedGrowth,
      .missingCodeRule, .variantNeverShown, .choiceNeverOffered, .routeNeverHolds, .routeShadowed,
      .variableNeverChanged, .variableNeverRead, .variableUnused, .bestScoreBelowGood, .worstScoreAboveDeveloping,
      .naiveStrategyReachesGood:
      .warning
    case .oneAcceptableOption, .wholeStoryUnchecked:
      .note
    default:
      .error
    }
  }

  /// What is wrong and what was expected, in one sentence.
  public var message: String {
    switch self {
    case .unreadable(let reason):
      return "cannot read the file: \(reason)"
    case .isDirectory:
      return "this is a directory; expected a scenario file (.json)"
    case .tooLarge(let size, let limit):
      return "the file is \(size) bytes, over the limit of \(limit) bytes for one scenario"
    case .syntax(let problem):
      return JSONSyntaxError(offset: 0, problem: problem).message
    case .lineBreakInString(let field):
      return "a line break inside " + (field.map { "the text of \"\($0)\"" } ?? "a string")
        + "; JSON does not allow a string to run over two lines"
    case .wrongType(let expected, let found):
      return "expected \(expected), found \(found.described)"
    case .quotedValue(let found, let expected):
      return "expected \(expected), found the string \"\(found)\""
    case .missingField(let name, let expected):
      return "missing the required field \"\(name)\" (\(expected))"
    case .unknownField(let name, _, _):
      return "unknown field \"\(name)\""
    case .duplicateField(let name):
      return "the field \"\(name)\" appears twice in this object; keep one"
    case .emptyText:
      return "expected some text, found an empty string"
    case .emptyList(let expected):
      return "the list is empty; expected \(expected)"
    case .textTooLong(let length, let limit):
      return "the text is \(length) bytes long, over the limit of \(limit)"
    case .forbiddenCharacter(let codePoint, let position):
      return "character \(position) of the text is U+\(hex4(codePoint)) (\(Self.describeControl(codePoint))); "
        + "control and direction-changing characters are not allowed in scenario text"
    case .invalidValue(let found, let expected, _):
      return "\"\(found)\" is not allowed here; expected \(expected)"
    case .unsupportedFormat(let found):
      return "format \(found) is not supported; this version of Coach reads format \(Scenario.currentFormat)"
    case .invalidIdentifier(let found, let kind, let rule):
      return "\"\(found)\" is not a valid \(kind); \(rule)"
    case .numericChoiceID(let found):
      return "the choice id \"\(found)\" is only digits, which would be confused with a choice number"
    case .keywordVariableName(let name):
      return "'\(name)' is a word of the expression language and cannot name a variable"
    case .notAWholeNumber(let found):
      return "expected a whole number, found \(found)"
    case .numberOutOfRange(let found, let range):
      return "\(found) is out of range; expected \(range)"
    case .unknownNode(let id, _):
      return "there is no node with id \"\(id)\""
    case .unknownChoice(let id, _):
      return "there is no choice with id \"\(id)\""
    case .unknownVariable(let name, _):
      return "there is no state variable named \"\(name)\""
    case .unknownCode(let found, _):
      return "\"\(found)\" is not a technique code"
    case .unknownTalkTag(let found, _):
      return "\"\(found)\" is not a talk tag"
    case .duplicateNodeID(let id, let first):
      return "the node id \"\(id)\" is already used at \(first)"
    case .duplicateChoiceID(let id, let first):
      return "the choice id \"\(id)\" is already used at \(first); choice ids must be unique in the file"
    case .duplicateWalkthrough(let name):
      return "two walkthroughs are named \"\(name)\""
    case .expression(let error, _):
      return error.message
    case .conflictingContent(let fields):
      return "a node has choices, routes or an ending, but this one has "
        + fields.map { "\"\($0)\"" }.joined(separator: " and ")
    case .deadEnd:
      return "this node is a dead end: it has no choices, no routes and no ending"
    case .talkOnSilentNode:
      return "a talk tag describes the patient's words, but this node has no \"patient\" text"
    case .variableTypeMismatch(let declared, let initial):
      return "the variable is declared as \(declared.described) but its initial value is \(initial.described)"
    case .clampOnBoolean:
      return "min and max apply to numbers only; this variable holds true or false"
    case .invalidClamp(let min, let max):
      return "min (\(min)) is greater than max (\(max))"
    case .initialOutsideClamp(let initial, let min, let max):
      return "the initial value \(initial) lies outside \(min ?? "-∞")...\(max ?? "∞")"
    case .onlyAtDecisionPoints(let field):
      return "\"\(field)\" applies only to a decision point (a node with \"choices\")"
    case .contradictoryCodes(let first, let second):
      return "a response cannot be both \(first) and \(second)"
    case .noUnconditionalParagraph:
      return "every paragraph of this debrief has a condition, so on some paths the ending would say nothing"
    case .unknownSafetyTask(let id, _):
      return "there is no safety task with id \"\(id)\""
    case .missingCodeRule(let code):
      return "the rubric has no rule for the technique code \"\(code)\", so it is scored as the default rubric "
        + "scores it"
    case .unboundedGrowth(let variable, let node):
      return "'\(variable)' has no min or max, and this effect moves it every time the story goes round the loop "
        + "through \"\(node)\", so it can only grow until it stops at ±\(Value.format(Variable.defaultBound))"
    case .rubricClaimsBuiltInID(let id, let renamed):
      return "this rubric is called \"\(id)\" but differs from Coach's built-in \"\(id)\", so its scores are "
        + "recorded as \"\(renamed)\""
    case .partialGrades(let ungraded):
      return "some options here are graded and some are not ("
        + ungraded.map { "\"\($0)\"" }.joined(separator: ", ")
        + " not); grade every option at a decision point, or none"
    case .noBestGrade:
      return "the options here are graded, but none is graded \"best\""
    case .gradeContradictsCodes(let higher, let lower, let higherQuality, let lowerQuality):
      return "\"\(higher)\" is graded above \"\(lower)\", but its codes score it lower (\(higherQuality) against "
        + "\(lowerQuality) in summed global movement), so the score would reward the weaker move"
    case .bestIsLongest(let count, let total):
      return "the best option is also the longest at \(count) of \(total) decision points "
        + "(\(Self.percent(count, total))); a trainee can win by picking the longest"
    case .oneAcceptableOption(let count, let total):
      return "\(count) of \(total) decision points (\(Self.percent(count, total))) offer exactly one option graded "
        + "acceptable or better, so the trainee recognises the answer rather than choosing between good moves"
    case .caricatureByLength(let characters, let bestCharacters, let best):
      return "this poor option is \(characters) characters long against \(bestCharacters) for the best "
        + "(\"\(best)\"): so short beside it that its length gives it away"
    case .trap:
      return "no ending can be reached from this node: a trainee who arrives here can never finish"
    case .noFallbackRoute:
      return "every route has a condition, so when none holds the story has nowhere to go"
    case .routeNeverTaken:
      return "this route is never taken: an earlier route has no condition and always wins"
    case .routeCycle(let through):
      return "routes lead round in a circle with no decision point: "
        + (through + [through[0]]).joined(separator: " → ")
    case .allChoicesConditional:
      return "every choice here has a condition, so under some state the trainee has nothing to choose"
    case .unreachableNode:
      return "no path from the start reaches this node"
    case .noMIConsistentOption:
      return "no choice here is MI-consistent (an open question, a reflection, a summary or an "
        + "adherent code, without a non-adherent one), so a trainee cannot do well at this point"
    case .duplicateChoiceText(let other):
      return "this choice says exactly what choice \"\(other)\" in the same node says"
    case .walkthroughFailed(let failure):
      return failure.message
    case .lint(let finding):
      return finding.message
    case .noFallbackVariant:
      return "every variant here has a condition, so when none holds there are no words to show"
    case .variantNeverShown(let fallback):
      return "this variant is never shown: variant \(fallback) has no condition and always wins"
    case .endingNeverReached(let ways):
      if ways.isEmpty { return "no play-through reaches this ending: no path from the start leads to it" }
      return "no play-through reaches this ending: the ways towards it never open ("
        + ways.prefix(3).joined(separator: "; ") + (ways.count > 3 ? "; and \(ways.count - 3) more" : "") + ")"
    case .trapUnderState(let choices):
      return "a trainee can get stuck here: after "
        + (choices.isEmpty ? "no choices" : choices.joined(separator: ", "))
        + " the story arrives here in a state from which no ending can be reached"
    case .choiceNeverOffered(let choice, let node):
      return "choice \"\(choice)\" is never offered: its condition never holds when a trainee is at \"\(node)\""
    case .routeNeverHolds(let node):
      return "this route is never taken: its condition never holds when the story reaches \"\(node)\""
    case .routeShadowed:
      return "this route is never taken: whenever its condition holds, an earlier route's condition holds too, "
        + "and the first that holds wins"
    case .variableNeverChanged(let name):
      return "'\(name)' is never changed by any effect, so every condition on it always gives the same answer"
    case .variableNeverRead(let name):
      return "'\(name)' is changed but never read: no condition, debrief, objective or safety task depends on it"
    case .variableUnused(let name):
      return "'\(name)' is declared but never changed and never read"
    case .bestScoreBelowGood(let band, let score, let choices):
      return "the best play-through scores only \(band.title), \(Value.format(score, places: 1)): "
        + choices.joined(separator: ", ")
    case .worstScoreAboveDeveloping(let band, let score, let choices):
      return "the worst play-through still scores \(band.title), \(Value.format(score, places: 1)): "
        + choices.joined(separator: ", ")
    case .naiveStrategyReachesGood(let strategy, let times, let total):
      return
        "a trainee who never reads the patient reaches Good: \(strategy), in \(times) of \(total) orders of the options"
    case .wholeStoryUnchecked(let states, let trapsChecked):
      return "the whole-story checks stopped at their limit of \(PlayThroughCount.grouped(states)) play states "
        + "before every ending, choice and route was reached, so none is reported as never reached"
        + (trapsChecked ? "" : ", and traps that depend on state were not looked for")
    }
  }

  /// A concrete fix to try, when one can be given.
  public var suggestion: String? {
    switch self {
    case .unknownField(_, let suggestion?, let allowed):
      return "did you mean \"\(suggestion)\"? (\(Self.fieldList(allowed)))"
    case .unknownField(_, nil, let allowed):
      return "remove it, or start its name with \"//\" to keep it as a comment (\(Self.fieldList(allowed)))"
    case .unknownNode(_, let suggestion?),
      .unknownChoice(_, let suggestion?), .unknownVariable(_, let suggestion?),
      .unknownCode(_, let suggestion?), .unknownTalkTag(_, let suggestion?),
      .invalidValue(_, _, let suggestion?):
      return "did you mean \"\(suggestion)\"?"
    case .unknownCode:
      return "see the technique codes in docs/authoring.md"
    case .tooLarge:
      return "split the story, or raise the limit with --max-size if the file is trusted"
    case .quotedValue(let found, _):
      return "remove the quotes: write \(found), not \"\(found)\""
    case .syntax(.trailingComma):
      return "remove the comma"
    case .syntax(.unexpectedEnd):
      return "check that every '{' and '[' is closed"
    case .lineBreakInString(let field?) where Self.multilineFields.contains(field):
      return "join the lines; where \"\(field)\" should start a new line or paragraph, write \\n (or \\n\\n)"
    case .lineBreakInString(let field?):
      return "join the lines with a space: \"\(field)\" is one line of text"
    case .lineBreakInString(nil):
      return "join the lines; in a text that may have several lines (such as feedback or a debrief), "
        + "write \\n where a line should break"
    case .forbiddenCharacter(0x0A, _):
      return "this text is one line: replace the line break (\\n) with a space; line breaks are allowed only in "
        + "texts such as feedback, debriefs and the patient's words"
    case .forbiddenCharacter(0x09, _):
      return "replace the tab with a space"
    case .expression(let error, _):
      return error.suggestion
    case .deadEnd:
      return "add \"choices\", \"routes\" or an \"ending\""
    case .trap:
      return "add a choice or route from this part of the story towards an ending"
    case .noFallbackRoute:
      return "add a last route without \"if\", e.g. {\"next\": \"...\"}"
    case .allChoicesConditional:
      return "leave at least one choice without \"if\""
    case .routeCycle:
      return "let one of these nodes offer a choice, or send a route elsewhere"
    case .numericChoiceID(let found):
      return "use a descriptive id, such as \"ask-\(found)\""
    case .noMIConsistentOption:
      return "add a response that reflects, affirms or asks an open question"
    case .lint(let finding):
      return finding.suggestion
    case .unknownSafetyTask(_, let suggestion?):
      return "did you mean \"\(suggestion)\"?"
    case .partialGrades:
      return "add \"grade\": \"best\", \"good\", \"acceptable\" or \"poor\" to each"
    case .noBestGrade:
      return "grade the strongest option here \"best\""
    case .gradeContradictsCodes:
      return "check both options' codes, or give the choices explicit \"globals\" that match the grades"
    case .bestIsLongest:
      return "write near-miss options as long as the best one, or say the best one more briefly"
    case .oneAcceptableOption:
      return "offer a second defensible move (reflect or ask; which feeling to reflect) and grade it good"
    case .caricatureByLength:
      return "write the mistake the way a tired clinician would really say it, at a similar length"
    case .noUnconditionalParagraph:
      return "add one paragraph without \"if\" that every path shows"
    case .onlyAtDecisionPoints:
      return "move it to a node with choices, or remove it"
    case .rubricClaimsBuiltInID:
      return "give your rubric an id of its own"
    case .missingCodeRule(let code):
      return "add a rule for \"\(code)\" under \"codes\" to score it your way"
    case .unboundedGrowth(let variable, _):
      return "declare \"min\" and \"max\" for '\(variable)' under \"state\""
    case .noFallbackVariant:
      return "end the list with a variant without \"if\", e.g. \"...\" or {\"text\": \"...\"}"
    case .variantNeverShown:
      return "move it before the variant without a condition, or remove it"
    case .endingNeverReached(let ways):
      return ways.isEmpty
        ? "add a choice or route that leads here" : "check the conditions named against the effects before them"
    case .trapUnderState:
      return "give this part of the story a way out that no condition can close (a choice without \"if\"), "
        + "or fix the condition that keeps it shut"
    case .choiceNeverOffered, .routeNeverHolds:
      return "check the condition against the effects of the choices that lead here (coach analyze shows them), "
        + "or remove it"
    case .routeShadowed:
      return "move it before the route that wins, or narrow that route's condition"
    case .variableNeverChanged:
      return "set it in an effect, or replace it by its value"
    case .variableNeverRead:
      return "use it in a condition, show it as a meter (\"visible\": true), or remove it"
    case .variableUnused:
      return "remove it, or use it"
    case .wholeStoryUnchecked:
      return "run coach analyze --max-states with a higher limit to search further"
    case .bestScoreBelowGood:
      return "look at the codes and grades along that path: the story should let a skilled trainee reach Good"
    case .worstScoreAboveDeveloping:
      return "give the mistakes along that path the codes and endings they deserve"
    case .naiveStrategyReachesGood:
      return "vary where the best option sits and how long it is (see \"Lints against cueing\")"
    default:
      return nil
    }
  }

  /// The fields whose text may run over several lines (written with \n in the file).
  static let multilineFields: Set<String> = [
    "summary", "setting", "background", "patient", "cue", "feedback", "debrief", "text", "description",
  ]

  /// "the fields here are id, say, codes": what an object may hold, for an unknown field.
  static func fieldList(_ allowed: [String]) -> String {
    "the fields here are " + allowed.joined(separator: ", ")
  }

  /// "62%": `count` of `total` as a whole percentage.
  static func percent(_ count: Int, _ total: Int) -> String {
    total == 0 ? "0%" : "\(Int((Double(count) * 100 / Double(total)).rounded()))%"
  }

  static func describeControl(_ codePoint: UInt32) -> String {
    switch codePoint {
    case 0x1B: "escape, used by terminal control sequences"
    case 0x07: "bell"
    case 0x08: "backspace"
    case 0x09: "tab"
    case 0x0A: "line feed"
    case 0x0D: "carriage return"
    case 0x7F: "delete"
    case 0x80...0x9F: "a C1 control character"
    case 0x202A...0x202E, 0x2066...0x2069: "a bidirectional override, which can disguise text"
    case 0x2028, 0x2029: "a line or paragraph separator"
    default: "a control character"
    }
  }
}
