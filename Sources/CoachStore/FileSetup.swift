import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Creating the database's folder and file with owner-only permissions, and the checks made before
/// SQLite is allowed to touch an existing file.
enum FileSetup {
  /// The first 16 bytes of every SQLite database file.
  static let sqliteHeader = Array("SQLite format 3\0".utf8)

  /// Creates `directory` and any missing parents, readable by the owner only.
  static func makeDirectory(_ directory: String) throws(StoreError) {
    var info = stat()
    if stat(directory, &info) == 0 {
      guard info.st_mode & S_IFMT == S_IFDIR else {
        throw .cannotOpen(path: directory, reason: "it is not a folder")
      }
      return
    }
    let parent = PathText.directory(of: directory)
    if !parent.isEmpty, parent != directory { try makeDirectory(parent) }
    if mkdir(directory, 0o700) != 0, errno != EEXIST {
      throw error(errno, path: directory)
    }
  }

  /// What the file held before Coach opened it.
  enum Existing {
    /// Nothing: the file was just created, or is empty.
    case empty
    /// An SQLite database marked as Coach's in its header.
    case coach
    /// An SQLite database whose header does not say it is Coach's: it may be a foreign database,
    /// or a Coach database whose first changes are still in its write-ahead log.
    case unmarked
  }

  /// Creates the database file, owner-only, when it does not exist; refuses an existing file that
  /// is not an SQLite database without letting SQLite open it, and one that cannot be written.
  static func prepareFile(_ path: String, directory: String) throws(StoreError) -> Existing {
    var existing = Existing.empty
    var info = stat()
    if stat(path, &info) != 0 {
      // SQLite gives the -wal and -shm files the permissions of the database file.
      let descriptor = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
      if descriptor < 0, errno != EEXIST { throw error(errno, path: path) }
      if descriptor >= 0 { close(descriptor) }
    } else {
      guard info.st_mode & S_IFMT == S_IFREG else {
        throw .cannotOpen(path: path, reason: "it is not a regular file")
      }
      if info.st_size > 0 { existing = try checkHeader(path) }
    }
    if access(path, R_OK | W_OK) != 0 { throw error(errno, path: path) }
    // WAL mode creates files beside the database.
    if access(directory, W_OK) != 0 { throw error(errno, path: directory) }
    return existing
  }

  /// Checks an existing database file without creating anything: `noDatabase` when there is no
  /// file (or an empty one), what it holds when it and its folder can be written, and nil when it
  /// can only be read.
  static func inspectExisting(_ path: String, directory: String) throws(StoreError) -> Existing? {
    var info = stat()
    guard stat(path, &info) == 0 else {
      if errno == ENOENT || errno == ENOTDIR { throw .noDatabase(path: path) }
      throw error(errno, path: path)
    }
    guard info.st_mode & S_IFMT == S_IFREG else {
      throw .cannotOpen(path: path, reason: "it is not a regular file")
    }
    guard info.st_size > 0 else { throw .noDatabase(path: path) }
    if access(path, R_OK) != 0 {
      throw errno == EACCES ? .cannotOpen(path: path, reason: "permission denied") : error(errno, path: path)
    }
    let existing = try checkHeader(path)
    guard access(path, W_OK) == 0, access(directory, W_OK) == 0 else { return nil }
    return existing
  }

  /// Whether the database at `path` has a write-ahead log with changes not yet merged into it.
  static func hasPendingLog(_ path: String) -> Bool {
    var info = stat()
    return stat(path + "-wal", &info) == 0 && info.st_size > 0
  }

  /// An SQLite URI that opens `path` as immutable: no locks, no shared-memory file, no log.
  static func immutableURI(_ path: String) -> String {
    let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    var encoded = ""
    for byte in absolute.utf8 {
      switch byte {
      case UInt8(ascii: "%"), UInt8(ascii: "?"), UInt8(ascii: "#"), 0...0x20, 0x7F...:
        encoded += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
      default:
        encoded.unicodeScalars.append(Unicode.Scalar(byte))
      }
    }
    return "file:" + encoded + "?immutable=1"
  }

  /// Reads the SQLite header: the magic string, and the application id at offset 68.
  private static func checkHeader(_ path: String) throws(StoreError) -> Existing {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw error(errno, path: path) }
    defer { close(descriptor) }
    var header = [UInt8](repeating: 0, count: 72)
    let count = header.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
    guard count == header.count, Array(header.prefix(sqliteHeader.count)) == sqliteHeader else {
      throw .notADatabase(path: path)
    }
    let applicationID = header[68..<72].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    return Int32(bitPattern: applicationID) == Schema.applicationID ? .coach : .unmarked
  }

  /// Whether the file system holding `path` has (next to) no room left: under 1 MiB free for an
  /// ordinary user. An I/O error from SQLite on such a disk is the disk being full.
  static func isNearlyFull(folderOf path: String) -> Bool {
    var info = statvfs()
    let directory = PathText.directory(of: path)
    guard statvfs(directory.isEmpty ? "." : directory, &info) == 0 else { return false }
    return UInt64(info.f_bavail) * UInt64(info.f_frsize) < 1 << 20
  }

  static func error(_ code: Int32, path: String) -> StoreError {
    switch code {
    case EACCES, EPERM, EROFS: .readOnly(path: path)
    case ENOSPC, EDQUOT: .diskFull(path: path)
    default: .cannotOpen(path: path, reason: String(cString: strerror(code)))
    }
  }
}

extension String {
  fileprivate func leftPadded(to width: Int) -> String {
    String(repeating: "0", count: max(0, width - count)) + self
  }
}
