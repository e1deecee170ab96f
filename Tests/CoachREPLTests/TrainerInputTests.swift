import CoachREPL
import Testing

@Suite("REPL input")
struct TrainerInputTests {
  @Test(arguments: [
    ("2", TrainerInput.number(2)),
    ("  3 ", .number(3)),
    ("0", .number(0)),
    ("99", .number(99)),
    (":help", .command(.help)),
    (":HINT", .command(.hint)),
    (":q", .command(.quit)),
    (":hepl", .unknownCommand(":hepl", suggestion: .help)),
    (":xyzzy", .unknownCommand(":xyzzy", suggestion: nil)),
    ("", .empty),
    ("   ", .empty),
    ("tell him off", .text("tell him off")),
    ("12345678901", .text("12345678901")),
    ("-1", .text("-1")),
    ("٣", .text("٣")),
  ])
  func interpretsALine(line: String, expected: TrainerInput) {
    #expect(TrainerInput.parse(line) == expected)
  }

  @Test func refusesAVeryLongLine() {
    #expect(TrainerInput.parse(String(repeating: "x", count: 5000)) == .tooLong(5000))
  }
}
