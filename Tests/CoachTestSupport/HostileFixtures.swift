import CoachCore
import Foundation

/// Text meant to break out of an HTML page, for the tests that check pages render it inert: a
/// script element, an attribute break-out with an event handler, a style break-out, an entity
/// and template syntax.
public enum Hostile {
  public static let script = "<script>alert(1)</script>"
  public static let attribute = "\"><img src=x onerror=alert(2)>"
  public static let style = "</style><script>alert(3)</script>"
  public static let template = "{{pageTitle}} {{{raw}}} &amp;"

  /// The fixture story with hostile text in its title, the patient's name and lines, a response,
  /// its feedback, an objective, a safety task and the debrief.
  public static func scenarioJSON() throws -> String {
    var json = Fixtures.clinic
    for (target, replacement) in [
      (#""title": "A short clinic visit""#, #""title": "Clinic \#(escaped(script))""#),
      (#""name": "Ann""#, #""name": "Ann \#(escaped(attribute))""#),
      (
        #""patient": "Morning. I'm only here because the letter said so.""#,
        #""patient": "Morning. \#(escaped(style))""#
      ),
      (
        #""say": "What would you like to get out of today?""#,
        #""say": "What would you like \#(escaped(template))?""#
      ),
      (
        #""feedback": "Asking for her agenda shares control.""#,
        #""feedback": "Asking shares control \#(escaped(script))""#
      ),
      (
        #""objectives": ["Hear Ann's worry before advising."],"#,
        #""objectives": ["Hear her \#(escaped(attribute))"], "safety": [{"id": "net", "label": "Net \#(escaped(script))", "done": "told"}],"#
      ),
      (
        #""debrief": "She felt heard, so she asked for a change herself.""#,
        #""debrief": "Heard \#(escaped(style))""#
      ),
    ] {
      json = try Fixtures.replacing(target, with: replacement, in: json)
    }
    return json
  }

  /// `text` inside a JSON string.
  static func escaped(_ text: String) -> String {
    text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
  }
}
