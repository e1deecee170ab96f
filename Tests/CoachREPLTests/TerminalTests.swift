import CoachTerminal
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@Suite("Terminal capabilities")
struct TerminalTests {
  /// Runs `body` with the far end of a fresh pseudo-terminal: a descriptor that is a terminal.
  func withTerminal(_ body: (Int32) -> Void) throws {
    var master: Int32 = -1
    var slave: Int32 = -1
    try #require(openpty(&master, &slave, nil, nil, nil) == 0)
    defer {
      close(master)
      close(slave)
    }
    body(slave)
  }

  /// no-color.org: "when present and not an empty string" — an empty NO_COLOR is ignored.
  @Test func colourFollowsNoColorAsTheConventionSays() throws {
    try withTerminal { descriptor in
      #expect(Terminal.detect(environment: [:], fileDescriptor: descriptor).colors)
      #expect(Terminal.detect(environment: ["NO_COLOR": ""], fileDescriptor: descriptor).colors)
      #expect(!Terminal.detect(environment: ["NO_COLOR": "1"], fileDescriptor: descriptor).colors)
      #expect(!Terminal.detect(environment: ["NO_COLOR": "0"], fileDescriptor: descriptor).colors, "any value")
      #expect(!Terminal.detect(environment: ["TERM": "dumb"], fileDescriptor: descriptor).colors)
    }
    let pipe = Pipe()
    #expect(!Terminal.detect(environment: [:], fileDescriptor: pipe.fileHandleForWriting.fileDescriptor).colors)
  }
}
