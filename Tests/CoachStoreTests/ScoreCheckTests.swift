import CoachCore
import CoachPostgres
import CoachStore
import CoachTestSupport
import Foundation
import GRDB
import Testing

@testable import CoachStore

/// Every score is checked against what its turns earn: a row changed behind the store's back, as
/// anyone with `sqlite3` or `psql` could change it, is flagged.
@Suite("Store: scores nobody can forge")
struct ScoreCheckTests {
  let scenario: Scenario

  init() throws {
    scenario = try Fixtures.scenario()
  }

  /// Runs `sql` on the store's own database, as a person with the database's tools would.
  func tamper(_ database: any RecordStore, _ sql: String) throws {
    switch database {
    case let sqlite as AppDatabase: try sqlite.writer.write { try $0.execute(sql: sql) }
    case let postgres as PostgresStore: _ = try postgres.executeRaw(sql)
    default: Issue.record("an engine without a way in")
    }
  }

  @Test(arguments: Engine.all) func aScoreEditedInTheDatabaseIsFlagged(engine: Engine) throws {
    let database = try engine.store()
    let honest = try AttemptFixtures.record(["open", "reflect"], into: database, scenario: scenario)
    let edited = try AttemptFixtures.record(["lecture", "dismiss"], into: database, scenario: scenario)
    let unfinished = try AttemptFixtures.record(["check"], into: database, scenario: scenario)
    #expect(try database.attemptScores(ScoreQuery(per: .attempt)).map(\.check) == [.verified, .verified, .verified])

    let id = engine == .sqlite ? edited.start.id.uuidString : edited.start.id.uuidString.lowercased()
    try tamper(database, "UPDATE attempts SET score = 100, band = 'good' WHERE id = '\(id)'")
    let checks = Dictionary(
      uniqueKeysWithValues: try database.attemptScores(ScoreQuery(per: .attempt)).map { ($0.attempt, $0.check) })
    #expect(checks[honest.start.id] == .verified)
    #expect(checks[unfinished.start.id] == .verified)
    let earned = try #require(edited.report)
    #expect(
      checks[edited.start.id]
        == .differs(
          "its stored score 100 (good) is not what its turns earn: \(Value.format(earned.headlineScore)) "
            + "(\(earned.overallBand.rawValue))"))
    // What is shown of the attempt is what its turns earn, never the edited figure.
    #expect(try database.attempt(id: edited.start.id)?.report == earned)
    #expect(try database.attempt(id: edited.start.id)?.storedScore?.score == 100)
  }

  @Test(arguments: Engine.all) func aForgedLogIsFlagged(engine: Engine) throws {
    let database = try engine.store()
    let played = try AttemptFixtures.record(["lecture", "dismiss"], into: database, scenario: scenario)
    let id = engine == .sqlite ? played.start.id.uuidString : played.start.id.uuidString.lowercased()
    // Turns that no play of the story could give, under the score the best play earns.
    try tamper(database, #"UPDATE attempts SET log = '[["dismiss",0,1,1000,0]]' WHERE id = '\#(id)'"#)
    let check = try #require(try database.attemptScores(ScoreQuery(per: .attempt)).first?.check)
    guard case .differs(let why) = check else {
      Issue.record("expected the forged log to be flagged, got \(check)")
      return
    }
    #expect(why.hasPrefix("its turns do not replay in its scenario"), "\(why)")
  }

  /// An attempt keeps its facts in a few hundred bytes: its header, seed, a line per answer and
  /// the figures of its score, and each scenario's content once.
  @Test(arguments: Engine.all) func anAttemptKeepsItsPlayAsALog(engine: Engine) throws {
    let database = try engine.store()
    let played = try AttemptFixtures.record(["open", "reflect"], into: database, scenario: scenario)
    try AttemptFixtures.record(["open", "reflect"], into: database, scenario: scenario)
    #expect(try database.scenarioText(hash: scenario.contentHash) == Fixtures.text(of: scenario))
    #expect(try database.turns(attempt: played.start.id) == played.turns)
  }
}
