import Foundation

/// Checks a statement, parsed from JSON, against the xAPI 1.0.3 specification's rules for the
/// parts Coach writes (Part Two: Statement, Agent, Verb, Activity, Result, Context): required
/// properties and their types, value formats (UUIDs, IRIs, language maps, ISO 8601 timestamps and
/// durations, score ranges) and no properties the specification does not define, which a learning
/// record store must reject. Written from the specification, independently of the code that makes
/// the statements.
public enum XAPIValidator {
  /// Every problem with `statement`, each naming its path; empty when it conforms.
  public static func problems(in statement: Any) -> [String] {
    var problems: [String] = []
    guard let object = statement as? [String: Any] else { return ["statement: not a JSON object"] }
    check(
      object, path: "statement",
      allowed: [
        "id", "actor", "verb", "object", "result", "context", "timestamp", "stored", "authority", "version",
        "attachments",
      ], required: ["actor", "verb", "object"], into: &problems)
    if let id = object["id"] { uuid(id, path: "statement.id", into: &problems) }
    if let actor = object["actor"] { agent(actor, path: "statement.actor", into: &problems) }
    if let verb = object["verb"] { self.verb(verb, path: "statement.verb", into: &problems) }
    if let target = object["object"] { activity(target, path: "statement.object", into: &problems) }
    if let result = object["result"] { self.result(result, path: "statement.result", into: &problems) }
    if let context = object["context"] { self.context(context, path: "statement.context", into: &problems) }
    if let timestamp = object["timestamp"] { self.timestamp(timestamp, path: "statement.timestamp", into: &problems) }
    if let version = object["version"] {
      if let text = version as? String {
        if !text.hasPrefix("1.0.") { problems.append("statement.version: \(text) is not 1.0.x") }
      } else {
        problems.append("statement.version: not a string")
      }
    }
    return problems
  }

  static func check(
    _ object: [String: Any], path: String, allowed: Set<String>, required: Set<String>, into problems: inout [String]
  ) {
    for key in object.keys.sorted() where !allowed.contains(key) {
      problems.append("\(path).\(key): not a property the specification defines here")
    }
    for key in required.sorted() where object[key] == nil { problems.append("\(path).\(key): required") }
  }

  static func uuid(_ value: Any, path: String, into problems: inout [String]) {
    let pattern = #"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$"#
    guard let text = value as? String, text.range(of: pattern, options: .regularExpression) != nil else {
      problems.append("\(path): not an RFC 4122 UUID")
      return
    }
  }

  /// An absolute IRI: a scheme, a colon, and no spaces.
  static func iri(_ value: Any, path: String, into problems: inout [String]) {
    guard let text = value as? String,
      text.range(of: #"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s]+$"#, options: .regularExpression) != nil
    else {
      problems.append("\(path): not an absolute IRI")
      return
    }
  }

  /// A language map: RFC 5646 tags to strings, at least one.
  static func languageMap(_ value: Any, path: String, into problems: inout [String]) {
    guard let map = value as? [String: Any], !map.isEmpty else {
      problems.append("\(path): not a language map")
      return
    }
    for (tag, text) in map {
      if tag.range(of: #"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$"#, options: .regularExpression) == nil {
        problems.append("\(path).\(tag): not an RFC 5646 language tag")
      }
      if !(text is String) { problems.append("\(path).\(tag): not a string") }
    }
  }

  static func agent(_ value: Any, path: String, into problems: inout [String]) {
    guard let object = value as? [String: Any] else { return problems.append("\(path): not an object") }
    check(
      object, path: path, allowed: ["objectType", "name", "mbox", "mbox_sha1sum", "openid", "account"], required: [],
      into: &problems)
    if let type = object["objectType"], type as? String != "Agent" { problems.append("\(path).objectType: not Agent") }
    if let name = object["name"], !(name is String) { problems.append("\(path).name: not a string") }
    let identifiers = ["mbox", "mbox_sha1sum", "openid", "account"].filter { object[$0] != nil }
    if identifiers.count != 1 { problems.append("\(path): needs exactly one inverse functional identifier") }
    if let account = object["account"] {
      guard let account = account as? [String: Any] else { return problems.append("\(path).account: not an object") }
      check(
        account, path: path + ".account", allowed: ["homePage", "name"], required: ["homePage", "name"], into: &problems
      )
      if let homePage = account["homePage"] { iri(homePage, path: path + ".account.homePage", into: &problems) }
      if let name = account["name"], (name as? String)?.isEmpty != false {
        problems.append("\(path).account.name: not a non-empty string")
      }
    }
  }

  static func verb(_ value: Any, path: String, into problems: inout [String]) {
    guard let object = value as? [String: Any] else { return problems.append("\(path): not an object") }
    check(object, path: path, allowed: ["id", "display"], required: ["id"], into: &problems)
    if let id = object["id"] { iri(id, path: path + ".id", into: &problems) }
    if let display = object["display"] { languageMap(display, path: path + ".display", into: &problems) }
  }

  static let interactionTypes: Set<String> = [
    "true-false", "choice", "fill-in", "long-fill-in", "matching", "performance", "sequencing", "likert", "numeric",
    "other",
  ]

  static func activity(_ value: Any, path: String, into problems: inout [String]) {
    guard let object = value as? [String: Any] else { return problems.append("\(path): not an object") }
    check(object, path: path, allowed: ["objectType", "id", "definition"], required: ["id"], into: &problems)
    if let type = object["objectType"], type as? String != "Activity" {
      problems.append("\(path).objectType: not Activity")
    }
    if let id = object["id"] { iri(id, path: path + ".id", into: &problems) }
    guard let definition = object["definition"] else { return }
    guard let fields = definition as? [String: Any] else { return problems.append("\(path).definition: not an object") }
    check(
      fields, path: path + ".definition",
      allowed: [
        "name", "description", "type", "moreInfo", "extensions", "interactionType", "correctResponsesPattern",
        "choices",
        "scale", "source", "target", "steps",
      ], required: [], into: &problems)
    for key in ["name", "description"] {
      if let map = fields[key] { languageMap(map, path: "\(path).definition.\(key)", into: &problems) }
    }
    if let type = fields["type"] { iri(type, path: path + ".definition.type", into: &problems) }
    if let interaction = fields["interactionType"] {
      if !interactionTypes.contains(interaction as? String ?? "") {
        problems.append("\(path).definition.interactionType: not one of the specification's types")
      }
    }
    if let extensions = fields["extensions"] {
      self.extensions(extensions, path: path + ".definition.extensions", into: &problems)
    }
  }

  static func extensions(_ value: Any, path: String, into problems: inout [String]) {
    guard let object = value as? [String: Any] else { return problems.append("\(path): not an object") }
    for key in object.keys.sorted() { iri(key, path: "\(path)[\(key)]", into: &problems) }
  }

  static func result(_ value: Any, path: String, into problems: inout [String]) {
    guard let object = value as? [String: Any] else { return problems.append("\(path): not an object") }
    check(
      object, path: path, allowed: ["score", "success", "completion", "response", "duration", "extensions"],
      required: [], into: &problems)
    for key in ["success", "completion"] {
      if let flag = object[key], !isBool(flag) { problems.append("\(path).\(key): not a boolean") }
    }
    if let response = object["response"], !(response is String) { problems.append("\(path).response: not a string") }
    if let duration = object["duration"] {
      let pattern = #"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$"#
      if (duration as? String)?.range(of: pattern, options: .regularExpression) == nil {
        problems.append("\(path).duration: not an ISO 8601 duration")
      }
    }
    if let extensions = object["extensions"] {
      self.extensions(extensions, path: path + ".extensions", into: &problems)
    }
    guard let score = object["score"] else { return }
    guard let fields = score as? [String: Any] else { return problems.append("\(path).score: not an object") }
    check(fields, path: path + ".score", allowed: ["scaled", "raw", "min", "max"], required: [], into: &problems)
    func number(_ key: String) -> Double? {
      guard let value = fields[key] else { return nil }
      guard let number = value as? NSNumber, !isBool(value) else {
        problems.append("\(path).score.\(key): not a number")
        return nil
      }
      return number.doubleValue
    }
    let scaled = number("scaled")
    let raw = number("raw")
    let min = number("min")
    let max = number("max")
    if let scaled, !(-1...1).contains(scaled) { problems.append("\(path).score.scaled: outside -1...1") }
    if let min, let max, !(min < max) { problems.append("\(path).score: min is not below max") }
    if let raw, let min, raw < min { problems.append("\(path).score.raw: below min") }
    if let raw, let max, raw > max { problems.append("\(path).score.raw: above max") }
  }

  static func context(_ value: Any, path: String, into problems: inout [String]) {
    guard let object = value as? [String: Any] else { return problems.append("\(path): not an object") }
    check(
      object, path: path,
      allowed: [
        "registration", "instructor", "team", "contextActivities", "revision", "platform", "language", "statement",
        "extensions",
      ], required: [], into: &problems)
    if let registration = object["registration"] { uuid(registration, path: path + ".registration", into: &problems) }
    for key in ["revision", "platform"] {
      if let text = object[key], !(text is String) { problems.append("\(path).\(key): not a string") }
    }
    if let language = object["language"] {
      if (language as? String)?.range(of: #"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$"#, options: .regularExpression) == nil {
        problems.append("\(path).language: not an RFC 5646 language tag")
      }
    }
    if let extensions = object["extensions"] {
      self.extensions(extensions, path: path + ".extensions", into: &problems)
    }
    guard let activities = object["contextActivities"] else { return }
    guard let groups = activities as? [String: Any] else {
      return problems.append("\(path).contextActivities: not an object")
    }
    check(
      groups, path: path + ".contextActivities", allowed: ["parent", "grouping", "category", "other"], required: [],
      into: &problems)
    for (key, group) in groups {
      let list = group as? [Any] ?? [group]
      for (index, item) in list.enumerated() {
        activity(item, path: "\(path).contextActivities.\(key)[\(index)]", into: &problems)
      }
    }
  }

  static func timestamp(_ value: Any, path: String, into problems: inout [String]) {
    let pattern = #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"#
    if (value as? String)?.range(of: pattern, options: .regularExpression) == nil {
      problems.append("\(path): not an ISO 8601 timestamp with a time zone")
    }
  }

  /// JSONSerialization gives booleans as a boolean subclass of NSNumber, which also casts to a
  /// number (and a number to `Bool`): tell them apart by that class.
  static func isBool(_ value: Any) -> Bool {
    String(describing: type(of: value)) == "__NSCFBoolean"
  }
}
