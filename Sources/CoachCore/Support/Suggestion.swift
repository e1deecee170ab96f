/// Finds the candidate closest to a misspelt name, for "did you mean ...?" hints.
package enum Suggestion {
  /// The candidate with the smallest edit distance to `name`, if it is close enough to be a
  /// plausible typo (at most a third of the name's length, and at least one edit).
  package static func nearest<S: Sequence<String>>(to name: String, in candidates: S) -> String? {
    let target = Array(name.lowercased().unicodeScalars)
    let limit = max(2, target.count / 3)
    var best: (candidate: String, distance: Int)?
    for candidate in candidates {
      let scalars = Array(candidate.lowercased().unicodeScalars)
      if abs(scalars.count - target.count) > limit { continue }
      let distance = editDistance(target, scalars, limit: limit)
      if distance <= limit, distance < (best?.distance ?? .max) {
        best = (candidate, distance)
      }
    }
    if let best { return best.candidate }
    return nearestByPrefix(to: name, in: candidates)
  }

  /// A fallback for words with the same stem ("persuasion" for "persuade"): the candidate sharing
  /// the longest prefix, at least five characters and half the name.
  static func nearestByPrefix<S: Sequence<String>>(to name: String, in candidates: S) -> String? {
    let target = Array(name.lowercased())
    var best: (candidate: String, prefix: Int, difference: Int)?
    for candidate in candidates {
      let scalars = Array(candidate.lowercased())
      var prefix = 0
      while prefix < min(target.count, scalars.count), target[prefix] == scalars[prefix] { prefix += 1 }
      guard prefix >= 5, prefix * 2 >= target.count else { continue }
      let difference = abs(scalars.count - target.count)
      if best == nil || prefix > best!.prefix || (prefix == best!.prefix && difference < best!.difference) {
        best = (candidate, prefix, difference)
      }
    }
    return best?.candidate
  }

  /// Levenshtein distance with adjacent transpositions counted as one edit; returns a value above
  /// `limit` as soon as the distance is known to exceed it.
  static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previousRow = Array(0...b.count)
    var rowBefore = previousRow
    var currentRow = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      currentRow[0] = i
      var rowMinimum = currentRow[0]
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        var value = min(previousRow[j] + 1, currentRow[j - 1] + 1, previousRow[j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          value = min(value, rowBefore[j - 2] + 1)
        }
        currentRow[j] = value
        rowMinimum = min(rowMinimum, value)
      }
      if rowMinimum > limit { return limit + 1 }
      rowBefore = previousRow
      previousRow = currentRow
    }
    return previousRow[b.count]
  }
}
