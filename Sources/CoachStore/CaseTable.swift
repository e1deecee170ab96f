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

/// Reads the upper-case UUID text the store writes, without the general parser's `sscanf`.
enum StoreUUID {
  static func parse(_ text: String) -> UUID? {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(16)
    var high: UInt8?
    var count = 0
    for character in text.utf8 {
      count += 1
      if character == UInt8(ascii: "-") {
        guard [9, 14, 19, 24].contains(count), high == nil else { return nil }
        continue
      }
      guard let nibble = hexValue(character) else { return nil }
      if let first = high {
        bytes.append(first << 4 | nibble)
        high = nil
      } else {
        high = nibble
      }
    }
    guard count == 36, bytes.count == 16 else { return UUID(uuidString: text) }
    return UUID(
      uuid: (
        bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9], bytes[10],
        bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
      ))
  }

  private static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    default: nil
    }
  }
}
