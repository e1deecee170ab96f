/// Splitting a path into its folder and its name, as text, for every path a user can type
/// (Foundation's `NSString` path methods trap on some of them, such as ".").
package enum PathText {
  /// The folder part of `path`: "a/b.sqlite" → "a", "/b" → "/", "b" → "" (the current folder),
  /// "a/b/" → "a".
  package static func directory(of path: String) -> String {
    let trimmed = trimmingTrailingSlashes(path)
    guard let slash = trimmed.lastIndex(of: "/") else { return "" }
    let folder = trimmingTrailingSlashes(String(trimmed[..<slash]))
    return folder.isEmpty ? "/" : folder
  }

  /// The last part of `path`: "a/b.sqlite" → "b.sqlite", "a/b/" → "b", "/" → "/".
  package static func name(of path: String) -> String {
    let trimmed = trimmingTrailingSlashes(path)
    guard let slash = trimmed.lastIndex(of: "/") else { return trimmed }
    let name = String(trimmed[trimmed.index(after: slash)...])
    return name.isEmpty ? "/" : name
  }

  /// The extension of `path`'s name, without its dot: "scores.CSV" → "CSV"; "" when there is none.
  package static func fileExtension(of path: String) -> String {
    let name = name(of: path)
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
    return String(name[name.index(after: dot)...])
  }

  private static func trimmingTrailingSlashes(_ path: String) -> String {
    var path = Substring(path)
    while path.count > 1, path.hasSuffix("/") { path.removeLast() }
    return String(path)
  }
}
