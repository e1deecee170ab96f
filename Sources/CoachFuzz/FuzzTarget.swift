import CoachTestSupport

/// libFuzzer entry point: build with `swift build --sanitize=fuzzer` (see Fuzz/run.sh). Built
/// normally, this target does nothing. What an input exercises is described by `FuzzInput`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  FuzzInput.exercise(Array(UnsafeBufferPointer(start: data, count: size)))
  return 0
}
