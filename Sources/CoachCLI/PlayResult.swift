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
  var choices: [String]
  var ending: EndingInfo?
  var report: SessionReport?

  init(attempt: UUID, session: Session, mode: AttemptMode, report: SessionReport?) {
    self.attempt = attempt
    let scenario = session.scenario
    self.scenario = ScenarioInfo(
      id: scenario.id, version: scenario.version, title: scenario.title, contentHash: scenario.contentHash)
    self.mode = mode
    self.status = report == nil ? .inProgress : .complete
    self.choices = session.turns.map(\.choice)
    self.ending = session.ending.map { EndingInfo(id: session.node.id, title: $0.title, outcome: $0.outcome) }
    self.report = report
  }
}
