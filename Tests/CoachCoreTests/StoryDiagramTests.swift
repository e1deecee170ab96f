import CoachCore
import CoachTestSupport
import Testing

@Suite("Story diagrams")
struct StoryDiagramTests {
  func lines(_ format: StoryDiagram.Format, _ json: String = Fixtures.clinic, rubric: Rubric = .miti421) throws
    -> [String]
  {
    let text = StoryDiagram.render(try Fixtures.scenario(json), format: format, rubric: rubric)
    #expect(text.hasSuffix("\n"))
    return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
  }

  func expectLines(_ actual: [String], _ expected: [String], sourceLocation: SourceLocation = #_sourceLocation) {
    for (number, (got, wanted)) in zip(actual, expected).enumerated() {
      #expect(got == wanted, "line \(number + 1)", sourceLocation: sourceLocation)
    }
    #expect(actual.count == expected.count, sourceLocation: sourceLocation)
  }

  @Test func mermaidOfTheClinicFixture() throws {
    expectLines(
      try lines(.mermaid),
      [
        "flowchart TD",
        "  %% clinic 1.2.0: A short clinic visit",
        "  %% arrows: green = MI-adherent choice, red = MI-non-adherent, grey = neutral; dashed = automatic route",
        "  n0[\"hello<br/>Morning. I'm only here because the…\"]",
        "  n1[\"worry<br/>The new inhaler makes my heart race, so…\"]",
        "  n2{\"gate\"}",
        "  n3([\"plan<br/>Could we try a different one, then?\"])",
        "  n4{{\"partial<br/>I'll think about it.\"}}",
        "  n5[/\"leaves<br/>I need to go.\"\\]",
        "  n0 -->|\"open\"| n1",
        "  n0 -->|\"lecture\"| n1",
        "  n0 -->|\"check\"| n1",
        "  n1 -->|\"reflect\"| n2",
        "  n1 -->|\"again\"| n2",
        "  n1 -->|\"dismiss\"| n2",
        "  n2 -.->|\"rapport #gt;= 3 and told\"| n3",
        "  n2 -.->|\"rapport #gt;= 0\"| n4",
        "  n2 -.->|\"otherwise\"| n5",
        "  classDef start stroke-width:3px",
        "  classDef positive fill:#c8e6c9,color:#000000",
        "  classDef mixed fill:#fff3c4,color:#000000",
        "  classDef negative fill:#ffcdd2,color:#000000",
        "  class n0 start",
        "  class n3 positive",
        "  class n4 mixed",
        "  class n5 negative",
        "  linkStyle 0 stroke:#2e7d32,color:#2e7d32",
        "  linkStyle 1,5 stroke:#c62828,color:#c62828",
        "  linkStyle 2,3,4 stroke:#757575,color:#757575",
      ])
  }

  @Test func dotOfTheClinicFixture() throws {
    expectLines(
      try lines(.dot),
      [
        "digraph \"clinic\" {",
        "  // clinic 1.2.0: A short clinic visit",
        "  // arrows: green = MI-adherent choice, red = MI-non-adherent, grey = neutral; dashed = automatic route",
        "  graph [rankdir=TB, fontname=\"Helvetica\"];",
        "  node [fontname=\"Helvetica\", fontsize=10, shape=box, style=\"rounded\"];",
        "  edge [fontname=\"Helvetica\", fontsize=9];",
        "  \"hello\" [label=\"hello\\nMorning. I'm only here because the…\", penwidth=3];",
        "  \"worry\" [label=\"worry\\nThe new inhaler makes my heart race, so…\"];",
        "  \"gate\" [label=\"gate\", shape=diamond, style=\"solid\"];",
        "  \"plan\" [label=\"plan\\nCould we try a different one, then?\", shape=ellipse, style=\"filled\", "
          + "fillcolor=\"#c8e6c9\"];",
        "  \"partial\" [label=\"partial\\nI'll think about it.\", shape=hexagon, style=\"filled\", fillcolor=\"#fff3c4\"];",
        "  \"leaves\" [label=\"leaves\\nI need to go.\", shape=trapezium, style=\"filled\", fillcolor=\"#ffcdd2\"];",
        "  \"hello\" -> \"worry\" [label=\"open\", color=\"#2e7d32\", fontcolor=\"#2e7d32\"];",
        "  \"hello\" -> \"worry\" [label=\"lecture\", color=\"#c62828\", fontcolor=\"#c62828\"];",
        "  \"hello\" -> \"worry\" [label=\"check\", color=\"#757575\", fontcolor=\"#757575\"];",
        "  \"worry\" -> \"gate\" [label=\"reflect\", color=\"#757575\", fontcolor=\"#757575\"];",
        "  \"worry\" -> \"gate\" [label=\"again\", color=\"#757575\", fontcolor=\"#757575\"];",
        "  \"worry\" -> \"gate\" [label=\"dismiss\", color=\"#c62828\", fontcolor=\"#c62828\"];",
        "  \"gate\" -> \"plan\" [label=\"rapport >= 3 and told\", style=dashed];",
        "  \"gate\" -> \"partial\" [label=\"rapport >= 0\", style=dashed];",
        "  \"gate\" -> \"leaves\" [label=\"otherwise\", style=dashed];",
        "}",
      ])
  }

  /// Quotes, backslashes and characters that Mermaid or HTML read specially are escaped in each
  /// format's own way, so a label always shows what the author wrote.
  @Test func labelsAreEscapedForEachFormat() throws {
    let json = try Fixtures.replacing(
      #""patient": "I need to go.""#, with: #""patient": "Say \"no\" & <b>#1</b> \\ | `x`""#)
    let mermaid = try lines(.mermaid, json)
    #expect(
      mermaid.contains(#"  n5[/"leaves<br/>Say #quot;no#quot; #amp; #lt;b#gt;#35;1#lt;/b#gt; #92; #124; #96;x#96;"\]"#))
    let dot = try lines(.dot, json)
    #expect(dot.contains { $0.hasPrefix(#"  "leaves" [label="leaves\nSay \"no\" & <b>#1</b> \\ | `x`", "#) })
  }

  @Test func longWordsAndLinesAreCutToAnExcerpt() throws {
    let json = try Fixtures.replacing(
      #""patient": "I'll think about it.""#,
      with: #""patient": "Supercalifragilisticexpialidociousnessabcdefgh and more""#)
    #expect(try lines(.mermaid, json).contains(#"  n4{{"partial<br/>Supercalifragilisticexpialidociousnessab…"}}"#))
  }

  /// Families come from the rubric: a rubric that calls persuasion neutral draws it grey.
  @Test func edgeColoursFollowTheRubric() throws {
    var rubric = Rubric.miti421
    rubric.codes[.persuade]?.family = .neutral
    let mermaid = try lines(.mermaid, rubric: rubric)
    #expect(
      mermaid.suffix(2) == [
        "  linkStyle 0 stroke:#2e7d32,color:#2e7d32", "  linkStyle 1,2,3,4,5 stroke:#757575,color:#757575",
      ])
  }

  @Test func theSameStoryAlwaysDrawsTheSame() throws {
    for format in StoryDiagram.Format.allCases {
      #expect(try lines(format) == lines(format))
    }
  }
}
