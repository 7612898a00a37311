import KafkaCore

/// Walks the tokens of one scenario line after its directive, reading keywords and quantities.
/// A reader method that cannot find what it expects throws the diagnostic to report; the
/// parser then gives up on that line only and carries on with the next.
struct LineReader {
    let file: String
    let tokens: [ScenarioToken]
    private(set) var index = 1

    init(file: String, tokens: [ScenarioToken]) {
        precondition(!tokens.isEmpty, "a line reader needs a line with tokens")
        self.file = file
        self.tokens = tokens
    }

    var directive: ScenarioToken { tokens[0] }
    var line: Int { directive.line }
    var isAtEnd: Bool { index >= tokens.count }

    func peek() -> ScenarioToken? { index < tokens.count ? tokens[index] : nil }

    /// The next token's text when it is a word.
    var peekWord: String? {
        guard let token = peek(), token.kind == .word else { return nil }
        return token.text
    }

    /// The token just read (the directive before anything else).
    var previous: ScenarioToken { tokens[max(0, index - 1)] }

    mutating func next() -> ScenarioToken? {
        guard let token = peek() else { return nil }
        index += 1
        return token
    }

    /// Consumes the next token if it is the word `word`.
    mutating func accept(_ word: String) -> Bool {
        guard peekWord == word else { return false }
        index += 1
        return true
    }

    /// A diagnostic at `token`, or just past the end of the line when `token` is nil.
    func problem(at token: ScenarioToken?, _ message: String, hint: String? = nil) -> ScenarioDiagnostic {
        let column: Int
        if let token {
            column = token.column
        } else {
            let last = tokens[tokens.count - 1]
            column = last.column + last.width
        }
        return ScenarioDiagnostic(file: file, line: line, column: column, message: message, hint: hint)
    }

    /// "expected WHAT after 'PREVIOUS'", pointing at what came instead (or the end of the line).
    func expected(_ what: String, hint: String? = nil) -> ScenarioDiagnostic {
        let found = peek()
        let got = found.map { " — got \($0.quoted)" } ?? ""
        return problem(at: found, "expected \(what) after '\(previous.text)'\(got)", hint: hint)
    }

    /// The next word, whatever it is.
    mutating func word(_ what: String, hint: String? = nil) throws(ScenarioDiagnostic) -> ScenarioToken {
        guard let token = peek(), token.kind == .word else { throw expected(what, hint: hint) }
        index += 1
        return token
    }

    /// The next word, which must be one of `options`; a near miss is suggested.
    mutating func keyword(_ options: [String], what: String) throws(ScenarioDiagnostic) -> String {
        guard let token = peek(), token.kind == .word else {
            throw expected(what, hint: "one of: \(options.joined(separator: ", "))")
        }
        guard options.contains(token.text) else {
            throw unknown(token, what: what, options: options)
        }
        index += 1
        return token.text
    }

    /// The fixed word `word` (`within`, `of`, `every`): "expected 'within' after 'orders-0' — got 'in'".
    mutating func require(_ word: String, hint: String? = nil) throws(ScenarioDiagnostic) {
        guard peekWord != word else {
            index += 1
            return
        }
        throw expected("'\(word)'", hint: hint)
    }

    /// "unknown WHAT 'kil' — did you mean 'kill'?" with the options as the hint.
    func unknown(_ token: ScenarioToken, what: String, options: [String], listName: String? = nil) -> ScenarioDiagnostic
    {
        let suggestion = closestMatch(to: token.text, in: options)
        let didYouMean = suggestion.map { " — did you mean '\($0)'?" } ?? ""
        let list = options.isEmpty ? nil : "\(listName ?? "expected one of"): \(options.joined(separator: ", "))"
        return problem(at: token, "unknown \(what) '\(token.text)'\(didYouMean)", hint: list)
    }

    /// A quoted text.
    mutating func string(_ what: String, example: String) throws(ScenarioDiagnostic) -> String {
        guard let token = peek(), token.kind == .string else {
            throw expected(what, hint: "write it in double quotes, like \(example)")
        }
        index += 1
        return token.text
    }

    /// A duration like `30s` (`what` says what it is for).
    mutating func duration(_ what: String = "a duration") throws(ScenarioDiagnostic) -> Duration {
        let value = try quantity(what, example: "30s", parse: Quantities.duration) { text in
            if Quantities.integer(text) != nil { return "add a unit: '\(text)s' (units: us, ms, s, m, h, d)" }
            return "durations are a number and a unit: 250ms, 30s, 1.5m, 2h, 6m30s"
        }
        // A bound on every duration keeps sums and products of them (a step's end, a bounce
        // series) far from overflow, whatever the file says.
        guard value <= Self.longestDuration else {
            throw problem(at: previous, "\(what) is too long: at most \(Quantities.text(Self.longestDuration))")
        }
        return value
    }

    /// The longest duration the language accepts anywhere (a year).
    static let longestDuration = Duration.seconds(365 * 86_400)

    /// A size like `1KiB`.
    mutating func size(_ what: String = "a size") throws(ScenarioDiagnostic) -> Int64 {
        try quantity(what, example: "1KiB", parse: Quantities.size) { text in
            if Quantities.integer(text) != nil { return "add a unit: '\(text)B' (units: B, KB, KiB, MB, MiB, GB, GiB)" }
            return "sizes are a number and a unit: 200B, 1KiB, 4MB, 1GiB"
        }
    }

    /// A rate like `200/s`.
    mutating func rate(_ what: String = "a rate") throws(ScenarioDiagnostic) -> Double {
        let value = try quantity(what, example: "200/s", parse: Quantities.rate) { text in
            if Quantities.decimal(text) != nil { return "add the time unit: '\(text)/s' (or /m, /h)" }
            return "rates are records per time: 200/s, 12k/s, 30/m"
        }
        guard value <= 10_000_000 else {
            throw problem(at: previous, "\(what) is too high: at most 10M/s")
        }
        return value
    }

    /// A percentage like `30%`.
    mutating func percentage(_ what: String = "a percentage") throws(ScenarioDiagnostic) -> Double {
        try quantity(what, example: "30%", parse: Quantities.percentage) { text in
            if let value = Quantities.decimal(text), value <= 100 { return "add a percent sign: '\(text)%'" }
            return "percentages run from 0% to 100%"
        }
    }

    /// A factor like `5x`.
    mutating func factor(_ what: String = "a factor") throws(ScenarioDiagnostic) -> Double {
        try quantity(what, example: "5x", parse: Quantities.factor) { text in
            Quantities.decimal(text) != nil ? "add an x: '\(text)x'" : "factors are a number and an x: 2x, 10x"
        }
    }

    /// A whole number in `range`.
    mutating func count(_ what: String, in range: ClosedRange<Int>) throws(ScenarioDiagnostic) -> Int {
        guard let token = peek(), token.kind == .word else { throw expected(what) }
        guard let value = Quantities.integer(token.text) else {
            throw problem(
                at: token, "expected \(what) after '\(previous.text)' — got \(token.quoted)",
                hint: "write a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        guard range.contains(value) else {
            throw problem(at: token, "\(what) must be from \(range.lowerBound) to \(range.upperBound), not \(value)")
        }
        index += 1
        return value
    }

    /// A decimal number like `1.2`.
    mutating func decimal(_ what: String) throws(ScenarioDiagnostic) -> Double {
        try quantity(what, example: "1.2", parse: Quantities.decimal) { _ in "write a number like 0.9 or 1.2" }
    }

    private mutating func quantity<T>(
        _ what: String, example: String, parse: (String) -> T?, hint: (String) -> String
    ) throws(ScenarioDiagnostic) -> T {
        guard let token = peek(), token.kind == .word else {
            throw expected("\(what), like \(example)")
        }
        guard let value = parse(token.text) else {
            throw problem(
                at: token, "expected \(what) after '\(previous.text)', like \(example) — got \(token.quoted)",
                hint: hint(token.text))
        }
        index += 1
        return value
    }

    /// Throws unless every token was read.
    func expectEnd(hint: String? = nil) throws(ScenarioDiagnostic) {
        guard let extra = peek() else { return }
        throw problem(at: extra, "unexpected \(extra.quoted) after '\(previous.text)'", hint: hint)
    }
}
