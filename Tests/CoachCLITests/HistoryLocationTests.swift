import Testing

@testable import CoachCLI

@Suite("Where line-editing history is kept")
struct HistoryLocationTests {
  @Test func historyIsStateUnderXDGStateHomeElseHome() {
    #expect(HistoryLocation.path(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]) == "/s/coach/history")
    #expect(HistoryLocation.path(environment: ["HOME": "/h"]) == "/h/.local/state/coach/history")
    // A relative XDG_STATE_HOME is invalid, and ignored, as the XDG spec says.
    #expect(
      HistoryLocation.path(environment: ["XDG_STATE_HOME": "s", "HOME": "/h"]) == "/h/.local/state/coach/history")
    // Never beside the database, wherever that is.
    #expect(
      HistoryLocation.path(environment: ["XDG_DATA_HOME": "/d", "COACH_DB": "/d/coach.sqlite", "HOME": "/h"])
        == "/h/.local/state/coach/history")
  }
}
