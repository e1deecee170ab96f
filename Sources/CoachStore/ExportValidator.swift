import CoachCore
import Foundation

/// The checks every attempt in an export file passes before anything is imported, so a damaged or
/// edited file is refused rather than trusted.
enum ExportValidator {
  /// What is wrong with `attempt` from `trainee`'s export; empty when nothing is.
  static func problems(_ attempt: ExportedAttempt, trainee: String) -> [String] {
    var problems: [String] = []
    var texts: [(field: String, value: String?)] = [
      ("trainee", attempt.trainee), ("cohort", attempt.cohort), ("scenarioID", attempt.scenarioID),
      ("scenarioVersion", attempt.scenarioVersion), ("scenarioTitle", attempt.scenarioTitle),
      ("scenarioPath", attempt.scenarioPath), ("rubricID", attempt.rubricID), ("ending", attempt.ending),
    ]
    for (position, turn) in attempt.turns.enumerated() {
      texts += [("turns[\(position)].node", turn.node), ("turns[\(position)].choice", turn.choice)]
    }
    for (field, value) in texts {
      if let value, let problem = textProblem(value) { problems.append("\(field) \(problem)") }
    }
    // Typed responses may run over several lines, and no further.
    for (position, turn) in attempt.turns.enumerated() {
      guard let typed = turn.typed else { continue }
      if let problem = textProblem(typed, allowNewlines: true) {
        problems.append("turns[\(position)].typed \(problem)")
      } else if typed.count > TurnRecord.maximumTypedLength {
        problems.append("turns[\(position)].typed is longer than \(TurnRecord.maximumTypedLength) characters")
      }
    }
    if attempt.trainee != trainee {
      problems.append("it belongs to trainee \"\(attempt.trainee)\", but the file is \"\(trainee)\"'s export")
    }
    for (name, value) in [
      ("scenarioID", attempt.scenarioID), ("scenarioVersion", attempt.scenarioVersion),
      ("rubricID", attempt.rubricID),
    ] where value.isEmpty {
      problems.append("\(name) is empty")
    }
    if attempt.contentHash.count != 64 || !attempt.contentHash.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) {
      problems.append("contentHash is not a SHA-256 hash (64 lower-case hexadecimal digits)")
    }
    if attempt.state.scenarioID != attempt.scenarioID || attempt.state.scenarioVersion != attempt.scenarioVersion {
      problems.append(
        "its state is from \(attempt.state.scenarioID)@\(attempt.state.scenarioVersion), "
          + "not \(attempt.scenarioID)@\(attempt.scenarioVersion)")
    }
    for (position, turn) in attempt.turns.enumerated() {
      if turn.index != position {
        problems.append("turns[\(position)] has index \(turn.index); turn indices must run 0, 1, 2, … in order")
        break
      }
      if !turn.secondsToAnswer.isFinite || turn.secondsToAnswer < 0 {
        problems.append("turns[\(position)] took \(turn.secondsToAnswer) seconds")
      }
    }
    let kept = attempt.turns.filter { !$0.undone }
    if kept.map({ [$0.node, $0.choice] }) != attempt.state.turns.map({ [$0.node, $0.choice] }) {
      problems.append("its turns that were not undone do not match the choices in its state")
    }
    switch attempt.status {
    case .complete:
      if attempt.finishedAt == nil { problems.append("it is complete but has no finishedAt") }
      if attempt.ending == nil {
        problems.append("it is complete but has no ending")
      } else if attempt.ending != attempt.state.node {
        problems.append("its ending \"\(attempt.ending!)\" is not where its state stands (\"\(attempt.state.node)\")")
      }
      if let report = attempt.report {
        if !report.headlineScore.isFinite || !(0...100).contains(report.headlineScore) {
          problems.append("its score \(report.headlineScore) is not between 0 and 100")
        }
        if report.turnCount != kept.count {
          problems.append("its report scores \(report.turnCount) turns, but \(kept.count) were answered")
        }
        if report.rubricID != attempt.rubricID {
          problems.append("its report is from rubric \"\(report.rubricID)\", not \"\(attempt.rubricID)\"")
        }
      } else {
        problems.append("it is complete but has no report")
      }
    case .inProgress, .abandoned:
      if attempt.report != nil { problems.append("it is \(attempt.status.rawValue) but has a report") }
      if attempt.ending != nil { problems.append("it is \(attempt.status.rawValue) but has an ending") }
      if attempt.status == .inProgress, attempt.finishedAt != nil {
        problems.append("it is in progress but has a finishedAt")
      }
    }
    return problems
  }

  /// Why `text` (a name, an id, a cohort) cannot be imported, or nil when it can: it may not hold
  /// control characters (NUL, escape, line breaks, ...) or invisible direction overrides, which
  /// could cut it short, disguise it or reach a terminal.
  static func textProblem(_ text: String, allowNewlines: Bool = false) -> String? {
    guard let (scalar, position) = TextPolicy.firstForbidden(in: text, allowNewlines: allowNewlines) else {
      return nil
    }
    let hex = String(scalar, radix: 16, uppercase: true)
    let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    let kind = scalar < 0x20 || (0x7F...0x9F).contains(scalar) ? "control" : "invisible formatting"
    return "contains the \(kind) character \(code) (at character \(position)), which is not allowed"
  }

  /// A decoding error in words, with the JSON path of the value at fault ("mode: …"), leaving out
  /// the first `dropping` keys of the path (an attempt's own errors need not repeat where it is).
  static func describe(_ error: any Error, dropping: Int = 0) -> String {
    guard let error = error as? DecodingError else {
      // Coach's own errors describe themselves in words; anything else is not shown as a value.
      if let error = error as? StoreJSON.Damage { return error.description }
      if let error = error as? SessionError { return error.description }
      return "it cannot be read"
    }
    func path(_ keys: [any CodingKey]) -> String {
      var text = ""
      for key in keys.dropFirst(dropping) {
        if let index = key.intValue {
          text += "[\(index)]"
        } else {
          text += (text.isEmpty ? "" : ".") + key.stringValue
        }
      }
      return text.isEmpty ? (dropping > 0 ? "the attempt" : "the document") : text
    }
    switch error {
    case .keyNotFound(let key, let context):
      return "\(path(context.codingPath + [key])): missing"
    case .valueNotFound(_, let context):
      return "\(path(context.codingPath)): missing value"
    case .typeMismatch(let type, let context):
      return "\(path(context.codingPath)): expected \(typeName(type))"
    case .dataCorrupted(let context):
      return "\(path(context.codingPath)): \(readable(context.debugDescription))"
    @unknown default:
      return "it cannot be read"
    }
  }

  /// Foundation's "Cannot initialize AttemptMode from invalid String value exam", in words.
  private static func readable(_ description: String) -> String {
    let prefix = "Cannot initialize "
    if description.contains(" does not fit in ") { return "the number is too large" }
    guard description.hasPrefix(prefix), let from = description.range(of: " from invalid "),
      let value = description.range(of: " value ", range: from.upperBound..<description.endIndex)
    else { return description }
    let type = String(description[description.index(description.startIndex, offsetBy: prefix.count)..<from.lowerBound])
    let found = "\"\(description[value.upperBound...])\""
    let known: [String: [String]] = [
      "AttemptMode": AttemptMode.allCases.map(\.rawValue),
      "AttemptStatus": AttemptStatus.allCases.map(\.rawValue),
      "Band": Band.allCases.map(\.rawValue),
    ]
    if let values = known[type] { return "\(found) is not one of \(values.joined(separator: ", "))" }
    if type == "TechniqueCode" { return "\(found) is not a technique code" }
    return "\(found) is not a value allowed here"
  }

  private static func typeName(_ type: Any.Type) -> String {
    switch type {
    case is String.Type: "text"
    case is Int.Type, is Double.Type: "a number"
    case is Bool.Type: "true or false"
    case is UUID.Type: "a UUID"
    case is Date.Type: "a date"
    default:
      if String(describing: type).hasPrefix("Array") {
        "an array"
      } else if String(describing: type).hasPrefix("Dictionary") {
        "an object"
      } else {
        // A type's name means nothing to the person reading the message.
        "another kind of value"
      }
    }
  }
}
