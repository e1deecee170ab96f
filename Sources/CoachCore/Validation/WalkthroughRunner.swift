/// Plays a walkthrough through the engine and checks its expectations.
package enum WalkthroughRunner {
  /// The session the walkthrough produced and, when it failed, how.
  package struct Result: Sendable {
    package var session: Session
    package var failure: WalkthroughFailure?
  }

  /// Plays `walkthrough` and checks where it ends, the state, and, where it expects them, the
  /// safety tasks and the band and score under `rubric`.
  package static func run(_ walkthrough: Walkthrough, in scenario: Scenario, rubric: Rubric = .miti421) -> Result {
    var session = Session(scenario: scenario)
    var divergence: WalkthroughFailure.Divergence?
    for (offset, choice) in walkthrough.choices.enumerated() {
      let step = offset + 1
      if let ending = session.isFinished ? session.node.id : nil {
        divergence = .endedEarly(step: step, ending: ending, remaining: Array(walkthrough.choices[offset...]))
        break
      }
      do {
        try session.choose(choice)
      } catch {
        divergence = .notOffered(
          step: step, choice: choice, node: session.node.id, offered: session.offeredChoices.map(\.id))
        break
      }
    }
    let expectation = walkthrough.expectation
    // A walkthrough is a play-through: one that expects anything of an ending must reach one.
    // (A walkthrough that only checks the state part-way through may stop there.)
    let expectsAnEnding =
      expectation.ending != nil || expectation.outcome != nil || expectation.checksScoring
      || !expectation.safety.isEmpty || expectation.state.isEmpty
    if divergence == nil, !session.isFinished, expectsAnEnding {
      divergence = .ranOut(node: session.node.id, offered: session.offeredChoices.map(\.id))
    }
    var mismatches: [WalkthroughFailure.Mismatch] = []
    if divergence == nil {
      if let ending = expectation.ending, ending != session.node.id {
        let actual = session.isFinished ? "\"\(session.node.id)\"" : "no ending (stopped at \"\(session.node.id)\")"
        mismatches.append(.init(what: "ending", expected: "\"\(ending)\"", actual: actual))
      }
      if let outcome = expectation.outcome, outcome != session.ending?.outcome {
        mismatches.append(
          .init(what: "outcome", expected: outcome.rawValue, actual: session.ending?.outcome.rawValue ?? "no ending"))
      }
      for (name, expected) in expectation.state {
        let actual = session.value(of: name)
        if actual != expected {
          mismatches.append(
            .init(what: name, expected: expected.description, actual: actual?.description ?? "undeclared"))
        }
      }
      let safety = session.safetyResults
      for (id, expected) in expectation.safety {
        let done = safety.first { $0.id == id }?.done ?? false
        if done != expected {
          mismatches.append(
            .init(what: "safety task \(id)", expected: expected ? "done" : "missed", actual: done ? "done" : "missed"))
        }
      }
      if expectation.checksScoring {
        let report = rubric.score(Transcript(session: session))
        if let band = expectation.band, band != report.overallBand {
          mismatches.append(.init(what: "band", expected: band.title, actual: report.overallBand.title))
        }
        let score = report.headlineScore
        if let low = expectation.scoreAtLeast, score < low {
          mismatches.append(
            .init(what: "score", expected: "at least \(Value.format(low))", actual: Value.format(score)))
        }
        if let high = expectation.scoreAtMost, score > high {
          mismatches.append(
            .init(what: "score", expected: "at most \(Value.format(high))", actual: Value.format(score)))
        }
      }
    }
    guard divergence != nil || !mismatches.isEmpty else { return Result(session: session, failure: nil) }
    let failure = WalkthroughFailure(
      walkthrough: walkthrough.name, divergence: divergence, mismatches: mismatches, node: session.node.id,
      state: session.variableValues.map { ($0.variable.name, $0.value) })
    return Result(session: session, failure: failure)
  }
}
