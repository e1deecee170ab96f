#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads a whole file with errors a person can act on, refusing directories and oversized files
/// before reading them.
enum FileReader {
  struct Failure: Error {
    var problem: ScenarioProblem
  }

  static func read(_ path: String, limit: Int) throws(Failure) -> [UInt8] {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { throw Failure(problem: .unreadable(reason: describeErrno(errno))) }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else {
      throw Failure(problem: .unreadable(reason: describeErrno(errno)))
    }
    if (info.st_mode & S_IFMT) == S_IFDIR { throw Failure(problem: .isDirectory) }
    let size = Int(info.st_size)
    if size > limit { throw Failure(problem: .tooLarge(size: size, limit: limit)) }
    // One read into a buffer of the size fstat reported; a file that turns out longer (growing
    // while read, or a device) is read on in chunks, never past the limit.
    var bytes = [UInt8](repeating: 0, count: size)
    var filled = 0
    while filled < size {
      let count = bytes.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress! + filled, size - filled) }
      if count < 0 {
        if errno == EINTR { continue }
        throw Failure(problem: .unreadable(reason: describeErrno(errno)))
      }
      if count == 0 { break }
      filled += count
    }
    bytes.removeLast(size - filled)
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = chunk.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        throw Failure(problem: .unreadable(reason: describeErrno(errno)))
      }
      if count == 0 { break }
      bytes.append(contentsOf: chunk[0..<count])
      if bytes.count > limit { throw Failure(problem: .tooLarge(size: bytes.count, limit: limit)) }
    }
    return bytes
  }

  private static func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
      Glibc.read(descriptor, buffer, count)
    #else
      Darwin.read(descriptor, buffer, count)
    #endif
  }

  static func describeErrno(_ code: Int32) -> String {
    switch code {
    case ENOENT: "no such file"
    case EACCES: "permission denied"
    case EISDIR: "it is a directory"
    case ENOTDIR: "a part of the path is not a directory"
    case ELOOP: "too many symbolic links"
    case ENAMETOOLONG: "the path is too long"
    default: String(cString: strerror(code)).lowercased()
    }
  }
}
