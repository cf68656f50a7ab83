import Foundation

/// A test-only hook that lets the kill tests land inside an import's transaction.
///
/// With `PARLEY_FAULT_MARKERS` set, an import prints `parley-fault: begin` on standard error
/// once its write transaction has begun, `parley-fault: indexed N` after each batch it adds to
/// the full-text index (N: the last statement id indexed; batches of `FaultMarkers.batchSize`
/// statements instead of 20,000), and `parley-fault: commit` just before it commits. When the
/// variable names one of those lines (`begin`, `indexed 310`, `commit`), the process also
/// stops itself there with SIGSTOP, so that a test can kill it at exactly that point. Unset, nothing changes.
enum FaultMarkers {
    /// The marker to stop at, or "" to print the markers only; nil when the hook is off.
    static let setting: String? = ProcessInfo.processInfo.environment["PARLEY_FAULT_MARKERS"]
    /// The text index's batch while the markers are on: small, so that a test's import spans
    /// several.
    static let batchSize = 100

    /// The index batch to use: `standard`, or the small one while the markers are on.
    static func indexBatch(_ standard: Int) -> Int {
        setting == nil ? standard : batchSize
    }

    /// Prints the marker `name` and stops there when the setting names it.
    static func reached(_ name: String) {
        guard let setting else { return }
        FileHandle.standardError.write(Data("parley-fault: \(name)\n".utf8))
        if setting == name { raise(SIGSTOP) }
    }
}
