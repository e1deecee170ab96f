/// What Coach hears in words a trainee typed: a transparent coder that looks for surface cues
/// (a question mark, "it sounds like", "you should") and nothing else.
///
/// It is honest about what it is: every code it gives carries the cue that triggered it and a
/// confidence, and a reader should treat the result as approximate. It never changes a score:
/// the MITI score of an attempt stays on the options picked. `docs/rubric.md` gives its
/// agreement with the authored codes of the bundled stories and the cases it gets wrong.
public enum UtteranceCoder {
  /// One code heard, with the words that triggered it.
  public struct Finding: Sendable, Codable, Equatable {
    public var code: TechniqueCode
    /// From 0 to 1: how much the cue alone says.
    public var confidence: Double
    /// The words that triggered the code, as typed (lowercased).
    public var cue: String
  }

  /// The three-way split the coder's agreement is measured on.
  public enum Kind: String, Sendable, Codable, CaseIterable {
    case reflection, question, other
  }

  /// What the coder heard in one response.
  public struct Result: Sendable, Codable, Equatable {
    public var findings: [Finding]
    /// Reflection if any reflection or summary was heard, else question if any question was,
    /// else other.
    public var kind: Kind
    /// In words: "a closed question; no reflection".
    public var heard: String
    /// One thing to try.
    public var tip: String

    /// Whether `code` was heard.
    public func contains(_ code: TechniqueCode) -> Bool { findings.contains { $0.code == code } }
  }

  /// The codes the coder can hear; agreement is measured on these.
  public static let codesHeard: [TechniqueCode] = [
    .openQuestion, .closedQuestion, .simpleReflection, .complexReflection, .summary, .affirmation,
    .seekingCollaboration, .emphasizingAutonomy, .givingInformation, .persuade, .confront, .exploresWhatMatters,
  ]

  /// The kind of a response with these codes: the same rule as `Result.kind`, for comparing the
  /// coder with authored codes.
  public static func kind(of codes: some Collection<TechniqueCode>) -> Kind {
    if codes.contains(where: { [.simpleReflection, .complexReflection, .summary].contains($0) }) { return .reflection }
    if codes.contains(where: { [.openQuestion, .closedQuestion].contains($0) }) { return .question }
    return .other
  }

  // MARK: - Cues

  static let invitations = AuthoringLint.PhraseTable(AuthoringLint.invitations + ["in what way"])
  static let permission = AuthoringLint.PhraseTable(AuthoringLint.collaborationQuestionPhrases)
  static let complexReflection = AuthoringLint.PhraseTable([
    "it sounds like", "sounds like", "it sounds as if", "sounds as if", "it sounds as though", "sounds as though",
    "it seems", "it's as if", "part of you", "on the one hand", "on the other hand", "i'm guessing",
    "i get the feeling", "i get the sense", "i wonder if you", "you feel", "you're feeling", "you felt",
    "you're worried", "you're scared", "you're frightened", "you're frustrated", "you're angry", "you're tired",
    "you'd rather", "you don't want", "you want to", "that must", "it must have been", "must have been",
    "you're not sure", "you're wondering", "matters to you", "what i'm hearing", "i'm hearing", "it feels like",
    "it feels as if", "it makes sense", "that's a lot", "you'd hate", "on your mind", "part of who you are",
    "at the same time", "and yet", "you'd want", "you can't quite", "it's not the", "you'd half", "you know full well",
    "you'd like", "you wanted", "you want", "you hate", "you miss", "you've had enough", "you're ready",
    "you're keen", "you mean to", "you can feel", "you've carried", "you've been carrying", "hard for you",
    "a lot for you", "so much of your", "weighing on you", "got to you", "worn you down", "taken it out of you",
  ])
  /// Second-person words: a statement about the patient, with no offer or instruction, is most
  /// likely a reflection of what they said.
  static let secondPerson = Set([
    "you", "your", "you're", "you've", "you'd", "you'll", "yourself", "yours",
  ])
  /// First-person words: a sentence about the clinician is not an echo of the patient.
  static let firstPerson = Set([
    "i", "i'm", "i've", "i'd", "i'll", "me", "my", "we", "we're", "we've", "we'll", "us", "our",
  ])

  /// Words an instruction opens with: an imperative is advice or information, not a reflection.
  static let imperatives = Set([
    "take", "keep", "don't", "just", "pop", "get", "try", "remember", "ring", "go", "make", "put", "read", "send",
    "tell", "stop", "start", "use", "call", "have", "bring", "come", "check", "write", "here's", "if", "honestly",
    "oh", "well", "right", "fine", "good", "great", "thanks", "thank", "lovely", "brilliant", "fair", "ok", "okay",
    "sure", "of", "yes", "no", "before",
  ])

  /// How a statement of the clinician's own offer or plan begins: not a reflection.
  static let clinicianFrames = AuthoringLint.PhraseTable([
    "i can", "i could", "i'll", "we'll", "we can", "we could", "let me", "let's", "i'd like to", "i'd suggest",
    "there's a", "there is a", "if you'd like", "if you like", "if you want", "i want to", "shall i", "i will",
    "i'm going to", "the next", "our", "my job",
  ])
  static let simpleReflection = AuthoringLint.PhraseTable([
    "so you", "you've been", "you said", "you're saying", "you've", "you're", "you have", "you are", "you were",
    "your",
  ])
  static let summaryCues = AuthoringLint.PhraseTable([
    "so far", "let me check", "let me see if", "to sum up", "to pull this together", "let me make sure",
    "if i've got this right", "so to recap",
  ])
  static let affirmations = AuthoringLint.PhraseTable([
    "that took", "well done", "you've done", "you've worked", "you managed", "you've managed", "that shows",
    "i'm impressed", "good for you", "you clearly", "credit to you", "you should be proud", "that's a real",
    "that's really something", "took courage", "takes courage", "took guts", "you've kept", "you've clearly",
    "which is a real help", "a good clue", "you've thought", "that's the", "you know the signs",
  ])
  static let autonomy = AuthoringLint.PhraseTable([
    "it's your", "your choice", "up to you", "your decision", "you decide", "only you", "whatever you decide",
    "entirely up to", "your call", "it's for you to", "you're the expert",
  ])
  /// Advice and reassurance beyond the lint's directives ("you need to"), which the coder reads
  /// the lint's way: not when reported ("you feel you should") or conditional.
  static let rightingReflex = AuthoringLint.PhraseTable(
    [
      "have you tried", "why don't you", "i'd recommend", "i recommend", "the best thing", "i want you to",
      "make sure you", "you'll need to", "you'll have to", "what you need", "i'd advise", "you really",
      // Reassurance that argues with a feeling is persuasion too.
      "i'm sure", "don't worry", "absolutely fine", "honestly", "of course you", "you'll be fine", "nothing to worry",
      "you'd be surprised", "no safe number", "do have a", "the safest thing", "better off", "you'll see",
      "you'll have it", "you'd be absolutely",
    ])
  static let confrontations = AuthoringLint.PhraseTable([
    "that was reckless", "that was dangerous", "that was silly", "that's an excuse", "you're just",
    "why would you", "you can't keep", "you're not listening", "that's not true", "you're wrong",
  ])
  static let information = AuthoringLint.PhraseTable([
    "most people", "research", "studies", "usually", "it can", "this means", "the test", "the results",
    "it's common", "a lot of people", "many people", "the evidence", "the guidelines",
  ])
  static let whatMatters = AuthoringLint.PhraseTable([
    "what matters", "what's important", "what is important", "what would you like", "what do you want",
    "what would make", "matters most",
  ])

  // MARK: - Coding

  /// Codes `text`.
  public static func code(_ text: String) -> Result {
    var tokens = AuthoringLint.Tokens()
    tokens.tokenize(text)
    var found: [TechniqueCode: Finding] = [:]
    func hear(_ code: TechniqueCode, _ confidence: Double, _ cue: String) {
      if (found[code]?.confidence ?? -1) < confidence {
        found[code] = Finding(code: code, confidence: confidence, cue: cue)
      }
    }
    func word(_ index: Int) -> String { String(decoding: tokens.letters[tokens.words[index]], as: UTF8.self) }

    for (index, sentence) in tokens.sentences.enumerated() {
      let range = sentence.words
      guard let first = range.first else { continue }
      let opener = word(first)
      let text = tokens.sentenceText(index).lowercased()
      // The lint's reading of a sentence: typed questions often lack the question mark, so an
      // opening such as "what do" or "is it" counts, but not "What happened has shaken you."
      let invites = tokens.firstPhrase(of: invitations, in: first..<min(first + 3, range.upperBound)) != nil
      if sentence.isQuestion || tokens.opensAsQuestion(index) || invites {
        let permissionPhrase = tokens.firstPhrase(of: permission, in: range)
        if let permissionPhrase { hear(.seekingCollaboration, 0.8, permissionPhrase) }
        // "Could I share something?" asks only for permission; "Can I ask what worries you?"
        // is a question as well.
        let asksOnlyPermission = permissionPhrase != nil && sentence.isQuestion && tokens.isPermissionQuestion(index)
        if asksOnlyPermission {
          // Coded as seeking collaboration alone.
        } else if invites || !tokens.isClosedQuestion(index) {
          hear(.openQuestion, sentence.isQuestion ? 0.85 : 0.6, text)
        } else {
          hear(.closedQuestion, sentence.isQuestion ? 0.8 : 0.55, text)
        }
      } else {
        if let phrase = tokens.firstPhrase(of: summaryCues, in: range) {
          hear(.summary, 0.75, phrase)
        } else if let phrase = tokens.firstPhrase(of: complexReflection, in: range) {
          hear(.complexReflection, 0.7, phrase)
        } else if tokens.firstPhrase(of: autonomy, in: range) == nil,
          let phrase = tokens.firstPhrase(of: simpleReflection, in: first..<min(first + 2, range.upperBound))
        {
          // "You…" at the start of a statement: a reflection of what the patient said, most likely.
          hear(.simpleReflection, 0.5, phrase)
        } else if index == 0, !imperatives.contains(opener), tokens.firstPhrase(of: affirmations, in: range) == nil,
          tokens.firstPhrase(of: autonomy, in: range) == nil,
          tokens.firstPhrase(of: clinicianFrames, in: range) == nil,
          tokens.firstPhrase(of: information, in: range) == nil,
          tokens.directive(in: range) == nil, tokens.firstPhrase(of: rightingReflex, in: range) == nil,
          !tokens.letters.contains(where: { (0x30...0x39).contains($0) }),
          let cue = range.prefix(3).first(where: { secondPerson.contains(word($0)) }).map(word)
            ?? (tokens.sentences.count > 1 && tokens.sentences[1].isQuestion && range.count <= 12
              && !range.contains(where: { firstPerson.contains(word($0)) }) ? "a short echo before a question" : nil)
        {
          hear(.simpleReflection, 0.4, cue)
        }
        if let phrase = tokens.firstPhrase(of: information, in: range) { hear(.givingInformation, 0.5, phrase) }
      }
      if let phrase = tokens.firstPhrase(of: affirmations, in: range) { hear(.affirmation, 0.7, phrase) }
      if let phrase = tokens.firstPhrase(of: autonomy, in: range) { hear(.emphasizingAutonomy, 0.8, phrase) }
      if !sentence.isQuestion || opener == "why" || opener == "have",
        let phrase = tokens.directive(in: range) ?? tokens.firstPhrase(of: rightingReflex, in: range)
      {
        hear(.persuade, 0.75, phrase)
      }
      if let phrase = tokens.firstPhrase(of: confrontations, in: range) { hear(.confront, 0.7, phrase) }
      if let phrase = tokens.firstPhrase(of: whatMatters, in: range) { hear(.exploresWhatMatters, 0.7, phrase) }
    }
    // Advice is not a reflection, however it opens ("You need to…").
    if found[.persuade] != nil, found[.simpleReflection]?.cue.hasPrefix("you") == true {
      found[.simpleReflection] = nil
    }
    let findings = codesHeard.compactMap { found[$0] }
    let kind = Self.kind(of: findings.map(\.code))
    return Result(findings: findings, kind: kind, heard: heard(findings, kind: kind), tip: tip(findings, kind: kind))
  }

  /// The findings in words, always saying whether a reflection was heard.
  static func heard(_ findings: [Finding], kind: Kind) -> String {
    let codes = Set(findings.map(\.code))
    var parts: [String] = []
    if codes.contains(.summary) { parts.append("a summary") }
    if codes.contains(.complexReflection) { parts.append("a complex reflection") }
    if codes.contains(.simpleReflection) { parts.append("a simple reflection") }
    if codes.contains(.openQuestion) { parts.append("an open question") }
    if codes.contains(.closedQuestion) { parts.append("a closed question") }
    if codes.contains(.seekingCollaboration) { parts.append("asking permission") }
    if codes.contains(.affirmation) { parts.append("an affirmation") }
    if codes.contains(.emphasizingAutonomy) { parts.append("emphasising autonomy") }
    if codes.contains(.exploresWhatMatters) { parts.append("asking what matters") }
    if codes.contains(.givingInformation) { parts.append("information") }
    if codes.contains(.persuade) { parts.append("advice or persuasion (the righting reflex)") }
    if codes.contains(.confront) { parts.append("confronting") }
    if kind != .reflection { parts.append("no reflection") }
    return parts.joined(separator: "; ")
  }

  static func tip(_ findings: [Finding], kind: Kind) -> String {
    let codes = Set(findings.map(\.code))
    if codes.contains(.persuade) || codes.contains(.confront) {
      return "Hold the advice for now: reflect what the patient said first, then ask permission before advising."
    }
    switch kind {
    case .reflection:
      return codes.contains(.complexReflection) || codes.contains(.summary)
        ? "A reflection that adds meaning: the core skill. Let the patient answer it."
        : "A reflection: try adding the feeling or the reason beneath the words to make it complex."
    case .question:
      return codes.contains(.closedQuestion) && !codes.contains(.openQuestion)
        ? "A yes-or-no question: try \"What…\" or \"How…\", or reflect before you ask."
        : "An open question; try a reflection first, so the patient hears they were heard."
    case .other:
      return "Try saying back what the patient just told you, in your own words."
    }
  }
}
