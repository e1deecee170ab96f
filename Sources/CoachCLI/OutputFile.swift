import ArgumentParser
import CoachStore
import CoachTerminal
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// How every command with `--output` writes its file: atomically, and never over anything without
/// being asked.
///
/// - The data goes to a new hidden file beside the target, reaches the disk, and is then moved into
///   place, so a reader sees no file or a whole one, never half of one.
/// - A file already at the path is left alone unless the user passed `--force`; the check and the
///   move are one step, so a file that appears meanwhile is not replaced either.
/// - A symbolic link at the path counts as a file there. With `--force` the link itself is replaced
///   by the new file; the file it points to is never written.
/// - A folder at the path is refused, with or without `--force`.
enum OutputFile {
  /// The help for `--force` in every command with `--output`.
  static let forceHelp = ArgumentHelp(
    "Replace the output file if it exists (a symbolic link is replaced itself; its target is left alone).")

  /// Why the file could not be written.
  struct Failure: UserFacingError, Equatable {
    enum Kind: Equatable {
      /// Something is at the path, and `--force` was not given.
      case exists
      /// A folder is at the path.
      case isFolder
      /// The file cannot be created (no such folder, no permission).
      case cannotCreate(reason: String)
      /// Writing failed part-way (a full disk); nothing was left at the path.
      case cannotWrite(reason: String)
    }

    var path: String
    var kind: Kind

    var userMessage: String {
      let shown = Sanitizer.clean(path, multiline: false)
      return switch kind {
      case .exists: "\(shown) already exists; pass --force to replace it, or choose another file"
      case .isFolder: "cannot write \(shown): it is a folder; name a file instead"
      case .cannotCreate(let reason): "cannot create \(shown): \(reason)"
      case .cannotWrite(let reason): "cannot write \(shown): \(reason); nothing was left there"
      }
    }

    /// 73 when the file cannot be created (or may not be replaced), 74 when writing it failed.
    var exitStatus: ExitCode {
      if case .cannotWrite = kind { return ExitStatus.ioError }
      return ExitStatus.cannotCreate
    }
  }

  /// Writes `bytes` to `path` in one go; see `Writer`.
  static func write(_ bytes: [UInt8], to path: String, replacing: Bool, mode: mode_t = 0o600) throws(Failure) {
    let writer = try Writer(path: path, replacing: replacing, mode: mode)
    do {
      try writer.append(bytes)
      try writer.commit()
    } catch {
      writer.abandon()
      throw error
    }
  }

  /// Writes a file in pieces without ever leaving a half-written file at `path`: the pieces go to
  /// a hidden file beside it (created with `mode`, less the umask), which `commit` syncs and moves
  /// into place.
  final class Writer {
    let path: String
    let replacing: Bool
    private let temporary: String
    private var descriptor: Int32

    /// Refuses at once what `commit` would refuse (an existing file without `replacing`, a
    /// folder), before any work is done.
    init(path: String, replacing: Bool, mode: mode_t = 0o600) throws(Failure) {
      self.path = path
      self.replacing = replacing
      try OutputFile.checkTarget(path, replacing: replacing)
      let folder = PathText.directory(of: path)
      let prefix = (folder.isEmpty ? "" : folder == "/" ? "/" : folder + "/") + "." + PathText.name(of: path) + "."
      var made: (String, Int32)?
      for _ in 0..<100 {
        let candidate = prefix + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let opened = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        if opened >= 0 {
          made = (candidate, opened)
          break
        }
        if errno != EEXIST { break }
      }
      guard let (temporary, descriptor) = made else {
        throw Failure(path: path, kind: .cannotCreate(reason: OutputFile.reason(errno)))
      }
      self.temporary = temporary
      self.descriptor = descriptor
    }

    func append(_ bytes: [UInt8]) throws(Failure) {
      if let errorNumber = bytes.withUnsafeBufferPointer({ ConsoleWriter.writeAll($0, to: descriptor) }) {
        throw Failure(path: path, kind: .cannotWrite(reason: OutputFile.reason(errorNumber)))
      }
    }

    /// Syncs the file and moves it into place: over what is there when `replacing`, otherwise
    /// only if nothing is.
    func commit() throws(Failure) {
      guard fsync(descriptor) == 0 else {
        let failure = Failure(path: path, kind: .cannotWrite(reason: OutputFile.reason(errno)))
        abandon()
        throw failure
      }
      close(descriptor)
      descriptor = -1
      defer { unlink(temporary) }
      if replacing {
        // rename replaces a symbolic link itself, never the file it points to.
        if rename(temporary, path) != 0 {
          throw Failure(path: path, kind: OutputFile.kind(of: errno, at: path))
        }
      } else if link(temporary, path) != 0 {
        // A hard link fails if anything is at the path, in one step. File systems without hard
        // links get a check, then a rename.
        switch errno {
        case EEXIST: throw Failure(path: path, kind: .exists)
        case EPERM, EOPNOTSUPP, EMLINK, ENOSYS:
          try OutputFile.checkTarget(path, replacing: false)
          if rename(temporary, path) != 0 { throw Failure(path: path, kind: OutputFile.kind(of: errno, at: path)) }
        default:
          throw Failure(path: path, kind: OutputFile.kind(of: errno, at: path))
        }
      }
      OutputFile.syncFolder(of: path)
    }

    /// Removes the hidden file; the path is left as it was.
    func abandon() {
      if descriptor >= 0 { close(descriptor) }
      descriptor = -1
      unlink(temporary)
    }
  }

  /// Refuses a folder at `path`, and anything else there unless `replacing`. A symbolic link is
  /// looked at, not followed. For a command that writes its file only after a long task (the
  /// review page at the end of a play): it says at once what `write` would refuse.
  static func checkTarget(_ path: String, replacing: Bool) throws(Failure) {
    var info = stat()
    guard lstat(path, &info) == 0 else { return }
    if info.st_mode & S_IFMT == S_IFDIR { throw Failure(path: path, kind: .isFolder) }
    if !replacing { throw Failure(path: path, kind: .exists) }
  }

  private static func kind(of errorNumber: Int32, at path: String) -> Failure.Kind {
    switch errorNumber {
    case EISDIR, ENOTEMPTY: .isFolder
    case EEXIST: .exists
    default: .cannotCreate(reason: reason(errorNumber))
    }
  }

  /// An error number in words.
  static func reason(_ errorNumber: Int32) -> String {
    switch errorNumber {
    case ENOSPC, EDQUOT: "the disk is full"
    case EACCES, EPERM: "permission denied"
    case ENOENT: "no such folder"
    case EROFS: "the file system is read-only"
    default: String(cString: strerror(errorNumber)).lowercased()
    }
  }

  /// Makes the move into place durable; a failure here changes nothing the user can act on.
  private static func syncFolder(of path: String) {
    let folder = PathText.directory(of: path)
    let descriptor = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard descriptor >= 0 else { return }
    fsync(descriptor)
    close(descriptor)
  }
}
