import CoachCore
import CoachTerminal

/// Prints diagnostics the way compilers do, so editors and terminals can jump to `file:line:col`.
struct DiagnosticPrinter {
  var terminal: Terminal

  /// The diagnostic as compiler-style text. Every piece taken from a file is cleaned before it is
  /// styled, so hostile text cannot reach the terminal and the styles' own codes survive.
  func render(_ diagnostic: Diagnostic) -> String {
    func clean(_ text: String) -> String { Sanitizer.clean(text, multiline: false) }
    var head = clean(diagnostic.file)
    if let position = diagnostic.position { head += ":\(position.line):\(position.column)" }
    let label =
      switch diagnostic.severity {
      case .error: terminal.styled("error:", .boldRed)
      case .warning: terminal.styled("warning:", .boldYellow)
      case .note: terminal.styled("note:", .bold)
      }
    var text = "\(terminal.styled(head + ":", .bold)) \(label) "
    if diagnostic.path != .root { text += terminal.styled(clean("\(diagnostic.shownPath):"), .cyan) + " " }
    text += clean(diagnostic.message)
    if let suggestion = diagnostic.suggestion { text += "; " + clean(suggestion) }
    for line in diagnostic.detailLines {
      text += "\n    " + clean(line)
    }
    return text
  }
}
