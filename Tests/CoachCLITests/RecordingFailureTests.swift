import ArgumentParser
import CoachCore
import CoachREPL
import CoachStore
import CoachTerminal
import CoachTestSupport
import Foundation
import GRDB
import Testing

@testable import CoachCLI
@testable import CoachStore

/// A session whose answer cannot be saved, against a real database failing for real: what the
/// trainee reads is the store's own words, and the command ends with that error's status.
@Suite("A failed save, from a real store")
struct RecordingFailureTests {
  struct Played {
    var outcome: PlayOutcome
    var play: PlaySession
    var runner: SessionRunner
    var path: String
  }

  /// Plays one answer of the fixture story against a fresh database, after `spoil` has done
  /// something to it.
  func playOneAnswer(spoil: (AppDatabase, UUID) throws -> Void) throws -> Played {
    let folder = try Fixtures.temporaryDirectory("coach-recording")
    defer { try? FileManager.default.removeItem(at: folder) }
    let location = StoreLocation(path: folder.appendingPathComponent("coach.sqlite").path, source: "test")
    let database = try AppDatabase.open(at: location)
    // As `coach play --choices` runs it (the runner's message goes to standard error).
    let runner = SessionRunner(console: Console(terminal: .plain, errorTerminal: .plain), json: false, scripted: true)
    let recorder = runner.recording(database)
    let session = Session(scenario: try Fixtures.scenario())
    let attempt = UUID()
    try recorder.begin(
      AttemptStart(
        id: attempt, trainee: "ann", cohort: nil, scenarioID: session.scenario.id,
        scenarioVersion: session.scenario.version, scenarioTitle: session.scenario.title,
        contentHash: session.scenario.contentHash, scenarioPath: "clinic.json", mode: .practice,
        rubricID: Rubric.miti421.id, scenarioText: Fixtures.text(of: session.scenario), startedAt: Date(),
        state: session.state))
    try spoil(database, attempt)
    let play = PlaySession(
      session: session,
      configuration: .init(attempt: attempt, mode: .practice, rubric: .miti421, terminal: .plain),
      recorder: recorder, reader: ScriptedLineReader(["1"]), output: BufferedOutput())
    return Played(outcome: play.run(), play: play, runner: runner, path: location.path)
  }

  /// The status `SessionRunner` ends the command with after `played`.
  func status(after played: Played) -> Int32? {
    do {
      try played.runner.conclude(played.outcome, play: played.play, attempt: UUID(), mode: .practice)
      return 0
    } catch let code as ExitCode {
      return code.rawValue
    } catch {
      return nil
    }
  }

  /// The database is capped at its size, as a full disk caps it, and the room left inside it
  /// filled with another attempt's turns: SQLite says SQLITE_FULL.
  @Test func aFullDiskReadsAsAFullDiskAndEndsWith74() throws {
    let played = try playOneAnswer { database, _ in
      let other = UUID()
      let session = Session(scenario: try Fixtures.scenario())
      try database.begin(
        AttemptStart(
          id: other, trainee: "bob", cohort: nil, scenarioID: session.scenario.id,
          scenarioVersion: session.scenario.version, scenarioTitle: session.scenario.title,
          contentHash: session.scenario.contentHash, scenarioPath: "clinic.json", mode: .practice,
          rubricID: Rubric.miti421.id, scenarioText: Fixtures.text(of: session.scenario), startedAt: Date(),
          state: session.state))
      _ = try database.writer.writeWithoutTransaction { db in
        let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 1
        try db.execute(sql: "PRAGMA max_page_count = \(pages)")
      }
      var index = 0
      for size in [200, 20, 1] {
        while true {
          let stateAfter = Dictionary(uniqueKeysWithValues: (0..<size).map { ("v\($0)", Value.number(1)) })
          let turn = TurnRecord(
            index: index, node: "n", choice: "c", codes: [], stateAfter: stateAfter, secondsToAnswer: 1,
            answeredAt: Date(), typed: String(repeating: "x", count: size * 10))
          guard (try? database.record(turn, attempt: other, state: session.state)) != nil else { break }
          index += 1
        }
      }
    }
    guard case .recordingFailed(let reason) = played.outcome else {
      Issue.record("expected a failed save, got \(played.outcome)")
      return
    }
    #expect(
      reason
        == "could not save your response: cannot write to \(played.path): the disk is full; nothing was "
        + "half-written. Free some space and try again")
    #expect(PlainWords.problems(in: reason).isEmpty)
    #expect(status(after: played) == 74)
  }

  /// The attempt was ended elsewhere (another terminal) while this session was open.
  @Test func anAttemptEndedElsewhereIsRefusedAndEndsWith65() throws {
    let played = try playOneAnswer { database, attempt in try database.abandon(attempt: attempt) }
    guard case .recordingFailed(let reason) = played.outcome else {
      Issue.record("expected a failed save, got \(played.outcome)")
      return
    }
    #expect(reason.hasPrefix("could not save your response: attempt "))
    #expect(reason.hasSuffix(": it is abandoned, not in progress"))
    #expect(PlainWords.problems(in: reason).isEmpty, "\(reason)")
    #expect(status(after: played) == 65)
  }
}
