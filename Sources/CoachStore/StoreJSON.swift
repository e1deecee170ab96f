import CoachCore
import Foundation

/// The JSON used for values stored in text columns and in export files: sorted keys, so the same
/// value always gives the same text, and dates as `StoreDate` text.
enum StoreJSON {
  /// A stored value that cannot be read back.
  struct Damage: Error, CustomStringConvertible {
    var what: String
    var detail: String
    var description: String { "\(what) cannot be read (\(detail))" }
  }

  static func encoder(pretty: Bool = false) -> JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys]
    encoder.dateEncodingStrategy = .custom { date, encoder in
      var container = encoder.singleValueContainer()
      try container.encode(StoreDate.string(date))
    }
    return encoder
  }

  static func decoder() -> JSONDecoder {
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

  static func text(_ value: some Encodable) throws -> String {
    String(decoding: try encoder().encode(value), as: UTF8.self)
  }

  static func value<T: Decodable>(_ type: T.Type, from text: String, what: String) throws -> T {
    do {
      return try decoder().decode(type, from: Data(text.utf8))
    } catch {
      throw Damage(what: what, detail: "\(error)")
    }
  }
}
