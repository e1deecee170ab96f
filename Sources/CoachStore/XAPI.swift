import CoachCore
import Foundation

/// Stored attempts as xAPI 1.0.3 statements, for a learning record store (Moodle's, or any
/// other): one `attempted` statement when an attempt began, one `answered` per response kept,
/// and for a complete attempt `completed` and then `passed` (Fair or Good) or `failed`
/// (Developing), with the headline score and the MITI metrics. `docs/records.md` lists the
/// mapping field by field.
///
/// Statement ids are name-based UUIDs (version 5) of the attempt and the statement's place in it,
/// so exporting the same attempts again gives the same ids and a store keeps one copy.
public enum XAPI {
  /// The version of the specification the statements follow.
  public static let version = "1.0.3"

  /// Where Coach's own IRIs live unless `--xapi-base` says otherwise: the actor's account home
  /// page, the activities (scenario versions and decision points) and the result extensions.
  /// `example` is a reserved name: an organisation sending statements to a store sets its own.
  public static let defaultBase = "https://coach.example/xapi/"

  /// The verbs, from ADL's vocabulary.
  public enum Verb: String, CaseIterable, Sendable {
    case attempted, answered, completed, passed, failed

    /// `http://adlnet.gov/expapi/verbs/…`.
    public var iri: String { "http://adlnet.gov/expapi/verbs/\(rawValue)" }
  }

  /// The statements for `attempt` of `trainee`, oldest first. `base` ends with a slash.
  public static func statements(for attempt: ExportedAttempt, trainee: Trainee, base: String = defaultBase)
    -> [Statement]
  {
    let base = base.hasSuffix("/") ? base : base + "/"
    let actor = Agent(name: trainee.name, account: .init(homePage: base, name: trainee.id))
    let scenario = scenarioActivity(attempt, base: base)
    var context = Context(
      registration: attempt.id.uuidString.lowercased(), contextActivities: nil,
      extensions: [
        base + "extensions/mode": .string(attempt.mode.rawValue),
        base + "extensions/rubric": .string(attempt.rubricID),
        base + "extensions/scenario-content-hash": .string(attempt.contentHash),
      ])
    if let cohort = attempt.cohort { context.extensions![base + "extensions/cohort"] = .string(cohort) }
    var statements: [Statement] = []
    func add(_ verb: Verb, _ object: Activity, result: Result?, context: Context, at date: Date, index: Int = 0) {
      statements.append(
        Statement(
          id: statementID(attempt: attempt.id, verb: verb, index: index), actor: actor,
          verb: .init(id: verb.iri, display: ["en-GB": verb.rawValue]), object: object, result: result,
          context: context, timestamp: StoreDate.string(date)))
    }
    add(.attempted, scenario, result: nil, context: context, at: attempt.startedAt)

    // The report assesses the turns that were not taken back, in order.
    let kept = attempt.turns.filter { !$0.undone }
    let assessments = attempt.report?.turns ?? []
    let matched = assessments.count == kept.count
    var answerContext = context
    answerContext.contextActivities = .init(parent: [scenario])
    for (position, turn) in kept.enumerated() {
      let assessment = matched ? assessments[position] : nil
      var extensions: [String: Extension] = [
        base + "extensions/technique-codes": .strings(turn.codes.map(\.rawValue))
      ]
      if let grade = assessment?.grade { extensions[base + "extensions/grade"] = .string(grade.rawValue) }
      let result = Result(
        score: nil, success: assessment.map { !$0.isPoor }, completion: nil, response: turn.choice,
        duration: duration(turn.secondsToAnswer), extensions: extensions)
      add(
        .answered, decisionPointActivity(attempt, node: turn.node, base: base), result: result,
        context: answerContext, at: turn.answeredAt, index: turn.index)
    }

    guard attempt.status == .complete, let report = attempt.report, let finished = attempt.finishedAt else {
      return statements
    }
    let score = Score(
      scaled: (report.headlineScore * 10).rounded() / 1000, raw: report.headlineScore, min: 0, max: 100)
    let metrics = metricExtensions(report, base: base)
    let elapsed = duration(finished.timeIntervalSince(attempt.startedAt))
    add(
      .completed, scenario,
      result: Result(
        score: score, success: nil, completion: true, response: nil, duration: elapsed, extensions: metrics),
      context: context, at: finished)
    let passed = report.overallBand != .developing
    add(
      passed ? .passed : .failed, scenario,
      result: Result(
        score: score, success: passed, completion: true, response: nil, duration: elapsed, extensions: metrics),
      context: context, at: finished)
    return statements
  }

  /// `{base}scenarios/{id}/{version}`: one activity per scenario version.
  static func scenarioActivity(_ attempt: ExportedAttempt, base: String) -> Activity {
    Activity(
      id: base + "scenarios/\(segment(attempt.scenarioID))/\(segment(attempt.scenarioVersion))",
      definition: .init(
        name: ["en-GB": attempt.scenarioTitle],
        description: ["en-GB": "Coach scenario \(attempt.scenarioID), version \(attempt.scenarioVersion)"],
        type: "http://adlnet.gov/expapi/activities/simulation", interactionType: nil))
  }

  /// `{base}scenarios/{id}/{version}/decision-points/{node}`: one activity per decision point.
  static func decisionPointActivity(_ attempt: ExportedAttempt, node: String, base: String) -> Activity {
    Activity(
      id: base
        + "scenarios/\(segment(attempt.scenarioID))/\(segment(attempt.scenarioVersion))/decision-points/\(segment(node))",
      definition: .init(
        name: ["en-GB": "\(attempt.scenarioTitle): \(node)"], description: nil,
        type: "http://adlnet.gov/expapi/activities/cmi.interaction", interactionType: "choice"))
  }

  /// The MITI figures of a report as result extensions, each under `{base}extensions/miti/`.
  static func metricExtensions(_ report: SessionReport, base: String) -> [String: Extension] {
    let prefix = base + "extensions/miti/"
    var extensions: [String: Extension] = [
      base + "extensions/band": .string(report.overallBand.rawValue),
      prefix + "mia": .number(Double(report.mia)),
      prefix + "mina": .number(Double(report.mina)),
    ]
    for metric in report.metrics {
      if let value = metric.value { extensions[prefix + metric.kind.rawValue] = .number(value) }
    }
    for (global, value) in report.globals { extensions[prefix + global.rawValue] = .number(value) }
    for behaviour in Behaviour.allCases {
      extensions[prefix + "count/" + behaviour.rawValue.lowercased()] = .number(Double(report.count(behaviour)))
    }
    return extensions
  }

  /// An ISO 8601 duration with hundredths of a second: `PT4.25S`.
  package static func duration(_ seconds: Double) -> String {
    let hundredths = Int((max(seconds, 0) * 100).rounded())
    let whole = hundredths / 100
    let fraction = hundredths % 100
    let hours = whole / 3600
    let minutes = whole % 3600 / 60
    var text = "PT"
    if hours > 0 { text += "\(hours)H" }
    if minutes > 0 { text += "\(minutes)M" }
    let secondsPart = whole % 60
    text += fraction == 0 ? "\(secondsPart)S" : "\(secondsPart).\(fraction < 10 ? "0" : "")\(fraction)S"
    return text
  }

  /// One path segment of an IRI: unreserved characters kept, everything else percent-encoded.
  package static func segment(_ text: String) -> String {
    var result = ""
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
        UInt8(ascii: "~"):
        result.unicodeScalars.append(UnicodeScalar(byte))
      default:
        let hex = String(byte, radix: 16, uppercase: true)
        result += "%" + (hex.count == 1 ? "0" : "") + hex
      }
    }
    return result
  }

  /// The namespace of Coach's statement ids.
  static let namespace = UUID(uuidString: "6f1c2a9e-3d52-4b8e-9a47-2c0f5e8d1b73")!

  /// A version-5 UUID of the attempt, the verb and the statement's position.
  static func statementID(attempt: UUID, verb: Verb, index: Int) -> String {
    let name = "\(attempt.uuidString.lowercased())/\(verb.rawValue)/\(index)"
    return nameBasedUUID(namespace: namespace, name: name).uuidString.lowercased()
  }

  /// RFC 4122 section 4.3, version 5 (SHA-1).
  package static func nameBasedUUID(namespace: UUID, name: String) -> UUID {
    let space = namespace.uuid
    let spaceBytes = [
      space.0, space.1, space.2, space.3, space.4, space.5, space.6, space.7, space.8, space.9, space.10, space.11,
      space.12, space.13, space.14, space.15,
    ]
    var hash = SHA1.digest(of: spaceBytes + Array(name.utf8))
    hash[6] = (hash[6] & 0x0F) | 0x50
    hash[8] = (hash[8] & 0x3F) | 0x80
    return UUID(
      uuid: (
        hash[0], hash[1], hash[2], hash[3], hash[4], hash[5], hash[6], hash[7], hash[8], hash[9], hash[10], hash[11],
        hash[12], hash[13], hash[14], hash[15]
      ))
  }

  // MARK: - The statement's parts, as the specification names them

  /// One xAPI statement: who did what to which activity, with what result, when.
  public struct Statement: Codable, Equatable, Sendable {
    /// A version-5 UUID, the same every time the same attempt is exported.
    public var id: String
    public var actor: Agent
    public var verb: VerbReference
    public var object: Activity
    public var result: Result?
    public var context: Context?
    /// When it happened: ISO 8601 in UTC with milliseconds.
    public var timestamp: String
    /// The specification's version, 1.0.3.
    public var version = XAPI.version
  }

  /// The trainee, identified by an account on Coach's base IRI.
  public struct Agent: Codable, Equatable, Sendable {
    public var objectType = "Agent"
    public var name: String?
    public var account: Account

    init(name: String?, account: Account) {
      self.name = name
      self.account = account
    }
  }

  /// An account: the system's home page and the trainee's id on it.
  public struct Account: Codable, Equatable, Sendable {
    public var homePage: String
    public var name: String
  }

  /// A verb: its IRI and its name by language.
  public struct VerbReference: Codable, Equatable, Sendable {
    public var id: String
    public var display: [String: String]
  }

  /// A scenario version or a decision point.
  public struct Activity: Codable, Equatable, Sendable {
    public var objectType = "Activity"
    public var id: String
    public var definition: Definition

    init(id: String, definition: Definition) {
      self.id = id
      self.definition = definition
    }
  }

  /// What an activity is: names by language, its type IRI, and for a decision point the
  /// interaction type `choice`.
  public struct Definition: Codable, Equatable, Sendable {
    public var name: [String: String]
    public var description: [String: String]?
    public var type: String
    public var interactionType: String?
  }

  /// How it went: the score, success, completion, the response chosen, how long it took, and the
  /// MITI figures as extensions.
  public struct Result: Codable, Equatable, Sendable {
    public var score: Score?
    public var success: Bool?
    public var completion: Bool?
    public var response: String?
    public var duration: String?
    public var extensions: [String: Extension]?
  }

  /// The headline score, 0 to 100, and scaled to 0 to 1.
  public struct Score: Codable, Equatable, Sendable {
    /// -1 to 1: the headline score ÷ 100.
    public var scaled: Double
    public var raw: Double
    public var min: Double
    public var max: Double
  }

  /// The attempt a statement belongs to, and the scenario version around a decision point.
  public struct Context: Codable, Equatable, Sendable {
    /// The attempt's id: every statement of one attempt shares it.
    public var registration: String
    public var contextActivities: ContextActivities?
    public var platform = "Coach"
    public var language = "en-GB"
    public var extensions: [String: Extension]?

    init(registration: String, contextActivities: ContextActivities?, extensions: [String: Extension]?) {
      self.registration = registration
      self.contextActivities = contextActivities
      self.extensions = extensions
    }
  }

  /// The activities a statement's object belongs to: a decision point's scenario version.
  public struct ContextActivities: Codable, Equatable, Sendable {
    public var parent: [Activity]
  }

  /// An extension's value: a number, a string or a list of strings.
  public enum Extension: Codable, Equatable, Sendable {
    case number(Double)
    case string(String)
    case strings([String])

    public init(from decoder: any Decoder) throws {
      let container = try decoder.singleValueContainer()
      if let number = try? container.decode(Double.self) {
        self = .number(number)
      } else if let text = try? container.decode(String.self) {
        self = .string(text)
      } else {
        self = .strings(try container.decode([String].self))
      }
    }

    public func encode(to encoder: any Encoder) throws {
      var container = encoder.singleValueContainer()
      switch self {
      case .number(let number): try container.encode(number)
      case .string(let text): try container.encode(text)
      case .strings(let texts): try container.encode(texts)
      }
    }
  }
}

/// SHA-1 (FIPS 180-4), for version-5 UUIDs only: never for anything that needs to resist an
/// attacker.
package enum SHA1 {
  package static func digest(of message: [UInt8]) -> [UInt8] {
    var h: [UInt32] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0]
    var bytes = message
    let bitLength = UInt64(message.count) * 8
    bytes.append(0x80)
    while bytes.count % 64 != 56 { bytes.append(0) }
    for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: bitLength >> shift)) }
    var w = [UInt32](repeating: 0, count: 80)
    for chunk in stride(from: 0, to: bytes.count, by: 64) {
      for i in 0..<16 {
        w[i] =
          UInt32(bytes[chunk + 4 * i]) << 24 | UInt32(bytes[chunk + 4 * i + 1]) << 16
          | UInt32(bytes[chunk + 4 * i + 2]) << 8 | UInt32(bytes[chunk + 4 * i + 3])
      }
      for i in 16..<80 {
        let x = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]
        w[i] = x << 1 | x >> 31
      }
      var (a, b, c, d, e) = (h[0], h[1], h[2], h[3], h[4])
      for i in 0..<80 {
        let (f, k): (UInt32, UInt32) =
          switch i {
          case 0..<20: ((b & c) | (~b & d), 0x5A82_7999)
          case 20..<40: (b ^ c ^ d, 0x6ED9_EBA1)
          case 40..<60: ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC)
          default: (b ^ c ^ d, 0xCA62_C1D6)
          }
        let temp = (a << 5 | a >> 27) &+ f &+ e &+ k &+ w[i]
        e = d
        d = c
        c = b << 30 | b >> 2
        b = a
        a = temp
      }
      h[0] = h[0] &+ a
      h[1] = h[1] &+ b
      h[2] = h[2] &+ c
      h[3] = h[3] &+ d
      h[4] = h[4] &+ e
    }
    return h.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> (24 - 8 * $0)) } }
  }
}
