import CoachCore
import CoachTerminal
import Foundation

/// How a session ended.
public enum PlayOutcome: Sendable, Equatable {
  /// The story reached an ending and was scored.
  case finished(SessionReport)
  /// The trainee left (:quit, Ctrl-D, end of input); the attempt is kept and resumable.
  case left
  /// A scripted choice was not on offer; the attempt is kept as it was.
  case scriptFailed(String)
  /// The record could not be saved; the message says why.
  case recordingFailed(String)
}

/// How an author's session reads its story file again: `:reload`, or on every save with
/// `coach play --watch`.
public struct StoryReloader {
  /// Whether the file has been saved with new content since the last call.
  public var changed: () -> Bool
  /// The story as the file now holds it, or the lines that say why it cannot be played.
  public var load: () -> Result<Scenario, StoryReloadFailure>
  /// Whether a save reloads without being asked (`--watch`).
  public var automatic: Bool

  /// A reloader that asks `changed` whether the file was saved and `load` for the story in it.
  public init(
    changed: @escaping () -> Bool, load: @escaping () -> Result<Scenario, StoryReloadFailure>, automatic: Bool
  ) {
    self.changed = changed
    self.load = load
    self.automatic = automatic
  }
}

/// Why a story file could not be reloaded: its diagnostics, ready to show.
public struct StoryReloadFailure: Error {
  /// The diagnostics as they are printed.
  public var lines: [String]

  /// A failure shown as `lines`.
  public init(lines: [String]) {
    self.lines = lines
  }
}

/// The trainee's interactive session: shows the patient's words, reads a response or a command,
/// records each answer as it is given, and ends with the rubric's report.
///
/// Everything it touches is injected — the line reader, the output, the clock, the recorder — so
/// tests drive it without a terminal or a database.
public final class PlaySession {
  public struct Configuration: Sendable {
    public var attempt: UUID
    public var mode: AttemptMode
    public var rubric: Rubric
    public var terminal: Terminal
    /// Whether the recorder keeps the attempt (false for `--no-save`), so messages tell the truth.
    public var keepsRecord: Bool
    /// Say it first: at each decision point the trainee types their own response before the
    /// options appear (`coach play --say-first`).
    public var sayFirst: Bool

    public init(
      attempt: UUID, mode: AttemptMode, rubric: Rubric, terminal: Terminal, keepsRecord: Bool = true,
      sayFirst: Bool = false
    ) {
      self.attempt = attempt
      self.mode = mode
      self.rubric = rubric
      self.terminal = terminal
      self.keepsRecord = keepsRecord
      self.sayFirst = sayFirst
    }
  }

  public private(set) var session: Session
  private let configuration: Configuration
  private let recorder: any AttemptRecorder
  private let reader: any LineReader
  private let output: any TextOutput
  private let now: @Sendable () -> Date
  private var screen: Screen
  /// Reads the story file again, for authors; nil when the attempt is recorded.
  private let reloader: StoryReloader?
  /// Index of the next answer in the attempt's log (undone answers keep their index).
  private var nextTurnIndex: Int
  /// Log indices of the answers that stand, in order, so :undo can mark the right one.
  private var standingTurns: [Int]
  /// What the trainee typed for each answer that stands, in order (say-first play).
  public private(set) var typedResponses: [String?]
  /// What the trainee typed at the decision point now on screen.
  private var pendingTyped: String?

  /// - Parameters:
  ///   - session: a fresh session, or one restored to resume an attempt.
  ///   - loggedTurns: how many answers the attempt's log already holds, when resuming.
  public init(
    session: Session, configuration: Configuration, recorder: any AttemptRecorder, reader: any LineReader,
    output: any TextOutput, now: @escaping @Sendable () -> Date = Date.init, loggedTurns: Int? = nil,
    reloader: StoryReloader? = nil
  ) {
    self.reloader = reloader
    self.session = session
    self.configuration = configuration
    self.recorder = recorder
    self.reader = reader
    self.output = output
    self.now = now
    self.screen = Screen(terminal: configuration.terminal, scenario: session.scenario)
    let logged = loggedTurns ?? session.turns.count
    self.nextTurnIndex = logged
    self.standingTurns = Array((logged - session.turns.count)..<logged)
    self.typedResponses = Array(repeating: nil, count: session.turns.count)
  }

  /// Resumes with the typed responses already recorded for the answers that stand.
  public func restoreTyped(_ typed: [String?]) {
    typedResponses =
      Array(typed.prefix(session.turns.count))
      + Array(repeating: nil, count: max(0, session.turns.count - typed.count))
  }

  private var isPractice: Bool { configuration.mode == .practice }

  private func show(_ lines: [String]) {
    for line in lines { output.line(line) }
  }

  private func note(_ text: String) {
    show(TextWrapper.wrap(text, width: configuration.terminal.width).map { configuration.terminal.styled($0, .yellow) })
  }

  // MARK: - Interactive play

  /// Plays until the story ends or the trainee leaves.
  public func run() -> PlayOutcome {
    if session.turns.isEmpty {
      show(screen.opening(mode: configuration.mode))
    } else {
      show(["", configuration.terminal.styled("Resuming after \(plural(session.turns.count, "response")).", .dim)])
    }
    while !session.isFinished {
      if configuration.sayFirst {
        show(screen.situation(session))
        switch readTyped() {
        case .typed(let words):
          pendingTyped = words
        case .leave:
          return leave()
        case .redraw:
          continue
        case .stop(let outcome):
          return outcome
        }
        show([""] + screen.options(session))
      } else {
        show(screen.turn(session))
      }
      let offered = session.offeredChoices
      reader.setCompletions((1...offered.count).map(String.init) + REPLCommand.allCases.map { ":" + $0.rawValue })
      let shownAt = now()
      switch readResponse(count: offered.count) {
      case .choose(let number):
        if let failure = answer(number: number, shownAt: shownAt) { return failure }
      case .leave:
        return leave()
      case .redraw:
        continue
      case .stop(let outcome):
        return outcome
      }
    }
    return finish()
  }

  private enum Typed {
    /// The trainee's own words, or nil after :skip.
    case typed(String?)
    case leave
    /// The story changed (:undo, :restart): show it again.
    case redraw
    case stop(PlayOutcome)
  }

  /// Reads the trainee's own response: lines until a blank one, `:skip` to go straight to the
  /// options, `:quit` (or the end of input) to leave.
  private func readTyped() -> Typed {
    var lines: [String] = []
    let first = "In your own words (a blank line ends it; :skip for the options) › "
    let more = "… "
    reader.setCompletions([":skip", ":quit"])
    while true {
      switch reader.readLine(prompt: lines.isEmpty ? first : more) {
      case .endOfInput:
        output.line()
        return .leave
      case .interrupted:
        lines.removeAll()
        note("Cleared. Type your response, or :skip.")
      case .line(let line):
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if lines.isEmpty, trimmed == ":skip" { return .typed(nil) }
        // The play commands work here too; a command is a line of its own.
        if lines.isEmpty, trimmed.hasPrefix(":") {
          if case .command(let command) = TrainerInput.parse(trimmed) {
            switch perform(command) {
            case .leave?: return .leave
            case .redraw?: return .redraw
            case .stop(let outcome)?: return .stop(outcome)
            case .choose?, nil: continue
            }
          }
          note(
            "\(Sanitizer.clean(String(trimmed.prefix(40)), multiline: false)) is not a command here; :skip shows the options"
          )
          continue
        }
        if lines.isEmpty, trimmed.isEmpty {
          note("Type what you would say to the patient, then a blank line; or :skip.")
          continue
        }
        if trimmed.isEmpty {
          var words = lines.joined(separator: "\n")
          if words.count > TurnRecord.maximumTypedLength {
            words = String(words.prefix(TurnRecord.maximumTypedLength))
            note("Kept the first \(TurnRecord.maximumTypedLength) characters.")
          }
          return .typed(words)
        }
        lines.append(line)
      }
    }
  }

  private enum Response {
    case choose(Int)
    case leave
    case redraw
    /// Play cannot go on: the outcome says why.
    case stop(PlayOutcome)
  }

  /// Reads until the trainee picks a response, asks to leave, or changes the story (undo, restart).
  private func readResponse(count: Int) -> Response {
    let prompt = "Your response (1–\(count), :help) › "
    while true {
      let shown = configuration.terminal.colors ? readlinePrompt(prompt) : prompt
      let input: LineInput
      if let reloader, reloader.automatic, let waking = reader as? any WakeableLineReader {
        // --watch: a save ends the wait and reloads the story.
        guard let line = waking.readLine(prompt: shown, wakeWhen: reloader.changed) else {
          output.line()
          return reload()
        }
        input = line
      } else {
        input = reader.readLine(prompt: shown)
      }
      switch input {
      case .endOfInput:
        output.line()
        return .leave
      case .interrupted:
        note("Line cleared. Type a number, :help, or :quit (Ctrl-D) to leave.")
      case .line(let line):
        switch TrainerInput.parse(line) {
        case .number(let number) where (1...count).contains(number):
          return .choose(number)
        case .number(let number):
          note("There is no response \(number); type a number from 1 to \(count).")
        case .empty:
          note("Type the number of your response, from 1 to \(count), or :help.")
        case .text:
          note("Type the number of your response (1 to \(count)), not its words; :help lists the commands.")
        case .tooLong(let length):
          note("That line is \(length) characters long; type a number from 1 to \(count).")
        case .unknownCommand(let word, let suggestion):
          let hint = suggestion.map { "; did you mean :\($0.rawValue)?" } ?? ""
          note(
            "\(Sanitizer.clean(String(word.prefix(40)), multiline: false)) is not a command\(hint) (:help lists them)")
        case .command(let command):
          if let response = perform(command) { return response }
        }
      }
    }
  }

  /// Wraps ANSI sequences in readline's ignore markers so line editing measures the prompt right.
  private func readlinePrompt(_ prompt: String) -> String {
    "\u{01}\u{1B}[1m\u{02}" + prompt + "\u{01}\u{1B}[0m\u{02}"
  }

  private func perform(_ command: REPLCommand) -> Response? {
    switch command {
    case .help:
      show([""] + REPLCommand.allCases.map { "  :\($0.rawValue.padding(toDisplayWidth: 12))\($0.summary)" })
      show(["  Type a number to give that response."])
    case .hint:
      guard isPractice else {
        note("Hints are not available in assessment mode.")
        return nil
      }
      note(hint())
    case .undo:
      guard isPractice else {
        note("Undo is not available in assessment mode: your responses stand until the end.")
        return nil
      }
      return undo()
    case .transcript:
      show(transcript())
    case .state:
      let meters = screen.meters(session)
      show(meters.isEmpty ? ["  This story shows no meters: watch the patient's words and cues."] : meters)
      show(["  \(plural(session.turns.count, "response")) so far."])
    case .restart:
      guard isPractice else {
        note("Restart is not available in assessment mode.")
        return nil
      }
      return restart()
    case .reload:
      guard reloader != nil else {
        note("`:reload` is for authors trying a story: play it with --no-save (or --watch) to use it.")
        return nil
      }
      return reload()
    case .quit:
      return .leave
    }
    return nil
  }

  /// Reads the story file again and replays the responses so far into it, keeping those that
  /// still fit: the same choice, still offered where the story now is.
  private func reload() -> Response {
    guard let reloader else { return .redraw }
    let scenario: Scenario
    switch reloader.load() {
    case .failure(let failure):
      show(failure.lines)
      note("The story file has problems; still playing the version loaded before. Fix the file and save it again.")
      return .redraw
    case .success(let loaded):
      scenario = loaded
    }
    var replay = Session(scenario: scenario, seed: session.seed)
    var kept = 0
    var lost: String?
    for turn in session.turns {
      if replay.isFinished {
        lost = "the story now ends at \"\(replay.node.id)\" before it"
        break
      }
      do {
        try replay.choose(turn.choice)
        kept += 1
      } catch {
        lost = error.description
        break
      }
    }
    let total = session.turns.count
    session = replay
    screen = Screen(terminal: configuration.terminal, scenario: scenario)
    standingTurns = Array(standingTurns.prefix(kept))
    if let lost, kept < total {
      note(
        "Reloaded the story: kept \(kept) of \(plural(total, "response")); response \(kept + 1) no longer fits "
          + "(\(lost)).")
    } else if total == 0 {
      note("Reloaded the story.")
    } else {
      note("Reloaded the story: kept " + (total == 1 ? "your response." : "all \(total) responses."))
    }
    return .redraw
  }

  /// The author's hint for this decision point, or the techniques of the strongest response on
  /// offer (by grade, then codes), without saying which one it is.
  func hint() -> String {
    if let authored = session.node.hint { return "Hint: " + authored }
    let options = session.availableChoices.map(CodedTurn.Option.init)
    guard let best = configuration.rubric.strongest(among: options) else { return "No hint here." }
    let names = best.codes.map(\.plainName)
    let list = names.count > 1 ? names.dropLast().joined(separator: ", ") + " and " + names.last! : names[0]
    return "Hint: a response using \(list) would help here."
  }

  private func transcript() -> [String] {
    guard !session.turns.isEmpty else { return ["  Nothing said yet."] }
    var lines: [String] = []
    // The words as they were at each turn, where they vary with the state.
    let moments = session.scenario.hasVaryingText ? session.momentsBeforeTurns() : []
    for (index, turn) in session.turns.enumerated() {
      let moment = moments.indices.contains(index) ? moments[index] : nil
      let node = session.scenario.node(id: turn.node)
      let choice = session.scenario.choice(id: turn.choice)?.choice
      let said = choice.map { moment?.words(of: $0) ?? $0.say } ?? turn.choice
      if let words = moment?.patientLine ?? node?.patient, let node {
        lines += TextWrapper.wrap(
          Sanitizer.clean("\(screen.speaker(of: node)): “\(words)”"), width: configuration.terminal.width,
          indent: "     ", firstIndent: String("\(index + 1).".padding(toDisplayWidth: 5)))
      }
      lines += TextWrapper.wrap(
        Sanitizer.clean("You: “\(said)”"), width: configuration.terminal.width, indent: "     ", firstIndent: "     ")
    }
    return lines
  }

  // MARK: - Changing the story

  private func answer(number: Int, shownAt: Date) -> PlayOutcome? {
    let before = session
    let step: Session.Step
    do {
      step = try session.choose(number: number)
    } catch {
      note(error.description)
      return nil
    }
    let answeredAt = now()
    return record(step, before: before, seconds: max(0, answeredAt.timeIntervalSince(shownAt)), at: answeredAt)
  }

  private func record(_ step: Session.Step, before: Session, seconds: Double, at answeredAt: Date) -> PlayOutcome? {
    let state = session.state
    let typed = pendingTyped
    pendingTyped = nil
    let turn = TurnRecord(
      index: nextTurnIndex, node: step.turn.node, choice: step.choice.id, codes: step.choice.codes,
      stateAfter: state.values, secondsToAnswer: seconds, answeredAt: answeredAt, typed: typed)
    do {
      try recorder.record(turn, attempt: configuration.attempt, state: state)
    } catch {
      return .recordingFailed("could not save your response: \(error)")
    }
    standingTurns.append(nextTurnIndex)
    typedResponses.append(typed)
    nextTurnIndex += 1
    if let typed, isPractice {
      show([""] + screen.typedFeedback(typed, for: step.turn, rubric: configuration.rubric))
    }
    show([""] + screen.feedback(for: step.turn, at: before, rubric: configuration.rubric, practice: isPractice))
    return nil
  }

  private func undo() -> Response? {
    let undone: Session.Turn?
    do {
      undone = try session.undo()
    } catch {
      note("Cannot undo: \(error.description).")
      return nil
    }
    guard let undone, let logIndex = standingTurns.popLast() else {
      note("Nothing to undo yet.")
      return nil
    }
    if !typedResponses.isEmpty { typedResponses.removeLast() }
    do {
      try recorder.undo(attempt: configuration.attempt, turnIndex: logIndex, state: session.state)
    } catch {
      return .stop(.recordingFailed("could not save the undo: \(error)"))
    }
    // The session is back where the undone turn was made: its words are the ones offered then.
    let said = session.scenario.choice(id: undone.choice).map { session.words(of: $0.choice) } ?? undone.choice
    note("Took back: “\(Sanitizer.clean(said, multiline: false))”")
    return .redraw
  }

  private func restart() -> Response? {
    session.restart()
    standingTurns.removeAll()
    typedResponses.removeAll()
    do {
      try recorder.restart(attempt: configuration.attempt, state: session.state)
    } catch {
      return .stop(.recordingFailed("could not save the restart: \(error)"))
    }
    note("Starting again from the beginning.")
    return .redraw
  }

  private func leave() -> PlayOutcome {
    do {
      try recorder.suspend(attempt: configuration.attempt, state: session.state)
    } catch {
      return .recordingFailed("could not save your place: \(error)")
    }
    note(
      configuration.keepsRecord
        ? "Your attempt is saved; `coach resume` continues it where you left off."
        : "Left without saving (--no-save).")
    return .left
  }

  private func finish() -> PlayOutcome {
    let report = configuration.rubric.score(Transcript(session: session))
    do {
      try recorder.finish(
        attempt: configuration.attempt, at: now(), ending: session.node.id, report: report, state: session.state)
    } catch {
      return .recordingFailed("could not save your result: \(error)")
    }
    show(screen.ending(session))
    show(
      ReportRenderer(terminal: configuration.terminal).render(
        AfterActionReview(session: session, report: report, typed: typedResponses), everyTurn: !isPractice))
    return .finished(report)
  }

  /// The rubric's report on the responses so far: for a play that stopped before an ending, the
  /// report of a partial attempt (no ending, so no ending's cap).
  public func reportSoFar() -> SessionReport {
    configuration.rubric.score(Transcript(session: session))
  }

  // MARK: - Scripted play

  /// Why `choices` (ids or 1-based numbers in the order shown) would not play from `session` to
  /// an ending or a stop, or nil when they would: checked before anything is recorded, so a
  /// script that does not fit the story leaves no attempt behind.
  public static func problem(withScript choices: [String], from session: Session) -> String? {
    var trial = session
    for (offset, token) in choices.enumerated() {
      if trial.isFinished {
        let remaining = choices.count - offset
        return "the story ends at \"\(trial.node.id)\" with \(plural(remaining, "choice")) left"
      }
      do {
        if let number = Int(token) {
          try trial.choose(number: number)
        } else {
          try trial.choose(token)
        }
      } catch {
        return "step \(offset + 1): \(error.description)"
      }
    }
    return nil
  }

  /// Plays `choices` (ids or 1-based numbers) without reading input, for trainers and tests.
  public func runScripted(_ choices: [String]) -> PlayOutcome {
    if session.turns.isEmpty { show(screen.opening(mode: configuration.mode)) }
    for (offset, token) in choices.enumerated() {
      guard !session.isFinished else {
        // The ending is real: keep the result, then report the script's extra choices.
        let remaining = choices.count - offset
        if case .recordingFailed(let reason) = finish() { return .recordingFailed(reason) }
        return .scriptFailed("the story ended at \"\(session.node.id)\" with \(plural(remaining, "choice")) left")
      }
      show(screen.turn(session))
      let shownAt = now()
      let before = session
      let step: Session.Step
      do {
        if let number = Int(token) {
          step = try session.choose(number: number)
        } else {
          step = try session.choose(token)
        }
      } catch {
        _ = leave()
        return .scriptFailed("step \(offset + 1): \(error.description)")
      }
      let answeredAt = now()
      show(["", "  › \(token)"])
      if let failure = record(
        step, before: before, seconds: max(0, answeredAt.timeIntervalSince(shownAt)), at: answeredAt)
      {
        return failure
      }
    }
    guard session.isFinished else {
      show(screen.turn(session))
      return leave()
    }
    return finish()
  }
}

func plural(_ count: Int, _ noun: String) -> String {
  "\(count) \(noun)\(count == 1 ? "" : "s")"
}
