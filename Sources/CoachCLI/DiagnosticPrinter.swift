import CoachCore
import CoachTerminal

/// Prints diagnostics the way compilers do, so editors and terminals can jump to `file:line:col`.
struct DiagnosticPrinter {
  var terminal: Terminal

  func render(_ diagnostic: Diagnostic) -> String {
    var head = diagnostic.file
    if let position = diagnostic.position { head += ":\(position.line):\(position.column)" }
    let label =
      diagnostic.severity == .error
      ? terminal.styled("error:", .boldRed) : terminal.styled("warning:", .boldYellow)
    var text = "\(terminal.styled(head + ":", .bold)) \(label) "
    if diagnostic.path != .root { text += terminal.styled("\(diagnostic.path):", .cyan) + " " }
    text += diagnostic.message
    if let suggestion = diagnostic.suggestion { text += "; " + suggestion }
    for line in diagnostic.detailLines {
      text += "\n    " + line
    }
    return Sanitizer.clean(text)
  }
}
