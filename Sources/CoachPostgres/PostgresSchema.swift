import Foundation

/// The PostgreSQL schema, as versioned migrations applied in order by `coach admin migrate`, each
/// in one transaction and recorded in `coach_migrations`. A migration that has shipped is never
/// edited: change the schema by adding one after it.
///
/// The tables hold what the SQLite store holds since its v5, with PostgreSQL's own types: UUIDs,
/// times with zones, and CHECK constraints that hold modes, statuses and bands to their values. An
/// attempt keeps facts only (its header, seed, answer log and the figures of its score); the
/// scenario's content is kept once by hash, and everything else is rebuilt by replaying.
enum PostgresSchema {
  struct Migration: Sendable {
    var id: String
    var sql: String

    /// The script's statements, one by one: split after each `;` that ends a line, outside a
    /// `$$`-quoted body.
    var statements: [String] {
      var statements: [String] = []
      var current = ""
      var quoted = false
      for line in sql.split(separator: "\n", omittingEmptySubsequences: false) {
        current += line + "\n"
        if line.components(separatedBy: "$$").count % 2 == 0 { quoted.toggle() }
        if !quoted, line.hasSuffix(";") {
          statements.append(current.trimmingCharacters(in: .whitespacesAndNewlines))
          current = ""
        }
      }
      let rest = current.trimmingCharacters(in: .whitespacesAndNewlines)
      if !rest.isEmpty { statements.append(rest) }
      return statements
    }
  }

  /// The group roles migration v2 creates.
  static let groupRoles = ["coach_admin", "coach_trainee", "coach_lead"]

  /// SQL that creates the group role `role` unless it exists. Roles belong to the whole server:
  /// another database may be creating the same one at this moment.
  static func createRoleIfMissing(_ role: String) -> String {
    """
    DO $$
    BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '\(role)') THEN CREATE ROLE \(role) NOLOGIN; END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END
    $$;

    """
  }

  /// Every migration, oldest first.
  static let migrations: [Migration] = [
    Migration(
      id: "v1",
      sql: """
        CREATE TABLE trainees (
          id text PRIMARY KEY,
          name text,
          cohort text
        );
        CREATE TABLE settings (
          owner text NOT NULL DEFAULT current_user,
          key text NOT NULL,
          value text NOT NULL,
          PRIMARY KEY (owner, key)
        );
        CREATE TABLE rubrics (
          hash text PRIMARY KEY,
          id text NOT NULL,
          text text NOT NULL
        );
        CREATE TABLE scenarios (
          hash text PRIMARY KEY,
          id text NOT NULL,
          version text NOT NULL,
          text text NOT NULL
        );
        CREATE TABLE attempts (
          id uuid PRIMARY KEY,
          trainee_id text NOT NULL REFERENCES trainees (id) ON DELETE RESTRICT,
          cohort text,
          scenario_id text NOT NULL,
          scenario_version text NOT NULL,
          scenario_title text NOT NULL,
          content_hash text NOT NULL REFERENCES scenarios (hash),
          scenario_path text NOT NULL,
          mode text NOT NULL CHECK (mode IN ('practice', 'assessed')),
          rubric_id text NOT NULL,
          rubric_hash text,
          status text NOT NULL CHECK (status IN ('in-progress', 'complete', 'abandoned')),
          started_at timestamptz NOT NULL,
          finished_at timestamptz,
          ending text,
          seed bigint,
          log text NOT NULL DEFAULT '[]',
          turn_count integer NOT NULL DEFAULT 0,
          last_activity timestamptz NOT NULL,
          score double precision,
          band text CHECK (band IN ('developing', 'fair', 'good')),
          count_q integer, count_oq integer, count_cq integer, count_sr integer, count_cr integer,
          count_af integer, count_seek integer, count_emph integer, count_gi integer, count_pers integer,
          count_pwp integer, count_con integer,
          mia integer,
          mina integer,
          cultivating_change_talk double precision,
          softening_sustain_talk double precision,
          partnership double precision,
          empathy double precision,
          relational double precision,
          technical double precision,
          percent_complex_reflections double precision,
          reflection_to_question double precision,
          percent_open_questions double precision
        );
        CREATE INDEX attempts_on_trainee ON attempts (trainee_id);
        CREATE INDEX attempts_on_started ON attempts (started_at, id);
        CREATE INDEX attempts_on_status ON attempts (status);
        CREATE INDEX attempts_on_scenario_key
          ON attempts (scenario_id, scenario_version, content_hash, rubric_id, rubric_hash);
        """),
    // v2: roles enforced by the server. Three group roles: coach_admin (course administrators,
    // everything), coach_trainee (their own attempts: insert, read, carry on while in progress)
    // and coach_lead (read the attempts of their cohorts). Row-level security is forced, so even
    // the tables' owner is checked; superusers alone bypass it.
    Migration(
      id: "v2",
      sql: groupRoles.map(createRoleIfMissing).joined() + """
        CREATE TABLE coach_members (
          role text PRIMARY KEY,
          trainee_id text REFERENCES trainees (id),
          lead boolean NOT NULL DEFAULT false
        );
        CREATE TABLE lead_cohorts (
          role text NOT NULL REFERENCES coach_members (role) ON DELETE CASCADE,
          cohort text NOT NULL,
          PRIMARY KEY (role, cohort)
        );
        GRANT SELECT ON coach_migrations, rubrics, scenarios TO coach_trainee, coach_lead;
        GRANT INSERT ON rubrics, scenarios TO coach_trainee;
        GRANT SELECT ON coach_members TO coach_trainee, coach_lead;
        GRANT SELECT ON lead_cohorts TO coach_lead;
        GRANT SELECT, INSERT ON trainees, attempts TO coach_trainee;
        GRANT UPDATE (name) ON trainees TO coach_trainee;
        GRANT UPDATE (log, turn_count, last_activity, status, finished_at, ending, score, band, count_q, count_oq, count_cq, count_sr,
          count_cr, count_af, count_seek, count_emph, count_gi, count_pers, count_pwp, count_con, mia, mina,
          cultivating_change_talk, softening_sustain_talk, partnership, empathy, relational, technical,
          percent_complex_reflections, reflection_to_question, percent_open_questions) ON attempts TO coach_trainee;
        GRANT SELECT ON trainees, attempts TO coach_lead;
        GRANT SELECT, INSERT, UPDATE, DELETE ON settings TO coach_trainee, coach_lead;
        GRANT ALL ON ALL TABLES IN SCHEMA public TO coach_admin;
        ALTER TABLE coach_members ENABLE ROW LEVEL SECURITY;
        ALTER TABLE coach_members FORCE ROW LEVEL SECURITY;
        ALTER TABLE lead_cohorts ENABLE ROW LEVEL SECURITY;
        ALTER TABLE lead_cohorts FORCE ROW LEVEL SECURITY;
        ALTER TABLE trainees ENABLE ROW LEVEL SECURITY;
        ALTER TABLE trainees FORCE ROW LEVEL SECURITY;
        ALTER TABLE attempts ENABLE ROW LEVEL SECURITY;
        ALTER TABLE attempts FORCE ROW LEVEL SECURITY;
        ALTER TABLE settings ENABLE ROW LEVEL SECURITY;
        ALTER TABLE settings FORCE ROW LEVEL SECURITY;
        CREATE POLICY administer ON coach_members TO coach_admin USING (true) WITH CHECK (true);
        CREATE POLICY own_membership ON coach_members FOR SELECT TO coach_trainee, coach_lead
          USING (role = current_user);
        CREATE POLICY administer ON lead_cohorts TO coach_admin USING (true) WITH CHECK (true);
        CREATE POLICY own_cohorts ON lead_cohorts FOR SELECT TO coach_lead USING (role = current_user);
        CREATE POLICY administer ON trainees TO coach_admin USING (true) WITH CHECK (true);
        CREATE POLICY trainee_self ON trainees TO coach_trainee
          USING (id = (SELECT m.trainee_id FROM coach_members m WHERE m.role = current_user))
          WITH CHECK (id = (SELECT m.trainee_id FROM coach_members m WHERE m.role = current_user));
        CREATE POLICY lead_cohort ON trainees FOR SELECT TO coach_lead
          USING (cohort IN (SELECT c.cohort FROM lead_cohorts c WHERE c.role = current_user));
        CREATE POLICY administer ON attempts TO coach_admin USING (true) WITH CHECK (true);
        CREATE POLICY trainee_reads_own ON attempts FOR SELECT TO coach_trainee
          USING (trainee_id = (SELECT m.trainee_id FROM coach_members m WHERE m.role = current_user));
        CREATE POLICY trainee_adds_own ON attempts FOR INSERT TO coach_trainee
          WITH CHECK (trainee_id = (SELECT m.trainee_id FROM coach_members m WHERE m.role = current_user));
        CREATE POLICY trainee_continues_own ON attempts FOR UPDATE TO coach_trainee
          USING (trainee_id = (SELECT m.trainee_id FROM coach_members m WHERE m.role = current_user)
            AND status = 'in-progress')
          WITH CHECK (trainee_id = (SELECT m.trainee_id FROM coach_members m WHERE m.role = current_user));
        CREATE POLICY lead_reads_cohort ON attempts FOR SELECT TO coach_lead
          USING (COALESCE(cohort, (SELECT t.cohort FROM trainees t WHERE t.id = trainee_id))
            IN (SELECT c.cohort FROM lead_cohorts c WHERE c.role = current_user));
        CREATE POLICY own_settings ON settings USING (owner = current_user) WITH CHECK (owner = current_user);
        GRANT coach_admin TO current_user;
        """),
  ]

  /// The behaviour-count columns of `attempts`, in `Behaviour` order.
  static let countColumns = [
    "count_q", "count_oq", "count_cq", "count_sr", "count_cr", "count_af", "count_seek", "count_emph", "count_gi",
    "count_pers", "count_pwp", "count_con",
  ]

  /// The global-score columns, in `GlobalScore` order.
  static let globalColumns = ["cultivating_change_talk", "softening_sustain_talk", "partnership", "empathy"]

  /// The summary-metric columns, in `MetricKind` order.
  static let metricColumns = [
    "relational", "technical", "percent_complex_reflections", "reflection_to_question", "percent_open_questions",
  ]
}
