import KafkaCore

/// The units of the language: durations (`250ms 30s 2m 1h`), sizes (`200B 1KiB 1MB`), rates
/// (`200/s`, `12k/s`, `30/m`), percentages (`30%`), factors (`5x`). Readers return nil for text
/// that is not a well-formed quantity or does not fit; writers give the shortest exact text.
enum Quantities {
    static let durationUnits: [(suffix: String, microseconds: Int64)] = [
        ("us", 1), ("µs", 1), ("ms", 1000), ("s", 1_000_000), ("m", 60_000_000), ("h", 3_600_000_000),
        ("d", 86_400_000_000),
    ]
    static let sizeUnits: [(suffix: String, bytes: Int64)] = [
        ("b", 1), ("kb", 1000), ("kib", 1024), ("mb", 1_000_000), ("mib", 1_048_576), ("gb", 1_000_000_000),
        ("gib", 1_073_741_824),
    ]

    /// `1.5s`, `250ms`, `2m`, `1h`, `7d`, or parts from the largest unit down (`6m30s`,
    /// `1h15m`, `1s500ms`): a non-negative duration, exact to the microsecond.
    static func duration(_ text: String) -> Duration? {
        var total: Int64 = 0
        var rest = Substring(text)
        var previousUnit = Int64.max
        repeat {
            // A part is digits (and a point), then letters up to the next digit.
            let numberEnd = rest.firstIndex { !($0.isASCII && ($0.isNumber || $0 == ".")) } ?? rest.endIndex
            let unitEnd = rest[numberEnd...].firstIndex { $0.isASCII && $0.isNumber } ?? rest.endIndex
            let number = String(rest[..<numberEnd])
            let suffix = String(rest[numberEnd..<unitEnd])
            guard isDecimal(number), let unit = durationUnits.first(where: { $0.suffix == suffix }),
                unit.microseconds < previousUnit, let part = scaled(number, by: unit.microseconds)
            else { return nil }
            // Only the last part may have a fraction: `1.5m30s` is not a duration.
            guard !number.contains(".") || unitEnd == rest.endIndex else { return nil }
            let (sum, overflow) = total.addingReportingOverflow(part)
            guard !overflow else { return nil }
            total = sum
            previousUnit = unit.microseconds
            rest = rest[unitEnd...]
        } while !rest.isEmpty
        return Duration(microseconds: total)
    }

    /// `200B`, `1KiB`, `1.5MB` (case does not matter): a non-negative whole number of bytes.
    static func size(_ text: String) -> Int64? {
        guard let (number, suffix) = split(text) else { return nil }
        guard let unit = sizeUnits.first(where: { $0.suffix == suffix.lowercased() }) else { return nil }
        return scaled(number, by: unit.bytes)
    }

    /// `200/s`, `12k/s`, `30/m`, `100/h`: records per second.
    static func rate(_ text: String) -> Double? {
        guard let slash = text.firstIndex(of: "/") else { return nil }
        var count = String(text[..<slash])
        let per = String(text[text.index(after: slash)...])
        let seconds: Double
        switch per {
        case "s": seconds = 1
        case "m": seconds = 60
        case "h": seconds = 3600
        default: return nil
        }
        var multiplier = 1.0
        if count.hasSuffix("k") {
            multiplier = 1000
            count.removeLast()
        }
        guard let value = decimal(count) else { return nil }
        return value * multiplier / seconds
    }

    /// `1MiB/s`, `500KB/s`: bytes per second.
    static func bandwidth(_ text: String) -> Int64? {
        guard text.hasSuffix("/s") else { return nil }
        return size(String(text.dropLast(2)))
    }

    /// `30%`, `0.5%`: a fraction in 0...1.
    static func percentage(_ text: String) -> Double? {
        guard text.hasSuffix("%"), let value = decimal(String(text.dropLast())), value <= 100 else { return nil }
        return value / 100
    }

    /// `5x`, `1.5x`: a positive factor.
    static func factor(_ text: String) -> Double? {
        guard text.hasSuffix("x"), let value = decimal(String(text.dropLast())), value > 0 else { return nil }
        return value
    }

    /// A plain non-negative decimal: digits, optionally a point and more digits (`12`, `0.5`).
    static func decimal(_ text: String) -> Double? {
        guard isDecimal(text), let value = Double(text), value.isFinite else { return nil }
        return value
    }

    /// A plain whole number that fits in `Int` (no sign, no unit).
    static func integer(_ text: String) -> Int? {
        guard !text.isEmpty, text.count <= 18, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text)
    }

    /// Whether the text starts like a number (a digit), so a missing unit can be pointed out.
    static func looksNumeric(_ text: String) -> Bool {
        text.first.map { $0.isASCII && $0.isNumber } ?? false
    }

    // MARK: - Writing

    /// The shortest exact text for `duration`: `2m`, `90s`, `1500ms`, `250us`.
    static func text(_ duration: Duration) -> String {
        let microseconds = duration.microseconds
        for unit in [("d", 86_400_000_000), ("h", 3_600_000_000), ("m", 60_000_000), ("s", 1_000_000), ("ms", 1000)]
        where microseconds != 0 && microseconds % Int64(unit.1) == 0 {
            return "\(microseconds / Int64(unit.1))\(unit.0)"
        }
        return microseconds == 0 ? "0s" : "\(microseconds)us"
    }

    /// The shortest exact text for a size: `1MiB`, `1MB`, `100B`.
    static func text(bytes: Int64) -> String {
        for (suffix, unit) in [
            ("GiB", Int64(1_073_741_824)), ("GB", 1_000_000_000), ("MiB", 1_048_576), ("MB", 1_000_000),
            ("KiB", 1024), ("KB", 1000),
        ] where bytes != 0 && bytes % unit == 0 {
            return "\(bytes / unit)\(suffix)"
        }
        return "\(bytes)B"
    }

    /// A rate as records per second: `200/s`, `0.5/s`.
    static func text(recordsPerSecond: Double) -> String { "\(number(recordsPerSecond))/s" }

    /// A fraction as a percentage: `30%`.
    static func text(fraction: Double) -> String { "\(number(fraction * 100))%" }

    /// `12` for whole values, else the shortest decimal Swift prints (`0.5`).
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    // MARK: - Helpers

    /// Splits `12.5ms` into ("12.5", "ms"): a decimal followed by letters (or `µ`).
    private static func split(_ text: String) -> (String, String)? {
        guard let firstLetter = text.firstIndex(where: { !($0.isASCII && ($0.isNumber || $0 == ".")) }) else {
            return nil
        }
        let number = String(text[..<firstLetter])
        let suffix = String(text[firstLetter...])
        guard isDecimal(number), !suffix.isEmpty else { return nil }
        return (number, suffix)
    }

    private static func isDecimal(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2, text.count <= 24 else { return false }
        return parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }

    /// `number × unit` as a whole number, nil when it overflows or is not whole.
    private static func scaled(_ number: String, by unit: Int64) -> Int64? {
        let parts = number.split(separator: ".", omittingEmptySubsequences: false)
        guard let whole = Int64(parts[0]) else { return nil }
        let (product, overflow) = whole.multipliedReportingOverflow(by: unit)
        guard !overflow else { return nil }
        guard parts.count == 2 else { return product }
        // The fraction as digits × unit / 10^digits, exact or refused: `1.5s` is 1,500,000 µs and
        // `1.5KiB` 1536 bytes, with no floating point; `1.0000001s` is not a whole microsecond.
        var digits = Substring(parts[1])
        while digits.last == "0" { digits.removeLast() }
        guard digits.count <= 12, let numerator = Int64(digits.isEmpty ? "0" : String(digits)) else { return nil }
        var denominator: Int64 = 1
        for _ in 0..<digits.count { denominator *= 10 }
        let (scaledFraction, fractionOverflow) = numerator.multipliedReportingOverflow(by: unit)
        guard !fractionOverflow, scaledFraction % denominator == 0 else { return nil }
        let fraction = scaledFraction / denominator
        let (sum, sumOverflow) = product.addingReportingOverflow(fraction)
        return sumOverflow ? nil : sum
    }
}
