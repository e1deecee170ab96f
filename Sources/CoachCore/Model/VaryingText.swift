/// Words that can change with the state of the story: a patient's line, a cue, a response's words
/// or a debrief paragraph, written as variants tried in order. The first variant whose condition
/// holds is the one shown; the last has no condition and is the fallback, so there is always
/// something to show. Most texts have one variant: the fallback.
public struct VaryingText: Sendable, Equatable {
  /// One way of putting the words, shown when its condition holds (always, for the fallback).
  public struct Variant: Sendable, Equatable {
    /// When the variant is shown; nil for the fallback.
    public let condition: Condition?
    /// The words.
    public let text: String

    init(condition: Condition?, text: String) {
      self.condition = condition
      self.text = text
    }

    public static func == (lhs: Variant, rhs: Variant) -> Bool {
      lhs.text == rhs.text && lhs.condition?.source == rhs.condition?.source
    }
  }

  /// The variants in the order they are tried; the last has no condition.
  public let variants: [Variant]

  init(variants: [Variant]) {
    precondition(!variants.isEmpty)
    self.variants = variants
  }

  /// A text that never changes.
  init(_ text: String) {
    variants = [Variant(condition: nil, text: text)]
  }

  /// The words shown when no condition holds.
  public var fallback: String { variants[variants.count - 1].text }

  /// Whether the words can change with the state.
  public var varies: Bool { variants.count > 1 }

  /// Every wording, in order.
  public var texts: [String] { variants.map(\.text) }

  /// The conditions of the variants.
  var conditions: [Condition] { variants.compactMap(\.condition) }

  /// The words for the state `environment` holds: the first variant whose condition holds.
  func text<Environment: ExpressionEnvironment>(in environment: Environment) -> String {
    for variant in variants where variant.condition?.holds(in: environment) ?? true {
      return variant.text
    }
    return fallback
  }
}
