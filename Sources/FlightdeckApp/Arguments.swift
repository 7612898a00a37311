import TerminalUI

/// A command line that could not be understood: the one-line message shown above the usage.
public struct UsageError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// Options of the console (the command with no subcommand).
public struct ConsoleOptions: Hashable, Sendable {
    /// `--theme NAME|PATH`: a theme name from the themes directories, or a theme file.
    public var theme: String?
    /// `--themes-dir DIR`: searched before the standard themes directories.
    public var themesDirectory: String?

    public init(theme: String? = nil, themesDirectory: String? = nil) {
        self.theme = theme
        self.themesDirectory = themesDirectory
    }
}

/// What the command line asks for.
public enum Invocation: Hashable, Sendable {
    case console(ConsoleOptions)
    case help
    case version
}

/// Parses `flightdeck`'s arguments. One small type, so every subcommand added later has one
/// place to go and every error path is testable without a process.
public enum Arguments {
    /// Parses the arguments after the program name.
    public static func parse(_ arguments: [String]) throws(UsageError) -> Invocation {
        var options = ConsoleOptions()
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            let (flag, inlineValue) = split(argument)
            switch flag {
            case "-h", "--help":
                try refuseValue(inlineValue, for: flag)
                return .help
            case "-V", "--version":
                try refuseValue(inlineValue, for: flag)
                return .version
            case "--theme":
                options.theme = try value(for: flag, inline: inlineValue, arguments, &index)
            case "--themes-dir":
                options.themesDirectory = try value(for: flag, inline: inlineValue, arguments, &index)
            default:
                if argument.hasPrefix("-") && argument != "-" {
                    let hint = closestMatch(to: flag, in: knownFlags).map { " (did you mean \($0)?)" } ?? ""
                    throw UsageError("unknown option '\(flag)'\(hint)")
                }
                let hint = closestMatch(to: argument, in: knownSubcommands).map { " (did you mean '\($0)'?)" } ?? ""
                throw UsageError("unknown command '\(argument)'\(hint)")
            }
        }
        return .console(options)
    }

    static let knownFlags = ["--help", "--version", "--theme", "--themes-dir"]
    static let knownSubcommands: [String] = []

    /// `--flag=value` → (`--flag`, `value`); anything else → (argument, nil).
    private static func split(_ argument: String) -> (String, String?) {
        guard argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }

    private static func refuseValue(_ value: String?, for flag: String) throws(UsageError) {
        if value != nil { throw UsageError("option '\(flag)' takes no value") }
    }

    private static func value(
        for flag: String, inline: String?, _ arguments: [String], _ index: inout Int
    )
        throws(UsageError) -> String
    {
        if let inline {
            guard !inline.isEmpty else { throw UsageError("option '\(flag)' needs a value") }
            return inline
        }
        guard index < arguments.count, !arguments[index].hasPrefix("-") || arguments[index] == "-" else {
            throw UsageError("option '\(flag)' needs a value")
        }
        defer { index += 1 }
        return arguments[index]
    }

    /// The text of `flightdeck --help`.
    public static let usage = """
        Usage: flightdeck [options]

        Flightdeck is a flight simulator for Kafka operators: a live console over an in-process
        Kafka cluster whose brokers you can kill, pause and cut off, to watch what Kafka does.

        Options:
          --theme NAME|PATH   colour theme: a name from the themes directories (default: default)
                              or a path to a theme file (see Docs/THEMES.md)
          --themes-dir DIR    look for themes in DIR first
          -h, --help          show this help and exit
          -V, --version       print the version and exit

        Keys in the console: ? help, q quit. Docs: Docs/README.md
        """
}
