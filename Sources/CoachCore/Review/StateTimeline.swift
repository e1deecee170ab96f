/// The patient's visible state turn by turn: what the trainee's meters showed at the start of the
/// conversation and after each response.
///
/// Rebuilt by replaying the session's turns with its seed, so a stored attempt gives the same
/// timeline as the play it records. Only variables the scenario marks `visible` appear: the
/// trainee never saw the others.
public struct StateTimeline: Sendable, Codable, Equatable {
  /// One visible variable over the conversation.
  public struct Series: Sendable, Codable, Equatable {
    public var name: String
    /// The author's label, e.g. "Rapport".
    public var label: String
    public var type: ValueType
    /// The variable's declared clamp, when it has one.
    public var min: Double?
    public var max: Double?
    /// `values[0]` is the value at the start; `values[i]` the value after turn `i`.
    public var values: [Value]

    public init(name: String, label: String, type: ValueType, min: Double?, max: Double?, values: [Value]) {
      self.name = name
      self.label = label
      self.type = type
      self.min = min
      self.max = max
      self.values = values
    }
  }

  /// One series per visible variable, in declaration order.
  public var series: [Series]

  /// The number of turns answered: every series has one value more than this.
  public var turnCount: Int { series.first.map { $0.values.count - 1 } ?? 0 }

  public init(series: [Series]) {
    self.series = series
  }

  /// The visible state of `session` at its start and after each of its turns.
  ///
  /// A session always replays (its turns were made by the engine); should it not, the timeline
  /// stops at the last turn that did.
  public init(session: Session) {
    let scenario = session.scenario
    let visible = scenario.variables.enumerated().filter { $0.element.visible }
    var replay = Session(scenario: scenario, seed: session.seed)
    var columns: [[Value]] = visible.map { [replay.values[$0.offset]] }
    for turn in session.turns {
      guard (try? replay.choose(turn.choice)) != nil else { break }
      for (column, variable) in visible.enumerated() { columns[column].append(replay.values[variable.offset]) }
    }
    series = zip(visible, columns).map { variable, values in
      Series(
        name: variable.element.name, label: variable.element.label, type: variable.element.type,
        min: variable.element.min, max: variable.element.max, values: values)
    }
  }
}
