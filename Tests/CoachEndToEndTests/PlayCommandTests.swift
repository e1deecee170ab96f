import CoachCore
import CoachTestSupport
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `coach play` and `coach resume` run as a trainee would run them, against a fresh database.
@Suite("coach play and coach resume")
struct PlayCommandTests {
  /// A temporary home with its own database and a copy of the fixture story.
  struct Sandbox {
    let folder: URL
    var database: String { folder.appendingPathComponent("coach.sqlite").path }
    var story: String { folder.appendingPathComponent("clinic.json").path }

    init() throws {
      folder = try Fixtures.temporaryDirectory("coach-play")
      try Fixtures.clinic.write(toFile: story, atomically: true, encoding: .utf8)
    }

    func run(_ arguments: [String], input: String? = nil) throws -> CoachProcess.Output {
      try CoachProcess.run(
        arguments + ["--db", database], input: input,
        environment: ["HOME": folder.path, "XDG_DATA_HOME": folder.path, "COACH_TRAINEE": "tester"])
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    /// Starts `coach` with `arguments` reading from a pipe, for tests that type, watch and kill.
    func start(_ arguments: [String]) throws -> Interactive {
      try Interactive(
        arguments: arguments + ["--db", database],
        environment: ["PATH": "/usr/bin:/bin", "HOME": folder.path, "COACH_TRAINEE": "tester", "NO_COLOR": "1"])
    }
  }

  /// A running `coach` that a test types into and reads from, guarded against hanging.
  final class Interactive {
    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var hang: HangGuard?
    private(set) var seen = ""

    init(arguments: [String], environment: [String: String]) throws {
      process.executableURL = CoachProcess.executable
      process.arguments = arguments
      process.environment = environment
      process.standardInput = input
      process.standardOutput = output
      process.standardError = FileHandle.nullDevice
      try process.run()
      hang = HangGuard(pid: process.processIdentifier)
    }

    func type(_ text: String) { input.fileHandleForWriting.write(Data(text.utf8)) }

    /// Waits until the program has written `text`. No time limit: reading waits for output, and
    /// ends when the program's output does.
    func waitFor(_ text: String) throws {
      while !seen.contains(text) {
        let data = output.fileHandleForReading.availableData
        guard !data.isEmpty else { throw FixtureError(message: "never saw \(text) in \(seen)") }
        seen += String(decoding: data, as: UTF8.self)
      }
    }

    /// Kills the program outright, as a crash or a closed laptop would.
    func kill() {
      Glibc.kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      hang?.disarm()
    }

    deinit { hang?.disarm() }
  }

  static let flagship = try! Fixtures.scenario(
    String(
      contentsOf: Fixtures.packageRoot.appendingPathComponent("Scenarios/frank-diabetes-remission.json"),
      encoding: .utf8))

  /// Every ending of the flagship story, reached by a scripted play-through of its walkthroughs.
  @Test(arguments: flagship.walkthroughs.map(\.name))
  func aScriptedPlayThroughReachesEachEnding(_ name: String) throws {
    let sandbox = try Sandbox()
    defer { sandbox.remove() }
    let walkthrough = try #require(Self.flagship.walkthroughs.first { $0.name == name })
    let output = try sandbox.run(
      ["play", "frank-diabetes-remission", "--choices", walkthrough.choices.joined(separator: ","), "--json"])
    #expect(output.status == 0, "\(output.stderr)")
    let result = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
    let ending = result?["ending"] as? [String: Any]
    #expect(ending?["id"] as? String == walkthrough.expectation.ending)
    #expect(result?["status"] as? String == "complete")
    #expect((result?["report"] as? [String: Any])?["overallBand"] != nil)
    #expect(output.stderr.contains("Ending: "), "the session itself goes to standard error with --json")
  }

  @Test func theFlagshipEndingsAreAllCovered() {
    let endings = Set(Self.flagship.endingNodes.map(\.id))
    let reached = Set(Self.flagship.walkthroughs.compactMap(\.expectation.ending))
    #expect(endings == reached)
  }

  @Test func invalidPipedInputIsExplainedAndNothingCrashes() throws {
    let sandbox = try Sandbox()
    defer { sandbox.remove() }
    let long = String(repeating: "x", count: 70_000)
    let output = try sandbox.run(
      ["play", sandbox.story, "--authored-order"], input: "9\nhello\n\n\(long)\n:nope\n1\n1\n")
    #expect(output.status == 0)
    let text = output.stdout.replacingOccurrences(of: "\n", with: " ")
    #expect(text.contains("There is no response 9; type a number from 1 to 3."))
    #expect(text.contains("not its words"))
    #expect(text.contains("Type the number of your response, from 1 to 3, or :help."))
    #expect(text.contains("That line is 65536 characters long"), "an over-long line is cut, then refused")
    #expect(text.contains(":nope is not a command"))
    #expect(text.contains("Ending: A shared plan (positive)"))
    #expect(!output.stdout.contains(long), "the long line is never echoed whole")
  }

  @Test func endOfInputKeepsTheAttemptForResume() throws {
    let sandbox = try Sandbox()
    defer { sandbox.remove() }
    let first = try sandbox.run(["play", sandbox.story, "--authored-order"], input: "3\n")
    #expect(first.status == 0)
    #expect(first.stdout.contains("Your attempt is saved; `coach resume` continues it where you left off."))

    let listing = try sandbox.run(["resume"])
    #expect(listing.stdout.contains("clinic 1.2.0  practice, 1 response, last active"))

    let resumed = try sandbox.run(["resume", "latest"], input: "2\n")
    #expect(resumed.status == 0, "\(resumed.stderr)")
    #expect(resumed.stdout.contains("Resuming after 1 response."))
    #expect(resumed.stdout.contains("Ann: “The new inhaler makes my heart race, so I stopped it.”"))
    #expect(resumed.stdout.contains("Ending: Undecided (mixed)"), "check then again ends at partial")

    let nothing = try sandbox.run(["resume"])
    #expect(nothing.stdout.contains("Nothing to resume"))
  }

  @Test func resumeRefusesAChangedScenarioUnlessForced() throws {
    let sandbox = try Sandbox()
    defer { sandbox.remove() }
    _ = try sandbox.run(["play", sandbox.story, "--authored-order"], input: "1\n")
    let changed = try Fixtures.replacing("Could we try a different one, then?", with: "Could we try another?")
    try changed.write(toFile: sandbox.story, atomically: true, encoding: .utf8)
    let refused = try sandbox.run(["resume", "latest"], input: "1\n")
    #expect(refused.status == 65)
    #expect(refused.stderr.contains("has changed since this attempt began"))
    #expect(refused.stderr.contains("Use --force to continue anyway"))
    let forced = try sandbox.run(["resume", "latest", "--force"], input: "1\n")
    #expect(forced.status == 0)
    #expect(forced.stdout.contains("Could we try another?"))
  }

  @Test func assessmentModeHoldsFeedbackUntilTheEnd() throws {
    let sandbox = try Sandbox()
    defer { sandbox.remove() }
    let output = try sandbox.run(
      ["play", sandbox.story, "--assess", "--authored-order"], input: ":hint\n:undo\n1\n1\n")
    #expect(output.status == 0)
    #expect(output.stdout.contains("Assessment mode: no feedback, hints or undo until the end."))
    #expect(output.stdout.contains("Hints are not available in assessment mode."))
    let play = try #require(output.stdout.components(separatedBy: "Ending: ").first)
    #expect(!play.contains("Asking for her agenda shares control."), "no feedback while playing")
    #expect(output.stdout.contains("Score "))
    #expect(output.stdout.contains("Your conversation, turn by turn"), "all of it at the end")
    #expect(output.stdout.contains("Asking for her agenda shares control."))
    let scores = try sandbox.run(["scores", "--per", "attempt", "--format", "json", "--assessed-only"])
    let rows = try JSONSerialization.jsonObject(with: Data(scores.stdout.utf8)) as? [[String: Any]]
    #expect(rows?.count == 1)
    #expect(rows?.first?["mode"] as? String == "assessed")
  }

  @Test func scriptedChoicesThatDoNotFitExit65() throws {
    let sandbox = try Sandbox()
    defer { sandbox.remove() }
    let output = try sandbox.run(["play", sandbox.story, "--choices", "open,check"])
    #expect(output.status == 65)
    #expect(
      output.stderr.contains(
        #"the scripted choices do not fit the story: step 2: choice "check" is not offered at node "worry"; offered: reflect, again, dismiss"#
      ))
  }

  @Test func anUnknownScenarioSuggestsTheNearestID() throws {
    let output = try CoachProcess.run(["play", "frank-diabetes", "--no-save"])
    #expect(output.status == 66)
    #expect(output.stderr.contains("no scenario named \"frank-diabetes\""))
  }

  /// A trainee's process killed outright (as by a crash or a closed laptop) loses at most the
  /// answer being typed: every answered turn is stored, and the attempt resumes after them.
  @Test func aKilledProcessLosesNoAnsweredTurn() throws {
    let sandbox = try Sandbox()
    defer { sandbox.remove() }
    let play = try sandbox.start(["play", sandbox.story, "--authored-order"])
    play.type("1\n")
    try play.waitFor("Asking for her agenda shares control.")
    // A half-typed answer, then the process dies.
    play.type("2")
    play.kill()
    #expect(play.process.terminationReason == .uncaughtSignal)

    let turns = try sandbox.run(["scores", "--per", "turn", "--format", "json"])
    let rows = try JSONSerialization.jsonObject(with: Data(turns.stdout.utf8)) as? [[String: Any]]
    #expect(rows?.map { $0["choice"] as? String } == ["open"])
    let resumed = try sandbox.run(["resume", "latest"], input: "1\n")
    #expect(resumed.stdout.contains("Resuming after 1 response."))
    #expect(resumed.stdout.contains("Ending: A shared plan (positive)"))
  }

  /// Several trainees playing at once into one database: nothing lost, nothing duplicated, and no
  /// "database is locked" reaching anyone. (Benchmarks/ runs the full-size version.)
  @Test func concurrentPlayersLoseNothing() throws {
    let sandbox = try Sandbox()
    defer { sandbox.remove() }
    let players = 6
    let sessionsEach = 5
    let failures = LockedList()
    DispatchQueue.concurrentPerform(iterations: players) { player in
      for _ in 0..<sessionsEach {
        do {
          let output = try CoachProcess.run(
            [
              "play", sandbox.story, "--db", sandbox.database, "--trainee", "player-\(player)", "--choices",
              "open,reflect",
            ],
            environment: ["HOME": sandbox.folder.path])
          if output.status != 0 || output.stderr.contains("locked") { failures.append(output.stderr) }
        } catch {
          failures.append("\(error)")
        }
      }
    }
    #expect(failures.items == [])
    let scores = try sandbox.run(["scores", "--per", "attempt", "--format", "json"])
    let rows = try JSONSerialization.jsonObject(with: Data(scores.stdout.utf8)) as? [[String: Any]]
    #expect(rows?.count == players * sessionsEach)
    #expect(Set(rows?.compactMap { $0["attempt"] as? String } ?? []).count == players * sessionsEach)
    #expect(rows?.allSatisfy { $0["status"] as? String == "complete" } == true)
  }
}

/// A list appended to from several threads.
final class LockedList: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: [String] = []
  func append(_ item: String) { lock.withLock { stored.append(item) } }
  var items: [String] { lock.withLock { stored } }
}
