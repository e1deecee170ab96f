import CoachCore
import Foundation

/// Small scenarios and helpers shared by the test targets.
public enum Fixtures {
  /// A small valid story that exercises every feature of the format: a clamped visible number, a
  /// boolean, a conditional choice, a route on state, a visit count, three endings and walkthroughs.
  public static let clinic = #"""
    {
      "$schema": "./scenario.schema.json",
      "format": 1,
      "id": "clinic",
      "version": "1.2.0",
      "title": "A short clinic visit",
      "summary": "Ann comes about her asthma. She is worried about her inhaler.",
      "role": "Practice nurse",
      "setting": "A practice nurse's room on a Monday morning.",
      "patient": {"name": "Ann", "age": 58, "background": "Ann has had asthma since childhood."},
      "objectives": ["Hear Ann's worry before advising."],
      "state": {
        "rapport": {"initial": 0, "min": -2, "max": 3, "label": "Rapport", "visible": true},
        "told": {"initial": false, "label": "Ann has shared her worry"},
        "asked": {"type": "number", "initial": 0}
      },
      "start": "hello",
      "nodes": [
        {"id": "hello", "patient": "Morning. I'm only here because the letter said so.", "talk": "sustain",
         "cue": "She keeps her coat on.",
         "choices": [
           {"id": "open", "say": "What would you like to get out of today?", "codes": ["open-question", "seeking-collaboration"],
            "effects": ["rapport += 1", "asked += 1"], "feedback": "Asking for her agenda shares control.", "next": "worry"},
           {"id": "lecture", "say": "You should be using your preventer every day.", "codes": ["persuade"],
            "effects": ["rapport -= 3"], "feedback": "Advice before listening puts her on the defensive.", "next": "worry"},
           {"id": "check", "say": "Are you using your inhaler?", "codes": ["closed-question"],
            "effects": ["asked += 1"], "feedback": "A closed question gets a yes or no.", "next": "worry"}
         ]},
        {"id": "worry", "patient": "The new inhaler makes my heart race, so I stopped it.", "talk": "sustain",
         "choices": [
           {"id": "reflect", "say": "You stopped because it frightened you.", "codes": ["complex-reflection"],
            "effects": ["rapport += 2", "told = true"], "feedback": "Naming the fear shows you heard her.", "next": "gate"},
           {"id": "again", "say": "Tell me more about the racing.", "codes": ["open-question"], "if": "visits(\"worry\") >= 1 and not told",
            "effects": ["asked += 1"], "feedback": "Inviting more detail keeps her talking.", "next": "gate"},
           {"id": "dismiss", "say": "That's a normal side effect; carry on with it.", "codes": ["persuade", "giving-information"],
            "effects": ["rapport -= 1"], "feedback": "Reassurance without listening dismisses her worry.", "next": "gate"}
         ]},
        {"id": "gate", "routes": [
          {"if": "rapport >= 3 and told", "next": "plan"},
          {"if": "rapport >= 0", "next": "partial"},
          {"next": "leaves"}
        ]},
        {"id": "plan", "patient": "Could we try a different one, then?", "talk": "change-activation",
         "ending": {"title": "A shared plan", "outcome": "positive", "debrief": "She felt heard, so she asked for a change herself."}},
        {"id": "partial", "patient": "I'll think about it.", "talk": "neutral",
         "ending": {"title": "Undecided", "outcome": "mixed", "debrief": "She left without a plan."}},
        {"id": "leaves", "patient": "I need to go.", "talk": "sustain",
         "ending": {"title": "She leaves", "outcome": "negative", "debrief": "Advice first lost her."}}
      ],
      "walkthroughs": [
        {"name": "best", "choices": ["open", "reflect"], "expect": {"ending": "plan", "outcome": "positive", "state": {"rapport": 3, "told": true}}},
        {"name": "typical", "choices": ["check", "again"], "expect": {"ending": "partial", "state": {"asked": 2}}},
        {"name": "worst", "choices": ["lecture", "dismiss"], "expect": {"ending": "leaves", "state": {"rapport": -2}}}
      ]
    }
    """#

  /// Loads JSON text as a scenario file named `file`.
  public static func load(_ json: String, file: String = "test.json", limits: LoadLimits = .default) -> LoadResult {
    ScenarioLoader(limits: limits).load(bytes: Array(json.utf8), file: file)
  }

  /// The scenario in `json`, which must be valid. Its text is remembered by content hash
  /// (`text(of:)`), as a store keeps it.
  public static func scenario(_ json: String = clinic) throws -> Scenario {
    let result = load(json)
    guard let scenario = result.scenario else {
      throw FixtureError(message: result.diagnostics.map(\.rendered).joined(separator: "\n"))
    }
    textLock.withLock { texts[scenario.contentHash] = json }
    return scenario
  }

  /// The text a scenario made by `scenario(_:)` was loaded from.
  public static func text(of scenario: Scenario) -> String? {
    textLock.withLock { texts[scenario.contentHash] }
  }

  private static let textLock = NSLock()
  nonisolated(unsafe) private static var texts: [String: String] = [:]

  /// `json` with the first occurrence of `target` replaced; fails loudly when `target` is absent,
  /// so a fixture edit can never silently test nothing.
  public static func replacing(_ target: String, with replacement: String, in json: String = clinic) throws -> String {
    guard let range = json.range(of: target) else {
      throw FixtureError(message: "fixture does not contain \(target)")
    }
    return json.replacingCharacters(in: range, with: replacement)
  }

  /// The 1-based line and column where `needle` first occurs in `text`, counted independently of
  /// the loader, to check the positions it reports.
  public static func position(of needle: String, in text: String) -> SourcePosition? {
    guard let range = text.range(of: needle) else { return nil }
    let before = text[..<range.lowerBound]
    let line = before.filter { $0 == "\n" }.count + 1
    let lineStart = before.lastIndex(of: "\n").map { before.index(after: $0) } ?? before.startIndex
    return SourcePosition(line: line, column: text[lineStart..<range.lowerBound].unicodeScalars.count + 1)
  }

  /// The repository's root folder, found from this source file.
  public static var packageRoot: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
  }

  /// The bundled scenario files.
  public static var bundledScenarioFiles: [URL] {
    let folder = packageRoot.appendingPathComponent("Scenarios")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { $0.hasSuffix(".json") && !$0.hasSuffix(".schema.json") && !$0.hasPrefix("rubric") }
      .sorted().map { folder.appendingPathComponent($0) }
  }

  /// A fresh empty temporary folder.
  public static func temporaryDirectory(_ label: String = "coach-tests") throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}

public struct FixtureError: Error, CustomStringConvertible {
  public var message: String

  public init(message: String) {
    self.message = message
  }

  public var description: String { message }
}
