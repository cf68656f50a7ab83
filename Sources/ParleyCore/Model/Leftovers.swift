import Foundation

/// Removes files and folders Parley made itself (a partial output file, a temporary copy, a
/// failed backup) and returns the paths it could not remove, so that the caller says so rather
/// than leaving a copy of the user's data behind in silence. A path that does not exist is not
/// a leftover.
public func removeLeftovers(_ paths: [String]) -> [String] {
    var leftovers: [String] = []
    for path in paths where FileManager.default.fileExists(atPath: path) {
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            leftovers.append(path)
        }
    }
    return leftovers
}

extension ParleyError {
    /// `error` itself when nothing was left behind; otherwise the same message, followed by the
    /// files the user has to delete by hand.
    public static func reporting(_ error: any Error, leftovers: [String]) -> any Error {
        guard !leftovers.isEmpty else { return error }
        let them = leftovers.count == 1 ? "it" : "them"
        return ParleyError.database("\(error)\n(and \(leftovers.joined(separator: ", ")) could not be removed; delete \(them) by hand)")
    }
}

/// The names of files Parley writes before they are complete (an `--output` file, a backup).
public enum PartialFile {
    /// The suffix of a file still being written: never a name Parley reads as finished output.
    public static let suffix = ".parley-partial"

    /// A hidden name for `target` while it is written, in the same folder (so that a rename is
    /// atomic): `.NAME.XXXXXXXX.parley-partial`, the middle part random.
    public static func path(beside target: String) -> String {
        let folder = (target as NSString).deletingLastPathComponent
        let name = (target as NSString).lastPathComponent
        let token = String(UInt64.random(in: 0...UInt64(UInt32.max)) | (1 << 32), radix: 16).dropFirst()
        return (folder.isEmpty ? "" : folder.hasSuffix("/") ? folder : folder + "/") + ".\(name).\(token)\(suffix)"
    }
}
