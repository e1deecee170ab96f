import Foundation

/// Notices when files are saved, by looking at them a few times a second: their size, time of
/// change and identity (an editor that saves by replacing the file gives a new one), then their
/// bytes, so a file touched without a change is not reported. A change is reported once the
/// file has looked the same twice running, so a save caught half-written is not.
///
/// Polling works the same on every system and on every kind of folder; a story file is small,
/// so looking at it costs nothing that matters.
final class FileWatcher {
  /// How often files are looked at.
  static let interval: TimeInterval = 0.2

  private struct Look: Equatable {
    var exists: Bool
    var size: UInt64
    var modified: Date?
    var identity: UInt64
  }

  private let paths: [String]
  private var settled: [Look]
  private var pending: [Look?]
  private var contents: [Data?]

  init(paths: [String]) {
    self.paths = paths
    settled = paths.map(Self.look)
    pending = paths.map { _ in nil }
    contents = paths.map { FileManager.default.contents(atPath: $0) }
  }

  private static func look(_ path: String) -> Look {
    guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else {
      return Look(exists: false, size: 0, modified: nil, identity: 0)
    }
    return Look(
      exists: true, size: (attributes[.size] as? NSNumber)?.uint64Value ?? 0,
      modified: attributes[.modificationDate] as? Date,
      identity: (attributes[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0)
  }

  /// The positions of the files whose content has changed since they were last reported (or
  /// since the watcher started), looking once; empty when none has.
  func changes() -> [Int] {
    var changed: [Int] = []
    for (position, path) in paths.enumerated() {
      let now = Self.look(path)
      guard now != settled[position] else {
        pending[position] = nil
        continue
      }
      // Wait until the file looks the same twice running: an editor may still be writing it.
      guard pending[position] == now else {
        pending[position] = now
        continue
      }
      settled[position] = now
      pending[position] = nil
      let data = FileManager.default.contents(atPath: path)
      if data != contents[position] {
        contents[position] = data
        changed.append(position)
      }
    }
    return changed
  }

  /// Waits until some file has changed, and returns the positions of those that have.
  func waitForChanges() -> [Int] {
    while true {
      let changed = changes()
      if !changed.isEmpty { return changed }
      Thread.sleep(forTimeInterval: Self.interval)
    }
  }
}
