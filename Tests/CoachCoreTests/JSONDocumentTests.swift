import CoachCore
import Testing

@Suite("JSON parser")
struct JSONDocumentTests {
  func parse(_ text: String) throws(JSONSyntaxError) -> JSONDocument {
    try JSONDocument(parsing: Array(text.utf8))
  }

  @Test func parsesEveryKindOfValueWithOffsets() throws {
    let document = try parse(#"{"a": [1, -2.5e3, true, false, null], "b": "x\"\u00e9\n", "c": {}}"#)
    let root = document.root
    #expect(document.kind(root) == .object)
    let fields = document.fields(root)
    #expect(fields.map { document.string($0.key) } == ["a", "b", "c"])
    let array = document.elements(fields[0].value)
    #expect(array.map { document.kind($0) } == [.number, .number, .true, .false, .null])
    #expect(document.number(array[1]) == -2500)
    #expect(document.numberText(array[1]) == "-2.5e3")
    #expect(document.string(fields[1].value) == "x\"é\n")
    #expect(document.count(fields[2].value) == 0)
    #expect(document.offset(fields[0].value) == 6)
  }

  @Test func readsWholeNumbersStraightFromTheBytes() throws {
    let document = try parse(
      "[0, 42, -7, -0, 9223372036854775807, -9223372036854775808, 9223372036854775808, 1.5, 2e3, -1.0]")
    let values = document.elements(document.root).map { document.integer($0) }
    #expect(values == [0, 42, -7, 0, Int.max, Int.min, nil, nil, nil, nil])
  }

  @Test func decodesSurrogatePairs() throws {
    let document = try parse(#"["\ud83d\ude00 ok"]"#)
    #expect(document.string(document.elements(document.root)[0]) == "😀 ok")
  }

  @Test func findsValuesByPathAndPathsByValue() throws {
    let document = try parse(#"{"nodes": [{"id": "a"}, {"id": "b", "choices": [{"next": "c"}]}]}"#)
    let path = JSONPath([.key("nodes"), .index(1), .key("choices"), .index(0), .key("next")])
    let index = try #require(document.index(at: path))
    #expect(document.string(index) == "c")
    #expect(document.path(to: index) == path)
    #expect(document.path(to: index).description == "nodes[1].choices[0].next")
    #expect(document.index(at: JSONPath([.key("nodes"), .index(5)])) == nil)
  }

  @Test(arguments: [
    ("{\"a\": 01}", "invalid number: a number may not start with 0 followed by more digits"),
    ("{\"a\": -}", "invalid number: expected a digit after '-'"),
    ("{\"a\": 1.}", "invalid number: expected a digit after the decimal point"),
    ("{\"a\": 1e}", "invalid number: expected a digit in the exponent"),
    ("{\"a\": \"\\x\"}", "invalid escape \\x in a string; expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX"),
    ("{\"a\": \"\\u12G4\"}", "invalid \\u escape; expected four hexadecimal digits"),
    ("{\"a\" 1}", "unexpected '1'; expected ':' after the field name"),
    ("{\"a\": tru}", "unexpected 't'; expected a value (an object, array, string, number, true, false or null)"),
    ("{a: 1}", "unexpected 'a'; expected a field name in double quotes"),
    ("[1 2]", "unexpected '2'; expected ',' or ']'"),
    ("{\"a\": 1", "the file ends too early; expected ',' or '}' (is the JSON truncated?)"),
    ("{\"a\": «}", "unexpected '«'; expected a value (an object, array, string, number, true, false or null)"),
  ])
  func reportsSyntaxErrors(text: String, message: String) {
    #expect(throws: JSONSyntaxError.self) { try parse(text) }
    do {
      _ = try parse(text)
    } catch {
      #expect(error.message == message)
    }
  }

  @Test func rejectsOverlongAndSurrogateUTF8() {
    for bytes: [UInt8] in [
      [0x22, 0xC0, 0x80, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],
    ] {
      #expect(throws: JSONSyntaxError(offset: 1, problem: .invalidUTF8)) { try JSONDocument(parsing: bytes) }
    }
  }

  @Test func refusesADocumentTooLargeForItsOffsetsInsteadOfOverflowing() {
    let bytes = [UInt8](repeating: 0x20, count: JSONDocument.maxBytes + 1)
    #expect(throws: JSONSyntaxError(offset: 0, problem: .tooLarge(limit: JSONDocument.maxBytes))) {
      try JSONDocument(parsing: bytes)
    }
  }

  @Test func skipsAByteOrderMark() throws {
    let document = try JSONDocument(parsing: [0xEF, 0xBB, 0xBF] + Array("{}".utf8))
    #expect(document.kind(document.root) == .object)
  }

  @Test func aByteOrderMarkIsNotCountedAsAColumn() {
    let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("{\"a\": x,\n x".utf8)
    let first = bytes.firstIndex(of: UInt8(ascii: "x"))!
    let second = bytes.lastIndex(of: UInt8(ascii: "x"))!
    #expect(SourcePosition(offset: first, in: bytes) == SourcePosition(line: 1, column: 7))
    #expect(SourcePosition(offset: second, in: bytes) == SourcePosition(line: 2, column: 2))
    #expect(SourcePosition(offset: 1, in: bytes) == SourcePosition(line: 1, column: 1))
    #expect(
      SourcePosition.positions(of: [second, first], in: bytes)
        == [SourcePosition(line: 2, column: 2), SourcePosition(line: 1, column: 7)])
  }

  @Test func positionsCountCharactersNotBytes() {
    let bytes = Array("{\n  \"é\": x".utf8)
    let offset = bytes.firstIndex(of: UInt8(ascii: "x"))!
    #expect(SourcePosition(offset: offset, in: bytes) == SourcePosition(line: 2, column: 8))
  }

  @Test func pathsRoundTripThroughText() {
    let path = JSONPath([.key("state"), .key("rapport"), .key("$odd key"), .index(3)])
    #expect(path.description == #"state.rapport["$odd key"][3]"#)
    #expect(JSONPath(parsing: path.description) == path)
  }
}
