import ParleyCLI

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Swift reads arguments that are not UTF-8 with replacement characters, which would then be
// stored: such an argument is refused as it stands (exit 65).
for index in 1..<Int(CommandLine.argc) {
    guard let raw = CommandLine.unsafeArgv[index], String(validatingCString: raw) == nil else { continue }
    let message = "error: argument \(index) is not UTF-8 text; give it in UTF-8 (`iconv -t UTF-8` converts)\n"
    _ = message.withCString { write(STDERR_FILENO, $0, strlen($0)) }
    exit(65)
}

exit(ParleyCommand.run(arguments: Array(CommandLine.arguments.dropFirst())))
