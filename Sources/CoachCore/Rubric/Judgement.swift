/// How one response stands among the options on offer at its decision point: its grade, the mark
/// a trainee sees, and the better option when there was one.
///
/// This is the one place where a response is judged in context. The author's grades decide where
/// the decision point has them; elsewhere the grade is derived from the technique codes.
public struct Judgement: Sendable, Equatable {
  public var grade: Grade
  /// Whether the grade is the author's (true) or derived from the codes (false).
  public var isAuthored: Bool
  /// The strongest option on offer, when it is better than the response made.
  public var better: CodedTurn.Option?

  /// A poor response is a turn to revisit.
  public var isPoor: Bool { grade == .poor }

  /// The mark shown after a response in practice mode.
  public var mark: Mark { grade.mark }

  /// ✔, • or ✘.
  public enum Mark: String, Sendable {
    case strong = "✔"
    case neutral = "•"
    case poor = "✘"
  }
}

extension Grade {
  /// ✔ for best and good, • for acceptable, ✘ for poor.
  public var mark: Judgement.Mark {
    switch self {
    case .best, .good: .strong
    case .acceptable: .neutral
    case .poor: .poor
    }
  }
}

extension Rubric {
  /// How much better an option must be, in summed global movement, to be named as the better
  /// option where the author gives no grades.
  public static let betterOptionMargin = Hundredths(raw: 30)

  /// Judges `chosen` among `offered` (which includes it), in the order shown.
  public func judge(_ chosen: CodedTurn.Option, among offered: [CodedTurn.Option]) -> Judgement {
    let options = offered.contains { $0.id == chosen.id } ? offered : offered + [chosen]
    let grades = self.grades(options)
    let grade = grades[options.firstIndex { $0.id == chosen.id }!]
    let isAuthored = options.allSatisfy { $0.grade != nil }
    guard let strongest = strongest(options, grades: grades), strongest.id != chosen.id else {
      return Judgement(grade: grade, isAuthored: isAuthored, better: nil)
    }
    let strongestGrade = grades[options.firstIndex { $0.id == strongest.id }!]
    let isBetter =
      isAuthored
      ? strongestGrade > grade
      : quality(of: strongest) - quality(of: chosen) >= Self.betterOptionMargin
    return Judgement(grade: grade, isAuthored: isAuthored, better: isBetter ? strongest : nil)
  }

  /// The option `:hint` points to: the highest grade, then the highest quality, then the first
  /// shown. It is never graded below another option on offer.
  public func strongest(among offered: [CodedTurn.Option]) -> CodedTurn.Option? {
    strongest(offered, grades: grades(offered))
  }

  private func strongest(_ options: [CodedTurn.Option], grades: [Grade]) -> CodedTurn.Option? {
    guard !options.isEmpty else { return nil }
    var best = 0
    for index in options.indices.dropFirst() {
      if grades[index] != grades[best] {
        if grades[index] > grades[best] { best = index }
      } else if quality(of: options[index]) > quality(of: options[best]) {
        best = index
      }
    }
    return options[best]
  }

  /// Each option's grade: the author's when every option has one, else derived from the codes.
  ///
  /// Derived: non-adherent or of negative quality is poor; no positive quality, or at least the
  /// margin below the strongest on offer, is acceptable; the highest quality on offer is best;
  /// anything else positive is good.
  func grades(_ options: [CodedTurn.Option]) -> [Grade] {
    if options.allSatisfy({ $0.grade != nil }) { return options.map { $0.grade! } }
    let qualities = options.map { quality(of: $0) }
    let top = qualities.max() ?? .zero
    return zip(options, qualities).map { option, quality in
      if family(of: option.codes) == .nonAdherent || quality < .zero { return .poor }
      if quality <= .zero || top - quality >= Self.betterOptionMargin { return .acceptable }
      return quality == top ? .best : .good
    }
  }
}
