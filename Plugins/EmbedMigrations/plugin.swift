import Foundation
import PackagePlugin

/// Compiles the target's `.sql` files into Swift (`ParleySchema.migrations`), so the binary carries
/// its schema and works when copied anywhere. Adding or editing a `.sql` file re-runs it.
@main
struct EmbedMigrations: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let module = target as? SourceModuleTarget else { return [] }
        let sqlFiles = module.sourceFiles
            .map(\.url)
            .filter { $0.pathExtension == "sql" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("EmbeddedMigrations.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(sqlFiles.count) migration(s) into \(target.name)",
                executable: try context.tool(named: "EmbedSQL").url,
                arguments: [output.path] + sqlFiles.map(\.path),
                inputFiles: sqlFiles,
                outputFiles: [output]
            )
        ]
    }
}
