import CoachCore
import CoachStore
import CoachTestSupport
import Foundation
import Testing

@Suite("Store: recording attempts")
struct RecorderTests {
  let scenario: Scenario

  init() throws {
    scenario = try Fixtures.scenario()
  }

  func start(_ id: UUID, session: Session, trainee: String = "ann", cohort: String? = nil) -> AttemptStart {
    AttemptStart(
      id: id, trainee: trainee, cohort: cohort, scenarioID: scenario.id, scenarioVersion: scenario.version,
      scenarioTitle: scenario.title, contentHash: scenario.contentHash, scenarioPath: "Scenarios/clinic.json",
      mode: .assessed, rubricID: Rubric.miti421.id, scenarioText: Fixtures.text(of: scenario),
      startedAt: AttemptFixtures.start, state: session.state)
  }

  /// Chooses `choice` and records it as turn `index`.
  func answer(
    _ choice: String, index: Int, session: inout Session, attempt: UUID, into database: any RecordStore
  ) throws {
    let step = try session.choose(choice)
    let turn = TurnRecord(
      index: index, node: step.turn.node, choice: choice, codes: step.choice.codes,
      stateAfter: Dictionary(uniqueKeysWithValues: session.variableValues.map { ($0.variable.name, $0.value) }),
      secondsToAnswer: 1.25 + Double(index), answeredAt: AttemptFixtures.start.addingTimeInterval(Double(index) + 0.5))
    try database.record(turn, attempt: attempt, state: session.state)
  }

  @Test(arguments: Engine.all) func everyChangeIsStoredAndTheAttemptResumesExactly(engine: Engine) throws {
    let database = try engine.store()
    let id = UUID()
    var session = Session(scenario: scenario)
    try database.begin(start(id, session: session, cohort: "spring"))

    try answer("open", index: 0, session: &session, attempt: id, into: database)
    try session.undo()
    try database.undo(attempt: id, turnIndex: 0, state: session.state)
    try answer("check", index: 1, session: &session, attempt: id, into: database)
    session.restart()
    try database.restart(attempt: id, state: session.state)
    try answer("open", index: 2, session: &session, attempt: id, into: database)
    try database.suspend(attempt: id, state: session.state)

    let stored = try #require(try database.attempt(id: id))
    #expect(stored.state == session.state)
    #expect(stored.status == .inProgress)
    #expect(stored.mode == .assessed)
    #expect(stored.cohort == "spring")
    #expect(stored.contentHash == scenario.contentHash)
    #expect(stored.scenarioPath == "Scenarios/clinic.json")
    #expect(stored.startedAt == AttemptFixtures.start)
    #expect(stored.turnCount == 1)
    #expect(stored.nextTurnIndex == 3)
    #expect(stored.report == nil)
    let resumed = try Session(scenario: scenario, restoring: stored.state)
    #expect(resumed.node.id == "worry")
    #expect(resumed.value(of: "rapport") == .number(1))

    let turns = try database.turns(attempt: id)
    #expect(turns.map(\.choice) == ["open", "check", "open"])
    #expect(turns.map(\.undone) == [true, true, false])
    #expect(turns[1].secondsToAnswer == 2.25)
    #expect(turns[1].answeredAt == AttemptFixtures.start.addingTimeInterval(1.5))
    #expect(turns[2].codes == [.openQuestion, .seekingCollaboration])
    #expect(turns[2].stateAfter["rapport"] == .number(1))

    try answer("reflect", index: 3, session: &session, attempt: id, into: database)
    let report = Rubric.miti421.score(Transcript(session: session))
    let finished = AttemptFixtures.start.addingTimeInterval(90.123)
    try database.finish(attempt: id, at: finished, ending: session.node.id, report: report, state: session.state)
    let complete = try #require(try database.attempt(id: id))
    #expect(complete.status == .complete)
    #expect(complete.ending == "plan")
    #expect(complete.report == report)
    #expect(complete.finishedAt == StoreDate.normalized(finished))
    #expect(complete.state == session.state)
    #expect(try database.unfinishedAttempts(trainee: nil).isEmpty)
  }

  @Test(arguments: Engine.all) func unfinishedAttemptsAreListedMostRecentFirst(engine: Engine) throws {
    let database = try engine.store()
    let older = try AttemptFixtures.record(["open"], into: database, scenario: scenario, trainee: "ann")
    let newer = try AttemptFixtures.record(
      [], into: database, scenario: scenario, trainee: "ann", startedAt: AttemptFixtures.start.addingTimeInterval(3600))
    let other = try AttemptFixtures.record(["check"], into: database, scenario: scenario, trainee: "bob")
    try AttemptFixtures.record(["open", "reflect"], into: database, scenario: scenario, trainee: "ann")

    let ann = try database.unfinishedAttempts(trainee: "ann")
    #expect(ann.map(\.id) == [newer.start.id, older.start.id])
    #expect(ann.map(\.turnCount) == [0, 1])
    #expect(ann[1].lastActivity == AttemptFixtures.start.addingTimeInterval(10))
    #expect(ann[0].lastActivity == AttemptFixtures.start.addingTimeInterval(3600))
    #expect(ann[0].scenarioTitle == "A short clinic visit")
    #expect(
      Set(try database.unfinishedAttempts(trainee: nil).map(\.id)) == [older.start.id, newer.start.id, other.start.id])
  }

  @Test(arguments: Engine.all) func anAbandonedAttemptIsKeptButNotResumable(engine: Engine) throws {
    let database = try engine.store()
    let played = try AttemptFixtures.record(["open"], into: database, scenario: scenario)
    let at = AttemptFixtures.start.addingTimeInterval(500)
    try database.abandon(attempt: played.start.id, at: at)
    try database.abandon(attempt: played.start.id, at: at)
    let stored = try #require(try database.attempt(id: played.start.id))
    #expect(stored.status == .abandoned)
    #expect(stored.finishedAt == at)
    #expect(try database.unfinishedAttempts(trainee: "ann").isEmpty)
    #expect(throws: StoreError.invalidChange(attempt: played.start.id, reason: "it is abandoned, not in progress")) {
      try database.suspend(attempt: played.start.id, state: played.session.state)
    }
  }

  @Test(arguments: Engine.all) func changesThatDoNotFitTheStoredAttemptAreRefused(engine: Engine) throws {
    let database = try engine.store()
    let played = try AttemptFixtures.record(["open", "reflect"], into: database, scenario: scenario)
    let id = played.start.id
    #expect(throws: StoreError.invalidChange(attempt: id, reason: "it is complete, not in progress")) {
      try database.record(played.turns[0], attempt: id, state: played.session.state)
    }
    #expect(throws: StoreError.invalidChange(attempt: id, reason: "it is complete, so it cannot be abandoned")) {
      try database.abandon(attempt: id)
    }
    #expect(throws: StoreError.invalidChange(attempt: id, reason: "an attempt with this id already exists")) {
      try database.begin(played.start)
    }
    let unknown = UUID()
    #expect(throws: StoreError.attemptNotFound(unknown)) {
      try database.suspend(attempt: unknown, state: played.session.state)
    }
    #expect(try database.attempt(id: unknown) == nil)

    let inProgress = try AttemptFixtures.record(["open"], into: database, scenario: scenario)
    var skipped = inProgress.turns[0]
    skipped.index = 5
    #expect(
      throws: StoreError.invalidChange(
        attempt: inProgress.start.id, reason: "turn 5 was recorded where turn 1 was expected")
    ) {
      try database.record(skipped, attempt: inProgress.start.id, state: inProgress.session.state)
    }
    #expect(
      throws: StoreError.invalidChange(attempt: inProgress.start.id, reason: "there is no answered turn 3 to undo")
    ) {
      try database.undo(attempt: inProgress.start.id, turnIndex: 3, state: inProgress.session.state)
    }
  }

  @Test(arguments: Engine.all) func traineesAndTheDefaultTrainee(engine: Engine) throws {
    let database = try engine.store()
    #expect(try database.defaultTrainee() == nil)
    try database.setDefaultTrainee("ann")
    #expect(try database.defaultTrainee() == "ann")
    #expect(try database.trainee(id: "ann") == Trainee(id: "ann"))
    #expect(try database.upsertTrainee(id: "ann", name: "Ann Smith") == Trainee(id: "ann", name: "Ann Smith"))
    #expect(
      try database.upsertTrainee(id: "ann", cohort: "spring") == Trainee(id: "ann", name: "Ann Smith", cohort: "spring")
    )
    try database.upsertTrainee(id: "bob")
    #expect(try database.trainees().map(\.id) == ["ann", "bob"])
    try database.setDefaultTrainee(nil)
    #expect(try database.defaultTrainee() == nil)
    #expect(throws: StoreError.invalidValue("a trainee id cannot be empty")) { try database.upsertTrainee(id: "") }
    #expect(throws: StoreError.invalidValue("a trainee id cannot contain control characters")) {
      try database.setDefaultTrainee("a\u{1B}[31m")
    }
  }

  @Test(arguments: Engine.all) func beginningAnAttemptRecordsTheTraineeAndCohort(engine: Engine) throws {
    let database = try engine.store()
    try database.upsertTrainee(id: "ann", name: "Ann", cohort: "spring")
    let first = try AttemptFixtures.record([], into: database, scenario: scenario, trainee: "ann")
    #expect(try database.attempt(id: first.start.id)?.cohort == "spring")
    let second = try AttemptFixtures.record([], into: database, scenario: scenario, trainee: "ann", cohort: "autumn")
    #expect(try database.attempt(id: second.start.id)?.cohort == "autumn")
    #expect(try database.trainee(id: "ann") == Trainee(id: "ann", name: "Ann", cohort: "autumn"))
  }
}
