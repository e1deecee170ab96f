import CoachCore
import CoachStore
import CoachTestSupport
import Foundation

/// A database file in a fresh temporary folder, removed by `cleanUp`.
struct TemporaryStore {
  var folder: URL
  var location: StoreLocation

  init(_ label: String = "coach-store") throws {
    folder = try Fixtures.temporaryDirectory(label)
    location = StoreLocation(path: folder.appendingPathComponent("data/coach.sqlite").path, source: "test")
  }

  var path: String { location.path }

  func open() throws -> AppDatabase {
    try AppDatabase.open(at: location)
  }

  func cleanUp() {
    try? FileManager.default.removeItem(at: folder)
  }
}

/// The POSIX permission bits of the file at `path`.
func permissions(_ path: String) throws -> Int {
  let attributes = try FileManager.default.attributesOfItem(atPath: path)
  return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
}

/// The export document as text, with `exportedAt` fixed so two exports compare equal.
func exportText(_ database: any RecordStore, trainee: String) throws -> String {
  String(decoding: try database.export(trainee: trainee, now: AttemptFixtures.start).encoded(), as: UTF8.self)
}
