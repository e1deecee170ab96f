import CoachCore
import Foundation

/// What `coach play --json` prints: the attempt, the ending reached and the rubric's report.
struct PlayResult: Encodable {
  struct ScenarioInfo: Encodable {
    var id: String
    var version: String
    var title: String
    var contentHash: String
  }

  struct EndingInfo: Encodable {
    var id: String
    var title: String
    var outcome: Outcome
  }

  var attempt: UUID
  var scenario: ScenarioInfo
  var mode: AttemptMode
  var status: AttemptStatus
  /// The seed of the order of options; absent for the authored order.
  var seed: UInt64?
  var choices: [String]
  var ending: EndingInfo?
  /// True when the report is of the responses so far: the story has not reached an ending, so
  /// no ending's outcome, safety tasks or objectives are judged yet.
  var partial: Bool
  var report: SessionReport?
  /// The after-action review, once the story has ended.
  var review: AfterActionReview?
  var disclaimer = "Training material, not clinical guidance."

  init(attempt: UUID, session: Session, mode: AttemptMode, report: SessionReport?, typed: [String?] = []) {
    self.attempt = attempt
    let scenario = session.scenario
    self.scenario = ScenarioInfo(
      id: scenario.id, version: scenario.version, title: scenario.title, contentHash: scenario.contentHash)
    self.mode = mode
    self.status = session.isFinished ? .complete : .inProgress
    self.partial = report != nil && !session.isFinished
    self.seed = session.seed
    self.choices = session.turns.map(\.choice)
    self.ending = session.ending.map { EndingInfo(id: session.node.id, title: $0.title, outcome: $0.outcome) }
    self.report = report
    self.review = report.map { AfterActionReview(session: session, report: $0, typed: typed) }
  }
}
