import CoachStore
import Foundation

/// Login roles for a programme: trainees and course leads, each a PostgreSQL login in a group role
/// whose grants and row-level policies (migration v2) decide what it may read and change.
extension PostgresStore {
  /// What `coach admin` made of a person.
  public struct Member: Sendable, Equatable {
    /// The login role.
    public var login: String
    /// Whether the login was created now (false: it existed and was brought into the group).
    public var created: Bool
  }

  /// Why a login name cannot be used, or nil: lower-case letters, digits and `_`, starting with a
  /// letter, at most 63 characters, and not one of the group roles.
  public static func loginProblem(_ login: String) -> String? {
    guard let first = login.first, first.isASCII, first.isLowercase,
      login.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }), login.count <= 63
    else {
      return "a login must be lower-case letters, digits and _, starting with a letter (at most 63 characters)"
    }
    if ["coach_admin", "coach_trainee", "coach_lead", "postgres", "public"].contains(login) {
      return "\(login) is reserved"
    }
    return nil
  }

  /// Adds trainee `id` in `cohort` with the login `login` (created when missing, with `password`
  /// when given) in the group `coach_trainee`: it may add and read its own attempts only.
  @discardableResult
  public func addTrainee(id: String, cohort: String?, login: String, password: String?) throws(StoreError) -> Member {
    if let problem = Trainee.problem(withID: id) { throw .invalidValue(problem) }
    return try addMember(login: login, password: password, group: "coach_trainee") { session in
      _ = try Self.saveTrainee(session, id: id, name: nil, cohort: cohort)
      try session.execute(
        """
        INSERT INTO coach_members (role, trainee_id, lead) VALUES ($1, $2, false)
        ON CONFLICT (role) DO UPDATE SET trainee_id = excluded.trainee_id, lead = false
        """, [.text(login), .text(id)])
    }
  }

  /// Adds a course lead with the login `login` (created when missing, with `password` when given)
  /// in the group `coach_lead`, reading the attempts of `cohorts`.
  @discardableResult
  public func addLead(login: String, cohorts: [String], password: String?) throws(StoreError) -> Member {
    try addMember(login: login, password: password, group: "coach_lead") { session in
      try session.execute(
        """
        INSERT INTO coach_members (role, trainee_id, lead) VALUES ($1, NULL, true)
        ON CONFLICT (role) DO UPDATE SET trainee_id = NULL, lead = true
        """, [.text(login)])
      for cohort in cohorts {
        try session.execute(
          "INSERT INTO lead_cohorts (role, cohort) VALUES ($1, $2) ON CONFLICT DO NOTHING",
          [.text(login), .text(cohort)])
      }
    }
  }

  private func addMember(
    login: String, password: String?, group: String, _ body: (Session) throws -> Void
  ) throws(StoreError) -> Member {
    if let problem = Self.loginProblem(login) { throw .invalidValue(problem) }
    if let password, password.isEmpty || password.contains("\0") {
      throw .invalidValue("a password cannot be empty or hold a NUL character")
    }
    return try transaction { session in
      let exists = try !session.rows("SELECT 1 FROM pg_roles WHERE rolname = $1", [.text(login)]).isEmpty
      // A role's password cannot be a bound parameter; it is written as a quoted literal.
      let secret = password.map { " PASSWORD '" + $0.replacingOccurrences(of: "'", with: "''") + "'" } ?? ""
      if exists {
        if !secret.isEmpty { try session.execute("ALTER ROLE \(login) WITH LOGIN\(secret)") }
      } else {
        try session.execute("CREATE ROLE \(login) WITH LOGIN\(secret)")
      }
      try session.execute("GRANT \(group) TO \(login)")
      try body(session)
      return Member(login: login, created: !exists)
    }
  }
}
