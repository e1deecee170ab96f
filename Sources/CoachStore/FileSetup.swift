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
