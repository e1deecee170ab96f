import CoachTestSupport
import Foundation
import Testing

@Suite("coach validate and coach list")
struct ValidateCommandTests {
  func write(_ text: String, named name: String, in folder: URL) throws -> URL {
    let url = folder.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url
  }

  @Test func aValidFileExitsZeroAndSaysSo() throws {
    let folder = try Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    _ = try write(Fixtures.clinic, named: "clinic.json", in: folder)
    let output = try CoachProcess.run(["validate", "clinic.json"], directory: folder)
    #expect(output.status == 0)
    #expect(output.stdout == "clinic.json: valid: clinic 1.2.0, 6 nodes, 3 walkthroughs passed\n")
  }

  @Test func anInvalidFileExits65WithEveryError() throws {
    let folder = try Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    var json = try Fixtures.replacing(#""next": "gate"}"#, with: #""next": "gtae"}"#)
    json = try Fixtures.replacing(#"["persuade"]"#, with: #"["persuasion"]"#, in: json)
    _ = try write(json, named: "broken.json", in: folder)
    let output = try CoachProcess.run(["validate", "broken.json"], directory: folder)
    #expect(output.status == 65)
    let lines = output.stdout.split(separator: "\n").map(String.init)
    let persuasion = try #require(Fixtures.position(of: "\"persuasion\"", in: json))
    let gtae = try #require(Fixtures.position(of: "\"gtae\"", in: json))
    #expect(
      lines == [
        "broken.json:\(persuasion): error: nodes[0] \"hello\" .choices[1] \"lecture\" .codes[0]: \"persuasion\" is not a technique code; did you mean \"persuade\"?",
        "broken.json:\(gtae): error: nodes[1] \"worry\" .choices[0] \"reflect\" .next: there is no node with id \"gtae\"; did you mean \"gate\"?",
        "broken.json: invalid (2 errors)",
      ])
  }

  @Test func aMissingFileExits66() throws {
    let output = try CoachProcess.run(["validate", "/nonexistent/story.json"])
    #expect(output.status == 66)
    #expect(output.stdout.hasPrefix("/nonexistent/story.json: error: cannot read the file: no such file"))
  }

  @Test func jsonOutputIsMachineReadable() throws {
    let folder = try Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let json = try Fixtures.replacing(#""start": "hello""#, with: #""start": "helo""#)
    _ = try write(json, named: "a.json", in: folder)
    _ = try write(Fixtures.clinic, named: "b.json", in: folder)
    let output = try CoachProcess.run(["validate", "--json", "a.json", "b.json"], directory: folder)
    #expect(output.status == 65)
    let decoded = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
    let files = try #require(decoded?["files"] as? [[String: Any]])
    #expect(files.map { $0["file"] as? String } == ["a.json", "b.json"])
    #expect(files.map { $0["valid"] as? Bool } == [false, true])
    let diagnostic = try #require((files[0]["diagnostics"] as? [[String: Any]])?.first)
    #expect(diagnostic["code"] as? String == "unknown-node")
    #expect(diagnostic["path"] as? String == "start")
    #expect(diagnostic["suggestion"] as? String == "did you mean \"hello\"?")
    let position = try #require(Fixtures.position(of: "\"helo\"", in: json))
    #expect(diagnostic["line"] as? Int == position.line)
    #expect(diagnostic["column"] as? Int == position.column)
    #expect((files[1]["scenario"] as? [String: Any])?["id"] as? String == "clinic")
  }

  @Test func strictTurnsWarningsIntoFailure() throws {
    let folder = try Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let json = try Fixtures.replacing("Are you using your inhaler?", with: "What would you like to get out of today?")
    _ = try write(json, named: "w.json", in: folder)
    #expect(try CoachProcess.run(["validate", "w.json"], directory: folder).status == 0)
    #expect(try CoachProcess.run(["validate", "--strict", "w.json"], directory: folder).status == 65)
  }

  @Test func terminalEscapesNeverReachTheTerminal() throws {
    let folder = try Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    // An unknown field whose name carries an escape sequence is echoed in the error message.
    let json = try Fixtures.replacing(#""format": 1,"#, with: #""format": 1, "x\u001b]0;pwned\u0007": 1,"#)
    _ = try write(json, named: "evil.json", in: folder)
    let output = try CoachProcess.run(["validate", "evil.json"], directory: folder)
    #expect(output.status == 65)
    #expect(!output.stdout.contains("\u{1B}"))
    #expect(!output.stdout.contains("\u{07}"))
    #expect(output.stdout.contains("unknown field \"x\u{FFFD}]0;pwned\u{FFFD}\""))
  }

  @Test func usageErrorsExit64() throws {
    let output = try CoachProcess.run(["validate"])
    #expect(output.status == 64)
    #expect(output.stderr.contains("Missing expected argument '<file> ...'"))
  }

  @Test func listShowsTheBundledScenarios() throws {
    let folder = try Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    _ = try write(Fixtures.clinic, named: "clinic.json", in: folder)
    let output = try CoachProcess.run(["list"], environment: ["COACH_SCENARIOS": folder.path])
    #expect(output.status == 0)
    #expect(
      output.stdout == """
        clinic  A short clinic visit (Practice nurse, 6 nodes)
                Ann comes about her asthma.

        """)
    let json = try CoachProcess.run(["list", "--json"], environment: ["COACH_SCENARIOS": folder.path])
    let entries = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
    #expect(entries?.first?["id"] as? String == "clinic")
    #expect(entries?.first?["nodes"] as? Int == 6)
  }

  @Test func validateAcceptsABundledScenarioID() throws {
    let folder = try Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    _ = try write(Fixtures.clinic, named: "clinic.json", in: folder)
    let output = try CoachProcess.run(["validate", "clinic"], environment: ["COACH_SCENARIOS": folder.path])
    #expect(output.status == 0)
    let unknown = try CoachProcess.run(["validate", "clinc"], environment: ["COACH_SCENARIOS": folder.path])
    #expect(unknown.status == 66)
    #expect(unknown.stdout.contains("no scenario named \"clinc\" and no such file; did you mean \"clinic\"?"))
  }
}
