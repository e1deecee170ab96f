import Foundation

/// The SHA-256 of a file's bytes, computed the first time it is asked for and then kept.
///
/// Loading and validating never need the digest; recording an attempt does. Deferring it keeps a
/// large story's load fast, and the bytes are released once the digest is known.
final class ContentDigest: @unchecked Sendable {
  private let lock = NSLock()
  private var bytes: [UInt8]?
  private var digest: String?

  init(of bytes: [UInt8]) {
    self.bytes = bytes
  }

  /// 64 lowercase hexadecimal digits.
  var hex: String {
    lock.withLock {
      if let digest { return digest }
      let computed = SHA256.hex(of: bytes ?? [])
      digest = computed
      bytes = nil
      return computed
    }
  }
}
