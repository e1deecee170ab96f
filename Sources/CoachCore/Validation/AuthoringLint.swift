/// Surface cues that a choice's words and its technique codes disagree: a miscoded choice makes
/// the rubric score the trainee unfairly, so `coach validate` warns about it.
public struct LintFinding: Equatable, Sendable {
  public enum Rule: String, Sendable, CaseIterable {
    /// Coded as an open question, but every question in it can be answered yes or no.
    case openQuestionReadsClosed = "open-question-reads-closed"
    /// Coded as a reflection (and not as a question) but ends with a question mark.
    case reflectionEndsWithQuestionMark = "reflection-ends-with-question"
    /// Tells the patient what they should, need to or have to do, without a persuade code.
    case directiveNotCodedAsPersuasion = "directive-not-persuade"
    /// Asks permission, without the seeking-collaboration or persuade-with-permission code.
    case permissionNotCodedAsCollaboration = "permission-not-seeking-collaboration"
  }

  public var rule: Rule
  public var choice: String
  public var path: JSONPath
  /// The words that triggered the rule.
  public var evidence: String

  public var message: String {
    switch rule {
    case .openQuestionReadsClosed:
      "choice \"\(choice)\" is coded open-question but reads as a closed question (\"\(evidence)\" can be answered yes or no)"
    case .reflectionEndsWithQuestionMark:
      "choice \"\(choice)\" is coded as a reflection but ends with a question mark; a reflection is a statement"
    case .directiveNotCodedAsPersuasion:
      "choice \"\(choice)\" tells the patient what to do (\"\(evidence)\") but is not coded persuade, "
        + "persuade-with-permission, confront or premature-advice"
    case .permissionNotCodedAsCollaboration:
      "choice \"\(choice)\" asks permission (\"\(evidence)\") but is not coded seeking-collaboration "
        + "or persuade-with-permission"
    }
  }

  public var suggestion: String? {
    switch rule {
    case .openQuestionReadsClosed: "code it closed-question, or reword it to begin with what, how or tell me"
    case .reflectionEndsWithQuestionMark: "end it with a full stop, or code it as a question"
    case .directiveNotCodedAsPersuasion: "add the persuade code (or persuade-with-permission after asking)"
    case .permissionNotCodedAsCollaboration: "add the seeking-collaboration code"
    }
  }
}

/// Finds miscoded choices from their wording.
public enum AuthoringLint {
  static let closedOpeners = [
    "do", "does", "did", "is", "are", "was", "were", "have", "has", "had", "can", "could", "will",
    "would", "should", "shall", "may", "might", "must", "am", "isn't", "aren't", "don't", "doesn't",
    "didn't", "won't", "wouldn't", "can't", "couldn't", "haven't",
  ]
  /// Openings that invite a story even when grammatically closed ("Can you tell me more?").
  static let invitations = [
    "tell me", "say more", "talk me through", "walk me through", "describe", "talk about", "tell us",
  ]
  static let directives = [
    "you should", "you need to", "you have to", "you must", "you ought to", "you'd better",
    "you had better", "you've got to", "you really need", "you really should",
  ]
  static let permissionPhrases = [
    "would it be ok", "would it be okay", "would it be alright", "would it be all right",
    "is it ok if", "is it okay if", "is it alright if", "is it all right if", "may i", "can i share",
    "could i share", "can i offer", "could i offer", "can i tell you", "could i tell you",
    "do you mind if", "would you mind if", "would you like me to", "would you like to hear",
    "would it help if i", "with your permission",
  ]

  public static func check(_ scenario: Scenario) -> [LintFinding] {
    var findings: [LintFinding] = []
    for (nodeIndex, node) in scenario.nodes.enumerated() {
      for (choiceIndex, choice) in node.choices.enumerated() {
        let path = ScenarioValidator.choicePath(node: nodeIndex, choice: choiceIndex).appending("codes")
        for (rule, evidence) in check(choice) {
          findings.append(LintFinding(rule: rule, choice: choice.id, path: path, evidence: evidence))
        }
      }
    }
    return findings
  }

  /// The rules a choice breaks, each with the words that triggered it.
  static func check(_ choice: Choice) -> [(LintFinding.Rule, String)] {
    var found: [(LintFinding.Rule, String)] = []
    let codes = Set(choice.codes)
    let sentences = self.sentences(in: choice.say)
    let questions = sentences.filter { $0.hasSuffix("?") }

    if codes.contains(.openQuestion), !questions.isEmpty,
      questions.allSatisfy({ isClosedQuestion($0) })
    {
      found.append((.openQuestionReadsClosed, questions.last!))
    }
    let isCodedQuestion = codes.contains(.openQuestion) || codes.contains(.closedQuestion)
    if codes.contains(.simpleReflection) || codes.contains(.complexReflection), !isCodedQuestion,
      choice.say.trimmingWhitespace.hasSuffix("?")
    {
      found.append((.reflectionEndsWithQuestionMark, sentences.last ?? choice.say))
    }
    let persuasionCodes: Set<TechniqueCode> = [.persuade, .persuadeWithPermission, .confront, .prematureAdvice]
    if codes.isDisjoint(with: persuasionCodes) {
      for sentence in sentences where !sentence.hasSuffix("?") {
        if let directive = firstPhrase(of: directives, in: sentence) {
          found.append((.directiveNotCodedAsPersuasion, directive))
          break
        }
      }
    }
    if codes.isDisjoint(with: [.seekingCollaboration, .persuadeWithPermission]),
      let phrase = firstPhrase(of: permissionPhrases, in: choice.say)
    {
      found.append((.permissionNotCodedAsCollaboration, phrase))
    }
    return found
  }

  static func isClosedQuestion(_ sentence: String) -> Bool {
    let lowered = sentence.lowercased()
    if firstPhrase(of: invitations, in: lowered) != nil { return false }
    let words = lowered.map { $0 == "’" ? "'" : $0 }.split { !$0.isLetter && $0 != "'" }.map { String($0) }
    guard let first = words.first else { return false }
    return closedOpeners.contains(first)
  }

  /// The sentences of `text`, each ending with its own punctuation.
  static func sentences(in text: String) -> [String] {
    var sentences: [String] = []
    var current = ""
    for character in text {
      current.append(character)
      if character == "?" || character == "." || character == "!" {
        let trimmed = current.trimmingWhitespace
        if !trimmed.isEmpty { sentences.append(trimmed) }
        current = ""
      }
    }
    let rest = current.trimmingWhitespace
    if !rest.isEmpty { sentences.append(rest) }
    return sentences
  }

  /// The first of `phrases` that occurs in `text` at word boundaries, ignoring case.
  static func firstPhrase(of phrases: [String], in text: String) -> String? {
    let words = text.lowercased().map { $0 == "’" ? "'" : $0 }.split { !$0.isLetter && $0 != "'" }
    let padded = " " + words.map { String($0) }.joined(separator: " ") + " "
    return phrases.first { padded.contains(" " + $0 + " ") }
  }
}

extension String {
  var trimmingWhitespace: String {
    var scalars = Substring(self)
    while let first = scalars.first, first.isWhitespace { scalars = scalars.dropFirst() }
    while let last = scalars.last, last.isWhitespace { scalars = scalars.dropLast() }
    return String(scalars)
  }
}
