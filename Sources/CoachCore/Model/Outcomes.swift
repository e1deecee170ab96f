/// A safety-critical task a scenario declares, such as "a safety-net agreed": done when its
/// condition holds at the end of the story. A missed task caps the band (docs/rubric.md).
public struct SafetyTask: Sendable {
  public let id: String
  /// What the task is, in words: "A safety-net agreed".
  public let label: String
  /// When the task counts as done, read at the ending.
  public let done: Condition

  init(id: String, label: String, done: Condition) {
    self.id = id
    self.label = label
    self.done = done
  }
}

/// A learning objective, optionally with a condition that says whether a play-through met it.
public struct Objective: Sendable {
  public let text: String
  /// When present, the objective counts as met when this holds at the ending; when absent the
  /// report shows the objective without a verdict.
  public let met: Condition?

  init(text: String, met: Condition?) {
    self.text = text
    self.met = met
  }
}

/// One paragraph of an ending's debrief, shown only when its condition holds at the ending, so
/// the debrief describes the path the trainee took.
public struct DebriefParagraph: Sendable {
  /// The paragraph's words, with any variants chosen by state at the ending.
  public let wording: VaryingText
  /// When absent the paragraph is always shown.
  public let condition: Condition?

  init(text: VaryingText, condition: Condition?) {
    self.wording = text
    self.condition = condition
  }

  /// The words when no variant's condition holds (the only words, for most paragraphs).
  public var text: String { wording.fallback }
}
