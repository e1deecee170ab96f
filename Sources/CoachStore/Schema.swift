import GRDB

/// The database schema, as versioned migrations. A migration that has shipped is never edited:
/// change the schema by registering a new one after it.
enum Schema {
  /// Written to the SQLite header (`PRAGMA application_id`) so a Coach database can be told from
  /// any other SQLite file: "Coac" in ASCII.
  static let applicationID: Int32 = 0x436F_6163

  /// The behaviour-count columns of `attempts`, in MITI order.
  static let countColumns = [
    "countQ", "countOQ", "countCQ", "countSR", "countCR", "countAF", "countSEEK", "countEMPH", "countGI",
    "countPERS", "countPWP", "countCON",
  ]

  /// The global-score columns of `attempts`, in `GlobalScore` order.
  static let globalColumns = ["cultivatingChangeTalk", "softeningSustainTalk", "partnership", "empathy"]

  /// The summary-metric columns of `attempts`, in `MetricKind` order.
  static let metricColumns = [
    "relational", "technical", "percentComplexReflections", "reflectionToQuestion", "percentOpenQuestions",
  ]

  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1") { db in
      try db.execute(sql: "PRAGMA application_id = \(applicationID)")

      try db.create(table: "trainees") { table in
        table.primaryKey("id", .text)
        table.column("name", .text)
        table.column("cohort", .text)
      }

      try db.create(table: "settings") { table in
        table.primaryKey("key", .text)
        table.column("value", .text).notNull()
      }

      try db.create(table: "attempts") { table in
        // Upper-case UUID text.
        table.primaryKey("id", .text)
        table.column("traineeId", .text).notNull().indexed().references("trainees", onDelete: .restrict)
        // The cohort when the attempt began; NULL falls back to the trainee's.
        table.column("cohort", .text)
        table.column("scenarioId", .text).notNull()
        table.column("scenarioVersion", .text).notNull()
        table.column("scenarioTitle", .text).notNull()
        table.column("contentHash", .text).notNull()
        table.column("scenarioPath", .text).notNull()
        table.column("mode", .text).notNull().check { ["practice", "assessed"].contains($0) }
        table.column("rubricId", .text).notNull()
        table.column("status", .text).notNull().indexed()
          .check { ["in-progress", "complete", "abandoned"].contains($0) }
        // Dates are UTC text, "2025-03-01T10:15:30.250Z" (see StoreDate).
        table.column("startedAt", .text).notNull().indexed()
        table.column("finishedAt", .text)
        table.column("ending", .text)
        // SessionState as JSON: everything needed to resume exactly.
        table.column("state", .text).notNull()
        // SessionReport as JSON, once complete; the columns below are taken from it for queries.
        table.column("report", .text)
        table.column("score", .double)
        table.column("band", .text)
        for column in countColumns + ["mia", "mina"] { table.column(column, .integer) }
        for column in [
          "cultivatingChangeTalk", "softeningSustainTalk", "partnership", "empathy", "relational", "technical",
          "percentComplexReflections", "reflectionToQuestion", "percentOpenQuestions",
        ] {
          table.column(column, .double)
        }
      }
      try db.create(index: "attempts_on_scenario", on: "attempts", columns: ["scenarioId", "scenarioVersion"])

      try db.create(table: "turns") { table in
        table.column("attemptId", .text).notNull().references("attempts", onDelete: .cascade)
        // 0-based position in the attempt's log of answers, undone ones included.
        table.column("turnIndex", .integer).notNull()
        table.primaryKey(["attemptId", "turnIndex"])
        table.column("nodeId", .text).notNull()
        table.column("choiceId", .text).notNull()
        // Technique codes as a JSON array.
        table.column("codes", .text).notNull()
        // Every variable's value after the choice, as a JSON object.
        table.column("stateAfter", .text).notNull()
        table.column("secondsToAnswer", .double).notNull()
        table.column("answeredAt", .text).notNull()
        table.column("undone", .boolean).notNull().defaults(to: false)
      }
    }
    // v2: the scenario key as one covering index, so the labels of a score export are found
    // without reading the attempts themselves. It supersedes v1's (scenarioId, scenarioVersion).
    migrator.registerMigration("v2") { db in
      try db.create(
        index: "attempts_on_scenario_key", on: "attempts",
        columns: ["scenarioId", "scenarioVersion", "contentHash", "rubricId"])
      try db.drop(index: "attempts_on_scenario")
    }
    // v3: rubrics by content. Each attempt names the SHA-256 of the rubric that scored it, and
    // each rubric's canonical text is kept once, so a score can be recomputed and a rubric that
    // reuses a name is never mistaken for another. Attempts from before v3 have no hash.
    migrator.registerMigration("v3") { db in
      try db.create(table: "rubrics") { table in
        table.primaryKey("hash", .text)
        table.column("id", .text).notNull()
        table.column("text", .text).notNull()
      }
      try db.alter(table: "attempts") { table in
        table.add(column: "rubricHash", .text)
      }
    }
    // v4: what the trainee typed in their own words before choosing (`coach play --say-first`).
    migrator.registerMigration("v4") { db in
      try db.alter(table: "turns") { table in
        table.add(column: "typed", .text)
      }
    }
    // v5: scores nobody can forge. Each scenario version's content is kept once by hash, and an
    // attempt keeps its play as facts: the seed and a compact log of every answer (see
    // AttemptLog). The session state, every turn's details and the report are rebuilt from them,
    // and the stored score is checked against what the turns earn. Attempts recorded before v5
    // keep their state, report and rows of `turns` as they were.
    migrator.registerMigration("v5") { db in
      try db.create(table: "scenarios") { table in
        table.primaryKey("hash", .text)
        table.column("id", .text).notNull()
        table.column("version", .text).notNull()
        table.column("text", .text).notNull()
      }
      try db.alter(table: "attempts") { table in
        // The seed of the order of options as a signed 64-bit integer; NULL for the authored order.
        table.add(column: "seed", .integer)
        // The answers as an AttemptLog; NULL for attempts recorded before v5.
        table.add(column: "log", .text)
        // Answers given and not taken back, and when the last was given.
        table.add(column: "turnCount", .integer).notNull().defaults(to: 0)
        table.add(column: "lastActivity", .text)
      }
      try db.execute(
        sql: """
          UPDATE attempts SET
            turnCount = (SELECT COUNT(*) FROM turns WHERE turns.attemptId = attempts.id AND NOT turns.undone),
            lastActivity = COALESCE(
              (SELECT MAX(answeredAt) FROM turns WHERE turns.attemptId = attempts.id), attempts.startedAt)
          """)
    }
    return migrator
  }
}
