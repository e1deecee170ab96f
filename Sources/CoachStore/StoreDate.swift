import CoachCore
import Foundation

/// How the store writes dates, in the database and in exports: ISO 8601 in UTC with milliseconds,
/// `2025-03-01T10:15:30.250Z`.
///
/// Dates are rounded to the millisecond on the way in, so a date read back, exported and imported
/// again is the same value. The fixed width keeps the text sortable, so SQL compares it directly.
public enum StoreDate {
  /// Appends `string(date)` to `bytes` without building a string.
  public static func append(_ date: Date, to bytes: inout [UInt8]) {
    let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
    let (days, millisecondOfDay) = floorDivide(milliseconds, 86_400_000)
    let (year, month, day) = CivilDate.civil(fromDays: Int(days))
    let time = Int(millisecondOfDay)
    func digits(_ value: Int, _ width: Int) {
      var divisor = 1
      for _ in 1..<width { divisor *= 10 }
      if value < 0 || value >= divisor * 10 {
        bytes.append(contentsOf: String(value).utf8)
        return
      }
      while divisor > 0 {
        bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
        divisor /= 10
      }
    }
    digits(year, 4)
    bytes.append(UInt8(ascii: "-"))
    digits(month, 2)
    bytes.append(UInt8(ascii: "-"))
    digits(day, 2)
    bytes.append(UInt8(ascii: "T"))
    digits(time / 3_600_000, 2)
    bytes.append(UInt8(ascii: ":"))
    digits(time / 60_000 % 60, 2)
    bytes.append(UInt8(ascii: ":"))
    digits(time / 1000 % 60, 2)
    bytes.append(UInt8(ascii: "."))
    digits(time % 1000, 3)
    bytes.append(UInt8(ascii: "Z"))
  }

  /// `date` as text, rounded to the millisecond.
  public static func string(_ date: Date) -> String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(24)
    append(date, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// `date` rounded to the millisecond, as the store keeps it.
  public static func normalized(_ date: Date) -> Date {
    Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded() / 1000)
  }

  /// Parses an ISO 8601 date and time: `2025-03-01T10:15:30Z`, with optional fractional seconds
  /// and a `Z` or `±HH:MM` offset. The result is rounded to the millisecond. Nil when malformed.
  public static func parse(_ text: String) -> Date? {
    let bytes = Array(text.utf8)
    guard bytes.count >= 20, let days = parseDay(bytes[0..<10]),
      bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "),
      let hour = number(bytes[11..<13]), bytes[13] == UInt8(ascii: ":"), let minute = number(bytes[14..<16]),
      bytes[16] == UInt8(ascii: ":"), let second = number(bytes[17..<19]), hour < 24, minute < 60, second < 60
    else { return nil }
    var index = 19
    var fraction = 0.0
    if bytes[index] == UInt8(ascii: ".") {
      index += 1
      var scale = 0.1
      let start = index
      while index < bytes.count, let digit = digit(bytes[index]) {
        fraction += Double(digit) * scale
        scale /= 10
        index += 1
      }
      guard index > start, index - start <= 9 else { return nil }
    }
    guard index < bytes.count else { return nil }
    var offset = 0
    if bytes[index] == UInt8(ascii: "Z") {
      index += 1
    } else if bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
      let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
      guard bytes.count == index + 6, let hours = number(bytes[index + 1..<index + 3]),
        bytes[index + 3] == UInt8(ascii: ":"), let minutes = number(bytes[index + 4..<index + 6]), hours < 24,
        minutes < 60
      else { return nil }
      offset = sign * (hours * 3600 + minutes * 60)
      index += 6
    }
    guard index == bytes.count else { return nil }
    let seconds = Double(days * 86_400 + hour * 3600 + minute * 60 + second - offset) + fraction
    return Date(timeIntervalSince1970: (seconds * 1000).rounded() / 1000)
  }

  /// Parses a calendar day, `2025-03-01`, as midnight UTC; or a full date and time as `parse`.
  public static func parseDayOrTime(_ text: String) -> Date? {
    let bytes = Array(text.utf8)
    if bytes.count == 10, let days = parseDay(bytes[0..<10]) {
      return Date(timeIntervalSince1970: Double(days) * 86_400)
    }
    return parse(text)
  }

  // MARK: - Calendar arithmetic (proleptic Gregorian, after Howard Hinnant's algorithms)

  private static func parseDay(_ bytes: ArraySlice<UInt8>) -> Int? {
    let base = bytes.startIndex
    guard let year = number(bytes[base..<base + 4]), bytes[base + 4] == UInt8(ascii: "-"),
      let month = number(bytes[base + 5..<base + 7]), bytes[base + 7] == UInt8(ascii: "-"),
      let day = number(bytes[base + 8..<base + 10]), (1...12).contains(month), (1...31).contains(day)
    else { return nil }
    let days = CivilDate.days(year: year, month: month, day: day)
    // Reject days that do not exist, such as 2025-02-30.
    guard CivilDate.civil(fromDays: days) == (year, month, day) else { return nil }
    return days
  }

  private static func floorDivide(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
    let quotient = value / divisor
    let remainder = value % divisor
    return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
  }

  private static func digit(_ byte: UInt8) -> Int? {
    (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? Int(byte - UInt8(ascii: "0")) : nil
  }

  private static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
    var value = 0
    for byte in bytes {
      guard let digit = digit(byte) else { return nil }
      value = value * 10 + digit
    }
    return value
  }
}
