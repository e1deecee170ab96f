/// How well `UtteranceCoder` agrees with codes a person gave the same words: per code, precision
/// and recall; for the three-way split reflection / question / other, Cohen's kappa.
package struct CoderAgreement: Sendable, Codable, Equatable {
  /// The agreement on one code.
  package struct CodeFigures: Sendable, Codable, Equatable {
    package var code: TechniqueCode
    /// Heard where the person coded it.
    package var truePositives: Int
    /// Heard where the person did not code it.
    package var falsePositives: Int
    /// Not heard where the person coded it.
    package var falseNegatives: Int

    /// Of the times it was heard, the share the person also coded; nil when never heard.
    package var precision: Double? {
      truePositives + falsePositives == 0 ? nil : Double(truePositives) / Double(truePositives + falsePositives)
    }

    /// Of the times the person coded it, the share it was heard; nil when never coded.
    package var recall: Double? {
      truePositives + falseNegatives == 0 ? nil : Double(truePositives) / Double(truePositives + falseNegatives)
    }
  }

  /// A response the coder got wrong on the three-way split, for the documentation.
  package struct Miss: Sendable, Codable, Equatable {
    package var words: String
    package var coded: UtteranceCoder.Kind
    package var heard: UtteranceCoder.Kind
  }

  package var responses: Int
  package var codes: [CodeFigures]
  /// Rows: the person's kind; columns: the coder's, in `UtteranceCoder.Kind.allCases` order.
  package var confusion: [[Int]]
  package var kappa: Double
  /// Every response where the coder's kind differs from the person's.
  package var misses: [Miss]

  /// Measures the coder on `responses`: words and the codes a person gave them.
  package init(responses: [(words: String, codes: [TechniqueCode])]) {
    self.responses = responses.count
    let kinds = UtteranceCoder.Kind.allCases
    var confusion = [[Int]](repeating: [Int](repeating: 0, count: kinds.count), count: kinds.count)
    var figures = Dictionary(
      uniqueKeysWithValues: UtteranceCoder.codesHeard.map {
        ($0, CodeFigures(code: $0, truePositives: 0, falsePositives: 0, falseNegatives: 0))
      })
    var misses: [Miss] = []
    for response in responses {
      let result = UtteranceCoder.code(response.words)
      // A premature-advice or signposting code is advice: the coder hears it as persuasion.
      let authored = Set(
        response.codes.map { code -> TechniqueCode in
          switch code {
          case .prematureAdvice, .signpostingWithoutExploring: .persuade
          case .persuadeWithPermission: .givingInformation
          default: code
          }
        })
      for code in UtteranceCoder.codesHeard {
        let heard = result.contains(code)
        let coded = authored.contains(code)
        if heard && coded { figures[code]!.truePositives += 1 }
        if heard && !coded { figures[code]!.falsePositives += 1 }
        if !heard && coded { figures[code]!.falseNegatives += 1 }
      }
      let codedKind = UtteranceCoder.kind(of: response.codes)
      confusion[kinds.firstIndex(of: codedKind)!][kinds.firstIndex(of: result.kind)!] += 1
      if codedKind != result.kind {
        misses.append(Miss(words: response.words, coded: codedKind, heard: result.kind))
      }
    }
    self.codes = UtteranceCoder.codesHeard.map { figures[$0]! }
    self.confusion = confusion
    self.misses = misses
    self.kappa = Self.kappa(confusion)
  }

  /// Cohen's kappa of a square confusion matrix: (observed − expected agreement) ÷ (1 − expected).
  static func kappa(_ matrix: [[Int]]) -> Double {
    let total = Double(matrix.joined().reduce(0, +))
    guard total > 0 else { return 0 }
    let observed = Double(matrix.indices.map { matrix[$0][$0] }.reduce(0, +)) / total
    var expected = 0.0
    for index in matrix.indices {
      let row = Double(matrix[index].reduce(0, +))
      let column = Double(matrix.map { $0[index] }.reduce(0, +))
      expected += (row / total) * (column / total)
    }
    return expected == 1 ? 1 : (observed - expected) / (1 - expected)
  }
}
