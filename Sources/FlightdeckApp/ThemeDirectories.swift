import Foundation

/// Where themes are looked for, in order: `--themes-dir`, the user's config directory
/// (`$XDG_CONFIG_HOME/flightdeck/themes`, else `~/.config/flightdeck/themes`), `./Themes`, and
/// the `Themes` folder of the checkout the binary was built in (found by walking up from it).
enum ThemeDirectories {
    static func search(explicit: String?, environment: [String: String]) -> [String] {
        var directories: [String] = []
        if let explicit { directories.append(explicit) }
        if let config = environment["XDG_CONFIG_HOME"], !config.isEmpty {
            directories.append(config + "/flightdeck/themes")
        } else if let home = environment["HOME"], !home.isEmpty {
            directories.append(home + "/.config/flightdeck/themes")
        }
        directories.append(FileManager.default.currentDirectoryPath + "/Themes")
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            var folder = executable.deletingLastPathComponent()
            for _ in 0..<5 {
                let candidate = folder.appendingPathComponent("Themes")
                if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("default.json").path) {
                    directories.append(candidate.path)
                    break
                }
                folder = folder.deletingLastPathComponent()
            }
        }
        var seen: Set<String> = []
        return directories.filter { seen.insert($0).inserted }
    }
}
