import CoachCore
import CoachTestSupport
import Foundation
import Testing

/// Every input that ever crashed the fuzzer (Fuzz/run.sh) is kept under FuzzRegressions/ and
/// replayed here, so a fixed crash stays fixed.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
  static let folder = Fixtures.packageRoot.appendingPathComponent("Tests/CoachCoreTests/FuzzRegressions")
  static let inputs: [URL] =
    ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    .map { folder.appendingPathComponent($0) }

  @Test(arguments: inputs)
  func replaysWithoutCrashing(_ input: URL) throws {
    FuzzInput.exercise(Array(try Data(contentsOf: input)))
  }

  /// The bundled scenarios, fed in as the fuzzer's seeds are, exercise every mode.
  @Test func theSeedShapesRun() throws {
    for file in Fixtures.bundledScenarioFiles {
      FuzzInput.exercise([0] + Array(try Data(contentsOf: file)))
    }
    FuzzInput.exercise([1] + Array("a >= 2 and not b".utf8))
    FuzzInput.exercise([2] + Array(RubricFile.text(of: .miti421).utf8))
  }
}
