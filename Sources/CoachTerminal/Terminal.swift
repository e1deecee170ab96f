#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What the terminal on the other end of standard output can do.
public struct Terminal: Sendable {
  /// Whether ANSI colours and styles are used.
  public var colors: Bool
  /// Columns available for text.
  public var width: Int

  public init(colors: Bool, width: Int) {
    self.colors = colors
    self.width = max(20, width)
  }

  /// Colour only when standard output is a terminal, `NO_COLOR` is unset or empty (any other
  /// value disables colour; an empty one is ignored, per no-color.org) and `TERM` is not `dumb`.
  public static func detect(environment: [String: String], fileDescriptor: Int32 = STDOUT_FILENO) -> Terminal {
    let isTerminal = isatty(fileDescriptor) == 1
    let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
    let colors = isTerminal && !noColor && environment["TERM"] != "dumb"
    return Terminal(colors: colors, width: detectWidth(environment: environment, fileDescriptor: fileDescriptor))
  }

  static func detectWidth(environment: [String: String], fileDescriptor: Int32) -> Int {
    var size = winsize()
    if isatty(fileDescriptor) == 1, ioctl(fileDescriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
      return min(Int(size.ws_col), 120)
    }
    if let columns = environment["COLUMNS"].flatMap(Int.init), columns > 0 { return min(columns, 120) }
    return 80
  }

  /// A plain terminal: no colour, 80 columns (what tests and pipes get).
  public static let plain = Terminal(colors: false, width: 80)

  /// `text` in `style`, or unchanged when colours are off.
  public func styled(_ text: String, _ style: Style) -> String {
    guard colors, !text.isEmpty else { return text }
    return "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m"
  }

  /// ANSI styles used by Coach.
  public enum Style: String, Sendable {
    case bold = "1"
    case dim = "2"
    case italic = "3"
    case red = "31"
    case green = "32"
    case yellow = "33"
    case blue = "34"
    case magenta = "35"
    case cyan = "36"
    case boldRed = "1;31"
    case boldGreen = "1;32"
    case boldYellow = "1;33"
    case boldCyan = "1;36"
  }
}
