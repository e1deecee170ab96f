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
    let directory = (path as NSString).deletingLastPathComponent
    let name = (path as NSString).lastPathComponent
    var template = Array(((directory.isEmpty ? "." : directory) + "/." + name + ".XXXXXX").utf8CString)
    // mkstemp creates the file with mode 0600.
    let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard descriptor >= 0 else {
      throw Failure(message: "cannot create \(path): \(String(cString: strerror(errno)))", cannotCreate: true)
    }
    let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    var failure: Failure?
    data.withUnsafeBytes { buffer in
      var offset = 0
      while offset < buffer.count {
        let written = writeBytes(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          failure = Failure(message: "cannot write \(path): \(String(cString: strerror(errno)))", cannotCreate: false)
          return
        }
        offset += written
      }
    }
    if failure == nil, fsync(descriptor) != 0 {
      failure = Failure(message: "cannot write \(path): \(String(cString: strerror(errno)))", cannotCreate: false)
    }
    close(descriptor)
    if failure == nil, rename(temporary, path) != 0 {
      failure = Failure(message: "cannot create \(path): \(String(cString: strerror(errno)))", cannotCreate: true)
    }
    if let failure {
      unlink(temporary)
      throw failure
    }
  }
}

/// `write(2)`, callable from inside `OutputFile`, whose own `write` would hide it.
private func writeBytes(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
  write(descriptor, bytes, count)
}
