import CoachCore
import Foundation
import GRDB

/// A row of `turns`: one answer, committed when it is given.
struct TurnRow: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
  static let databaseTableName = "turns"

  var attemptId: String
  var turnIndex: Int
  var nodeId: String
  var choiceId: String
  var codes: String
  var stateAfter: String
  var secondsToAnswer: Double
  var answeredAt: String
  var undone: Bool
  /// What the trainee typed first, in `--say-first`; nil otherwise.
  var typed: String?

  init(_ turn: TurnRecord, attempt: UUID) throws {
    attemptId = attempt.uuidString
    turnIndex = turn.index
    nodeId = turn.node
    choiceId = turn.choice
    codes = try StoreJSON.text(turn.codes)
    stateAfter = try StoreJSON.text(turn.stateAfter)
    secondsToAnswer = turn.secondsToAnswer
    answeredAt = StoreDate.string(turn.answeredAt)
    undone = turn.undone
    typed = turn.typed
  }

  /// The turn as the engine knows it.
  func record() throws -> TurnRecord {
    guard let date = StoreDate.parse(answeredAt) else {
      throw StoreJSON.Damage(what: "turn \(turnIndex) of attempt \(attemptId)", detail: "bad date \(answeredAt)")
    }
    return TurnRecord(
      index: turnIndex, node: nodeId, choice: choiceId,
      codes: try StoreJSON.value([TechniqueCode].self, from: codes, what: "the codes of turn \(turnIndex)"),
      stateAfter: try StoreJSON.value(
        [String: Value].self, from: stateAfter, what: "the state after turn \(turnIndex)"),
      secondsToAnswer: secondsToAnswer, answeredAt: date, undone: undone, typed: typed)
  }
}
