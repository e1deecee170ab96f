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

  /// Phrases that make a question a request for permission or for the patient's ideas: a
  /// reflection may end with one and still be a reflection plus seeking collaboration (the coding
  /// convention in docs/authoring.md).
  static let collaborationQuestionPhrases =
    permissionPhrases + [
      "shall i", "shall we", "could we", "can we", "would you like", "would you be happy", "is that all right",
      "is that ok", "is that okay", "is that alright", "how would you feel about",
    ]

  public static func check(_ scenario: Scenario) -> [LintFinding] {
    var findings: [LintFinding] = []
    var tokens = Tokens()
    for (nodeIndex, node) in scenario.nodes.enumerated() {
      for (choiceIndex, choice) in node.choices.enumerated() {
        let found = check(choice, tokens: &tokens)
        guard !found.isEmpty else { continue }
        let path = ScenarioValidator.choicePath(node: nodeIndex, choice: choiceIndex).appending("codes")
        for (rule, evidence) in found {
          findings.append(LintFinding(rule: rule, choice: choice.id, path: path, evidence: evidence))
        }
      }
    }
    return findings
  }

  static let closedOpenerWords = closedOpeners.map { Array($0.utf8) }
  static let invitationWords = PhraseTable(invitations)
  static let directiveWords = PhraseTable(directives)
  static let permissionWords = PhraseTable(permissionPhrases)
  static let collaborationQuestionWords = PhraseTable(collaborationQuestionPhrases)

  /// Phrases as words, found by a hash of their first word so that most words of a choice are
  /// dismissed with one lookup.
  struct PhraseTable: Sendable {
    var byFirstWord: [UInt64: [[[UInt8]]]] = [:]
    /// For each first byte, the lengths (bit n for length n, up to 63) of first words that start
    /// with it: most words are dismissed by this check alone.
    var lengthsByFirstByte = [UInt64](repeating: 0, count: 256)

    init(_ phrases: [String]) {
      for phrase in phrases {
        let words = phrase.split(separator: " ").map { Array($0.utf8) }
        byFirstWord[PhraseTable.hash(words[0][...]), default: []].append(words)
        lengthsByFirstByte[Int(words[0][0])] |= 1 << UInt64(min(words[0].count, 63))
      }
    }

    /// Whether a word of these bytes could begin one of the phrases.
    func mayBegin(_ word: ArraySlice<UInt8>) -> Bool {
      guard let first = word.first else { return false }
      return lengthsByFirstByte[Int(first)] & (1 << UInt64(min(word.count, 63))) != 0
    }

    /// FNV-1a over a word's bytes.
    static func hash(_ bytes: ArraySlice<UInt8>) -> UInt64 {
      var value: UInt64 = 0xCBF2_9CE4_8422_2325
      for byte in bytes { value = (value ^ UInt64(byte)) &* 0x0100_0000_01B3 }
      return value
    }
  }

  /// A choice's words and sentences, found in one pass over its UTF-8 bytes.
  struct Tokens {
    /// The words' bytes, lowercased (ASCII), with ’ read as '.
    var letters: [UInt8] = []
    /// Each word as a range of `letters`.
    var words: [Range<Int>] = []
    /// Each sentence: its words, its byte range in the original text, and whether it asks.
    var sentences: [(words: Range<Int>, text: Range<Int>, isQuestion: Bool)] = []
    /// The original text's bytes.
    var text: [UInt8] = []

    init() {}

    /// Tokenises `text`, reusing this value's buffers.
    mutating func tokenize(_ text: String) {
      letters.removeAll(keepingCapacity: true)
      words.removeAll(keepingCapacity: true)
      sentences.removeAll(keepingCapacity: true)
      self.text.removeAll(keepingCapacity: true)
      self.text.append(contentsOf: text.utf8)
      let bytes = self.text
      var wordStart: Int?
      var sentenceWord = 0
      var sentenceByte: Int?
      var index = 0
      func endWord() {
        if let start = wordStart, start < letters.count { words.append(start..<letters.count) }
        wordStart = nil
      }
      func endSentence(at end: Int, question: Bool) {
        endWord()
        if let start = sentenceByte {
          sentences.append((sentenceWord..<words.count, start..<end, question))
        }
        sentenceWord = words.count
        sentenceByte = nil
      }
      while index < bytes.count {
        var byte = bytes[index]
        if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] == 0x99 {
          byte = 0x27
          index += 2
        }
        switch byte {
        case 0x41...0x5A, 0x61...0x7A, 0x27, 0x80...0xFF:
          if wordStart == nil { wordStart = letters.count }
          letters.append(byte | (byte >= 0x41 && byte <= 0x5A ? 0x20 : 0))
          if sentenceByte == nil { sentenceByte = index }
        case 0x2E, 0x3F, 0x21:
          endSentence(at: index + 1, question: byte == 0x3F)
        case 0x20, 0x09, 0x0A, 0x0D:
          endWord()
        default:
          endWord()
          if sentenceByte == nil { sentenceByte = index }
        }
        index += 1
      }
      var end = bytes.count
      while end > 0, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[end - 1]) { end -= 1 }
      endSentence(at: max(end, sentenceByte ?? end), question: false)
    }

    /// The original text of sentence `index`.
    func sentenceText(_ index: Int) -> String {
      String(decoding: text[sentences[index].text], as: UTF8.self)
    }

    /// The first phrase of `table` that occurs as consecutive words within `range`.
    func firstPhrase(of table: PhraseTable, in range: Range<Int>) -> String? {
      for start in range {
        let word = letters[words[start]]
        guard table.mayBegin(word), let phrases = table.byFirstWord[PhraseTable.hash(word)] else { continue }
        for phrase in phrases where start + phrase.count <= range.upperBound {
          var matches = true
          for (offset, word) in phrase.enumerated() where !letters[words[start + offset]].elementsEqual(word) {
            matches = false
            break
          }
          if matches { return phrase.map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ") }
        }
      }
      return nil
    }

    /// Whether sentence `index` can be answered yes or no: it opens with an auxiliary verb and
    /// does not invite a story ("Can you tell me more?").
    func isClosedQuestion(_ index: Int) -> Bool {
      let range = sentences[index].words
      guard let first = range.first else { return false }
      if firstPhrase(of: AuthoringLint.invitationWords, in: range) != nil { return false }
      return AuthoringLint.closedOpenerWords.contains { letters[words[first]].elementsEqual($0) }
    }
  }

  /// The rules a choice breaks, each with the words that triggered it.
  static func check(_ choice: Choice) -> [(LintFinding.Rule, String)] {
    var tokens = Tokens()
    return check(choice, tokens: &tokens)
  }

  /// As `check(_:)`, tokenising into `tokens`, whose buffers are reused from choice to choice.
  static func check(_ choice: Choice, tokens: inout Tokens) -> [(LintFinding.Rule, String)] {
    var codes: UInt32 = 0
    for code in choice.codes { codes |= code.bit }
    func has(_ code: TechniqueCode) -> Bool { codes & code.bit != 0 }
    let persuasion =
      TechniqueCode.persuade.bit | TechniqueCode.persuadeWithPermission.bit | TechniqueCode.confront.bit
      | TechniqueCode.prematureAdvice.bit
    let isReflection = has(.simpleReflection) || has(.complexReflection)
    let isCodedQuestion = has(.openQuestion) || has(.closedQuestion)
    let checksDirective = codes & persuasion == 0
    let checksPermission = !has(.seekingCollaboration) && !has(.persuadeWithPermission)
    guard has(.openQuestion) || (isReflection && !isCodedQuestion) || checksDirective || checksPermission else {
      return []
    }
    tokens.tokenize(choice.say)
    var found: [(LintFinding.Rule, String)] = []
    let sentences = tokens.sentences

    if has(.openQuestion) {
      var lastQuestion: Int?
      var allClosed = true
      for index in sentences.indices where sentences[index].isQuestion {
        lastQuestion = index
        if !tokens.isClosedQuestion(index) {
          allClosed = false
          break
        }
      }
      if allClosed, let lastQuestion { found.append((.openQuestionReadsClosed, tokens.sentenceText(lastQuestion))) }
    }
    if isReflection, !isCodedQuestion, let last = sentences.indices.last, sentences[last].isQuestion {
      // "…, and part of you wants a rest. Could I share an idea?" is a reflection and a request for
      // permission, coded seeking collaboration, not a question.
      let asksPermission =
        (has(.seekingCollaboration) || has(.persuadeWithPermission))
        && tokens.firstPhrase(of: collaborationQuestionWords, in: sentences[last].words) != nil
      if !asksPermission { found.append((.reflectionEndsWithQuestionMark, tokens.sentenceText(last))) }
    }
    if checksDirective {
      for sentence in sentences where !sentence.isQuestion {
        if let directive = tokens.firstPhrase(of: directiveWords, in: sentence.words) {
          found.append((.directiveNotCodedAsPersuasion, directive))
          break
        }
      }
    }
    if checksPermission, let phrase = tokens.firstPhrase(of: permissionWords, in: tokens.words.indices) {
      found.append((.permissionNotCodedAsCollaboration, phrase))
    }
    return found
  }
}
