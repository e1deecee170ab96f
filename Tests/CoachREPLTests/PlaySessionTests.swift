import CoachCore
import CoachREPL
import CoachTerminal
import CoachTestSupport
import Foundation
import Testing

@Suite("REPL: play sessions")
struct PlaySessionTests {
  static let attempt = UUID(uuidString: "00000000-0000-0000-0000-0000000000AB")!

  struct Harness {
    let play: PlaySession
    let recorder: InMemoryRecorder
    let reader: ScriptedLineReader
    let output: BufferedOutput
  }

  func harness(
    _ lines: [String?], mode: AttemptMode = .practice, session: Session? = nil, loggedTurns: Int? = nil,
    width: Int = 80
  ) throws -> Harness {
    let recorder = InMemoryRecorder()
    let reader = ScriptedLineReader(lines)
    let output = BufferedOutput()
    let clock = SteppingClock()
    let play = PlaySession(
      session: try session ?? Session(scenario: Fixtures.scenario()),
      configuration: .init(
        attempt: Self.attempt, mode: mode, rubric: .miti421, terminal: Terminal(colors: false, width: width)),
      recorder: recorder, reader: reader, output: output, now: { clock.now() }, loggedTurns: loggedTurns)
    return Harness(play: play, recorder: recorder, reader: reader, output: output)
  }

  @Test func aFullPlayThroughReachesTheEndingAndRecordsEveryTurn() throws {
    let h = try harness(["1", "1"])
    guard case .finished(let report) = h.play.run() else {
      Issue.record("did not finish: \(h.output.text)")
      return
    }
    #expect(report.overallBand == Rubric.miti421.score(Transcript(session: h.play.session)).overallBand)
    #expect(h.play.session.node.id == "plan")
    #expect(h.recorder.turns.map(\.choice) == ["open", "reflect"])
    #expect(h.recorder.turns.map(\.index) == [0, 1])
    #expect(h.recorder.turns.map(\.secondsToAnswer) == [2.5, 2.5], "the injected clock times each answer")
    #expect(h.recorder.turns[1].stateAfter == ["rapport": .number(3), "told": .boolean(true), "asked": .number(1)])
    #expect(h.recorder.events.last == .finish(attempt: Self.attempt, ending: "plan", score: report.headlineScore))
    let text = h.output.text
    #expect(text.contains("A short clinic visit"))
    #expect(text.contains("Training material, not clinical guidance."))
    #expect(text.contains("(She keeps her coat on.)"))
    #expect(text.contains("Ann: “Morning. I'm only here because the letter said so.”"))
    #expect(text.contains("  1. What would you like to get out of today?"))
    #expect(text.contains("  Rapport  ████░░░░░░ 0"), "a visible meter on its -2...3 range")
    #expect(
      text.contains(
        "✔ the strongest option here: open question · seeking collaboration\n  Asking for her agenda shares control."))
    #expect(text.contains("Ending: A shared plan (positive)"))
    #expect(text.contains("Score "))
    #expect(text.contains("Strengths"))
  }

  /// In practice mode the end report lists every poor turn with why it fell short, the better
  /// option and why that is better, and names the pattern to work on.
  @Test func practiceModeReviewsEveryPoorTurnWithBothFeedbacks() throws {
    let h = try harness(["2", "3"])
    guard case .finished = h.play.run() else {
      Issue.record("did not finish")
      return
    }
    let review = try #require(h.output.text.components(separatedBy: "Ending: ").last)
    #expect(review.contains("Turns to revisit"))
    #expect(review.contains("Turn 1: you said “You should be using your preventer every day.”"))
    #expect(review.contains("Why: Advice before listening puts her on the defensive."))
    #expect(review.contains("Better: “What would you like to get out of today?”"))
    #expect(review.contains("Why it is better: Asking for her agenda shares control."))
    #expect(review.contains("Turn 2: you said “That's a normal side effect; carry on with it.”"))
    #expect(review.contains("Why it is better: Naming the fear shows you heard her."))
    #expect(review.contains("Righting reflex at turn 1"))
    #expect(!review.contains("Your conversation, turn by turn"), "practice mode showed the feedback as it went")
  }

  @Test func assessmentModeWithholdsFeedbackHintsAndUndo() throws {
    let h = try harness([":hint", ":undo", ":restart", "2", "3"], mode: .assessed)
    guard case .finished = h.play.run() else {
      Issue.record("did not finish")
      return
    }
    let text = h.output.text
    #expect(text.contains("Hints are not available in assessment mode."))
    #expect(text.contains("Undo is not available in assessment mode: your responses stand until the end."))
    #expect(text.contains("Restart is not available in assessment mode."))
    let play = try #require(text.components(separatedBy: "Ending: ").first)
    let review = try #require(text.components(separatedBy: "Ending: ").last)
    #expect(!play.contains("Advice before listening puts her on the defensive."), "no per-turn feedback during play")
    #expect(!play.contains("✘"), "no marks during play")
    #expect(text.contains("You: “You should be using your preventer every day.”"))
    // At the end, everything: each poor turn with why, the better option and why it is better, and
    // the whole conversation with every response's feedback.
    #expect(review.contains("Turns to revisit"))
    #expect(review.contains("Why: Advice before listening puts her on the defensive."))
    #expect(review.contains("Better: “What would you like to get out of today?”"))
    #expect(review.contains("Why it is better: Asking for her agenda shares control."))
    #expect(review.contains("Your conversation, turn by turn"))
    #expect(review.contains("Reassurance without listening dismisses her worry."))
  }

  @Test func invalidInputExplainsAndRepromptsWithoutCrashing() throws {
    let long = String(repeating: "9", count: 1500)
    let h = try harness(["7", "0", "", "tell her off", ":hepl", ":xyzzy", long, nil, "1", "1"])
    guard case .finished = h.play.run() else {
      Issue.record("did not finish")
      return
    }
    // Notes are wrapped to the width; read them as running text.
    let text = h.output.text.replacingOccurrences(of: "\n", with: " ")
    #expect(text.contains("There is no response 7; type a number from 1 to 3."))
    #expect(text.contains("There is no response 0; type a number from 1 to 3."))
    #expect(text.contains("Type the number of your response, from 1 to 3, or :help."))
    #expect(text.contains("Type the number of your response (1 to 3), not its words; :help lists the commands."))
    #expect(text.contains(":hepl is not a command; did you mean :help? (:help lists them)"))
    #expect(text.contains(":xyzzy is not a command (:help lists them)"))
    #expect(text.contains("That line is 1500 characters long; type a number from 1 to 3."))
    #expect(text.contains("Line cleared. Type a number, :help, or :quit (Ctrl-D) to leave."))
    #expect(h.recorder.turns.map(\.choice) == ["open", "reflect"], "invalid input recorded nothing")
  }

  @Test func endOfInputLeavesTheAttemptResumable() throws {
    let h = try harness(["3"])
    #expect(h.play.run() == .left)
    #expect(h.recorder.events.last == .suspend(attempt: Self.attempt))
    #expect(h.output.text.contains("Your attempt is saved; `coach resume` continues it where you left off."))
    let saved = try #require(h.recorder.state(of: Self.attempt))
    #expect(saved.node == "worry")
    #expect(saved.turns.map(\.choice) == ["check"])
  }

  @Test func quitLeavesToo() throws {
    let h = try harness([":quit"])
    #expect(h.play.run() == .left)
  }

  @Test func undoTakesBackTheLastResponseAndIsRecorded() throws {
    let h = try harness(["2", ":undo", "1", "1"])
    guard case .finished = h.play.run() else {
      Issue.record("did not finish")
      return
    }
    #expect(h.output.text.contains("Took back: “You should be using your preventer every day.”"))
    #expect(h.recorder.turns.map(\.choice) == ["lecture", "open", "reflect"])
    #expect(h.recorder.turns.map(\.undone) == [true, false, false])
    #expect(h.recorder.turns.map(\.index) == [0, 1, 2])
    #expect(h.play.session.turns.map(\.choice) == ["open", "reflect"])
  }

  @Test func restartMarksEveryAnswerUndone() throws {
    let h = try harness(["3", ":restart", "1", "1"])
    guard case .finished = h.play.run() else {
      Issue.record("did not finish")
      return
    }
    #expect(h.recorder.turns.map(\.undone) == [true, false, false])
    #expect(h.output.text.contains("Starting again from the beginning."))
  }

  @Test func hintNamesATechniqueWithoutTheAnswer() throws {
    let h = try harness([":hint", ":quit"])
    _ = h.play.run()
    #expect(h.output.text.contains("Hint: a response using open question and seeking collaboration would help here."))
    #expect(
      !h.output.text.contains("Hint: a response using open question and seeking collaboration would help here. 1"))
  }

  @Test func helpTranscriptAndStateCommands() throws {
    let h = try harness(["1", ":help", ":transcript", ":state", ":quit"])
    _ = h.play.run()
    let text = h.output.text
    #expect(text.contains("  :hint        name a technique that would help now (practice mode)"))
    #expect(
      text.contains(
        "1.   Ann: “Morning. I'm only here because the letter said so.”\n     You: “What would you like to get out of today?”"
      ))
    #expect(text.contains("  Rapport  ██████░░░░ 1\n  1 response so far."))
  }

  @Test func completionOffersTheChoiceNumbersAndCommands() throws {
    let h = try harness([":quit"])
    _ = h.play.run()
    #expect(h.reader.completions.first?.prefix(4) == ["1", "2", "3", ":help"])
    #expect(h.reader.prompts.first == "Your response (1–3, :help) › ")
  }

  @Test func aResumedSessionContinuesWhereItStopped() throws {
    let scenario = try Fixtures.scenario()
    let first = try harness(["3"])
    _ = first.play.run()
    let saved = try #require(first.recorder.state(of: Self.attempt))
    let restored = try Session(scenario: scenario, restoring: saved)
    let second = try harness(["2"], session: restored, loggedTurns: 1)
    guard case .finished = second.play.run() else {
      Issue.record("did not finish")
      return
    }
    #expect(second.output.text.contains("Resuming after 1 response."))
    #expect(!second.output.text.contains("Training material"), "the opening is not shown again")
    #expect(second.recorder.turns.map(\.index) == [1], "numbering continues the attempt's log")
    #expect(second.play.session.turns.map(\.choice) == ["check", "again"])
  }

  @Test func aRecordingFailureStopsPlayWithAClearReason() throws {
    struct DiskFull: Error, CustomStringConvertible { var description: String { "the disk is full" } }
    let h = try harness(["1"])
    h.recorder.failure = DiskFull()
    #expect(h.play.run() == .recordingFailed("could not save your response: the disk is full"))
  }

  @Test func aFailedUndoOrRestartStopsPlayInsteadOfClaimingTheAttemptIsSaved() throws {
    struct DiskFull: Error, CustomStringConvertible { var description: String { "the disk is full" } }
    for (command, reason) in [(":undo", "could not save the undo"), (":restart", "could not save the restart")] {
      let h = try harness(["1", command, "1"])
      h.recorder.failure = DiskFull()
      h.recorder.fails = { if case .record = $0 { false } else { true } }
      #expect(h.play.run() == .recordingFailed("\(reason): the disk is full"))
      #expect(!h.output.text.contains("Your attempt is saved"))
      #expect(h.recorder.turns.map(\.choice) == ["open"], "the answer before the failure stays recorded")
    }
  }

  @Test func anUndoThatCannotReplayExplainsAndPlayGoesOn() throws {
    let scenario = try Fixtures.scenario()
    // As if the story had changed since the save: a response the start no longer offers comes first.
    var saved = try Session.replaying(["check"], in: scenario).state
    saved.turns.insert(try Session.replaying(["open", "reflect"], in: scenario).turns[1], at: 0)
    let h = try harness([":undo", nil], session: try Session(scenario: scenario, restoring: saved), loggedTurns: 2)
    #expect(h.play.run() == .left)
    #expect(h.output.text.contains("Cannot undo: the saved session does not fit this scenario"))
    #expect(!h.recorder.events.contains { if case .undo = $0 { true } else { false } })
  }

  @Test func scriptedPlayAcceptsIdsAndNumbers() throws {
    let h = try harness([])
    guard case .finished(let report) = h.play.runScripted(["check", "2"]) else {
      Issue.record("did not finish")
      return
    }
    #expect(h.play.session.node.id == "partial")
    #expect(report.turnCount == 2)
    #expect(h.output.text.contains("  › check"))
  }

  @Test func scriptedPlayReportsAChoiceThatIsNotOffered() throws {
    let h = try harness([])
    #expect(
      h.play.runScripted(["open", "check"])
        == .scriptFailed(#"step 2: choice "check" is not offered at node "worry"; offered: reflect, again, dismiss"#))
    #expect(h.recorder.events.last == .suspend(attempt: Self.attempt))
  }

  @Test func everyLineFitsTheTerminalWidth() throws {
    let h = try harness(["1", "1"], width: 40)
    _ = h.play.run()
    let tooWide = h.output.text.split(separator: "\n").filter { TextWrapper.displayWidth($0) > 40 }
    #expect(tooWide == [])
  }
}
