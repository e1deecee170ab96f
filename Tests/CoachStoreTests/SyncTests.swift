import CoachCore
import CoachPostgres
import CoachStore
import CoachTestSupport
import Foundation
import Testing

/// `coach sync`: a trainee's attempts pushed from their own SQLite file to a cohort's database,
/// each exactly once however often, and however interrupted, the sync runs.
@Suite("Store: offline first, synced later")
struct SyncTests {
  let scenario: Scenario

  init() throws {
    scenario = try Fixtures.scenario()
  }

  /// The cohort's database, as the trainee `ann` reaches it (on PostgreSQL, through her own
  /// login), and as its administrator sees it.
  func cohortDatabase(_ engine: Engine) throws -> (ann: any RecordStore, admin: any RecordStore) {
    switch engine {
    case .sqlite:
      let database = try engine.store()
      return (database, database)
    case .postgres:
      let name = try PostgresTestServer.createDatabase()
      let admin = try PostgresStore.open(try PostgresTestServer.address(database: name), migrating: true)
      let login = "ann_" + String(name.suffix(8))
      try admin.addTrainee(id: "ann", cohort: "spring", login: login, password: "ann-secret")
      var address = try PostgresTestServer.address(database: name)
      address.user = login
      address.password = "ann-secret"
      return (try PostgresStore.open(address), admin)
    }
  }

  @Test(arguments: Engine.all) func syncingTwiceAndAfterAnInterruptionKeepsEachAttemptOnce(engine: Engine) throws {
    let laptop = AppDatabase.inMemory()
    let (cohort, admin) = try cohortDatabase(engine)
    let complete = try AttemptFixtures.record(["open", "reflect"], into: laptop, scenario: scenario)
    let unfinished = try AttemptFixtures.record(
      ["check"], into: laptop, scenario: scenario, startedAt: AttemptFixtures.start + 60)
    let abandoned = try AttemptFixtures.record(
      ["lecture"], into: laptop, scenario: scenario, startedAt: AttemptFixtures.start + 120)
    try laptop.abandon(attempt: abandoned.start.id, at: AttemptFixtures.start + 200)

    let first = try RecordSync.push(trainee: "ann", from: laptop, to: cohort)
    #expect(first.added == [complete.start.id, unfinished.start.id, abandoned.start.id])
    #expect(first.rejected == [])
    let again = try RecordSync.push(trainee: "ann", from: laptop, to: cohort)
    #expect(again.added == [] && again.updated == [])
    #expect(again.skipped.count == 3, "running it twice changes nothing")

    // The unfinished attempt is played on at home, offline, and finished; then more practice.
    var session = try Session(
      scenario: scenario, restoring: try #require(try laptop.attempt(id: unfinished.start.id)).state)
    let step = try session.choose("again")
    try laptop.record(
      TurnRecord(
        index: 1, node: step.turn.node, choice: "again", codes: step.choice.codes, stateAfter: session.state.values,
        secondsToAnswer: 3, answeredAt: AttemptFixtures.start + 100),
      attempt: unfinished.start.id, state: session.state)
    try laptop.finish(
      attempt: unfinished.start.id, at: AttemptFixtures.start + 110, ending: session.node.id,
      report: Rubric.miti421.score(Transcript(session: session)), state: session.state)
    let later = try (0..<3).map { offset in
      try AttemptFixtures.record(
        ["open", "reflect"], into: laptop, scenario: scenario, startedAt: AttemptFixtures.start + 1000 + Double(offset))
    }

    // The train goes into a tunnel after the first new attempt.
    var allowed = 4
    let cut = try RecordSync.push(trainee: "ann", from: laptop, to: cohort) { _ in
      allowed -= 1
      return allowed >= 0
    }
    #expect(!cut.finished)
    #expect(cut.updated == [unfinished.start.id])
    #expect(cut.added == [later[0].start.id])
    let resumed = try RecordSync.push(trainee: "ann", from: laptop, to: cohort)
    #expect(resumed.finished)
    #expect(resumed.added == [later[1].start.id, later[2].start.id])
    #expect(resumed.skipped.count == 4)

    let stored = try admin.attemptScores(ScoreQuery(per: .attempt))
    #expect(stored.map(\.attempt) == (try laptop.attemptScores(ScoreQuery(per: .attempt))).map(\.attempt))
    #expect(Set(stored.map(\.attempt)).count == 6, "each attempt exactly once")
    #expect(stored.allSatisfy { $0.check == .verified }, "\(stored.map(\.check))")
    #expect(
      try admin.export(trainee: "ann", now: AttemptFixtures.start).attempts
        == laptop.export(trainee: "ann", now: AttemptFixtures.start).attempts)
  }
}
