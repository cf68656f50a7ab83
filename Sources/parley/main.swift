import ParleyCLI

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

exit(ParleyCommand.run(arguments: Array(CommandLine.arguments.dropFirst())))
