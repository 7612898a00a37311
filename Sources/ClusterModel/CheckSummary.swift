import KafkaCore

/// What the run's checkers found so far, for the console: a count per kind and the latest
/// findings in words (`nil` on a snapshot means nothing is being checked).
///
/// The checkers run while the scenario runs (every second of virtual time): an acknowledged
/// record the partition's leader no longer has below its high watermark is lost at once, not at
/// the end of the run; the run report (`flightdeck run`) says the same at the end.
public struct CheckSummary: Hashable, Sendable {
    /// What a finding is about.
    public enum Kind: String, CaseIterable, Hashable, Sendable {
        /// An acknowledged record the partition's leader has not (or has another record there).
        case lost
        /// A record of a producer in the log more than once.
        case duplicated
        /// Offsets a consumer group read past without reading them.
        case skipped
        /// A consumer's offsets went backwards within one generation.
        case nonMonotonic = "non-monotonic"
        /// Replicas in the ISR holding different batches below the high watermark.
        case inconsistent
        /// A replication invariant of the cluster (one leader per epoch, high watermark…).
        case invariant

        /// The word the console shows in counts (`2 lost`, `1 skipped`).
        public var label: String { rawValue }
    }

    /// One finding: when it was found, what kind it is, what it names (records, partition,
    /// offsets) and the fault in effect then, if any.
    public struct Finding: Hashable, Sendable {
        public var instant: Instant
        public var kind: Kind
        public var text: String
        /// The scenario's fault step in effect (`line 25: kill leader of ledger-0 at 50s`).
        public var fault: String?

        public init(instant: Instant, kind: Kind, text: String, fault: String? = nil) {
            self.instant = instant
            self.kind = kind
            self.text = text
            self.fault = fault
        }

        /// The text, then the fault it followed (`… — after line 25: kill …`).
        public var description: String { fault.map { "\(text) — after \($0)" } ?? text }
    }

    /// Per kind, in `Kind.allCases` order: records for `lost`, `duplicated` and `skipped`,
    /// findings for the others.
    public var counts: [Int]
    /// The latest findings, oldest first (at most `findingLimit`).
    public var findings: [Finding]
    /// When the checkers last looked (nil: not yet).
    public var checkedAt: Instant?

    /// Findings a summary keeps.
    public static let findingLimit = 200

    public init(counts: [Kind: Int] = [:], findings: [Finding] = [], checkedAt: Instant? = nil) {
        self.counts = Kind.allCases.map { counts[$0] ?? 0 }
        self.findings = findings
        self.checkedAt = checkedAt
    }

    /// The count of `kind`.
    public func count(_ kind: Kind) -> Int {
        Kind.allCases.firstIndex(of: kind).map { counts.indices.contains($0) ? counts[$0] : 0 } ?? 0
    }

    /// Adds `amount` to the count of `kind`.
    public mutating func add(_ amount: Int, to kind: Kind) {
        guard let index = Kind.allCases.firstIndex(of: kind), counts.indices.contains(index) else { return }
        counts[index] += amount
    }

    /// Whether nothing was found.
    public var isClean: Bool { counts.allSatisfy { $0 == 0 } }

    /// The non-zero counts in words, in kind order: `2 lost · 1 skipped`.
    public var countsText: String {
        Kind.allCases.filter { count($0) > 0 }.map { "\(count($0)) \($0.label)" }.joined(separator: " · ")
    }
}
