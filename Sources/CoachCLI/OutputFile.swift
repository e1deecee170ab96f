import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes an output file atomically and readable by its owner only: the data goes to a new file
/// beside the target, reaches the disk, and is renamed over the target. A reader sees the old
/// file or the new one, never half of one.
enum OutputFile {
  /// Why the file could not be written, and the exit status that goes with it.
  struct Failure: Error {
    var message: String
    /// 73 when the file cannot be created, 74 when writing it failed.
    var cannotCreate: Bool
  }

  static func write(_ data: Data, to path: String) throws(Failure) {
    let writer = try Writer(path: path)
    do {
      try writer.append(Array(data))
      try writer.commit()
    } catch {
      writer.abandon()
      throw error
    }
  }

  /// Writes a file in pieces without ever leaving a half-written file at `path`: the pieces go to
  /// a hidden temporary file beside it (created 0600), which `commit` syncs and renames into place.
  final class Writer {
    let path: String
    private let temporary: String
    private var descriptor: Int32

    init(path: String) throws(Failure) {
      self.path = path
      let directory = (path as NSString).deletingLastPathComponent
      let name = (path as NSString).lastPathComponent
      var template = Array(((directory.isEmpty ? "." : directory) + "/." + name + ".XXXXXX").utf8CString)
      // mkstemp creates the file with mode 0600.
      descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
      guard descriptor >= 0 else {
        throw Failure(message: "cannot create \(path): \(String(cString: strerror(errno)))", cannotCreate: true)
      }
      temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func append(_ bytes: [UInt8]) throws(Failure) {
      guard writeAll(descriptor, bytes) else {
        throw Failure(message: "cannot write \(path): \(String(cString: strerror(errno)))", cannotCreate: false)
      }
    }

    func commit() throws(Failure) {
      defer { descriptor = -1 }
      guard fsync(descriptor) == 0 else {
        let failure = Failure(message: "cannot write \(path): \(String(cString: strerror(errno)))", cannotCreate: false)
        abandon()
        throw failure
      }
      close(descriptor)
      guard rename(temporary, path) == 0 else {
        let failure = Failure(message: "cannot create \(path): \(String(cString: strerror(errno)))", cannotCreate: true)
        unlink(temporary)
        throw failure
      }
    }

    func abandon() {
      if descriptor >= 0 { close(descriptor) }
      descriptor = -1
      unlink(temporary)
    }
  }
}

/// Writes every byte, retrying after interruptions; false on an error (errno says which).
func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Bool {
  bytes.withUnsafeBytes { buffer in
    var offset = 0
    while offset < buffer.count {
      let written = writeBytes(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
      if written < 0 {
        if errno == EINTR { continue }
        return false
      }
      offset += written
    }
    return true
  }
}

private func writeBytes(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
  write(descriptor, bytes, count)
}
