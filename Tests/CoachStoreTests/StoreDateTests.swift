import CoachStore
import Foundation
import Testing

@Suite("Store dates")
struct StoreDateTests {
  @Test func datesAreUTCTextWithMilliseconds() {
    #expect(StoreDate.string(Date(timeIntervalSince1970: 1_740_823_200.25)) == "2025-03-01T10:00:00.250Z")
    #expect(StoreDate.string(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
    #expect(StoreDate.string(Date(timeIntervalSince1970: -0.001)) == "1969-12-31T23:59:59.999Z")
    #expect(StoreDate.string(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00.000Z")
  }

  @Test func textRoundTripsExactly() {
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<1000 {
      let date = StoreDate.normalized(
        Date(timeIntervalSince1970: Double.random(in: 0..<4_000_000_000, using: &generator)))
      #expect(StoreDate.parse(StoreDate.string(date)) == date)
    }
  }

  @Test(arguments: [
    ("2025-03-01T10:00:00Z", 1_740_823_200.0),
    ("2025-03-01T10:00:00.5Z", 1_740_823_200.5),
    ("2025-03-01 10:00:00.250Z", 1_740_823_200.25),
    ("2025-03-01T11:30:00+01:30", 1_740_823_200.0),
    ("2025-03-01T05:00:00-05:00", 1_740_823_200.0),
  ])
  func iso8601TimesParse(text: String, seconds: Double) {
    #expect(StoreDate.parse(text) == Date(timeIntervalSince1970: seconds))
  }

  @Test(arguments: [
    "", "2025-03-01", "2025-03-01T10:00:00", "2025-02-30T10:00:00Z", "2025-13-01T10:00:00Z",
    "2025-03-01T24:00:00Z", "2025-03-01T10:00:00.Z", "2025-03-01T10:00:00Zjunk", "yesterday",
  ])
  func malformedTimesDoNotParse(text: String) {
    #expect(StoreDate.parse(text) == nil)
  }

  @Test func aDayIsMidnightUTC() {
    #expect(StoreDate.parseDayOrTime("2025-03-01") == Date(timeIntervalSince1970: 1_740_787_200))
    #expect(StoreDate.parseDayOrTime("2025-03-01T10:00:00Z") == Date(timeIntervalSince1970: 1_740_823_200))
    #expect(StoreDate.parseDayOrTime("01/03/2025") == nil)
  }
}

@Suite("Store dates as bytes")
struct StoreDateBytesTests {
  @Test(arguments: [0.0, 1_800_000_000.123, -86_400.5, 253_402_300_799.999, 1_234_567.001])
  func appendingMatchesTheString(_ seconds: Double) {
    let date = Date(timeIntervalSince1970: seconds)
    var bytes: [UInt8] = []
    StoreDate.append(date, to: &bytes)
    #expect(String(decoding: bytes, as: UTF8.self) == StoreDate.string(date))
  }
}
