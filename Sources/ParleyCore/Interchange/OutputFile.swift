import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where `--output FILE` writes, decided before anything is written, so that output never
/// destroys what it did not create:
///
/// - a path that does not exist yet, or a regular file, gets the output whole or not at all: it is
///   written to a hidden temporary file in the same folder and renamed over the path only when
///   every byte is written (a regular file keeps its permissions; a symbolic link to one stays a
///   link, and the file it points to is replaced);
/// - a character device, a FIFO, or the process's own standard output or error (`/dev/stdout`,
///   `/dev/stderr`, `/dev/fd/N`) is written to as a stream, never replaced;
/// - a folder, a block device, a socket, a link to nothing, an SQLite database (Parley's own or
///   any other), and the database in use and its `-wal`, `-shm` and `-journal` files (whether they
///   exist yet or not) are refused before anything is written.
public struct OutputFile: Sendable, Equatable {
    /// How the output reaches the path.
    public enum Mode: Sendable, Equatable {
        /// Written beside `path` and renamed over it when complete.
        case replace(path: String, permissions: mode_t?)
        /// Written to the open file (a device, a FIFO, standard output) as it comes.
        case stream(path: String)
    }

    /// The path as the user gave it (for messages).
    public let path: String
    public let mode: Mode

    /// Checks `path` as an output destination.
    /// - Parameter database: the database the command reads, which its output must never replace.
    /// - Throws: `ParleyError.invalid` naming `--output`, when the path is refused.
    public init(_ path: String, protecting database: String? = nil) throws {
        self.path = path
        guard !path.isEmpty else { throw Self.refusal(path, "is empty; give a file name") }
        if Self.isStandardStream(path) {
            mode = .stream(path: path)
            return
        }
        var info = stat()
        if lstat(path, &info) != 0 {
            guard errno == ENOENT else { throw Self.refusal(path, "cannot be examined (\(String(cString: strerror(errno))))") }
            let folder = (path as NSString).deletingLastPathComponent
            var folderInfo = stat()
            guard stat(folder.isEmpty ? "." : folder, &folderInfo) == 0, Self.type(folderInfo) == S_IFDIR else {
                throw Self.refusal(path, "is in a folder that does not exist; create the folder first")
            }
            let target = Self.canonical(path)
            try Self.refuseDatabaseFiles(target, info: nil, path: path, database: database)
            mode = .replace(path: target, permissions: nil)
            return
        }
        var target = path
        if Self.type(info) == S_IFLNK {
            guard let resolved = Self.realPath(path), stat(resolved, &info) == 0 else {
                throw Self.refusal(path, "is a symbolic link to a file that does not exist; give the file's own path")
            }
            target = resolved
        }
        switch Self.type(info) {
        case S_IFDIR:
            throw Self.refusal(path, "is a folder; give the name of a file, for example \(Self.joined(path, "export.yaml"))")
        case S_IFCHR, S_IFIFO:
            mode = .stream(path: target)
        case S_IFREG:
            let canonical = Self.realPath(target) ?? Self.canonical(target)
            try Self.refuseDatabaseFiles(canonical, info: info, path: path, database: database)
            if Self.startsWithSQLiteHeader(canonical) {
                throw Self.refusal(path, "is an SQLite database; output never replaces a database: choose another name, or delete it first if you really mean to")
            }
            mode = .replace(path: canonical, permissions: info.st_mode & 0o7777)
        default:
            throw Self.refusal(path, "is not a regular file, a character device or a FIFO; give the name of a file")
        }
    }

    /// Writes the output that `produce` hands to its `write` function, gathering it in 64 KB pieces.
    /// - Throws: the error `produce` throws, or a write error; a replaced file is then unchanged and
    ///   the temporary file removed (or named in the error when it could not be).
    public func write(_ produce: (_ write: (String) throws -> Void) throws -> Void) throws {
        switch mode {
        case .stream(let target):
            let descriptor = open(target, O_WRONLY | O_APPEND | O_NOCTTY)
            guard descriptor >= 0 else {
                throw Self.refusal(path, "cannot be opened for writing (\(String(cString: strerror(errno))))")
            }
            let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            try Self.gather(produce, into: handle)
        case .replace(let target, let permissions):
            let temporary = try Self.createTemporary(beside: target)
            do {
                let handle = FileHandle(fileDescriptor: temporary.descriptor, closeOnDealloc: true)
                if let permissions, fchmod(temporary.descriptor, permissions) != 0 {
                    throw Self.refusal(path, "cannot be given the permissions of the file it replaces (\(String(cString: strerror(errno))))")
                }
                try Self.gather(produce, into: handle)
                guard fsync(temporary.descriptor) == 0 else {
                    throw ParleyError.database("cannot write \(path): \(String(cString: strerror(errno)))")
                }
                try handle.close()
                guard rename(temporary.path, target) == 0 else {
                    throw ParleyError.database("cannot move the finished output to \(path): \(String(cString: strerror(errno)))")
                }
            } catch {
                // The command's own error is the one to report, with the partial file if it stays.
                throw ParleyError.reporting(error, leftovers: removeLeftovers([temporary.path]))
            }
        }
    }

    // MARK: - Checks

    private static func refusal(_ path: String, _ why: String) -> ParleyError {
        ParleyError.invalid("\(path) \(why)", field: "--output")
    }

    private static func type(_ info: stat) -> mode_t { info.st_mode & S_IFMT }

    /// `/dev/stdout`, `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N`: the process's own open files,
    /// which may be a terminal, a pipe or a file the shell opened (and which is not ours to replace).
    private static func isStandardStream(_ path: String) -> Bool {
        if path == "/dev/stdout" || path == "/dev/stderr" { return true }
        for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
            return path.dropFirst(prefix.count).allSatisfy(\.isNumber)
        }
        return false
    }

    /// Refuses the database in use and its journal files, compared by canonical path (which also
    /// covers files SQLite has not created yet) and, for files that exist, by device and inode
    /// (which also covers hard links).
    private static func refuseDatabaseFiles(_ target: String, info: stat?, path: String, database: String?) throws {
        guard let database else { return }
        let base = realPath(database) ?? canonical(database)
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let file = base + suffix
            var same = file == target
            var fileInfo = stat()
            if !same, let info, stat(file, &fileInfo) == 0 {
                same = fileInfo.st_dev == info.st_dev && fileInfo.st_ino == info.st_ino
            }
            if same {
                let what = suffix.isEmpty ? "is the database this command reads" : "is the database's \(suffix.dropFirst()) file"
                throw refusal(path, "\(what); output never replaces a database: choose another name")
            }
        }
    }

    /// Whether the file begins with the 16 bytes every SQLite database begins with.
    private static func startsWithSQLiteHeader(_ path: String) -> Bool {
        let descriptor = open(path, O_RDONLY | O_NOCTTY)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var header = [UInt8](repeating: 0, count: 16)
        let count = read(descriptor, &header, header.count)
        return count == header.count && header == Array("SQLite format 3\0".utf8)
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The absolute path of a file that may not exist yet: its folder resolved, its name kept.
    private static func canonical(_ path: String) -> String {
        let name = (path as NSString).lastPathComponent
        let folder = (path as NSString).deletingLastPathComponent
        let resolvedFolder = realPath(folder.isEmpty ? "." : folder) ?? folder
        return joined(resolvedFolder, name)
    }

    private static func joined(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    // MARK: - Writing

    /// Creates `PartialFile.path(beside:)`, refusing to reuse an existing file.
    private static func createTemporary(beside target: String) throws -> (path: String, descriptor: Int32) {
        for _ in 0..<16 {
            let candidate = PartialFile.path(beside: target)
            let descriptor = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o666)
            if descriptor >= 0 { return (candidate, descriptor) }
            guard errno == EEXIST else {
                throw ParleyError.invalid("cannot write \(target) (\(String(cString: strerror(errno)))); check that the folder is writable", field: "--output")
            }
        }
        throw ParleyError.invalid("cannot find a free temporary name beside \(target)", field: "--output")
    }

    /// Hands what `produce` writes to `sink` in pieces of at least 64 KB (the last one smaller),
    /// so that a long listing makes few system calls.
    public static func gathering(_ produce: (_ write: (String) throws -> Void) throws -> Void,
                                 into sink: (String) throws -> Void) throws {
        var buffer = ""
        let limit = 1 << 16
        try withoutActuallyEscaping(sink) { sink in
            try produce { text in
                buffer += text
                if buffer.utf8.count >= limit {
                    try sink(buffer)
                    buffer = ""
                }
            }
            if !buffer.isEmpty { try sink(buffer) }
        }
    }

    private static func gather(_ produce: (_ write: (String) throws -> Void) throws -> Void, into handle: FileHandle) throws {
        try gathering(produce) { try handle.write(contentsOf: Data($0.utf8)) }
    }
}
