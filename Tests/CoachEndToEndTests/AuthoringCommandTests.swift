import CoachTestSupport
import Foundation
import Testing

@Suite("coach new, coach analyze and coach graph")
struct AuthoringCommandTests {
  func folder(with files: [String: String] = [:]) throws -> URL {
    let folder = try Fixtures.temporaryDirectory()
    for (name, text) in files {
      try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    return folder
  }

  // MARK: - coach new

  @Test func newWritesAStarterThatValidatesAndAnalyses() throws {
    let folder = try folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let created = try CoachProcess.run(["new", "asthma-review"], directory: folder)
    #expect(created.status == 0)
    #expect(created.stdout.hasPrefix("Wrote asthma-review.json: a starter scenario"))
    let validated = try CoachProcess.run(["validate", "asthma-review.json"], directory: folder)
    #expect(validated.status == 0)
    #expect(validated.stdout == "asthma-review.json: valid: asthma-review 0.1.0, 6 nodes, 1 walkthrough passed\n")
    let analysed = try CoachProcess.run(["analyze", "asthma-review.json"], directory: folder)
    #expect(analysed.status == 0)
    #expect(analysed.stderr == "")
    #expect(analysed.stdout.contains("  6 nodes: 3 decision points, 1 route node, 2 endings\n"))
  }

  @Test func newOverwritesOnlyWhenForced() throws {
    let folder = try folder(with: ["taken.json": "my work"])
    defer { try? FileManager.default.removeItem(at: folder) }
    let refused = try CoachProcess.run(["new", "taken"], directory: folder)
    #expect(refused.status == 73)
    #expect(refused.stderr == "coach: taken.json already exists; pass --force to replace it, or choose another file\n")
    #expect(try String(contentsOf: folder.appendingPathComponent("taken.json"), encoding: .utf8) == "my work")

    let elsewhere = try CoachProcess.run(["new", "taken", "--output", "stories/taken.json"], directory: folder)
    #expect(elsewhere.status == 73, "the folder does not exist")
    try FileManager.default.createDirectory(
      at: folder.appendingPathComponent("stories"), withIntermediateDirectories: true)
    let written = try CoachProcess.run(["new", "taken", "-o", "stories/taken.json"], directory: folder)
    #expect(written.status == 0)
    #expect(try CoachProcess.run(["validate", "stories/taken.json"], directory: folder).status == 0)
  }

  @Test func newChecksTheIDAndCanPrint() throws {
    let bad = try CoachProcess.run(["new", "Asthma_Review"])
    #expect(bad.status == 64)
    #expect(bad.stderr.contains("\"Asthma_Review\" is not a scenario id"))
    let printed = try CoachProcess.run(["new", "printed", "--output", "-"])
    #expect(printed.status == 0)
    let object = try JSONSerialization.jsonObject(with: Data(printed.stdout.utf8)) as? [String: Any]
    #expect(object?["id"] as? String == "printed")
    let help = try CoachProcess.run(["new", "--help"])
    #expect(help.stdout.contains("coach validate ID.json"))
    #expect(help.stdout.contains("docs/authoring.md"))
  }

  // MARK: - coach analyze

  @Test func analyzeReportsInWords() throws {
    let folder = try folder(with: ["clinic.json": Fixtures.clinic])
    defer { try? FileManager.default.removeItem(at: folder) }
    let output = try CoachProcess.run(["analyze", "clinic.json"], directory: folder)
    #expect(output.status == 0)
    let lines = output.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    for expected in [
      "clinic 1.2.0: A short clinic visit",
      "  6 nodes: 2 decision points, 1 route node, 3 endings",
      "  distinct:  9",
      "  shortest:  2 choices to plan (positive): open, reflect",
      "Scores (all 9 play-throughs scored)",
      "  worst: Developing, 5.0 in 2 choices to leaves (negative): lecture, dismiss",
      "  ties:   no other play-through shares the best band and score",
      "    Fair, 66.4 in 2 choices to partial (mixed): check, reflect",
      "  every node (6), choice (6) and route can be reached",
      "  always the longest    0 Good, 0 Fair, 20 Developing; best 5.0, mean 5.0",
      "  none reaches Good: the score needs the patient to be read",
      "    reflect  best         0.6     neutral",
      "    again    acceptable   0.2     neutral (if)",
      "  never read:    asked",
      "  visits tracked: worry (up to 2)",
    ] {
      #expect(lines.contains(expected), "\(expected)")
    }
  }

  @Test func analyzeAsJSON() throws {
    let folder = try folder(with: ["clinic.json": Fixtures.clinic])
    defer { try? FileManager.default.removeItem(at: folder) }
    let output = try CoachProcess.run(["analyze", "--json", "clinic.json"], directory: folder)
    #expect(output.status == 0)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
    #expect(object["scenario"] as? String == "clinic")
    #expect((object["playThroughs"] as? [String: Any])?["kind"] as? String == "exact")
    #expect((object["playThroughs"] as? [String: Any])?["count"] as? Int == 9)
    let score = try #require(object["score"] as? [String: Any])
    #expect((score["best"] as? [String: Any])?["choices"] as? [String] == ["open", "reflect"])
    #expect((score["worst"] as? [String: Any])?["band"] as? String == "developing")
    #expect(object["variablesNeverRead"] as? [String] == ["asked"])
  }

  @Test func analyzeRefusesInvalidAndMissingFiles() throws {
    let broken = try Fixtures.replacing(#""next": "gate"}"#, with: #""next": "gtae"}"#)
    let folder = try folder(with: ["broken.json": broken])
    defer { try? FileManager.default.removeItem(at: folder) }
    let invalid = try CoachProcess.run(["analyze", "broken.json"], directory: folder)
    #expect(invalid.status == 65)
    #expect(invalid.stdout == "")
    #expect(
      invalid.stderr.contains(
        "error: nodes[1] \"worry\" .choices[0] \"reflect\" .next: there is no node with id \"gtae\""))
    #expect(try CoachProcess.run(["analyze", "missing.json"], directory: folder).status == 66)
    #expect(try CoachProcess.run(["graph", "broken.json"], directory: folder).status == 65)
  }

  /// docs/analysis holds `coach analyze --markdown` for every bundled scenario; it must be what
  /// the command prints today.
  @Test func theAnalysesInTheDocumentationAreCurrent() throws {
    for file in Fixtures.bundledScenarioFiles {
      let id = file.deletingPathExtension().lastPathComponent
      let output = try CoachProcess.run(
        ["analyze", "--markdown", "Scenarios/\(id).json"], directory: Fixtures.packageRoot)
      #expect(output.status == 0)
      let page = Fixtures.packageRoot.appendingPathComponent("docs/analysis/\(id).md")
      let stored = (try? String(contentsOf: page, encoding: .utf8)) ?? ""
      #expect(
        stored == output.stdout,
        "docs/analysis/\(id).md is out of date; regenerate it with: coach analyze --markdown Scenarios/\(id).json > docs/analysis/\(id).md"
      )
    }
  }

  // MARK: - coach graph

  @Test func graphDrawsMermaidByDefaultAndDot() throws {
    let folder = try folder(with: ["clinic.json": Fixtures.clinic])
    defer { try? FileManager.default.removeItem(at: folder) }
    let mermaid = try CoachProcess.run(["graph", "clinic.json"], directory: folder)
    #expect(mermaid.status == 0)
    #expect(mermaid.stdout.hasPrefix("flowchart TD\n"))
    #expect(mermaid.stdout.contains("\n  n2 -.->|\"rapport #gt;= 3 and told\"| n3\n"))
    let dot = try CoachProcess.run(["graph", "--format", "dot", "clinic.json"], directory: folder)
    #expect(dot.status == 0)
    #expect(dot.stdout.hasPrefix("digraph \"clinic\" {\n"))
    #expect(
      dot.stdout.contains("\n  \"hello\" -> \"worry\" [label=\"lecture\", color=\"#c62828\", fontcolor=\"#c62828\"];\n")
    )
    #expect(dot.stdout.hasSuffix("}\n"))
    let unknown = try CoachProcess.run(["graph", "--format", "svg", "clinic.json"], directory: folder)
    #expect(unknown.status == 64)
  }

  // MARK: - coach validate runs walkthroughs

  @Test func aFailingWalkthroughShowsTheStepTheStateAndExpectedAgainstActual() throws {
    var json = try Fixtures.replacing(#"["open", "reflect"]"#, with: #"["open", "again", "reflect"]"#)
    json = try Fixtures.replacing(#""state": {"asked": 2}"#, with: #""state": {"asked": 3}"#, in: json)
    let folder = try folder(with: ["w.json": json])
    defer { try? FileManager.default.removeItem(at: folder) }
    let output = try CoachProcess.run(["validate", "w.json"], directory: folder)
    #expect(output.status == 65)
    let lines = output.stdout.split(separator: "\n").map(String.init)
    let step = try #require(Fixtures.position(of: #""reflect"]"#, in: json))
    let expect = try #require(Fixtures.position(of: #"{"ending": "partial""#, in: json))
    #expect(
      lines == [
        "w.json:\(step): error: walkthroughs[0] \"best\" .choices[2]: walkthrough \"best\" failed at step 3: the story already "
          + "ended at \"partial\" with 1 choice left",
        "    not played: reflect",
        "    state at \"partial\": rapport = 1, told = false, asked = 2",
        "w.json:\(expect): error: walkthroughs[1] \"typical\" .expect: walkthrough \"typical\" failed: asked: expected 3, got 2",
        "    state at \"partial\": rapport = 0, told = false, asked = 2",
        "w.json: invalid (2 errors)",
      ])
  }
}
