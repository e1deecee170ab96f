import CoachCore
import Foundation

/// An enumeration whose cases can index an array: each case's position among `allCases`.
public protocol CasePositioned: CaseIterable, Hashable, Sendable {
  var position: Int { get }
}

extension CasePositioned {
  static var caseCount: Int { allCases.count }
}

/// A value, or none, for each case of an enumeration, held in an array indexed by case position:
/// reading a row's figures builds no dictionaries and hashes no keys.
public struct CaseTable<Key: CasePositioned, Value: Sendable & Equatable>: Sendable, Equatable {
  private var values: [Value?]

  public init() {
    values = Array(repeating: nil, count: Key.caseCount)
  }

  public subscript(key: Key) -> Value? {
    get { values[key.position] }
    set { values[key.position] = newValue }
  }
}

extension Behaviour: CasePositioned {
  public var position: Int {
    switch self {
    case .question: 0
    case .openQuestion: 1
    case .closedQuestion: 2
    case .simpleReflection: 3
    case .complexReflection: 4
    case .affirm: 5
    case .seek: 6
    case .emphasize: 7
    case .giveInformation: 8
    case .persuade: 9
    case .persuadeWithPermission: 10
    case .confront: 11
    }
  }
}

extension GlobalScore: CasePositioned {
  public var position: Int {
    switch self {
    case .cultivatingChangeTalk: 0
    case .softeningSustainTalk: 1
    case .partnership: 2
    case .empathy: 3
    }
  }
}

extension MetricKind: CasePositioned {
  public var position: Int {
    switch self {
    case .relational: 0
    case .technical: 1
    case .percentComplexReflections: 2
    case .reflectionToQuestion: 3
    case .percentOpenQuestions: 4
    }
  }
}
