import CoachTestSupport
import Foundation
import Testing

/// coach validate plays the whole story; coach analyze --check fails a trainer's CI on findings.
@Suite("coach validate: the whole story")
struct WholeStoryEndToEndTests {
  /// A small story around `nodes`, with `rapport` from -3 to 3.
  static func story(_ nodes: String, walkthroughs: String = "[]") -> String {
    """
    {"format": 1, "id": "small", "version": "1.0.0", "title": "A small story", "summary": "Ann comes in.",
     "role": "Practice nurse", "setting": "A clinic room.",
     "patient": {"name": "Ann", "background": "Ann has asthma."}, "objectives": ["Listen first."],
     "state": {"rapport": {"initial": 0, "min": -3, "max": 3, "visible": true}},
     "start": "a", "nodes": [\(nodes)], "walkthroughs": \(walkthroughs)}
    """
  }

  static func choice(_ id: String, _ next: String, effect: String? = nil, condition: String? = nil) -> String {
    var json = #"{"id": "\#(id)", "say": "What matters most to you about \#(id)?", "codes": ["open-question"], "#
    if let condition { json += #""if": "\#(condition)", "# }
    if let effect { json += #""effects": ["\#(effect)"], "# }
    return json + #""feedback": "It asks.", "next": "\#(next)"}"#
  }

  static func ending(_ id: String, _ outcome: String) -> String {
    #"{"id": "\#(id)", "patient": "Thank you.", "ending": {"title": "\#(id)", "outcome": "\#(outcome)", "debrief": "Done."}}"#
  }

  func run(_ arguments: [String], _ json: String) throws -> CoachProcess.Output {
    let folder = try Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    try json.write(to: folder.appendingPathComponent("story.json"), atomically: true, encoding: .utf8)
    return try CoachProcess.run(arguments + ["story.json"], directory: folder)
  }

  @Test func anEndingNoPlayThroughReachesFailsValidation() throws {
    // rapport stops at 3, so the route to "good" never opens.
    let json = Self.story(
      [
        #"{"id": "a", "patient": "Hello.", "choices": [\#(Self.choice("up", "r", effect: "rapport += 1"))]}"#,
        #"{"id": "r", "routes": [{"if": "rapport >= 5", "next": "good"}, {"next": "ok"}]}"#,
        Self.ending("good", "positive"), Self.ending("ok", "mixed"),
      ].joined(separator: ",\n"))
    let output = try run(["validate"], json)
    #expect(output.status == 65)
    #expect(
      output.stdout.contains(
        #"error: nodes[2] "good": no play-through reaches this ending: the ways towards it never open "#
          + #"(route 1 of "r" is never taken)"#))
    #expect(
      output.stdout.contains(
        #"warning: nodes[1] "r" .routes[0].if: this route is never taken: its condition never holds when the story "#
          + #"reaches "r""#))
    #expect(output.stdout.hasSuffix("story.json: invalid (1 error, 1 warning)\n"))

    // coach analyze still reports on it, and --check fails on it.
    let check = try run(["analyze", "--check"], json)
    #expect(check.status == 65)
    #expect(check.stdout.contains("    good  positive  unreachable  good"))
    #expect(check.stderr.contains(#"error: nodes[2] "good": no play-through reaches this ending"#))
    // The one play-through ends mixed, so the best score is below Good: a finding too.
    #expect(check.stderr.contains("warning: the best play-through scores only Developing, 28.1: up"))
    #expect(check.stderr.hasSuffix("story.json: analyze --check: 3 findings\n"))
  }

  @Test func aTrapOnlySomeStatesFallIntoFailsValidation() throws {
    // Whoever arrives at "loop" with rapport below 1 can go round it for ever but never leave.
    let json = Self.story(
      [
        #"{"id": "a", "patient": "Hello.", "choices": [\#(Self.choice("warm", "loop", effect: "rapport += 1")), "#
          + #"\#(Self.choice("cold", "loop", effect: "rapport -= 1"))]}"#,
        #"{"id": "loop", "patient": "Well.", "choices": [\#(Self.choice("again", "loop")), "#
          + #"\#(Self.choice("leave", "end", condition: "rapport >= 1"))]}"#,
        Self.ending("end", "positive"),
      ].joined(separator: ",\n"))
    let output = try run(["validate"], json)
    #expect(output.status == 65)
    #expect(
      output.stdout.contains(
        #"error: nodes[1] "loop": a trainee can get stuck here: after cold the story arrives here in a state from "#
          + "which no ending can be reached"))
  }

  @Test func aRouteShadowedByLogicIsReportedAndFailsStrict() throws {
    // Whenever rapport >= 2 holds, rapport >= 1 holds first: route 2 is never taken.
    let nodes = [
      #"{"id": "a", "patient": "Hello.", "choices": [\#(Self.choice("lots", "r", effect: "rapport += 2")), "#
        + #"\#(Self.choice("some", "r", effect: "rapport += 1"))]}"#,
      #"{"id": "r", "routes": [{"if": "rapport >= 1", "next": "ok"}, {"if": "rapport >= 2", "next": "good"}, "#
        + #"{"next": "ok"}]}"#,
      Self.ending("ok", "mixed"),
    ]
    let shadowedToOk = Self.story(
      (nodes + [Self.ending("good", "positive")]).joined(separator: ",\n")
        .replacingOccurrences(of: #""next": "good"}"#, with: #""next": "ok"}"#))
    // The shadowed route leads to an ending reached another way: a warning, which --strict fails.
    let warned = try run(["validate"], shadowedToOk)
    #expect(
      warned.stdout.contains(
        #"warning: nodes[1] "r" .routes[1].if: this route is never taken: whenever its condition holds, an earlier "#
          + "route's condition holds too, and the first that holds wins; move it before the route that wins, or "
          + "narrow that route's condition"))
    let strict = try run(["validate", "--strict"], shadowedToOk)
    #expect(strict.status == 65)

    // Where it is the only way to an ending, the ending is never reached: an error.
    let shadowedEnding = Self.story((nodes + [Self.ending("good", "positive")]).joined(separator: ",\n"))
    let failed = try run(["validate"], shadowedEnding)
    #expect(failed.status == 65)
    #expect(failed.stdout.contains(#"error: nodes[3] "good": no play-through reaches this ending"#))
  }

  @Test func aWalkthroughThatRunsOutBeforeItsEndingFails() throws {
    let json = try Fixtures.replacing(#""choices": ["open", "reflect"]"#, with: #""choices": ["open"]"#)
    let output = try run(["validate"], json)
    #expect(output.status == 65)
    #expect(
      output.stdout.contains(
        #"error: walkthroughs[0] "best" .choices: walkthrough "best" ran out of choices before an ending: "#
          + #"the story is still at "worry""#))
    #expect(output.stdout.contains("    offered there: reflect, again, dismiss"))
  }

  @Test func analyzeCheckPassesABundledStory() throws {
    let output = try CoachProcess.run(
      ["analyze", "--check", "Scenarios/health-pledge.json"], directory: Fixtures.packageRoot)
    #expect(output.status == 0)
    #expect(output.stderr == "Scenarios/health-pledge.json: analyze --check: nothing to fix\n")
  }
}
