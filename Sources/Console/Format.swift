/// How numbers read on screen: short, with their unit, never wider than they need.
enum Format {
    /// `512 B`, `12.0 KiB`, `3.4 MiB`, `1.2 GiB`.
    static func bytes(_ count: Int) -> String {
        let value = Double(max(0, count))
        switch count {
        case ..<1024: return "\(max(0, count)) B"
        case ..<(1 << 20): return one(value / 1024) + " KiB"
        case ..<(1 << 30): return one(value / 1_048_576) + " MiB"
        default: return one(value / 1_073_741_824) + " GiB"
        }
    }

    /// A per-second rate of bytes: `0 B/s`, `12.0 KiB/s`.
    static func bytesRate(_ perSecond: Double?) -> String {
        guard let perSecond else { return "—" }
        return bytes(Int(perSecond.rounded())) + "/s"
    }

    /// A count per second: `0`, `95`, `1.2k`, `3.4M`.
    static func rate(_ perSecond: Double?) -> String {
        guard let perSecond else { return "—" }
        return count(perSecond)
    }

    /// A count with a k/M suffix once it passes 10,000.
    static func count(_ value: Double) -> String {
        switch abs(value) {
        case ..<10_000: String(Int(value.rounded()))
        case ..<10_000_000: one(value / 1000) + "k"
        default: one(value / 1_000_000) + "M"
        }
    }

    /// Seconds as `0.4s`, `12s`, `3m05s`, `2h10m`; `—` when unknown, `∞` when never.
    static func seconds(_ value: Double?) -> String {
        guard let value else { return "—" }
        guard value.isFinite else { return "∞" }
        switch value {
        case ..<10: return one(value) + "s"
        case ..<60: return "\(Int(value))s"
        case ..<3600: return "\(Int(value) / 60)m" + twoDigits(Int(value) % 60) + "s"
        default: return "\(Int(value) / 3600)h" + twoDigits(Int(value) % 3600 / 60) + "m"
        }
    }

    /// Milliseconds as `7d`, `12h`, `30m`, `45s`, `250ms`; `-1` (no limit) as `∞`.
    static func milliseconds(_ text: String) -> String {
        guard let value = Int64(text) else { return text }
        if value < 0 { return "∞" }
        let units: [(Int64, String)] = [(86_400_000, "d"), (3_600_000, "h"), (60_000, "m"), (1000, "s")]
        for (size, unit) in units where value >= size && value % size == 0 {
            return "\(value / size)\(unit)"
        }
        return "\(value)ms"
    }

    private static func one(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
