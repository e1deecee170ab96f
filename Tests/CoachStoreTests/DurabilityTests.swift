import CoachCore
import CoachStore
import CoachTestSupport
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@Suite("Store: nothing is lost")
struct DurabilityTests {
  @Test func manyThreadsWritingAtOnceLoseNothing() async throws {
    let store = try TemporaryStore()
    defer { store.cleanUp() }
    let database = try store.open()
    let scenario = try Fixtures.scenario()
    let threads = 8
    let attemptsPerThread = 6
    try await withThrowingTaskGroup(of: Void.self) { group in
      for thread in 0..<threads {
        group.addTask {
          for attempt in 0..<attemptsPerThread {
            let choices = attempt.isMultiple(of: 2) ? ["open", "reflect"] : ["check"]
            try AttemptFixtures.record(
              choices, into: database, scenario: scenario, trainee: "t\(thread)",
              startedAt: AttemptFixtures.start + Double(attempt))
          }
        }
      }
      try await group.waitForAll()
    }
    let rows = try database.attemptScores(ScoreQuery(per: .attempt))
    #expect(rows.count == threads * attemptsPerThread)
    #expect(try database.turnScores(ScoreQuery(per: .turn)).count == threads * attemptsPerThread / 2 * 3)
    #expect(rows.filter { $0.status == .complete }.count == threads * attemptsPerThread / 2)
  }

  /// Each child process opens the same new file and records attempts while the others do.
  @Test func manyProcessesWritingAtOnceLoseNothing() async throws {
    let store = try TemporaryStore()
    defer { store.cleanUp() }
    let path = store.path
    await withTaskGroup(of: Void.self) { group in
      for process in 0..<4 {
        group.addTask {
          let result = await #expect(processExitsWith: .success, observing: [\.standardErrorContent]) {
            [path = path as String, process = process as Int] in
            do {
              let database = try AppDatabase.open(at: StoreLocation(path: path, source: "test"))
              let scenario = try Fixtures.scenario()
              for attempt in 0..<10 {
                try AttemptFixtures.record(
                  ["open", "reflect"], into: database, scenario: scenario, trainee: "p\(process)",
                  startedAt: AttemptFixtures.start + Double(attempt))
              }
            } catch {
              FileHandle.standardError.write(Data("\(error)".utf8))
              exit(EXIT_FAILURE)
            }
          }
          let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
          #expect(stderr.isEmpty, "process \(process): \(stderr)")
        }
      }
    }
    let database = try store.open()
    let rows = try database.traineeScores(ScoreQuery())
    #expect(rows.map(\.trainee) == ["p0", "p1", "p2", "p3"])
    #expect(rows.map(\.complete) == [10, 10, 10, 10])
  }

  /// The REPL's own end-to-end test kills `coach play`; this is the store's half: a process
  /// killed with SIGKILL straight after `record` returns has every answered turn on disk.
  @Test func aKilledProcessKeepsEveryAnsweredTurn() async throws {
    let store = try TemporaryStore()
    defer { store.cleanUp() }
    let path = store.path
    let id = UUID()
    await #expect(processExitsWith: .signal(SIGKILL)) { [path = path as String, id = id as UUID] in
      let database = try AppDatabase.open(at: StoreLocation(path: path, source: "test"))
      let scenario = try Fixtures.scenario()
      var session = Session(scenario: scenario)
      let played = try AttemptFixtures.play(["open", "reflect"], scenario: scenario, id: id)
      try database.begin(played.start)
      for turn in played.turns {
        try session.choose(turn.choice)
        try database.record(turn, attempt: id, state: session.state)
      }
      kill(getpid(), SIGKILL)
    }
    let database = try store.open()
    let stored = try #require(try database.attempt(id: id))
    #expect(stored.status == .inProgress)
    #expect(stored.turnCount == 2)
    #expect(stored.state == (try Session.replaying(["open", "reflect"], in: Fixtures.scenario())).state)
    #expect(try database.turns(attempt: id).map(\.choice) == ["open", "reflect"])
    #expect(try database.unfinishedAttempts(trainee: "ann").map(\.id) == [id])
  }
}
