import CoachCore
import CoachTestSupport
import Foundation
import Testing

/// Properties that must hold for every story, checked on hundreds of generated ones: random
/// plays survive save and resume exactly, and replaying the stored choices rebuilds the session
/// and its score.
@Suite("Engine properties on generated stories")
struct SessionPropertyTests {
  static let seeds: [UInt64] = Array(1...150)

  /// A random play of up to `limit` choices, chosen by `random`, from a fresh session.
  static func randomPlay(_ scenario: Scenario, random: inout SplitMix64, limit: Int = 40) -> Session {
    // Half the plays shuffle the options, so resuming and replaying are checked with a seed too.
    let seed = random.next()
    var session = Session(scenario: scenario, seed: seed % 2 == 0 ? seed >> 11 : nil)
    for _ in 0..<limit where !session.isFinished {
      let offered = session.offeredChoices
      guard !offered.isEmpty else { break }
      let pick = offered[Int(random.next() % UInt64(offered.count))]
      _ = try? session.choose(pick.id)
    }
    return session
  }

  @Test(arguments: seeds)
  func aSavedSessionResumesExactly(seed: UInt64) throws {
    var generator = StoryGenerator(seed: seed)
    let scenario = try Fixtures.scenario(generator.story())
    var random = SplitMix64(seed: seed &* 31)
    let session = Self.randomPlay(scenario, random: &random, limit: Int(random.next() % 30))

    let codable = try JSONDecoder().decode(SessionState.self, from: JSONEncoder().encode(session.state))
    for saved in [codable] {
      var resumed = try Session(scenario: scenario, restoring: saved)
      #expect(resumed.state == session.state)
      #expect(resumed.offeredChoices.map(\.id) == session.offeredChoices.map(\.id))
      // Both go on the same way.
      var original = session
      var continuation = SplitMix64(seed: seed &* 97)
      for _ in 0..<10 where !original.isFinished {
        let offered = original.offeredChoices
        let pick = offered[Int(continuation.next() % UInt64(offered.count))].id
        try original.choose(pick)
        try resumed.choose(pick)
        #expect(resumed.state == original.state)
      }
    }
  }

  @Test(arguments: seeds)
  func replayingTheStoredTurnsRebuildsStateAndScore(seed: UInt64) throws {
    var generator = StoryGenerator(seed: seed)
    let scenario = try Fixtures.scenario(generator.story())
    var random = SplitMix64(seed: seed &+ 1000)
    let session = Self.randomPlay(scenario, random: &random)
    let replayed = try Session.replaying(session.turns.map(\.choice), in: scenario, seed: session.seed)
    // The same state, and every decision point showed its options in the same order.
    #expect(replayed.state == session.state)
    #expect(replayed.turns.map(\.offered) == session.turns.map(\.offered))
    let score = Rubric.miti421.score(Transcript(session: session))
    #expect(Rubric.miti421.score(Transcript(session: replayed)) == score)
  }

  @Test(arguments: seeds.prefix(60))
  func undoingEveryTurnReturnsToTheStart(seed: UInt64) throws {
    var generator = StoryGenerator(seed: seed)
    let scenario = try Fixtures.scenario(generator.story())
    var random = SplitMix64(seed: seed &+ 7)
    var session = Self.randomPlay(scenario, random: &random, limit: 15)
    var previous = session.turns.count
    while try session.undo() != nil {
      #expect(session.turns.count == previous - 1)
      previous = session.turns.count
    }
    #expect(session.state == Session(scenario: scenario, seed: session.seed).state)
  }
}
