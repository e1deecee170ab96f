import CoachCore
import Foundation

/// What an attempt's play is stored as: every answer in order, undone ones included, each with
/// how many answers stood before it when it was given. With the seed, the scenario's content and
/// the rubric, it is all that is needed to rebuild the session, every turn and the report: the
/// store keeps these facts, and everything else is recomputed from them, so a stored score can
/// always be checked against what the turns earn.
///
/// Stored as compact JSON, one array per answer: `[choice, depth, seconds, offset, undone]`, then
/// the typed words when there are any. `offset` is milliseconds from the attempt's start to the
/// answer.
package struct AttemptLog: Sendable, Equatable {
  package struct Entry: Sendable, Equatable, Codable {
    package var choice: String
    /// How many answers stood (given and not taken back) when this one was given.
    package var depth: Int
    package var secondsToAnswer: Double
    /// Milliseconds from the attempt's start.
    package var offset: Int64
    package var undone: Bool
    package var typed: String?

    package init(
      choice: String, depth: Int, secondsToAnswer: Double, offset: Int64, undone: Bool, typed: String?
    ) {
      self.choice = choice
      self.depth = depth
      self.secondsToAnswer = secondsToAnswer
      self.offset = offset
      self.undone = undone
      self.typed = typed
    }

    package init(from decoder: any Decoder) throws {
      var container = try decoder.unkeyedContainer()
      choice = try container.decode(String.self)
      depth = try container.decode(Int.self)
      secondsToAnswer = try container.decode(Double.self)
      offset = try container.decode(Int64.self)
      undone = try container.decode(Int.self) != 0
      typed = container.isAtEnd ? nil : try container.decode(String.self)
    }

    package func encode(to encoder: any Encoder) throws {
      var container = encoder.unkeyedContainer()
      try container.encode(choice)
      try container.encode(depth)
      try container.encode(secondsToAnswer)
      try container.encode(offset)
      try container.encode(undone ? 1 : 0)
      if let typed { try container.encode(typed) }
    }
  }

  package var entries: [Entry]

  package init(_ entries: [Entry] = []) {
    self.entries = entries
  }

  /// Reads the stored text; `what` names the attempt in the error.
  package init(text: String, what: @autoclosure () -> String) throws {
    // Coach's own tape parser: a score check reads every attempt's log, and Foundation's decoder
    // would take most of the time of a large export. The error is worded only when there is one.
    func damage() -> StoreJSON.Damage {
      StoreJSON.Damage(what: "the turns of \(what())", detail: "they are not a turn log")
    }
    guard let document = try? JSONDocument(parsing: Array(text.utf8)), document.kind(document.root) == .array else {
      throw damage()
    }
    entries = []
    entries.reserveCapacity(document.count(document.root))
    for entry in document.elements(document.root) {
      guard document.kind(entry) == .array else { throw damage() }
      let fields = document.elements(entry)
      guard fields.count == 5 || fields.count == 6, document.kind(fields[0]) == .string,
        fields[1...4].allSatisfy({ document.kind($0) == .number }),
        fields.count == 5 || document.kind(fields[5]) == .string,
        let depth = document.integer(fields[1]), let offset = document.integer(fields[3]).map(Int64.init),
        let undone = document.integer(fields[4])
      else { throw damage() }
      let seconds = document.number(fields[2])
      guard seconds.isFinite else { throw damage() }
      entries.append(
        Entry(
          choice: document.string(fields[0]), depth: depth, secondsToAnswer: seconds, offset: offset,
          undone: undone != 0, typed: fields.count == 6 ? document.string(fields[5]) : nil))
    }
  }

  /// The stored text.
  package var text: String {
    get throws { String(decoding: try JSONEncoder().encode(entries), as: UTF8.self) }
  }

  /// Answers given and not taken back.
  package var keptCount: Int { entries.lazy.filter { !$0.undone }.count }

  /// The choices that stand, in order.
  package var keptChoices: [String] { entries.filter { !$0.undone }.map(\.choice) }

  /// Appends the answer `turn`, given when `depth` answers stood, in an attempt that started at
  /// `start`. Throws unless it is the next in the log.
  package mutating func append(_ turn: TurnRecord, depth: Int, start: Date, attempt: UUID) throws(StoreError) {
    guard turn.index == entries.count else {
      throw .invalidChange(
        attempt: attempt, reason: "turn \(turn.index) was recorded where turn \(entries.count) was expected")
    }
    entries.append(
      Entry(
        choice: turn.choice, depth: depth, secondsToAnswer: turn.secondsToAnswer,
        offset: Self.offset(turn.answeredAt, from: start), undone: turn.undone, typed: turn.typed))
  }

  /// Milliseconds from `start` to `date`.
  package static func offset(_ date: Date, from start: Date) -> Int64 {
    Int64(
      ((StoreDate.normalized(date).timeIntervalSince1970 - StoreDate.normalized(start).timeIntervalSince1970)
        * 1000).rounded())
  }

  /// When the last answer was given, or `start` when none was.
  package func lastActivity(start: Date) -> Date {
    guard let last = entries.map(\.offset).max() else { return start }
    return StoreDate.normalized(start.addingTimeInterval(Double(last) / 1000))
  }
}

/// An attempt rebuilt from its facts: the session as it stands, every turn as it was answered,
/// and the report a complete attempt earns.
package struct ReplayedAttempt: Sendable {
  package var state: SessionState
  package var turns: [TurnRecord]
  /// What the turns earn, once the attempt is complete.
  package var report: SessionReport?
}

extension AttemptLog {
  /// Replays the log in `scenario` with `seed` from the attempt's `start`; scores it with `rubric`
  /// when `complete`. Throws a `SessionError` when the log does not fit the scenario.
  package func replay(
    in scenario: Scenario, seed: UInt64?, start: Date, rubric: Rubric, complete: Bool
  ) throws -> ReplayedAttempt {
    var stack: [String] = []
    var session = Session(scenario: scenario, seed: seed)
    var turns: [TurnRecord] = []
    for (index, entry) in entries.enumerated() {
      guard entry.depth >= 0, entry.depth <= stack.count else {
        throw SessionError.stateMismatch(reason: "turn \(index) stands on \(entry.depth) earlier answers")
      }
      if entry.depth < stack.count {
        stack.removeLast(stack.count - entry.depth)
        session = try Session.replaying(stack, in: scenario, seed: seed)
      }
      let step = try session.choose(entry.choice)
      stack.append(entry.choice)
      turns.append(
        TurnRecord(
          index: index, node: step.turn.node, choice: entry.choice, codes: step.choice.codes,
          stateAfter: session.state.values, secondsToAnswer: entry.secondsToAnswer,
          answeredAt: StoreDate.normalized(start.addingTimeInterval(Double(entry.offset) / 1000)),
          undone: entry.undone, typed: entry.typed))
    }
    let final = try Session.replaying(keptChoices, in: scenario, seed: seed)
    let report = complete ? rubric.score(Transcript(session: final)) : nil
    return ReplayedAttempt(state: final.state, turns: turns, report: report)
  }

  /// The log that gave `turns` (as an export lists them) in `scenario` with `seed`: each turn's
  /// depth is the number of earlier answers that still stood, found by replaying. Nil when the
  /// turns cannot have been played so.
  package static func inferred(
    from turns: [TurnRecord], in scenario: Scenario, seed: UInt64?, start: Date
  ) -> AttemptLog? {
    var stack: [String] = []
    var entries: [Entry] = []
    for turn in turns {
      // The answer was given where the story stood after some prefix of the answers that stood.
      var found: Int?
      for depth in stride(from: stack.count, through: 0, by: -1) {
        guard var session = try? Session.replaying(Array(stack.prefix(depth)), in: scenario, seed: seed),
          session.node.id == turn.node, (try? session.choose(turn.choice)) != nil,
          session.state.values == turn.stateAfter
        else { continue }
        found = depth
        break
      }
      guard let depth = found else { return nil }
      stack = Array(stack.prefix(depth)) + [turn.choice]
      entries.append(
        Entry(
          choice: turn.choice, depth: depth, secondsToAnswer: turn.secondsToAnswer,
          offset: offset(turn.answeredAt, from: start), undone: turn.undone, typed: turn.typed))
    }
    return AttemptLog(entries)
  }
}

/// Scenarios and rubrics by content hash, parsed once per store: an attempt names both by hash,
/// and the store keeps their texts.
package final class ContentCache: @unchecked Sendable {
  private let lock = NSLock()
  private var scenarios: [String: Scenario] = [:]
  private var rubrics: [String: Rubric] = [:]
  /// What each play earns, by scenario, rubric and the choices that stand: a report depends on
  /// nothing else (not on the order options were shown in), so attempts that took the same path
  /// are scored once.
  private var earned: [Path: ReportColumns?] = [:]
  /// Beyond this many paths the memo starts afresh, so memory stays bounded.
  private static let earnedLimit = 100_000

  package init() {}

  /// A play as far as its score goes: the scenario and rubric (by hash), whether it is complete,
  /// and the choices that stand.
  package struct Path: Hashable {
    package var scenario: String
    package var rubric: String
    package var status: AttemptStatus
    package var choices: [String]

    package init(scenario: String, rubric: String, status: AttemptStatus, choices: [String]) {
      self.scenario = scenario
      self.rubric = rubric
      self.status = status
      self.choices = choices
    }
  }

  /// The figures `compute` gives for `key`, computed once while remembered.
  package func earned(_ key: Path, compute: () throws -> ReportColumns?) rethrows -> ReportColumns? {
    if let known = lock.withLock({ earned[key] }) { return known }
    let value = try compute()
    lock.withLock {
      if earned.count >= Self.earnedLimit { earned.removeAll(keepingCapacity: true) }
      earned[key] = value
    }
    return value
  }

  /// The scenario with SHA-256 `hash`, parsed from `text()` the first time it is asked for. Throws
  /// when there is no text or it is not that scenario.
  package func scenario(hash: String, text: () throws -> String?) throws -> Scenario {
    if let cached = lock.withLock({ scenarios[hash] }) { return cached }
    guard let text = try text() else {
      throw StoreJSON.Damage(what: "the scenario \(hash.prefix(12))", detail: "its content is not kept")
    }
    guard let scenario = ScenarioLoader().load(bytes: Array(text.utf8), file: "the kept scenario").scenario,
      scenario.contentHash == hash
    else {
      throw StoreJSON.Damage(what: "the scenario \(hash.prefix(12))", detail: "its kept content is not valid")
    }
    lock.withLock { scenarios[hash] = scenario }
    return scenario
  }

  /// The rubric `id` with SHA-256 `hash` (nil for attempts from before rubrics were hashed): the
  /// built-in of that id when it matches, else parsed from `text()`.
  package func rubric(id: String, hash: String?, text: () throws -> String?) throws -> Rubric {
    let key = hash ?? "builtin:" + id
    if let cached = lock.withLock({ rubrics[key] }) { return cached }
    var rubric: Rubric?
    if let builtIn = Rubric.builtIn(id: id), hash == nil || builtIn.contentHash == hash {
      rubric = builtIn
    } else if let text = try text() {
      rubric = RubricFile.load(bytes: Array(text.utf8), file: "the kept rubric").rubric
    }
    guard let rubric else {
      throw StoreJSON.Damage(what: "the rubric \(id)", detail: "its content is not kept")
    }
    lock.withLock { rubrics[key] = rubric }
    return rubric
  }
}

extension ReportColumns {
  /// Where the stored figures `stored` differ from those the turns earn, in words; nil when they
  /// agree.
  package static func disagreement(stored: ReportColumns?, earned: SessionReport?) -> String? {
    disagreement(stored: stored, earned: earned.map(ReportColumns.init))
  }

  /// Where the stored figures `stored` differ from the `earned` ones, in words; nil when they
  /// agree.
  package static func disagreement(stored: ReportColumns?, earned: ReportColumns?) -> String? {
    switch (stored, earned) {
    case (nil, nil): return nil
    case (nil, .some): return "it has no stored score, but its turns reach an ending"
    case (.some(let stored), nil): return "it has a stored score of \(Value.format(stored.score)), but is not complete"
    case (.some(let stored), .some(let recomputed)):
      if stored == recomputed { return nil }
      if stored.score != recomputed.score || stored.band != recomputed.band {
        return "its stored score \(Value.format(stored.score)) (\(stored.band)) is not what its turns earn: "
          + "\(Value.format(recomputed.score)) (\(recomputed.band))"
      }
      return "its stored figures (counts, globals or metrics) are not what its turns earn"
    }
  }
}

extension AttemptLog {
  /// Rebuilds the attempt with `header` from this log and `seed`, in its scenario (found by hash
  /// in `cache`, else parsed from `scenarioText()`) scored with its rubric (likewise).
  package func rebuild(
    header: AttemptHeader, seed: UInt64?, cache: ContentCache, scenarioText: () throws -> String?,
    rubricText: () throws -> String?
  ) throws -> ReplayedAttempt {
    let scenario = try cache.scenario(hash: header.contentHash, text: scenarioText)
    let rubric = try cache.rubric(id: header.rubricID, hash: header.rubricHash, text: rubricText)
    do {
      return try replay(
        in: scenario, seed: seed, start: header.startedAt, rubric: rubric, complete: header.status == .complete)
    } catch let error as SessionError {
      throw StoreJSON.Damage(
        what: "attempt \(header.id.uuidString)", detail: "its turns do not replay in its scenario: \(error.description)"
      )
    }
  }
}

extension AttemptLog {
  /// The figures the choices that stand earn in the attempt with `header`, once it is complete:
  /// only those choices are replayed, and a path already scored is not scored again.
  package func earnedFigures(
    header: AttemptHeader, cache: ContentCache, scenarioText: () throws -> String?, rubricText: () throws -> String?
  ) throws -> ReportColumns? {
    let kept = keptChoices
    let key = ContentCache.Path(
      scenario: header.contentHash, rubric: header.rubricHash ?? header.rubricID, status: header.status, choices: kept)
    return try cache.earned(key) {
      let scenario = try cache.scenario(hash: header.contentHash, text: scenarioText)
      let rubric = try cache.rubric(id: header.rubricID, hash: header.rubricHash, text: rubricText)
      let session: Session
      do {
        session = try Session.replaying(kept, in: scenario)
      } catch let error as SessionError {
        throw StoreJSON.Damage(
          what: "attempt \(header.id.uuidString)",
          detail: "its turns do not replay in its scenario: \(error.description)")
      }
      return header.status == .complete ? ReportColumns(rubric.score(Transcript(session: session))) : nil
    }
  }
}

extension CohortAttempt {
  /// The assessed turns and safety tasks of `report`, as the dashboard reads them.
  package static func digest(_ report: SessionReport?) -> (
    turns: [CohortOverview.TurnOutcome], safety: [SafetyResult]
  ) {
    guard let report else { return ([], []) }
    return (
      report.turns.map {
        CohortOverview.TurnOutcome(node: $0.node, choice: $0.choice.id, say: $0.choice.say, isPoor: $0.isPoor)
      }, report.conclusion?.safety ?? []
    )
  }
}
