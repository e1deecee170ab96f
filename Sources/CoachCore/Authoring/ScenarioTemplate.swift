/// The starter scenario `coach new` writes: a short, valid story that plays at once and shows
/// every part of the format by example, with comments (fields whose names start with `//`) that
/// say what to change.
///
/// It has three decision points, one route node, two endings, one variable and one walkthrough,
/// and it validates with no errors and no warnings.
package enum ScenarioTemplate {
  /// The starter scenario's JSON text, ending with a line break. `schema` is the path of
  /// `scenario.schema.json` as seen from where the file will be saved.
  package static func json(id: String, schema: String = "./scenario.schema.json") -> String {
    document(id: id, schema: schema).rendered() + "\n"
  }

  private typealias Field = (String, JSONOutput)

  private static func text(_ value: String) -> JSONOutput { .string(value) }

  private static func list(_ values: [String]) -> JSONOutput { .array(values.map { .string($0) }) }

  private static func choice(
    _ id: String, say: String, codes: [String], condition: String? = nil, effects: [String], feedback: String,
    next: String, comment: String? = nil
  ) -> JSONOutput {
    var fields: [Field] = []
    if let comment { fields.append(("//", text(comment))) }
    fields.append(("id", text(id)))
    fields.append(("say", text(say)))
    fields.append(("codes", list(codes)))
    if let condition { fields.append(("if", text(condition))) }
    fields.append(("effects", list(effects)))
    fields.append(("feedback", text(feedback)))
    fields.append(("next", text(next)))
    return .object(fields)
  }

  private static func document(id: String, schema: String) -> JSONOutput {
    .object([
      ("$schema", text(schema)),
      (
        "//",
        text(
          "A starter story made by `coach new`. Fields whose names start with // are comments: Coach ignores "
            + "them, so keep them, change them or delete them. Rewrite the story as your own, then check it with "
            + "`coach validate \(id).json`. The guide is docs/authoring.md."
        )
      ),
      ("format", .number("1")),
      ("// id", text("Never change the id once trainees have played the story: their scores are filed under it.")),
      ("id", text(id)),
      ("// version", text("Raise the version whenever you change the story, so old and new scores are kept apart.")),
      ("version", text("0.1.0")),
      ("title", text("Sam's first step (a starter story)")),
      (
        "summary",
        text(
          "Sam, 52, has been told by the practice nurse to be more active and is not sure why he is here. "
            + "Practise asking what matters to him before advising, and let him choose his own first step.")
      ),
      ("role", text("Health coach")),
      ("setting", text("A health coach's room at the GP practice, a Thursday afternoon.")),
      (
        "patient",
        .object([
          ("name", text("Sam")),
          ("age", .number("52")),
          (
            "background",
            text(
              "Sam works in a warehouse. His blood pressure was raised at a recent health check. He used to walk "
                + "his dog every morning until the dog died last year.")
          ),
        ])
      ),
      (
        "objectives",
        list([
          "Ask what matters to Sam before offering advice.",
          "Agree a first step that Sam chooses himself.",
        ])
      ),
      (
        "// state",
        text(
          "Variables the story remembers. Effects change them (\"rapport += 1\"); conditions read them "
            + "(\"rapport >= 2\"). This one is shown to the trainee as a meter and kept between -3 and 3.")
      ),
      (
        "state",
        .object([
          (
            "rapport",
            .object([
              ("initial", .number("0")), ("min", .number("-3")), ("max", .number("3")), ("label", text("Rapport")),
              ("visible", .bool(true)),
            ])
          )
        ])
      ),
      ("start", text("welcome")),
      (
        "// nodes",
        text(
          "Each node has an id and exactly one of: choices (the trainee picks a response), routes (the story "
            + "branches on state by itself) or ending.")
      ),
      ("nodes", .array(nodes)),
      (
        "// walkthroughs",
        text(
          "Play-throughs that `coach validate` runs like tests. Add one for every path you care about, "
            + "for example \"best\" and \"worst\".")
      ),
      (
        "walkthroughs",
        .array([
          .object([
            ("name", text("best")),
            ("choices", list(["ask-what-matters", "reflect-mornings", "ask-first-step"])),
            (
              "expect",
              .object([
                ("ending", text("own-plan")), ("outcome", text("positive")),
                ("state", .object([("rapport", .number("3"))])),
              ])
            ),
          ])
        ])
      ),
    ])
  }

  private static var nodes: [JSONOutput] {
    [
      .object([
        ("//", text("A decision point: what the patient says and does, then the responses on offer.")),
        ("id", text("welcome")),
        ("cue", text("Sam sits down with his coat on and his arms folded.")),
        (
          "patient", text("The nurse said I should come and see you about being more active. Not sure what you can do.")
        ),
        ("// talk", text("What the patient's words express: change talk by type, sustain talk, or neutral.")),
        ("talk", text("sustain")),
        (
          "choices",
          .array([
            choice(
              "ask-what-matters", say: "What would make this conversation worthwhile for you?",
              codes: ["open-question", "seeking-collaboration"], effects: ["rapport += 1"],
              feedback: "Asking for Sam's agenda first shares control of the conversation.", next: "mornings",
              comment: "codes say which techniques the words use; feedback says why the response helps or harms."),
            choice(
              "advise-walking", say: "You should walk for thirty minutes every day.", codes: ["persuade"],
              effects: ["rapport -= 1"],
              feedback: "Advice before hearing him is the righting reflex: Sam came unsure and now feels told off.",
              next: "mornings"),
          ])
        ),
      ]),
      .object([
        ("id", text("mornings")),
        ("patient", text("I used to walk the dog every morning. Since he died I've hardly been out, and I miss it.")),
        ("talk", text("change-desire")),
        (
          "choices",
          .array([
            choice(
              "reflect-mornings", say: "Those morning walks meant more to you than exercise.",
              codes: ["complex-reflection"], effects: ["rapport += 1"],
              feedback: "The reflection guesses at what the walks meant, and invites Sam to say more.",
              next: "first-step"),
            choice(
              "hand-leaflet", say: "Here's a leaflet for the walking group at the library.",
              codes: ["signposting-without-exploring"], effects: ["rapport -= 1"],
              feedback: "A service offered before exploring what Sam wants is easy to refuse.", next: "first-step"),
          ])
        ),
      ]),
      .object([
        ("id", text("first-step")),
        ("patient", text("Maybe I could get out in the mornings again. I just don't know where to start.")),
        ("talk", text("change-ability")),
        (
          "choices",
          .array([
            choice(
              "ask-first-step", say: "What would a first step look like for you?", codes: ["open-question"],
              effects: ["rapport += 1"], feedback: "Sam's own idea of a first step is the one he is likely to take.",
              next: "check-rapport"),
            choice(
              "affirm-start", say: "You've already named what you miss. That's a real start.",
              codes: ["affirmation"], condition: "rapport >= 1", effects: ["rapport += 1"],
              feedback: "Affirming what Sam has already done builds his confidence.", next: "check-rapport",
              comment: "\"if\" offers a choice only while its condition holds. Every decision point needs at least "
                + "one choice without \"if\"."),
            choice(
              "set-target", say: "Aim for ten thousand steps a day, starting tomorrow.", codes: ["premature-advice"],
              effects: ["rapport -= 1"], feedback: "A target Sam did not choose is a target Sam will not keep.",
              next: "check-rapport"),
          ])
        ),
      ]),
      .object([
        (
          "//",
          text(
            "A route node: the trainee never sees it. The first route whose \"if\" holds is taken; the last has no "
              + "\"if\" and is taken otherwise.")
        ),
        ("id", text("check-rapport")),
        (
          "routes",
          .array([
            .object([("if", text("rapport >= 2")), ("next", text("own-plan"))]),
            .object([("next", text("polite-exit"))]),
          ])
        ),
      ]),
      .object([
        ("//", text("An ending: outcome is positive, mixed or negative; the debrief is what the trainee reads.")),
        ("id", text("own-plan")),
        ("patient", text("I'll walk to the park on Saturday morning, like I used to.")),
        ("talk", text("change-commitment")),
        (
          "ending",
          .object([
            ("title", text("Sam's own plan")), ("outcome", text("positive")),
            (
              "debrief",
              text(
                "You asked what mattered to Sam and let him choose his first step, so the plan is his and he means "
                  + "to keep it.")
            ),
          ])
        ),
      ]),
      .object([
        ("id", text("polite-exit")),
        ("patient", text("I'll think about it.")),
        ("talk", text("neutral")),
        (
          "ending",
          .object([
            ("title", text("Sam leaves politely")), ("outcome", text("mixed")),
            (
              "debrief",
              text(
                "Sam agreed to think about it, and nothing more. Advice and leaflets before listening left him "
                  + "with nothing of his own to do.")
            ),
          ])
        ),
      ]),
    ]
  }
}
