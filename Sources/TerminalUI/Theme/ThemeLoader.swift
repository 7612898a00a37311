import Foundation

/// The theme the console starts with, and what went wrong finding it (shown in the status line).
public struct ThemeSelection: Sendable {
    public var theme: Theme
    /// A one-line warning naming the file and the problem, when the requested theme could not be
    /// used and the default took its place.
    public var warning: String?
    /// The file the theme came from; `nil` for the compiled-in default.
    public var path: String?
}

/// Finds and loads themes: `--theme NAME` looks for `NAME.json` in the themes directories
/// (`--themes-dir DIR` first), `--theme PATH` (containing `/` or ending in `.json`) reads that
/// file. Failures never stop the console: they fall back to the default theme with a warning.
public enum ThemeLoader {
    /// The themes the directories offer, and the compiled-in ones, by name, sorted.
    public static func availableThemes(in directories: [String]) -> [String] {
        var names = Set(BuiltinThemeSources.names)
        for directory in directories {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for entry in entries where entry.hasSuffix(".json") {
                names.insert(String(entry.dropLast(5)))
            }
        }
        return names.sorted()
    }

    /// Loads the theme called `name` (or at path `name`), searching `directories` in order.
    /// With `name == nil` the default theme is used: from `default.json` in the first directory
    /// that has one, else compiled in. The shipped themes are compiled in too, so `light`,
    /// `high-contrast` and `monochrome` load without the folder.
    public static func load(name: String?, directories: [String]) -> ThemeSelection {
        let requested = name ?? "default"
        let isPath = requested.contains("/") || requested.hasSuffix(".json")
        let candidates =
            isPath ? [requested] : directories.map { ($0 as NSString).appendingPathComponent(requested + ".json") }
        guard let path = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            if !isPath, let builtin = Theme.builtin(named: requested) {
                return ThemeSelection(theme: builtin, warning: nil, path: nil)
            }
            let where_ =
                isPath
                ? "" : " in \(directories.isEmpty ? "(no themes directory)" : directories.joined(separator: ", "))"
            let available = isPath ? "" : " (available: \(availableThemes(in: directories).joined(separator: ", ")))"
            return ThemeSelection(
                theme: .default, warning: "theme \"\(requested)\" not found\(where_)\(available); using the default",
                path: nil)
        }
        return load(path: path)
    }

    /// Loads one theme file; a problem gives the default theme and a warning naming the file.
    public static func load(path: String) -> ThemeSelection {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            return ThemeSelection(
                theme: .default, warning: "\(path): cannot read the theme (\(describe(error))); using the default",
                path: nil)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return ThemeSelection(theme: .default, warning: "\(path): not UTF-8 text; using the default", path: nil)
        }
        switch ThemeDecoder.decode(text, fallback: .default) {
        case .success(let theme):
            return ThemeSelection(theme: theme, warning: nil, path: path)
        case .failure(let problem):
            let place = problem.location.map { "\(path):\($0)" } ?? path
            return ThemeSelection(
                theme: .default, warning: "\(place): \(problem.message); using the default", path: nil)
        }
    }

    private static func describe(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
            let code = POSIXErrorCode(rawValue: Int32(underlying.code))
        {
            return String(describing: POSIXError(code).localizedDescription)
        }
        return nsError.localizedDescription
    }
}
