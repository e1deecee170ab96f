import ArgumentParser
import CoachTerminal
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Where an HTML page goes: to `--output` through `OutputFile` (whole or not at all, an existing
/// file kept unless `--force`), else to standard output when that is a file or a pipe. A page is
/// never printed on a terminal, where it would be a screenful of markup.
enum PageOutput {
  /// The message for `--html` without `--output` on a terminal.
  static let needsFile = "--html writes a web page: pass --output FILE, or redirect standard output to a file"

  /// Refuses, before any work, an output that `write` would refuse.
  static func check(_ output: String?, replacing: Bool, console: Console) throws {
    if let output {
      do {
        try OutputFile.checkTarget(output, replacing: replacing)
      } catch {
        throw console.fail(error)
      }
    } else if isatty(STDOUT_FILENO) == 1 {
      console.err("coach: " + needsFile)
      throw ExitStatus.usage
    }
  }

  /// Writes `page`, and says where on standard error when it went to a file.
  static func write(_ page: String, to output: String?, replacing: Bool, what: String, console: Console) throws {
    try check(output, replacing: replacing, console: console)
    guard let output else {
      console.out(bytes: Array(page.utf8))
      return
    }
    do {
      try OutputFile.write(Array(page.utf8), to: output, replacing: replacing)
    } catch {
      throw console.fail(error)
    }
    console.err("coach: wrote \(what) to \(Sanitizer.clean(output, multiline: false))")
  }
}
