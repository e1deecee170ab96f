import CoachCore
import Foundation

/// The JSON used for values stored in text columns and in export files: sorted keys, so the same
/// value always gives the same text, and dates as `StoreDate` text.
package enum StoreJSON {
  /// A stored value that cannot be read back.
  package struct Damage: Error, CustomStringConvertible {
    package var what: String
    package var detail: String
    package var description: String { "\(what) cannot be read (\(detail))" }

    package init(what: String, detail: String) {
      self.what = what
      self.detail = detail
    }
  }

  package static func encoder(pretty: Bool = false) -> JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys]
    encoder.dateEncodingStrategy = .custom { date, encoder in
      var container = encoder.singleValueContainer()
      try container.encode(StoreDate.string(date))
    }
    return encoder
  }

  package static func decoder() -> JSONDecoder {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .custom { decoder in
      let container = try decoder.singleValueContainer()
      let text = try container.decode(String.self)
      guard let date = StoreDate.parse(text) else {
        throw DecodingError.dataCorruptedError(
          in: container, debugDescription: "\"\(text)\" is not an ISO 8601 date such as 2025-03-01T10:15:30Z")
      }
      return date
    }
    return decoder
  }

  package static func text(_ value: some Encodable) throws -> String {
    String(decoding: try encoder().encode(value), as: UTF8.self)
  }

  package static func value<T: Decodable>(_ type: T.Type, from text: String, what: String) throws -> T {
    do {
      return try decoder().decode(type, from: Data(text.utf8))
    } catch {
      throw Damage(what: what, detail: ExportValidator.describe(error))
    }
  }
}

extension EncodingError {
  /// Why a value could not be written as JSON, in words: "the value of x (inf): it is not a finite
  /// number".
  package var plainDescription: String {
    switch self {
    case .invalidValue(let value, let context):
      var place = ""
      for key in context.codingPath {
        place += key.intValue.map { "[\($0)]" } ?? (place.isEmpty ? "" : ".") + key.stringValue
      }
      let subject = place.isEmpty ? "a value" : "the value of \(place)"
      if let number = value as? Double, !number.isFinite { return "\(subject) (\(number)): it is not a finite number" }
      if let number = value as? Float, !number.isFinite { return "\(subject) (\(number)): it is not a finite number" }
      return "\(subject): JSON cannot hold it"
    @unknown default:
      return "a value: JSON cannot hold it"
    }
  }
}
