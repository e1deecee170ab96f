/// Enumerations whose cases sort in the order they are declared: codes, scores and behaviours are
/// listed in the order the MITI manual and the rubric present them.
public protocol DeclarationOrdered: CaseIterable, Comparable {}

extension DeclarationOrdered {
  public static func < (lhs: Self, rhs: Self) -> Bool {
    let cases = Array(allCases)
    return cases.firstIndex(of: lhs)! < cases.firstIndex(of: rhs)!
  }
}
