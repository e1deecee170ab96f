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
        let found = check(choice)
        guard !found.isEmpty else { continue }
        let path = ScenarioValidator.choicePath(node: nodeIndex, choice: choiceIndex).appending("codes")
        for (rule, evidence) in found {
          findings.append(LintFinding(rule: rule, choice: choice.id, path: path, evidence: evidence))
        }
      }
    }
    return findings
  }

  /// One sentence of a choice: its text, its lowercase words, and whether it asks.
  struct Sentence {
    var text: Substring
    var words: [[UInt8]]
    var isQuestion: Bool
  }

  static let closedOpenerSet = Set(closedOpeners.map { Array($0.utf8) })
  static let invitationWords = invitations.map(phraseWords)
  static let directiveWords = directives.map(phraseWords)
  static let permissionWords = permissionPhrases.map(phraseWords)

  static func phraseWords(_ phrase: String) -> [[UInt8]] {
    phrase.split(separator: " ").map { Array($0.utf8) }
  }

  /// The rules a choice breaks, each with the words that triggered it.
  static func check(_ choice: Choice) -> [(LintFinding.Rule, String)] {
    var found: [(LintFinding.Rule, String)] = []
    let codes = Set(choice.codes)
    let sentences = self.sentences(in: choice.say)
    let questions = sentences.filter(\.isQuestion)

    if codes.contains(.openQuestion), !questions.isEmpty, questions.allSatisfy(isClosedQuestion) {
      found.append((.openQuestionReadsClosed, String(questions.last!.text)))
    }
    let isCodedQuestion = codes.contains(.openQuestion) || codes.contains(.closedQuestion)
    if codes.contains(.simpleReflection) || codes.contains(.complexReflection), !isCodedQuestion,
      sentences.last?.isQuestion == true
    {
      found.append((.reflectionEndsWithQuestionMark, String(sentences.last!.text)))
    }
    let persuasionCodes: Set<TechniqueCode> = [.persuade, .persuadeWithPermission, .confront, .prematureAdvice]
    if codes.isDisjoint(with: persuasionCodes) {
      for sentence in sentences where !sentence.isQuestion {
        if let directive = firstPhrase(of: directiveWords, in: sentence.words) {
          found.append((.directiveNotCodedAsPersuasion, directive))
          break
        }
      }
    }
    if codes.isDisjoint(with: [.seekingCollaboration, .persuadeWithPermission]),
      let phrase = firstPhrase(of: permissionWords, in: sentences.flatMap(\.words))
    {
      found.append((.permissionNotCodedAsCollaboration, phrase))
    }
    return found
  }

  static func isClosedQuestion(_ sentence: Sentence) -> Bool {
    if firstPhrase(of: invitationWords, in: sentence.words) != nil { return false }
    guard let first = sentence.words.first else { return false }
    return closedOpenerSet.contains(first)
  }

  /// The sentences of `text`, split after '.', '?' and '!', with their words.
  static func sentences(in text: String) -> [Sentence] {
    var sentences: [Sentence] = []
    let utf8 = text.utf8
    var start = utf8.startIndex
    var index = utf8.startIndex
    func close(upTo end: String.Index) {
      let piece = text[start..<end]
      let trimmed = piece.trimmingWhitespace
      if !trimmed.isEmpty {
        sentences.append(Sentence(text: trimmed, words: words(in: trimmed), isQuestion: trimmed.utf8.last == 0x3F))
      }
      start = end
    }
    while index != utf8.endIndex {
      let byte = utf8[index]
      index = utf8.index(after: index)
      if byte == 0x2E || byte == 0x3F || byte == 0x21 { close(upTo: index) }
    }
    close(upTo: utf8.endIndex)
    return sentences
  }

  /// The words of `text` as lowercase UTF-8: runs of letters and apostrophes (’ read as ').
  /// Any non-ASCII byte counts as part of a word, so accented words stay whole.
  static func words(in text: Substring) -> [[UInt8]] {
    var words: [[UInt8]] = []
    var word: [UInt8] = []
    var bytes = text.utf8.makeIterator()
    var pending: [UInt8] = []
    func flush() {
      if !word.isEmpty { words.append(word) }
      word.removeAll(keepingCapacity: true)
    }
    while let byte = pending.isEmpty ? bytes.next() : pending.removeFirst() {
      switch byte {
      case 0x41...0x5A: word.append(byte + 32)
      case 0x61...0x7A, 0x27: word.append(byte)
      case 0xE2:
        // U+2019 RIGHT SINGLE QUOTATION MARK is an apostrophe; other characters pass through.
        let second = bytes.next()
        let third = bytes.next()
        if second == 0x80 && third == 0x99 {
          word.append(0x27)
        } else {
          word.append(byte)
          pending = [second, third].compactMap { $0 }
        }
      case 0x80...0xFF: word.append(byte)
      default: flush()
      }
    }
    flush()
    return words
  }

  /// The first phrase (as words) that occurs in `words` as a consecutive run.
  static func firstPhrase(of phrases: [[[UInt8]]], in words: [[UInt8]]) -> String? {
    for phrase in phrases where phrase.count <= words.count {
      for start in 0...(words.count - phrase.count) where words[start] == phrase[0] {
        if words[start..<(start + phrase.count)].elementsEqual(phrase) {
          return phrase.map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ")
        }
      }
    }
    return nil
  }
}

extension Substring {
  /// The text without leading and trailing spaces, tabs and line breaks.
  var trimmingWhitespace: Substring {
    let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
    guard let first = utf8.firstIndex(where: { !isSpace($0) }) else { return self[endIndex...] }
    var last = utf8.index(before: utf8.endIndex)
    while isSpace(utf8[last]) { last = utf8.index(before: last) }
    return self[first...last]
  }
}
