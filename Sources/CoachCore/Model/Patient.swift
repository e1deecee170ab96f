/// The simulated patient.
public struct Patient: Sendable, Equatable {
  public var name: String
  public var age: Int?
  public var background: String

  public init(name: String, age: Int?, background: String) {
    self.name = name
    self.age = age
    self.background = background
  }
}
