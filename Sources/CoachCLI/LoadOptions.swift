import ArgumentParser
import CoachCore

/// Options shared by every command that loads scenario files.
struct LoadOptions: ParsableArguments {
  @Option(
    name: .customLong("max-size"),
    help: ArgumentHelp(
      "Refuse scenario files larger than this many bytes.", valueName: "bytes"))
  var maxSize: Int = LoadLimits.default.maxBytes

  var limits: LoadLimits {
    var limits = LoadLimits.default
    limits.maxBytes = maxSize
    return limits
  }

  func validate() throws {
    guard maxSize > 0 else { throw ValidationError("--max-size must be a positive number of bytes") }
    guard maxSize <= JSONDocument.maxBytes else {
      throw ValidationError("--max-size can be at most \(JSONDocument.maxBytes) bytes")
    }
  }
}
