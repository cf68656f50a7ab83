import ArgumentParser
import ParleyCore

/// What the command line forgives before swift-argument-parser sees the arguments: options
/// every command takes given before the subcommand, and a mistyped subcommand.
enum CommandLineHabits {
    /// The options that may come before the subcommand (`parley --db x.sqlite statement list`).
    static let globalOptions: Set<String> = ["--db", "--format", "--output"]

    /// The arguments with global options given before the subcommand moved after it, where
    /// each command declares them. A command that does not take one still refuses it, by name.
    static func movingGlobalOptions(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            guard globalOptions.contains(name) else { break }
            if argument.contains("=") {
                leading.append(argument)
                index += 1
            } else if index + 1 >= arguments.count || arguments[index + 1].hasPrefix("-") {
                // No value: leave everything to the parser, which says so.
                return arguments
            } else {
                leading += [argument, arguments[index + 1]]
                index += 2
            }
        }
        guard !leading.isEmpty else { return arguments }
        var rest = Array(arguments[index...])
        // `parley --db x --version`, `parley --db x help …`: nothing to move the options into.
        guard let first = rest.first, !first.hasPrefix("-"), first != "help" else { return arguments }
        let end = rest.firstIndex(of: "--") ?? rest.endIndex
        rest.insert(contentsOf: leading, at: end)
        return rest
    }

    /// A message for a subcommand that does not exist (`parley statements list`, `parley
    /// statement ls`), naming the closest ones; nil when the words are commands.
    static func unknownSubcommand(_ arguments: [String]) -> String? {
        var command: any ParsableCommand.Type = ParleyCommand.self
        var path = ["parley"]
        for word in arguments {
            let subcommands = command.configuration.subcommands
            // A command with a default subcommand takes other words as its arguments (`import FILE`).
            guard !word.hasPrefix("-"), !subcommands.isEmpty, word != "help" else { return nil }
            let isDefault = command.configuration.defaultSubcommand != nil
            if let next = subcommands.first(where: { $0._commandName == word }) {
                command = next
                path.append(word)
                continue
            }
            if isDefault { return nil }
            let names = subcommands.map { $0._commandName }
            let close = names.filter { TextKeys.editDistance(word.lowercased(), $0) <= max(2, word.count / 3) || $0.hasPrefix(word.lowercased()) }
            let what = path.count == 1 ? "command '\(word)'" : "subcommand '\(word)' of `\(path.joined(separator: " "))`"
            let suggestion = close.isEmpty ? "" : "; did you mean: \(close.joined(separator: ", "))?"
            return "unknown \(what)\(suggestion)\n(the \(path.count == 1 ? "commands" : "subcommands") are: \(names.joined(separator: ", ")); "
                + "see `\(path.joined(separator: " ")) --help`)"
        }
        return nil
    }
}
