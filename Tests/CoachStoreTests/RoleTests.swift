import CoachCore
import CoachPostgres
import CoachStore
import CoachTestSupport
import Foundation
import Testing

/// Roles enforced by the server: each trainee and lead connects with a login of their own, as they
/// would with `coach` or with `psql`, and the server's grants and row-level policies decide.
@Suite(
  "PostgreSQL: roles enforced by the server",
  .enabled(
    if: PostgresTestServer.url != nil || PostgresTestServer.isRequired, Comment(rawValue: PostgresTestServer.missing)))
struct RoleTests {
  let scenario: Scenario
  /// The database's administrator (the test server's superuser).
  let admin: PostgresStore
  let database: String
  let ann: String
  let bob: String
  let lee: String

  init() throws {
    scenario = try Fixtures.scenario()
    database = try PostgresTestServer.createDatabase()
    admin = try PostgresStore.open(try PostgresTestServer.address(database: database), migrating: true)
    let suffix = String(database.suffix(8))
    ann = "ann_\(suffix)"
    bob = "bob_\(suffix)"
    lee = "lee_\(suffix)"
    try admin.addTrainee(id: "ann", cohort: "spring", login: ann, password: "ann-secret")
    try admin.addTrainee(id: "bob", cohort: "autumn", login: bob, password: "bob-secret")
    try admin.addLead(login: lee, cohorts: ["spring"], password: "lee-secret")
  }

  /// The store as `login` sees it.
  func connect(_ login: String) throws -> PostgresStore {
    var address = try PostgresTestServer.address(database: database)
    address.user = login
    address.password = "\(login.prefix(3))-secret"
    return try PostgresStore.open(address)
  }

  @Test func aTraineeSeesAndRecordsOnlyTheirOwnAttempts() throws {
    let annStore = try connect(ann)
    let bobStore = try connect(bob)
    #expect(try annStore.defaultTrainee() == "ann", "a trainee's login knows who they are")
    let annPlayed = try AttemptFixtures.record(["open", "reflect"], into: annStore, scenario: scenario, trainee: "ann")
    let bobPlayed = try AttemptFixtures.record(["check"], into: bobStore, scenario: scenario, trainee: "bob")

    #expect(try annStore.attemptScores(ScoreQuery(per: .attempt)).map(\.attempt) == [annPlayed.start.id])
    #expect(try annStore.attempt(id: bobPlayed.start.id) == nil)
    #expect(try annStore.turns(attempt: bobPlayed.start.id) == [])
    #expect(try annStore.trainees().map(\.id) == ["ann"])
    #expect(throws: StoreError.self, "a trainee cannot begin an attempt as someone else") {
      try AttemptFixtures.record(["open"], into: annStore, scenario: scenario, trainee: "bob")
    }
    #expect(try admin.attemptScores(ScoreQuery(per: .attempt)).count == 2)
  }

  @Test func aTraineeCannotChangeOrDeleteAnotherTraineesRows() throws {
    let annStore = try connect(ann)
    let bobStore = try connect(bob)
    let bobPlayed = try AttemptFixtures.record(["open", "reflect"], into: bobStore, scenario: scenario, trainee: "bob")
    let id = bobPlayed.start.id.uuidString.lowercased()
    #expect(try annStore.executeRaw("UPDATE attempts SET score = 0 WHERE id = '\(id)'") == 0)
    #expect(try annStore.executeRaw("UPDATE attempts SET log = '[]' WHERE id = '\(id)'") == 0)
    #expect(try annStore.executeRaw("SELECT * FROM attempts WHERE id = '\(id)'") == 0)
    for statement in [
      "DELETE FROM attempts WHERE id = '\(id)'", "UPDATE scenarios SET text = ''", "DELETE FROM scenarios",
      "UPDATE trainees SET cohort = 'spring' WHERE id = 'bob'", "DELETE FROM trainees",
      "UPDATE coach_members SET trainee_id = 'bob'", "INSERT INTO lead_cohorts VALUES ('\(ann)', 'autumn')",
    ] {
      #expect(throws: StoreError.self, "\(statement)") { try annStore.executeRaw(statement) }
    }
    #expect(try admin.attempt(id: bobPlayed.start.id)?.report == bobPlayed.report)
  }

  @Test func aTraineeCannotChangeTheirOwnStoredScore() throws {
    let annStore = try connect(ann)
    let played = try AttemptFixtures.record(["lecture", "dismiss"], into: annStore, scenario: scenario, trainee: "ann")
    let id = played.start.id.uuidString.lowercased()
    #expect(try annStore.executeRaw("UPDATE attempts SET score = 100, band = 'good' WHERE id = '\(id)'") == 0)
    #expect(throws: StoreError.self) {
      try annStore.executeRaw("UPDATE attempts SET trainee_id = 'ann', started_at = now() WHERE id = '\(id)'")
    }
    #expect(throws: StoreError.self) { try annStore.executeRaw("DELETE FROM attempts WHERE id = '\(id)'") }
    let stored = try #require(try admin.attempt(id: played.start.id))
    #expect(stored.report?.headlineScore == played.report?.headlineScore)
    #expect(stored.status == .complete)
  }

  @Test func aLeadSeesOnlyTheirCohorts() throws {
    let annPlayed = try AttemptFixtures.record(
      ["open", "reflect"], into: try connect(ann), scenario: scenario, trainee: "ann")
    try AttemptFixtures.record(["check"], into: try connect(bob), scenario: scenario, trainee: "bob")
    let leeStore = try connect(lee)
    #expect(try leeStore.attemptScores(ScoreQuery(per: .attempt)).map(\.attempt) == [annPlayed.start.id])
    #expect(try leeStore.traineeScores(ScoreQuery()).map(\.trainee) == ["ann"])
    #expect(try leeStore.turnScores(ScoreQuery(per: .turn)).map(\.turn.choice) == ["open", "reflect"])
    #expect(try leeStore.trainees().map(\.id) == ["ann"])
    #expect(throws: StoreError.self, "a lead reads; they do not write") {
      try leeStore.executeRaw("UPDATE attempts SET score = 1")
    }
    #expect(throws: StoreError.self) { try leeStore.executeRaw("DELETE FROM attempts") }
  }
}
