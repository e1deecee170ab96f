import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Headless Chromium from the distribution's packages, for tests that check a page in a real
/// browser: the DOM after load, the console, every request the page made, and screenshots.
///
/// The browser is kept off the network: its own background services are switched off, and every
/// request that still leaves goes to a proxy on a closed loopback port, so nothing reaches another
/// machine. What the page asked for is read from Chromium's network log, which records each
/// request with the document that started it.
public struct Chromium: Sendable {
  public let executable: String

  /// `$COACH_CHROMIUM`, else `chromium`, `chromium-browser` or `google-chrome` on the PATH.
  public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> Chromium? {
    if let path = environment["COACH_CHROMIUM"], !path.isEmpty {
      return FileManager.default.isExecutableFile(atPath: path) ? Chromium(executable: path) : nil
    }
    let folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
    for name in ["chromium", "chromium-browser", "google-chrome"] {
      for folder in folders where FileManager.default.isExecutableFile(atPath: folder + "/" + name) {
        return Chromium(executable: folder + "/" + name)
      }
    }
    return nil
  }

  /// Whether a missing browser must fail the test rather than skip it: under CI.
  public static var isRequired: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

  /// Run browser tests: Chromium is here, or CI requires it (and the test then fails).
  public static var shouldRun: Bool { locate() != nil || isRequired }

  /// What loading a page produced.
  public struct Load: Sendable {
    /// The DOM serialised after load.
    public var dom: String
    /// Messages the page wrote to the console, including policy violations and errors.
    public var console: [String]
    /// URLs the page requested, other than its own file.
    public var requests: [String]
  }

  /// The flags of every run: headless, no background services, no way out to the network.
  func flags(profile: URL) -> [String] {
    var flags = [
      "--headless", "--disable-gpu", "--no-first-run", "--no-default-browser-check", "--hide-scrollbars",
      "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps",
      "--disable-extensions", "--no-pings", "--disable-domain-reliability", "--disable-breakpad",
      "--disable-client-side-phishing-detection", "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
      "--user-data-dir=\(profile.path)",
    ]
    // The sandbox needs an unprivileged user; as root Chromium refuses to start without this.
    if geteuid() == 0 { flags.append("--no-sandbox") }
    return flags
  }

  /// Loads `page` and reports its DOM, console and requests. `work` is a folder for the
  /// browser's profile and network log.
  public func load(_ page: URL, work: URL) throws -> Load {
    let netLog = work.appendingPathComponent("netlog-\(UUID().uuidString).json")
    let output = try run(
      flags(profile: work.appendingPathComponent("profile-\(UUID().uuidString)")) + [
        "--enable-logging=stderr", "--v=0", "--log-net-log=\(netLog.path)", "--dump-dom", page.absoluteString,
      ])
    let console = output.stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
    return Load(dom: output.stdout, console: console, requests: try Self.pageRequests(netLog: netLog, page: page))
  }

  /// Takes a screenshot of `page` at `width` × `height` CSS pixels into `file`.
  public func screenshot(_ page: URL, width: Int, height: Int, to file: URL, work: URL) throws {
    _ = try run(
      flags(profile: work.appendingPathComponent("profile-\(UUID().uuidString)")) + [
        "--screenshot=\(file.path)", "--window-size=\(width),\(height)", page.absoluteString,
      ])
    guard FileManager.default.fileExists(atPath: file.path) else {
      throw FixtureError(message: "Chromium wrote no screenshot of \(page.path)")
    }
  }

  /// Prints `page` to a PDF with the page size its print styles ask for, and returns each page's
  /// size in points (width, height), read from the PDF's media boxes.
  public func printed(_ page: URL, to file: URL, work: URL) throws -> [(Double, Double)] {
    _ = try run(
      flags(profile: work.appendingPathComponent("profile-\(UUID().uuidString)")) + [
        "--no-pdf-header-footer", "--print-to-pdf=\(file.path)", page.absoluteString,
      ])
    let text = String(decoding: try Data(contentsOf: file), as: UTF8.self)
    var sizes: [(Double, Double)] = []
    var rest = text[...]
    while let range = rest.range(of: "/MediaBox [") {
      let numbers = rest[range.upperBound...].prefix { $0 != "]" }.split(separator: " ").compactMap { Double($0) }
      if numbers.count == 4 { sizes.append((numbers[2] - numbers[0], numbers[3] - numbers[1])) }
      rest = rest[range.upperBound...]
    }
    return sizes
  }

  /// The URLs a page (not the browser itself) asked for, from the network log: requests started
  /// by a document, other than for the page's own file.
  static func pageRequests(netLog: URL, page: URL) throws -> [String] {
    let data = try Data(contentsOf: netLog)
    guard let log = try JSONSerialization.jsonObject(with: data) as? [String: Any],
      let constants = log["constants"] as? [String: Any],
      let types = constants["logEventTypes"] as? [String: Int],
      let start = types["URL_REQUEST_START_JOB"],
      let events = log["events"] as? [[String: Any]]
    else { throw FixtureError(message: "Chromium's network log \(netLog.path) cannot be read") }
    var urls: [String] = []
    for event in events where (event["type"] as? Int) == start {
      guard let parameters = event["params"] as? [String: Any], let url = parameters["url"] as? String else {
        continue
      }
      let initiator = parameters["initiator"] as? String ?? ""
      let isolation = parameters["network_isolation_key"] as? String ?? ""
      // The browser's own requests have no initiating document ("not an origin").
      let fromPage = initiator != "not an origin" || isolation.contains("file://")
      if fromPage, url != page.absoluteString { urls.append(url) }
    }
    return urls
  }

  private func run(_ arguments: [String]) throws -> CoachProcess.Output {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    environment["LANG"] = "en_GB.UTF-8"
    process.environment = environment
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    let guardian = HangGuard(pid: process.processIdentifier)
    let outData = ReadAll(stdout.fileHandleForReading)
    let errData = ReadAll(stderr.fileHandleForReading)
    process.waitUntilExit()
    guardian.disarm()
    let output = CoachProcess.Output(
      status: process.terminationStatus, stdout: String(decoding: outData.wait(), as: UTF8.self),
      stderr: String(decoding: errData.wait(), as: UTF8.self))
    guard output.status == 0 else {
      throw FixtureError(message: "Chromium exited with \(output.status): \(output.stderr.suffix(2000))")
    }
    return output
  }
}

/// A PNG screenshot, decoded enough to tell a page from a blank one.
public struct Screenshot: Sendable {
  public var width: Int
  public var height: Int
  /// The share of pixels that differ from the most common colour (the background).
  public var inkShare: Double
  /// How many distinct colours it holds.
  public var colours: Int

  /// Reads an 8-bit RGB or RGBA PNG. The compressed image data is inflated by Python's zlib
  /// (the standard library has one; Foundation on Linux does not offer it); the rows are
  /// unfiltered here.
  public init(file: URL) throws {
    let bytes = [UInt8](try Data(contentsOf: file))
    guard bytes.count > 33, bytes.prefix(8) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] else {
      throw FixtureError(message: "\(file.path) is not a PNG")
    }
    func be32(_ offset: Int) -> Int {
      Int(bytes[offset]) << 24 | Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
    }
    width = be32(16)
    height = be32(20)
    let depth = bytes[24]
    let colourType = bytes[25]
    guard depth == 8, colourType == 2 || colourType == 6, bytes[28] == 0 else {
      throw FixtureError(message: "\(file.path): only 8-bit RGB or RGBA without interlace is read")
    }
    let channels = colourType == 6 ? 4 : 3
    var compressed: [UInt8] = []
    var offset = 8
    while offset + 8 <= bytes.count {
      let length = be32(offset)
      let type = String(decoding: bytes[(offset + 4)..<(offset + 8)], as: UTF8.self)
      if type == "IDAT" { compressed += bytes[(offset + 8)..<(offset + 8 + length)] }
      offset += 12 + length
    }
    let raw = try Self.inflate(compressed)
    let stride = width * channels
    guard raw.count == height * (stride + 1) else {
      throw FixtureError(message: "\(file.path): image data is \(raw.count) bytes, expected \(height * (stride + 1))")
    }
    var previous = [UInt8](repeating: 0, count: stride)
    var current = [UInt8](repeating: 0, count: stride)
    var counts: [UInt32: Int] = [:]
    for row in 0..<height {
      let base = row * (stride + 1)
      let filter = raw[base]
      for index in 0..<stride {
        let x = raw[base + 1 + index]
        let a = index >= channels ? Int(current[index - channels]) : 0
        let b = Int(previous[index])
        let c = index >= channels ? Int(previous[index - channels]) : 0
        let predictor: Int
        switch filter {
        case 1: predictor = a
        case 2: predictor = b
        case 3: predictor = (a + b) / 2
        case 4:
          let p = a + b - c
          let (pa, pb, pc) = (abs(p - a), abs(p - b), abs(p - c))
          predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c
        default: predictor = 0
        }
        current[index] = x &+ UInt8(truncatingIfNeeded: predictor)
      }
      for pixel in 0..<width {
        let p = pixel * channels
        let key = UInt32(current[p]) << 16 | UInt32(current[p + 1]) << 8 | UInt32(current[p + 2])
        counts[key, default: 0] += 1
      }
      swap(&previous, &current)
    }
    let background = counts.values.max() ?? 0
    let total = max(width * height, 1)
    inkShare = Double(total - background) / Double(total)
    colours = counts.count
  }

  private static func inflate(_ data: [UInt8]) throws -> [UInt8] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      "python3", "-c", "import sys, zlib; sys.stdout.buffer.write(zlib.decompress(sys.stdin.buffer.read()))",
    ]
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    let result = ReadAll(output.fileHandleForReading)
    input.fileHandleForWriting.write(Data(data))
    try input.fileHandleForWriting.close()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw FixtureError(message: "python3 could not inflate a PNG") }
    return [UInt8](result.wait())
  }
}
