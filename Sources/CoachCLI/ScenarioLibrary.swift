import CoachCore
import Foundation

/// The scenarios that ship with Coach, and how a command-line name becomes a file.
///
/// The bundled folder is, in order: `$COACH_SCENARIOS`; a `Scenarios` folder beside the package
/// that built the running binary; `<prefix>/share/coach/Scenarios` for an installed binary; and
/// `./Scenarios`.
struct ScenarioLibrary {
  /// The id of the scenario `coach play` starts with no argument.
  static let defaultScenarioID = "frank-diabetes-remission"

  var directory: URL?

  static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> ScenarioLibrary {
    let fileManager = FileManager.default
    func isDirectory(_ url: URL) -> Bool {
      var flag: ObjCBool = false
      return fileManager.fileExists(atPath: url.path, isDirectory: &flag) && flag.boolValue
    }
    if let explicit = environment["COACH_SCENARIOS"], !explicit.isEmpty {
      return ScenarioLibrary(directory: URL(fileURLWithPath: explicit))
    }
    var candidates: [URL] = []
    let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    var folder = executable.deletingLastPathComponent()
    for _ in 0..<6 {
      candidates.append(folder.appendingPathComponent("Scenarios"))
      candidates.append(folder.appendingPathComponent("share/coach/Scenarios"))
      folder = folder.deletingLastPathComponent()
    }
    candidates.append(URL(fileURLWithPath: fileManager.currentDirectoryPath).appendingPathComponent("Scenarios"))
    return ScenarioLibrary(directory: candidates.first(where: isDirectory))
  }

  /// Whether a file in the folder is a scenario (not the schema or a rubric).
  static func isScenarioFile(_ name: String) -> Bool {
    name.hasSuffix(".json") && !name.hasSuffix(".schema.json") && !name.hasPrefix("rubric")
  }

  /// The bundled scenario files, sorted by name.
  var files: [URL] {
    guard let directory,
      let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path)
    else { return [] }
    return names.filter(Self.isScenarioFile).sorted().map { directory.appendingPathComponent($0) }
  }

  /// Why a name could not be resolved.
  struct NotFound: Error {
    var name: String
    var known: [String]
    var suggestion: String?
    var libraryMissing: Bool

    var message: String {
      if libraryMissing {
        return "no scenario named \"\(name)\": the bundled Scenarios folder was not found; "
          + "name a file, or set COACH_SCENARIOS to the folder"
      }
      var text = "no scenario named \"\(name)\" and no such file"
      if let suggestion { text += "; did you mean \"\(suggestion)\"?" }
      if !known.isEmpty { text += "\nbundled scenarios: " + known.joined(separator: ", ") }
      return text
    }
  }

  /// The path of the scenario named by `name`: an existing file, or the id of a bundled scenario.
  func resolve(_ name: String) throws(NotFound) -> String {
    let looksLikePath = name.contains("/") || name.hasSuffix(".json")
    if looksLikePath || FileManager.default.fileExists(atPath: name) {
      return name
    }
    let ids = files.map { $0.deletingPathExtension().lastPathComponent }
    if let match = files.first(where: { $0.deletingPathExtension().lastPathComponent == name }) {
      return match.path
    }
    throw NotFound(
      name: name, known: ids, suggestion: Suggestion.nearest(to: name, in: ids), libraryMissing: directory == nil)
  }

  /// A short way to show a bundled file: its path relative to the working directory when inside it.
  static func displayName(_ path: String) -> String {
    let current = FileManager.default.currentDirectoryPath + "/"
    return path.hasPrefix(current) ? String(path.dropFirst(current.count)) : path
  }
}
