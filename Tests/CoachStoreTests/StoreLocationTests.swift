import CoachStore
import Testing

@Suite("Store location")
struct StoreLocationTests {
  @Test func anExplicitPathWins() {
    let location = StoreLocation.resolve(explicit: "/tmp/x.sqlite", environment: ["COACH_DB": "/a", "HOME": "/h"])
    #expect(location == StoreLocation(path: "/tmp/x.sqlite", source: "--db"))
  }

  @Test func thenTheEnvironmentVariable() {
    let location = StoreLocation.resolve(explicit: nil, environment: ["COACH_DB": "/a.sqlite", "XDG_DATA_HOME": "/x"])
    #expect(location == StoreLocation(path: "/a.sqlite", source: "COACH_DB"))
  }

  @Test func thenTheXDGDataHome() {
    let location = StoreLocation.resolve(explicit: nil, environment: ["XDG_DATA_HOME": "/data", "HOME": "/h"])
    #expect(location.path == "/data/coach/coach.sqlite")
    #expect(location.directory == "/data/coach")
  }

  @Test func aRelativeXDGDataHomeIsIgnored() {
    let location = StoreLocation.resolve(explicit: nil, environment: ["XDG_DATA_HOME": "data", "HOME": "/h"])
    #expect(location == StoreLocation(path: "/h/.local/share/coach/coach.sqlite", source: "default"))
  }
}
