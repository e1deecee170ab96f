import Foundation

/// A PostgreSQL server and database, from a `postgres://` or `postgresql://` URL the way libpq
/// reads one, and the password from `PGPASSWORD` or the password file (`PGPASSFILE`, else
/// `~/.pgpass`), never from the URL: a password typed on a command line ends up in the shell's
/// history and in the process list.
///
/// `postgres://USER@HOST:PORT/DATABASE?sslmode=MODE`; a `host` parameter that is a folder names a
/// Unix socket's folder (`?host=/run/postgresql`). Missing parts come from `PGUSER`, `PGHOST`,
/// `PGPORT` and `PGDATABASE` as in libpq.
public struct ServerAddress: Sendable, Equatable {
  /// How the connection is protected, as libpq's `sslmode` says.
  public enum TLSMode: String, Sendable, CaseIterable {
    /// Never TLS.
    case disable
    /// TLS when the server offers it, else plain; the certificate is not checked.
    case prefer
    /// TLS or nothing; the certificate is not checked (protection against eavesdropping only).
    case require
    /// TLS, with the server's certificate checked against trusted authorities.
    case verifyCA = "verify-ca"
    /// TLS, with the certificate checked and naming the host connected to.
    case verifyFull = "verify-full"
  }

  public var user: String
  /// The host name or address; nil for a Unix socket.
  public var host: String?
  /// The folder of the server's Unix socket, when connecting through one.
  public var socketFolder: String?
  public var port: Int
  public var database: String
  public var tlsMode: TLSMode
  /// The file of trusted certificate authorities (`sslrootcert`), for `verify-ca` and
  /// `verify-full`; nil for the system's.
  public var rootCertificate: String?
  /// From `PGPASSWORD` or the password file; never shown.
  public var password: String?

  /// Why a URL cannot be used, in words.
  public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
  }

  /// Whether `text` names a PostgreSQL server rather than a file.
  public static func isServerURL(_ text: String) -> Bool {
    let lower = text.lowercased()
    return lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://")
  }

  /// Reads `url`, filling in from `environment` (`PGUSER`, `PGHOST`, `PGPORT`, `PGDATABASE`,
  /// `PGSSLMODE`, `PGPASSWORD`, `PGPASSFILE`, `HOME`, `USER`).
  public init(url: String, environment: [String: String]) throws(Invalid) {
    guard Self.isServerURL(url), let components = URLComponents(string: url) else {
      throw Invalid(reason: "\(Self.redacted(url)) is not a postgres:// URL")
    }
    if components.password != nil {
      throw Invalid(
        reason: "the database URL must not hold a password (it would be kept in your shell's history and shown to "
          + "other users); set PGPASSWORD or put it in ~/.pgpass")
    }
    var parameters: [String: String] = [:]
    for item in components.queryItems ?? [] { parameters[item.name] = item.value ?? "" }
    let known: Set = [
      "sslmode", "host", "port", "user", "dbname", "sslrootcert", "application_name", "connect_timeout",
    ]
    if let unknown = parameters.keys.sorted().first(where: { !known.contains($0) }) {
      throw Invalid(reason: "the database URL has a parameter Coach does not know: \(unknown)")
    }
    let environmentUser = environment["PGUSER"] ?? environment["USER"] ?? environment["LOGNAME"] ?? "postgres"
    user =
      Self.nonEmpty(components.percentEncodedUser?.removingPercentEncoding) ?? parameters["user"] ?? environmentUser
    let hostText =
      Self.nonEmpty(components.percentEncodedHost?.removingPercentEncoding) ?? parameters["host"]
      ?? environment["PGHOST"]
    if let hostText, hostText.hasPrefix("/") {
      socketFolder = hostText
      host = nil
    } else if let hostText, !hostText.isEmpty {
      host = hostText
      socketFolder = nil
    } else {
      host = nil
      socketFolder = "/var/run/postgresql"
    }
    let portText = components.port.map(String.init) ?? parameters["port"] ?? environment["PGPORT"] ?? "5432"
    guard let port = Int(portText), (1...65535).contains(port) else {
      throw Invalid(reason: "the database URL's port \(portText) is not a port number")
    }
    self.port = port
    let path = String(components.percentEncodedPath.drop { $0 == "/" }).removingPercentEncoding ?? ""
    database = Self.nonEmpty(path) ?? parameters["dbname"] ?? environment["PGDATABASE"] ?? user
    let modeText = parameters["sslmode"] ?? environment["PGSSLMODE"] ?? "prefer"
    switch modeText {
    case "allow": tlsMode = .prefer
    default:
      guard let mode = TLSMode(rawValue: modeText) else {
        throw Invalid(
          reason: "sslmode=\(modeText) is not one of disable, prefer, require, verify-ca, verify-full")
      }
      tlsMode = mode
    }
    rootCertificate = parameters["sslrootcert"]
    if let password = environment["PGPASSWORD"], !password.isEmpty {
      self.password = password
    } else {
      let file = environment["PGPASSFILE"] ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.pgpass")
      self.password = PasswordFile.password(
        in: file, host: host ?? "localhost", port: port, database: database, user: user)
    }
  }

  /// The address as it is shown: `postgres://USER@HOST:PORT/DATABASE`, never with a password.
  public var display: String {
    let place = host.map { $0.contains(":") ? "[\($0)]" : $0 } ?? ""
    let socket = socketFolder.map { "?host=\($0)" } ?? ""
    return "postgres://\(user)@\(place):\(port)/\(database)\(socket)"
  }

  /// `text` with anything between `://` and `@` that looks like a password left out.
  public static func redacted(_ text: String) -> String {
    guard let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].firstIndex(of: "@") else {
      return text
    }
    let credentials = text[scheme.upperBound..<at]
    guard let colon = credentials.firstIndex(of: ":") else { return text }
    return String(text[..<colon]) + ":…" + String(text[at...])
  }

  private static func nonEmpty(_ text: String?) -> String? {
    guard let text, !text.isEmpty else { return nil }
    return text
  }
}

/// libpq's password file: lines `host:port:database:user:password`, `*` matching anything,
/// `\:` and `\\` escaped. Like libpq, a file others can read is ignored.
enum PasswordFile {
  static func password(in path: String, host: String, port: Int, database: String, user: String) -> String? {
    var info = stat()
    guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
    if info.st_mode & 0o077 != 0 { return nil }
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
    for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
      let fields = split(String(line))
      guard fields.count == 5 else { continue }
      let wanted = [host, String(port), database, user]
      if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
    }
    return nil
  }

  /// The fields of a line, with escapes undone.
  private static func split(_ line: String) -> [String] {
    var fields: [String] = []
    var current = ""
    var escaped = false
    for character in line {
      if escaped {
        current.append(character)
        escaped = false
      } else if character == "\\" {
        escaped = true
      } else if character == ":" && fields.count < 4 {
        fields.append(current)
        current = ""
      } else {
        current.append(character)
      }
    }
    fields.append(current)
    return fields
  }
}
