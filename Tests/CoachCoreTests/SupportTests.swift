import CoachCore
import CoachTestSupport
import Testing

@Suite("Support")
struct SupportTests {
  /// Vectors from FIPS 180-4 examples and NIST's SHA-256 test set.
  @Test(arguments: [
    ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    (
      "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    ),
  ])
  func sha256MatchesPublishedVectors(input: String, digest: String) {
    #expect(SHA256.hex(of: Array(input.utf8)) == digest)
  }

  @Test func sha256OfAMillionAs() {
    #expect(
      SHA256.hex(of: [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
        == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }

  @Test(
    arguments: [
      ("gtae", ["gate", "plan"], "gate"),
      ("opens-upp", ["opens-up", "guarded"], "opens-up"),
      ("feedbak", ["feedback", "next", "say"], "feedback"),
      ("zzz", ["gate", "plan"], nil),
      ("persuasion", ["persuade", "persuade-with-permission", "confront"], "persuade"),
      ("reflection", ["simple-reflection", "complex-reflection"], nil),
    ] as [(String, [String], String?)])
  func suggestsTheNearestName(name: String, candidates: [String], expected: String?) {
    #expect(Suggestion.nearest(to: name, in: candidates) == expected)
  }

  @Test func textPolicyAllowsLineBreaksOnlyWhereAsked() {
    #expect(TextPolicy.firstForbidden(in: "a\nb", allowNewlines: true) == nil)
    #expect(TextPolicy.firstForbidden(in: "a\nb", allowNewlines: false)?.position == 2)
    #expect(TextPolicy.firstForbidden(in: "ok \u{1B}[31m", allowNewlines: true)?.scalar == 0x1B)
    #expect(TextPolicy.firstForbidden(in: "caf\u{E9} \u{2014} \u{1F600}", allowNewlines: false) == nil)
  }

  @Test(arguments: [
    ("What brings you in?", "what brings  you in?", true),
    ("  What brings you in?", "What brings you in?  ", true),
    ("What brings you in?", "What brought you in?", false),
    ("What", "What brings", false),
    ("WHAT BRINGS YOU IN?", "what brings you in?", true),
  ])
  func duplicateTextIgnoresCaseAndSpacing(first: String, second: String, same: Bool) throws {
    let json = try Fixtures.replacing("Are you using your inhaler?", with: second)
      .replacingOccurrences(of: "What would you like to get out of today?", with: first)
    let result = Fixtures.load(json)
    #expect(result.warnings.contains { $0.code == "duplicate-choice-text" } == same, "\(first) / \(second)")
  }
}
