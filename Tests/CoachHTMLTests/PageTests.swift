import CoachCore
import CoachHTML
import CoachTestSupport
import Foundation
import Testing

/// The pages as text: what they contain, what they never contain, and that hostile text from a
/// scenario file or a trainee's name stays text. `CoachEndToEndTests/BrowserTests` loads them in a
/// real browser.
@Suite("HTML pages")
struct PageTests {
  /// The review of `choices` played through `scenario`.
  func review(_ choices: [String], scenario: Scenario, seed: UInt64 = 4) throws -> AfterActionReview {
    var session = Session(scenario: scenario, seed: seed)
    for choice in choices { try session.choose(choice) }
    return AfterActionReview(session: session, report: Rubric.miti421.score(Transcript(session: session)))
  }

  func reviewPage(
    _ choices: [String] = ["check", "again"], scenario: Scenario? = nil, trainee: String = "ann",
    name: String? = "Ann Smith"
  ) throws -> String {
    let review = try review(choices, scenario: scenario ?? Fixtures.scenario())
    return ReviewPage(
      review: review,
      attempt: .init(
        id: UUID(uuidString: "3F2A0000-0000-4000-8000-000000000001"), trainee: trainee, traineeName: name,
        mode: .practice, status: .complete, startedAt: AttemptFixtures.start)
    ).render()
  }

  func cohortPage(trainee: String = "ann", name: String? = "Ann Smith", scenarioTitle: String = "Clinic") -> String {
    let start = AttemptFixtures.start
    let scores: [Double] = [30, 55, 62, 81]
    let bands: [Band] = [.developing, .fair, .fair, .good]
    let attempts = (0..<4).map { (index: Int) -> CohortOverview.Attempt in
      let began = start.addingTimeInterval(Double(index) * 86_400)
      let mine = index % 2 == 0
      return CohortOverview.Attempt(
        trainee: mine ? trainee : "bob", name: mine ? name : nil, cohort: "spring",
        scenario: "clinic@1.2.0", scenarioTitle: scenarioTitle, startedAt: began,
        finishedAt: began.addingTimeInterval(600), score: scores[index], band: bands[index],
        turns: [.init(node: "hello", choice: "lecture", say: "You should \(scenarioTitle)", isPoor: index < 2)],
        safety: [.init(id: "net", label: "Safety net \(scenarioTitle)", done: index > 0)])
    }
    let overview = CohortOverview(
      attempts: attempts,
      contexts: [
        "clinic@1.2.0": .init(
          fairFrom: 50, goodFrom: 75, lines: ["hello": .init(speaker: "Ann", text: "Morning \(scenarioTitle)")],
          order: ["hello"])
      ])
    return CohortPage(overview: overview, filters: ["cohort spring"]).render()
  }

  /// How often `needle` occurs in `text`.
  func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

  @Test("The review page holds the score, the metrics table, the state chart and table, and every turn")
  func reviewContents() throws {
    let page = try reviewPage()
    #expect(page.hasPrefix("<!DOCTYPE html>"))
    #expect(page.contains("<title>After-action review: A short clinic visit</title>"))
    #expect(page.contains(#"<table id="metrics">"#))
    #expect(page.contains(#"<svg id="state-0" class="state-chart""#))
    #expect(page.contains(#"<table id="state-table">"#))
    #expect(page.contains("Ann Smith (ann)"))
    #expect(page.contains("Attempt 3f2a0000"))
    // Two turns, each with its grade and feedback; "check" was a closed question.
    #expect(count(#"<li class="turn turn-"#, in: page) == 2)
    #expect(page.contains("A closed question gets a yes or no."))
    // The state table: the start and two turns; rapport 0, 0, 0 on this path.
    #expect(count("<tr><th scope=\"row\">", in: page) >= 3)
    #expect(page.contains("Ending: Undecided (mixed)"))
    #expect(page.contains("She left without a plan."))
    #expect(page.contains("Fair from"))
  }

  @Test("A poor turn shows the better option and why it is better")
  func betterOption() throws {
    let page = try reviewPage(["lecture", "dismiss"])
    #expect(page.contains(#"class="turn turn-poor""#))
    #expect(page.contains("<strong>Better:</strong> “What would you like to get out of today?”"))
    #expect(page.contains("<strong>Why it is better:</strong> Asking for her agenda shares control."))
    #expect(page.contains("Capped at Developing") || page.contains("Developing at most"))
  }

  @Test("The cohort page holds the band table, one sparkline per trainee, the difficulty table and safety rates")
  func cohortContents() {
    let page = cohortPage()
    #expect(page.contains("<title>Cohort scores</title>"))
    #expect(page.contains(#"<svg class="band-bar""#))
    #expect(page.contains(#"<table class="bands">"#))
    #expect(count(#"<svg class="sparkline""#, in: page) == 2)
    #expect(page.contains(#"<table class="difficulty">"#))
    #expect(page.contains(#"<td class="num heat-4" data-label="Chose poorly">50% (2)</td>"#))
    #expect(page.contains("“You should Clinic” <span class=\"codes\">(lecture, 2×)</span>"))
    #expect(page.contains(#"<table class="safety">"#))
    #expect(page.contains("Safety net Clinic</th><td class=\"num\">1</td><td class=\"num\">4</td>"))
    #expect(page.contains("30 Developing (2025-03-01), 62 Fair (2025-03-03)"))
    #expect(page.contains("Attempts: cohort spring."))
  }

  @Test("A hostile trainee name renders as text on both pages")
  func hostileTrainee() throws {
    for page in [
      try reviewPage(trainee: Hostile.script, name: Hostile.attribute),
      cohortPage(trainee: Hostile.script, name: Hostile.attribute),
    ] {
      #expect(!page.contains(Hostile.script))
      #expect(!page.contains("<img"))
      #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
      #expect(page.contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"))
      #expect(count("<script", in: page) == 0)
    }
  }

  @Test("Hostile scenario text renders as text: title, names, lines, responses, feedback, debrief, safety")
  func hostileScenario() throws {
    let scenario = try Fixtures.scenario(try Hostile.scenarioJSON())
    let review = try reviewPage(["open", "reflect"], scenario: scenario)
    let cohort = cohortPage(scenarioTitle: Hostile.style)
    for page in [review, cohort] {
      #expect(count("<script", in: page) == 0)
      #expect(count("<img", in: page) == 0)
      #expect(count("</style>", in: page) == 1)
    }
    #expect(review.contains("Clinic &lt;script&gt;alert(1)&lt;/script&gt;"))
    #expect(review.contains("Ann &quot;&gt;&lt;img src=x onerror=alert(2)&gt;"))
    #expect(review.contains("Net &lt;script&gt;alert(1)&lt;/script&gt;"))
    // Template syntax in scenario text is printed, not expanded.
    #expect(review.contains("{{pageTitle}} {{{raw}}} &amp;amp;"))
    #expect(cohort.contains("&lt;/style&gt;&lt;script&gt;alert(3)&lt;/script&gt;"))
  }

  @Test("The templates never write a value unescaped or switch escaping off")
  func templatesEscapeEverything() {
    for template in [ReviewTemplate.body, CohortTemplate.body, PageShell.document(body: "")] {
      #expect(!template.contains("{{{"))
      #expect(!template.contains("{{&"))
      #expect(!template.contains("{{%"))
      #expect(!template.contains("{{="))
    }
  }

  @Test("Pages load nothing: no scripts, no external references, a policy that allows only the stylesheet by hash")
  func selfContained() throws {
    for page in [try reviewPage(), cohortPage()] {
      #expect(!page.contains("<script"))
      #expect(!page.contains("<link"))
      #expect(!page.contains("<img"))
      #expect(!page.contains("@import"))
      #expect(!page.contains("url("))
      #expect(!page.contains(" src="))
      #expect(!page.contains(" href="))
      #expect(!page.contains("http://") && !page.contains("https://"))
      #expect(
        page.contains(
          #"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src '\#(PageShell.styleHash)';"#
        ))
      // The hash is of the stylesheet exactly as the page holds it.
      #expect(page.contains("<style>\(PageShell.css)</style>"))
      #expect(count("<style>", in: page) == 1)
      #expect(!page.contains(" style="))
      #expect(page.contains("@media print{@page{size:A4"))
    }
    let expectedHash = "sha256-" + Data(SHA256.digest(of: Array(PageShell.css.utf8))).base64EncodedString()
    #expect(PageShell.styleHash == expectedHash)
    #expect(!PageShell.contentSecurityPolicy.contains("unsafe"))
  }

  @Test("Every chart has a text equivalent: a title and description, a caption or a table")
  func textEquivalents() throws {
    let review = try reviewPage()
    #expect(review.contains(#"role="img" aria-labelledby="state-0-t state-0-d""#))
    #expect(review.contains(#"<desc id="state-0-d">Rapport at the start and after each turn: 0, 0, 0.</desc>"#))
    // The metric bars are decoration: the row says the same in numbers.
    #expect(count(#"aria-hidden="true" focusable="false""#, in: review) == 5)
    let cohort = cohortPage()
    #expect(
      cohort.contains(
        "<title id=\"scenario-0-bands-t\">Complete attempts by band: Developing: 1 (25%); Fair: 2 (50%); Good: 1 (25%); </title>"
      ))
    #expect(count(#"role="img" aria-labelledby="s0-t"#, in: cohort) == 2)
  }

  @Test("Heat-map steps rise with the share")
  func heat() {
    #expect([0, 0.05, 0.1, 0.3, 0.5, 0.6, 1].map(CohortPage.heat) == [0, 1, 2, 3, 4, 5, 5])
  }

  @Test("An empty selection says so")
  func empty() {
    let page = CohortPage(overview: CohortOverview(attempts: [])).render()
    #expect(page.contains("<p>No attempts match.</p>"))
  }
}
