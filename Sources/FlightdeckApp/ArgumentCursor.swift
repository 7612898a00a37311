/// Walks a command line: flags with values (`--flag value` or `--flag=value`), one at a time.
struct ArgumentCursor {
    private let arguments: [String]
    private var index = 0

    init(_ arguments: [String]) {
        self.arguments = arguments
    }

    /// The next argument without consuming it.
    func peek() -> String? {
        index < arguments.count ? arguments[index] : nil
    }

    mutating func skip() {
        index += 1
    }

    /// The next argument, split at `=` for long flags: (`--flag`, `value`) or (argument, nil).
    mutating func next() -> (String, String?)? {
        guard let argument = peek() else { return nil }
        index += 1
        guard argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }

    func refuseValue(_ value: String?, for flag: String) throws(UsageError) {
        if value != nil { throw UsageError("option '\(flag)' takes no value") }
    }

    /// The flag's value: the inline one, or the next argument unless that is another flag.
    mutating func value(for flag: String, inline: String?) throws(UsageError) -> String {
        if let inline {
            guard !inline.isEmpty else { throw UsageError("option '\(flag)' needs a value") }
            return inline
        }
        guard let next = peek(), !next.hasPrefix("-") || next == "-" else {
            throw UsageError("option '\(flag)' needs a value")
        }
        index += 1
        return next
    }

    /// The flag's value as a seed: any whole number from 0 to `UInt64.max`.
    mutating func seed(for flag: String, inline: String?) throws(UsageError) -> UInt64 {
        let text = try value(for: flag, inline: inline)
        guard let seed = UInt64(text) else {
            throw UsageError("option '\(flag)' needs a whole number from 0 to \(UInt64.max), got '\(text)'")
        }
        return seed
    }

    /// The flag's value as a whole number in `1...limit`.
    mutating func positiveInteger(for flag: String, inline: String?, limit: Int) throws(UsageError) -> Int {
        let text = try value(for: flag, inline: inline)
        guard let number = Int(text), number >= 1, number <= limit else {
            throw UsageError("option '\(flag)' needs a whole number from 1 to \(limit), got '\(text)'")
        }
        return number
    }
}
