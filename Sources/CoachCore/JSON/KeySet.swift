/// The field names one kind of object may have, held as text and as bytes, so a document's keys
/// are matched by comparing bytes instead of building a string for each.
struct KeySet: Sendable, ExpressibleByArrayLiteral {
  let names: [String]
  let bytes: [[UInt8]]

  init(_ names: [String]) {
    precondition(names.count <= InlineSlots.capacity, "at most \(InlineSlots.capacity) keys per object")
    self.names = names
    self.bytes = names.map { Array($0.utf8) }
  }

  init(arrayLiteral names: String...) {
    self.init(names)
  }

  /// The position of `name` in the set.
  func slot(of name: String) -> Int? {
    names.firstIndex(of: name)
  }

  /// The position of the key at tape `index` of `document`, if it is one of the set's.
  func slot(ofKeyAt index: Int, in document: JSONDocument) -> Int? {
    guard document.isVerbatimString(index) else { return slot(of: document.string(index)) }
    return document.withStringBytes(index) { key in
      for (slot, candidate) in bytes.enumerated() where candidate.count == key.count {
        if candidate.elementsEqual(key) { return slot }
      }
      return nil
    }
  }
}

/// A fixed number of `Int32` slots stored inline, so recording an object's fields allocates
/// nothing.
struct InlineSlots {
  static let capacity = 16
  private var storage:
    (
      Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32
    ) = (-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1)

  subscript(slot: Int) -> Int32 {
    get { withUnsafeBytes(of: storage) { $0.load(fromByteOffset: slot * 4, as: Int32.self) } }
    set { withUnsafeMutableBytes(of: &storage) { $0.storeBytes(of: newValue, toByteOffset: slot * 4, as: Int32.self) } }
  }
}
