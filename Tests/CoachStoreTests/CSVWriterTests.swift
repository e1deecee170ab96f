import Foundation
import Testing

@testable import CoachSheets
@testable import CoachStore

@Suite("CSV writer")
struct CSVWriterTests {
  @Test(arguments: [
    ("plain", "plain"),
    ("", ""),
    ("a,b", #""a,b""#),
    (#"say "hi""#, #""say ""hi""""#),
    ("two\nlines", "\"two\nlines\""),
    ("carriage\rreturn", "\"carriage\rreturn\""),
    ("crlf\r\ninside", "\"crlf\r\ninside\""),
    ("naïve café — 看護師 👩🏽‍⚕️", "naïve café — 看護師 👩🏽‍⚕️"),
    ("' already quoted", "' already quoted"),
  ])
  func textIsQuotedPerRFC4180(text: String, expected: String) {
    #expect(CSVWriter.field(.text(text)) == expected)
  }

  @Test(arguments: [
    (#"=HYPERLINK("http://x","y")"#, #""'=HYPERLINK(""http://x"",""y"")""#),
    ("=1+1", #""'=1+1""#),
    ("+44 20 7946 0000", #""'+44 20 7946 0000""#),
    ("-0.5", #""'-0.5""#),
    ("-cmd|' /C calc'!A0", #""'-cmd|' /C calc'!A0""#),
    ("@SUM(A1:A2)", #""'@SUM(A1:A2)""#),
    ("\t=1", "\"'\t=1\""),
    ("\r=1", "\"'\r=1\""),
    ("\n=1", "\"'\n=1\""),
  ])
  func textThatASpreadsheetWouldRunIsNeutralised(text: String, expected: String) {
    #expect(CSVWriter.field(.text(text)) == expected)
  }

  @Test func numbersCoachComputedStayNumbers() {
    #expect(CSVWriter.field(.number("-0.5")) == "-0.5")
    #expect(CSVWriter.field(.number("62.5")) == "62.5")
    #expect(CSVWriter.field(.number("0")) == "0")
    // Anything that is not a plain number is text, neutralised like any other.
    #expect(CSVWriter.field(.number("-1+2")) == #""'-1+2""#)
    #expect(CSVWriter.field(.number("1e5")) == "1e5")
    #expect(CSVWriter.field(.number("-")) == #""'-""#)
    #expect(CSVWriter.field(.number("1,5")) == #""1,5""#)
  }

  @Test func aDocumentHasAHeaderAndCRLFAfterEveryRecord() {
    let text = CSVWriter.document(
      header: ["trainee", "score"], rows: [[.text("ann"), .number("62.5")], [.text("a,b"), .number("-1")]])
    #expect(text == "trainee,score\r\nann,62.5\r\n\"a,b\",-1\r\n")
  }

  @Test func cellsBecomeFieldsAndNumbersLoseTrailingZeros() {
    let sheet = ScoreSheet(
      columns: [
        .init("name", "Name"), .init("n", "N"), .init("d", "D"), .init("when", "When"), .init("ok", "OK"),
        .init("none", "None"),
      ],
      rows: [
        [
          .text(#"=HYPERLINK("http://x","y")"#), .integer(-3), .decimal(-0.5, places: 2),
          .date(Date(timeIntervalSince1970: 1_740_823_200.25)), .flag(true), .empty,
        ],
        [.text("Zoë"), .integer(0), .decimal(62.50000001, places: 1), .empty, .flag(false), .decimal(.nan, places: 1)],
      ])
    #expect(
      sheet.csv
        == "name,n,d,when,ok,none\r\n"
        + #""'=HYPERLINK(""http://x"",""y"")",-3,-0.5,2025-03-01T10:00:00.250Z,true,"# + "\r\n"
        + "Zoë,0,62.5,,false,\r\n")
  }

  @Test func decimalsAreRoundedWithoutTrailingZeros() {
    #expect(ScoreSheet.Cell.decimalText(3.0, places: 2) == "3")
    #expect(ScoreSheet.Cell.decimalText(0.1 + 0.2, places: 2) == "0.3")
    #expect(ScoreSheet.Cell.decimalText(-0.0001, places: 2) == "0")
    #expect(ScoreSheet.Cell.decimalText(-1.5, places: 1) == "-1.5")
    #expect(ScoreSheet.Cell.decimalText(12, places: 0) == "12")
    #expect(ScoreSheet.Cell.decimalText(4.925, places: 3) == "4.925")
    #expect(ScoreSheet.Cell.decimalText(0.05, places: 1) == "0.1")
    #expect(ScoreSheet.Cell.decimalText(-12.3456, places: 2) == "-12.35")
    #expect(ScoreSheet.Cell.decimalText(.nan, places: 2) == nil)
    #expect(ScoreSheet.Cell.decimalText(-2.5, places: 1) == "-2.5")
    #expect(ScoreSheet.Cell.decimalText(.infinity, places: 1) == nil)
  }

  @Test func jsonHasEveryKeyInEveryRow() throws {
    let sheet = ScoreSheet(
      columns: [.init("trainee", "Trainee"), .init("score", "Score"), .init("when", "When"), .init("undone", "U")],
      rows: [
        [.text("ann"), .decimal(62.50000001, places: 1), .date(Date(timeIntervalSince1970: 0)), .flag(false)],
        [.text("bob"), .empty, .empty, .empty],
      ])
    let decoded = try #require(try JSONSerialization.jsonObject(with: Data(sheet.json.utf8)) as? [[String: Any]])
    #expect(decoded.count == 2)
    #expect(decoded.allSatisfy { Set($0.keys) == ["trainee", "score", "when", "undone"] })
    #expect(decoded[0]["score"] as? Double == 62.5)
    #expect(decoded[0]["when"] as? String == "1970-01-01T00:00:00.000Z")
    #expect(decoded[1]["score"] is NSNull)
    #expect(ScoreSheet(columns: sheet.columns, rows: []).json == "[]\n")
  }
}
