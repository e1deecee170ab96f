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
    /// A sentence that opens as a question ("Do you…", "What would…") but does not end with a
    /// question mark.
    case questionWithoutQuestionMark = "question-without-question-mark"
    /// Every question in it asks permission, yet it carries a question code: by the coding
    /// convention, a permission question is seeking collaboration and not a question.
    case permissionCodedAsQuestion = "permission-coded-as-question"
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
    case .questionWithoutQuestionMark:
      "choice \"\(choice)\" has a sentence that reads as a question (\"\(evidence)\") but does not end with a "
        + "question mark"
    case .permissionCodedAsQuestion:
      "choice \"\(choice)\" asks permission (\"\(evidence)\") and is coded as a question; by the coding "
        + "convention a permission question is seeking-collaboration, not a question"
    }
  }

  public var suggestion: String? {
    switch rule {
    case .openQuestionReadsClosed: "code it closed-question, or reword it to begin with what, how or tell me"
    case .reflectionEndsWithQuestionMark: "end it with a full stop, or code it as a question"
    case .directiveNotCodedAsPersuasion: "add the persuade code (or persuade-with-permission after asking)"
    case .permissionNotCodedAsCollaboration: "add the seeking-collaboration code"
    case .questionWithoutQuestionMark:
      "end it with a question mark and code it as a question, or reword it as a statement if it is a reflection"
    case .permissionCodedAsQuestion: "remove the question code and keep seeking-collaboration"
    }
  }
}

/// Finds miscoded choices from their wording.
///
/// It reads words, not meaning: a sentence's opening words ("Do you", "What would"), its final
/// punctuation, and fixed phrases ("you need to", "could I share"). Its precision and recall
/// against the bundled stories' hand-coded options are measured by `LintAccuracy` and kept in
/// docs/authoring.md.
package enum AuthoringLint {
  /// Auxiliary verbs: a question that opens with one can be answered yes or no.
  static let closedOpeners = [
    "do", "does", "did", "is", "are", "was", "were", "have", "has", "had", "can", "could", "will",
    "would", "should", "shall", "may", "might", "must", "am", "isn't", "aren't", "don't", "doesn't",
    "didn't", "won't", "wouldn't", "can't", "couldn't", "haven't", "hasn't", "wasn't", "weren't", "shouldn't",
    "any", "anything",
  ]
  /// Words that open a question that cannot be answered yes or no.
  static let questionWords = [
    "what", "how", "why", "when", "where", "who", "which", "whose", "what's", "how's", "where's", "who's",
    "why's", "when's",
  ]
  /// What follows a question word in a question: "what would", "how does".
  static let questionAuxiliaries = [
    "do", "does", "did", "is", "are", "was", "were", "would", "could", "can", "will", "should", "has", "have",
    "had", "might", "may", "shall", "else", "kind", "sort", "part", "bit", "things", "thing", "sorts",
  ]
  /// Who or what an auxiliary asks about, in a question: "do you", "is it".
  static let questionSubjects = [
    "you", "i", "we", "it", "that", "this", "there", "he", "she", "they", "your", "anything", "anyone",
    "anybody", "everything", "any", "things", "someone", "somebody", "either", "those", "these",
  ]
  /// Words that lead into a clause without changing what it is: "And do you…", "So, what…".
  static let discourseWords = [
    "and", "so", "but", "or", "then", "right", "well", "ok", "okay", "now", "just", "also", "oh", "and,",
  ]
  /// Clauses that ask for the patient's view of what was just said without making it a yes/no
  /// question: "What matters most, do you think?"
  static let parentheticals = ["do you think", "would you say", "do you reckon", "d'you think", "i wonder"]
  /// Openings that invite a story even when grammatically closed ("Can you tell me more?").
  static let invitations = [
    "tell me", "say more", "talk me through", "walk me through", "describe", "talk about", "tell us",
  ]
  /// Telling the patient what they should, need to or have to do (or feel).
  static let directives = [
    "you should", "you shouldn't", "you really should", "you really shouldn't", "you ought to", "you must",
    "you need to", "you'll need to", "you'd need to", "you will need to", "you would need to", "you really need",
    "you really do need", "you just need to", "you have to", "you'll have to", "you just have to", "you've got to",
    "you'd better", "you had better", "we need to", "we'll need to", "we will need to", "we have to", "we'll have to",
    "we must", "we should", "really does need to", "really needs to", "should go back on", "needs to go back",
    "has to go back", "i'd rather you", "i'd like you to", "the best thing you can do", "the best thing you could do",
    "the safest thing is", "the best thing is to", "it's important that you", "it's important you",
    "make sure you", "isn't optional", "aren't optional", "you'll thank me", "try not to", "you do need to",
    "you do have to", "you really must", "it'll have to", "i need to know you're", "it's a must", "what you need",
  ]
  /// Words that, before a directive phrase, make it someone's thought or a condition rather than
  /// an instruction: "you feel you should", "if you need to".
  static let reportingWords = [
    "feel", "feels", "felt", "feeling", "think", "thinks", "thought", "believe", "believes", "told", "tell", "telling",
    "said", "say", "says", "saying", "worry", "worried", "worries", "wonder", "wondering", "sounds", "seems", "like",
    "if", "whenever", "when", "anything", "whatever", "everything", "unless", "hear", "heard", "know", "knew",
    "sure", "until", "whether", "afraid", "scared", "expect", "expected",
    "we'll", "i'll", "wanted", "want", "wants",
  ]
  /// Asking permission, or asking for the patient's ideas or agreement.
  static let permissionPhrases = [
    "would it be ok", "would it be okay", "would it be alright", "would it be all right",
    "is it ok if", "is it okay if", "is it alright if", "is it all right if", "may i", "can i share",
    "could i share", "can i offer", "could i offer", "can i tell you", "could i tell you",
    "do you mind if", "would you mind if", "would you like me to", "would you like to hear",
    "would it help if i", "with your permission", "with your agreement", "if you'd like", "if you would like",
    "if that's all right", "if that's alright", "if that's ok", "if that's okay", "if it's alright with you",
    "if it's all right with you", "if you're willing", "if you're happy to", "if it would help",
    "if that would help", "only if you want", "can i check", "could i check", "can i add", "could i add",
    "can i show you", "could i show you", "can i come back to", "can i ask about", "can i say", "could i say",
    "would you like one", "would either of those", "is that fair", "is that alright",
    "is that all right", "is that ok", "is that okay", "how would you feel about", "would you humour me",
    "i'd rather hear", "i'd much rather hear", "i'd much sooner hear", "i'd like to understand",
    "if you'll tell me", "if you'd rather",
  ]

  /// Phrases that make a question a request for permission or for the patient's ideas: a
  /// reflection may end with one and still be a reflection plus seeking collaboration (the coding
  /// convention in docs/authoring.md).
  static let collaborationQuestionPhrases =
    permissionPhrases + [
      "shall i", "shall we", "could we", "can we", "would you like", "would you be happy", "is that all right",
      "is that ok", "is that okay", "is that alright", "how would you feel about", "does that sound",
      "how does that sound", "would that", "can i", "could i",
    ]

  /// How a question asking permission opens: "Could I share…?", "Shall we…?". A question that opens
  /// so and asks nothing else (no "what", "how" after it) is a request for permission.
  static let permissionOpeners = [
    "can i", "could i", "may i", "shall i", "shall we", "could we", "can we", "would it be", "would it help",
    "is it ok", "is it okay", "is it alright", "is it all right", "do you mind", "would you mind",
    "would you like me to", "would you like to hear", "would you like one", "would you be happy for me",
    "how would you feel about me", "is that ok", "is that okay", "is that alright", "is that all right",
    "is that fair", "does that sound", "would either of those", "would you humour me",
  ]

  package static func check(_ scenario: Scenario) -> [LintFinding] {
    var findings: [LintFinding] = []
    var tokens = Tokens()
    for (nodeIndex, node) in scenario.nodes.enumerated() {
      for (choiceIndex, choice) in node.choices.enumerated() {
        // Every wording of the choice carries its codes: each is checked, each rule reported once.
        var reported: Set<LintFinding.Rule> = []
        for words in choice.sayText.texts {
          for (rule, evidence) in check(say: words, codes: choice.codes, tokens: &tokens)
          where reported.insert(rule).inserted {
            let path = ScenarioValidator.choicePath(node: nodeIndex, choice: choiceIndex).appending("codes")
            findings.append(LintFinding(rule: rule, choice: choice.id, path: path, evidence: evidence))
          }
        }
      }
    }
    return findings
  }

  static let closedOpenerWords = PhraseTable(closedOpeners)
  static let questionWordTable = PhraseTable(questionWords)
  static let questionAuxiliaryWords = PhraseTable(questionAuxiliaries)
  static let questionSubjectWords = PhraseTable(questionSubjects)
  static let discourseWordTable = PhraseTable(discourseWords)
  static let parentheticalWords = PhraseTable(parentheticals)
  static let invitationWords = PhraseTable(invitations)
  static let directiveWords = PhraseTable(directives)
  static let reportingWordTable = PhraseTable(reportingWords)
  static let speakerWords = PhraseTable(["i", "i'd", "i'm", "honestly"])
  static let permissionWords = PhraseTable(permissionPhrases)
  static let collaborationQuestionWords = PhraseTable(collaborationQuestionPhrases)
  static let permissionOpenerWords = PhraseTable(permissionOpeners)

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
    /// The word at which each clause starts: a sentence's first, and each after ',', ':' or ';'.
    var clauseStarts: [Int] = []
    /// The original text's bytes.
    var text: [UInt8] = []

    init() {}

    /// Tokenises `text`, reusing this value's buffers.
    mutating func tokenize(_ text: String) {
      letters.removeAll(keepingCapacity: true)
      words.removeAll(keepingCapacity: true)
      sentences.removeAll(keepingCapacity: true)
      clauseStarts.removeAll(keepingCapacity: true)
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
        case 0x2C, 0x3A, 0x3B:
          endWord()
          if sentenceByte == nil { sentenceByte = index }
          if clauseStarts.last != words.count { clauseStarts.append(words.count) }
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

    /// Whether word `index` is one of the one-word phrases of `table`.
    func word(_ index: Int, isIn table: PhraseTable) -> Bool {
      firstPhrase(of: table, in: index..<(index + 1)) != nil
    }

    /// Whether a phrase of `table` starts at word `index` and ends within `range`.
    func phrase(of table: PhraseTable, at index: Int, within range: Range<Int>) -> Bool {
      let word = letters[words[index]]
      guard table.mayBegin(word), let phrases = table.byFirstWord[PhraseTable.hash(word)] else { return false }
      return phrases.contains { phrase in
        index + phrase.count <= range.upperBound
          && phrase.indices.allSatisfy { letters[words[index + $0]].elementsEqual(phrase[$0]) }
      }
    }

    /// The clauses of sentence `index`, as word ranges, in order.
    func clauses(of index: Int) -> [Range<Int>] {
      let range = sentences[index].words
      var starts = [range.lowerBound]
      for start in clauseStarts where start > range.lowerBound && start < range.upperBound { starts.append(start) }
      return starts.indices.map { starts[$0]..<(($0 + 1 < starts.count) ? starts[$0 + 1] : range.upperBound) }
    }

    /// The first word of `clause` after words such as "and", "so", "right".
    func openingWord(of clause: Range<Int>) -> Int? {
      clause.first { !word($0, isIn: AuthoringLint.discourseWordTable) }
    }

    /// How clause `clause` opens, as a question: with a question word ("what would"), with an
    /// auxiliary verb ("do you", "is it", "any"), or neither.
    enum Opening { case questionWord, auxiliary, neither }

    /// In a sentence that ends with a question mark (`asked`), a question word or "any" is enough;
    /// in one that does not, it takes a question word and an auxiliary ("what would", not "what
    /// you're saying") or an auxiliary and its subject ("do you", not "do whatever").
    func opening(of clause: Range<Int>, asked: Bool) -> Opening {
      guard let first = openingWord(of: clause) else { return .neither }
      let next = first + 1 < clause.upperBound ? first + 1 : nil
      if word(first, isIn: AuthoringLint.questionWordTable) {
        let contracted = letters[words[first]].last == UInt8(ascii: "s") && letters[words[first]].contains(0x27)
        if asked || contracted { return .questionWord }
        guard let next else { return .neither }
        return word(next, isIn: AuthoringLint.questionAuxiliaryWords) ? .questionWord : .neither
      }
      if word(first, isIn: AuthoringLint.closedOpenerWords) {
        let opener = letters[words[first]]
        if opener.elementsEqual("any".utf8) || opener.elementsEqual("anything".utf8) {
          return asked ? .auxiliary : .neither
        }
        guard let next else { return .neither }
        return word(next, isIn: AuthoringLint.questionSubjectWords) ? .auxiliary : .neither
      }
      return .neither
    }

    /// Whether sentence `index`, which does not end with a question mark, opens as a question.
    func opensAsQuestion(_ index: Int) -> Bool {
      guard let first = clauses(of: index).first else { return false }
      return opening(of: first, asked: false) != .neither
    }

    /// Whether question `index` can be answered yes or no. Its main clause is the last that opens
    /// as a question ("And the metformin, are you still taking it?"), leaving out asides such as
    /// "do you think"; a question with none ("And you're happy with that?") is a statement asked,
    /// answered yes or no. A question that invites a story ("Can you tell me more?") is not closed.
    func isClosedQuestion(_ index: Int) -> Bool {
      let range = sentences[index].words
      guard !range.isEmpty else { return false }
      if firstPhrase(of: AuthoringLint.invitationWords, in: range) != nil { return false }
      var main: Opening = .neither
      for clause in clauses(of: index) {
        if let first = openingWord(of: clause), phrase(of: AuthoringLint.parentheticalWords, at: first, within: clause)
        {
          continue
        }
        let opening = opening(of: clause, asked: true)
        if opening != .neither { main = opening }
      }
      return main != .questionWord
    }

    /// Whether question `index` asks only for permission: it opens with "Could I…", "Shall we…",
    /// "Is that all right…" and asks nothing else (no question word follows).
    func isPermissionQuestion(_ index: Int) -> Bool {
      let range = sentences[index].words
      let clauses = clauses(of: index)
      guard let first = clauses.first.flatMap(openingWord(of:)),
        phrase(of: AuthoringLint.permissionOpenerWords, at: first, within: range)
      else { return false }
      // "Can I just check: are you still taking it?" asks the question after the colon.
      if clauses.dropFirst().contains(where: { opening(of: $0, asked: true) != .neither }) { return false }
      return !(first + 1..<range.upperBound).contains { word($0, isIn: AuthoringLint.questionWordTable) }
    }

    /// The first directive phrase in `range` that is not someone's thought or a condition ("you
    /// feel you should", "if you need to").
    func directive(in range: Range<Int>) -> String? {
      var start = range.lowerBound
      while start < range.upperBound {
        guard let found = firstPhraseStart(of: AuthoringLint.directiveWords, in: start..<range.upperBound) else {
          return nil
        }
        // "You feel you should" reports the patient's view; "I think you should" is the speaker's.
        let before = max(range.lowerBound, found.start - 4)..<found.start
        let reported = before.contains { position in
          word(position, isIn: AuthoringLint.reportingWordTable)
            && !(position > range.lowerBound && word(position - 1, isIn: AuthoringLint.speakerWords))
        }
        if !reported { return found.phrase }
        start = found.start + 1
      }
      return nil
    }

    /// Like `firstPhrase`, with the word at which the phrase starts.
    func firstPhraseStart(of table: PhraseTable, in range: Range<Int>) -> (start: Int, phrase: String)? {
      for start in range {
        let word = letters[words[start]]
        guard table.mayBegin(word), let phrases = table.byFirstWord[PhraseTable.hash(word)] else { continue }
        for phrase in phrases where start + phrase.count <= range.upperBound {
          if phrase.indices.allSatisfy({ letters[words[start + $0]].elementsEqual(phrase[$0]) }) {
            return (start, phrase.map { String(decoding: $0, as: UTF8.self) }.joined(separator: " "))
          }
        }
      }
      return nil
    }
  }

  /// The rules a choice breaks, each with the words that triggered it.
  static func check(_ choice: Choice) -> [(LintFinding.Rule, String)] {
    var tokens = Tokens()
    return check(choice, tokens: &tokens)
  }

  /// The rules that words coded with `codes` break: what the lint says of a choice with these
  /// words and codes. For measuring the lint (`LintAccuracy`).
  package static func rules(say: String, codes: [TechniqueCode]) -> [LintFinding.Rule] {
    var tokens = Tokens()
    return check(say: say, codes: codes, tokens: &tokens).map(\.0)
  }

  /// As `check(_:)`, tokenising into `tokens`, whose buffers are reused from choice to choice.
  static func check(_ choice: Choice, tokens: inout Tokens) -> [(LintFinding.Rule, String)] {
    check(say: choice.say, codes: choice.codes, tokens: &tokens)
  }

  static func check(say: String, codes list: [TechniqueCode], tokens: inout Tokens) -> [(LintFinding.Rule, String)] {
    var codes: UInt32 = 0
    for code in list { codes |= code.bit }
    func has(_ code: TechniqueCode) -> Bool { codes & code.bit != 0 }
    let persuasion =
      TechniqueCode.persuade.bit | TechniqueCode.persuadeWithPermission.bit | TechniqueCode.confront.bit
      | TechniqueCode.prematureAdvice.bit
    let isReflection = has(.simpleReflection) || has(.complexReflection) || has(.summary)
    let isCodedQuestion = has(.openQuestion) || has(.closedQuestion)
    let asksPermissionByCode = has(.seekingCollaboration) || has(.persuadeWithPermission)
    // Words that ask permission in a push ("Shall I put your name down?") are the push's.
    let nonAdherent =
      codes
      & (TechniqueCode.persuade.bit | TechniqueCode.confront.bit | TechniqueCode.prematureAdvice.bit
        | TechniqueCode.signpostingWithoutExploring.bit) != 0
    tokens.tokenize(say)
    var found: [(LintFinding.Rule, String)] = []
    let sentences = tokens.sentences

    // An open question whose questions can all be answered yes or no.
    if has(.openQuestion) {
      var lastQuestion: Int?
      var allClosed = true
      for index in sentences.indices
      where sentences[index].isQuestion && (nonAdherent || !tokens.isPermissionQuestion(index)) {
        lastQuestion = index
        if !tokens.isClosedQuestion(index) {
          allClosed = false
          break
        }
      }
      if allClosed, let lastQuestion { found.append((.openQuestionReadsClosed, tokens.sentenceText(lastQuestion))) }
    }
    // A reflection or summary that ends by asking. "…, and part of you wants a rest. Could I share an
    // idea?" is a reflection and a request for permission (seeking collaboration), not a question.
    if isReflection, !isCodedQuestion, let last = sentences.indices.last, sentences[last].isQuestion {
      let asksPermission =
        asksPermissionByCode
        && (tokens.firstPhrase(of: collaborationQuestionWords, in: sentences[last].words) != nil
          || tokens.isPermissionQuestion(last))
      if !asksPermission { found.append((.reflectionEndsWithQuestionMark, tokens.sentenceText(last))) }
    }
    // A question written as a statement.
    for index in sentences.indices where !sentences[index].isQuestion && tokens.opensAsQuestion(index) {
      found.append((.questionWithoutQuestionMark, tokens.sentenceText(index)))
      break
    }
    // Telling the patient what to do, not coded as such.
    if codes & persuasion == 0 {
      for sentence in sentences where !sentence.isQuestion {
        if let directive = tokens.directive(in: sentence.words) {
          found.append((.directiveNotCodedAsPersuasion, directive))
          break
        }
      }
    }
    // Asking permission, or for the patient's ideas, without the code.
    if !asksPermissionByCode, !nonAdherent,
      let phrase = tokens.firstPhrase(of: permissionWords, in: tokens.words.indices)
    {
      found.append((.permissionNotCodedAsCollaboration, phrase))
    }
    // A permission question coded as a question: every question in it asks only permission.
    if isCodedQuestion, !nonAdherent {
      let questions = sentences.indices.filter { sentences[$0].isQuestion }
      if let first = questions.first, questions.allSatisfy(tokens.isPermissionQuestion) {
        found.append((.permissionCodedAsQuestion, tokens.sentenceText(first)))
      }
    }
    return found
  }
}
