import CoachCore
import Foundation

/// Attempts played through the fixture scenario, for the store's tests: recorded through any
/// `AttemptRecorder` the way the REPL records them, or written as an export file by hand (so the
/// file format is checked independently of the code that writes it).
public enum AttemptFixtures {
  /// 2025-03-01T10:00:00Z.
  public static let start = Date(timeIntervalSince1970: 1_740_823_200)

  /// The fixture scenario with another version number (and so another content hash).
  public static func scenario(version: String) throws -> Scenario {
    try Fixtures.scenario(Fixtures.replacing(#""version": "1.2.0""#, with: #""version": "\#(version)""#))
  }

  /// What playing a list of choices produced.
  public struct Played: Sendable {
    public var start: AttemptStart
    public var turns: [TurnRecord]
    public var session: Session
    /// The report, when the story reached an ending.
    public var report: SessionReport?
    public var finishedAt: Date?
  }

  /// Plays `choices` from the start: turn `i` is answered `10 × (i + 1)` seconds after
  /// `startedAt` and took `2.5 + i` seconds; a story that reaches an ending is scored with the
  /// default rubric and finished a minute after its last answer.
  public static func play(
    _ choices: [String], scenario: Scenario, id: UUID = UUID(), trainee: String = "ann", cohort: String? = nil,
    mode: AttemptMode = .practice, startedAt: Date = start
  ) throws -> Played {
    var session = Session(scenario: scenario)
    let begin = AttemptStart(
      id: id, trainee: trainee, cohort: cohort, scenarioID: scenario.id, scenarioVersion: scenario.version,
      scenarioTitle: scenario.title, contentHash: scenario.contentHash, scenarioPath: "Scenarios/\(scenario.id).json",
      mode: mode, rubricID: Rubric.miti421.id, rubricHash: Rubric.miti421.contentHash,
      rubricText: RubricFile.text(of: .miti421), scenarioText: Fixtures.text(of: scenario), startedAt: startedAt,
      state: session.state)
    var turns: [TurnRecord] = []
    for (index, choice) in choices.enumerated() {
      let step = try session.choose(choice)
      turns.append(
        TurnRecord(
          index: index, node: step.turn.node, choice: choice, codes: step.choice.codes,
          stateAfter: Dictionary(uniqueKeysWithValues: session.variableValues.map { ($0.variable.name, $0.value) }),
          secondsToAnswer: 2.5 + Double(index), answeredAt: startedAt.addingTimeInterval(10 * Double(index + 1))))
    }
    let finished = session.isFinished
    return Played(
      start: begin, turns: turns, session: session,
      report: finished ? Rubric.miti421.score(Transcript(session: session)) : nil,
      finishedAt: finished ? startedAt.addingTimeInterval(10 * Double(choices.count) + 60) : nil)
  }

  /// Plays `choices` through `recorder` as the REPL does: `begin`, one `record` per answer
  /// (each with the session after it), then `finish` when the story ends or `suspend` when not.
  @discardableResult
  public static func record(
    _ choices: [String], into recorder: some AttemptRecorder, scenario: Scenario, id: UUID = UUID(),
    trainee: String = "ann", cohort: String? = nil, mode: AttemptMode = .practice, startedAt: Date = start
  ) throws -> Played {
    let played = try play(
      choices, scenario: scenario, id: id, trainee: trainee, cohort: cohort, mode: mode, startedAt: startedAt)
    try recorder.begin(played.start)
    var session = Session(scenario: scenario)
    for turn in played.turns {
      try session.choose(turn.choice)
      try recorder.record(turn, attempt: id, state: session.state)
    }
    if let report = played.report, let finishedAt = played.finishedAt {
      try recorder.finish(
        attempt: id, at: finishedAt, ending: session.node.id, report: report, state: session.state)
    } else {
      try recorder.suspend(attempt: id, state: session.state)
    }
    return played
  }

  // MARK: - Export files written by hand

  /// An attempt for `exportJSON`.
  public struct ExportedPlay: Sendable {
    public var played: Played
    public var cohort: String?

    public init(_ played: Played, cohort: String? = nil) {
      self.played = played
      self.cohort = cohort
    }
  }

  /// An export file (format 1) holding `attempts` of `trainee`, built field by field.
  public static func exportJSON(
    trainee: String, name: String? = nil, cohort: String? = nil, attempts: [ExportedPlay],
    exportedAt: Date = start.addingTimeInterval(86_400)
  ) throws -> String {
    var scenarios: [String: String] = [:]
    for entry in attempts {
      scenarios[entry.played.start.contentHash] = entry.played.start.scenarioText
    }
    let document = File(
      format: 1, kind: "coach-export", exportedAt: exportedAt,
      trainee: .init(id: trainee, name: name, cohort: cohort), scenarios: scenarios.isEmpty ? nil : scenarios,
      attempts: attempts.map { entry in
        let played = entry.played
        let start = played.start
        return .init(
          id: start.id, trainee: start.trainee, cohort: entry.cohort, scenarioID: start.scenarioID,
          scenarioVersion: start.scenarioVersion, scenarioTitle: start.scenarioTitle,
          contentHash: start.contentHash, scenarioPath: start.scenarioPath, mode: start.mode.rawValue,
          rubricID: start.rubricID, status: played.report == nil ? "in-progress" : "complete",
          startedAt: start.startedAt, finishedAt: played.finishedAt,
          ending: played.report == nil ? nil : played.session.node.id, state: played.session.state,
          report: played.report, turns: played.turns)
      })
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    encoder.dateEncodingStrategy = .custom { date, encoder in
      let formatter = ISO8601DateFormatter()
      formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
      var container = encoder.singleValueContainer()
      try container.encode(formatter.string(from: date))
    }
    return String(decoding: try encoder.encode(document), as: UTF8.self)
  }

  private struct File: Encodable {
    struct Person: Encodable {
      var id: String
      var name: String?
      var cohort: String?
    }

    struct Attempt: Encodable {
      var id: UUID
      var trainee: String
      var cohort: String?
      var scenarioID: String
      var scenarioVersion: String
      var scenarioTitle: String
      var contentHash: String
      var scenarioPath: String
      var mode: String
      var rubricID: String
      var status: String
      var startedAt: Date
      var finishedAt: Date?
      var ending: String?
      var state: SessionState
      var report: SessionReport?
      var turns: [TurnRecord]
    }

    var format: Int
    var kind: String
    var exportedAt: Date
    var trainee: Person
    var scenarios: [String: String]?
    var attempts: [Attempt]
  }
}
