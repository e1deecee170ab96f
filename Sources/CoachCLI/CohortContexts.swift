import CoachCore
import CoachStore
import Foundation

/// What the cohort page adds from the scenario files and rubrics: for each scenario version among
/// the attempts, the headline thresholds of the rubric that scored it and the patient's line at
/// each decision point.
///
/// A scenario is read from the path the attempts recorded, else found among the bundled stories
/// by its id; its lines are used only when its content is the one the attempts were played on. A
/// missing or changed file costs the page its lines, never the page itself.
enum CohortContexts {
  static func load(for attempts: [CohortAttempt], database: any RecordStore, limits: LoadLimits = .default) -> [String:
    CohortOverview.ScenarioContext]
  {
    var firstOfLabel: [String: CohortAttempt] = [:]
    for attempt in attempts where firstOfLabel[attempt.label] == nil { firstOfLabel[attempt.label] = attempt }
    let library = ScenarioLibrary.locate()
    let loader = ScenarioLoader(limits: limits)
    var scenarios: [String: Scenario?] = [:]
    var contexts: [String: CohortOverview.ScenarioContext] = [:]
    for (label, attempt) in firstOfLabel {
      let key = attempt.score.scenario
      let cacheKey = key.contentHash
      if scenarios[cacheKey] == nil {
        var candidates = [attempt.scenarioPath]
        if let bundled = try? library.resolve(key.id) { candidates.append(bundled) }
        scenarios[cacheKey] =
          candidates.lazy.compactMap { path -> Scenario? in
            guard FileManager.default.fileExists(atPath: path), let scenario = loader.load(path: path).scenario,
              scenario.contentHash == key.contentHash
            else { return nil }
            return scenario
          }.first
      }
      contexts[label] = CohortOverview.ScenarioContext(
        scenario: scenarios[cacheKey] ?? nil, rubric: rubric(for: key, database: database))
    }
    return contexts
  }

  /// The rubric kept with the attempts by its hash, else the built-in of its id, else the default.
  private static func rubric(for key: ScenarioKey, database: any RecordStore) -> Rubric {
    if let hash = key.rubricHash, let text = try? database.rubricText(hash: hash),
      let rubric = RubricFile.load(bytes: Array(text.utf8), file: "the rubric kept with the attempts").rubric
    {
      return rubric
    }
    return Rubric.builtIn(id: key.rubricID) ?? .miti421
  }
}
