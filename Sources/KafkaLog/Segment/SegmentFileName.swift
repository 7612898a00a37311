import KafkaCore

/// The name of one of a segment's files, as Kafka names it (`LogFileUtils`): the segment's base
/// offset as 20 zero-padded decimal digits, the kind's extension, and an optional temporary
/// suffix: `00000000000000000000.log`, `00000000000000001200.index.swap`.
public struct SegmentFileName: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// What a segment file holds.
    public enum Kind: String, CaseIterable, Hashable, Sendable {
        /// The record batches.
        case log = ".log"
        /// The sparse offset index (`OffsetIndex`).
        case offsetIndex = ".index"
        /// The sparse time index (`TimeIndex`).
        case timeIndex = ".timeindex"
        /// Aborted transactions.
        case transactionIndex = ".txnindex"
        /// A producer-state snapshot taken at this offset.
        case producerSnapshot = ".snapshot"
    }

    /// A temporary state of a file during cleaning, splitting and deletion.
    public enum Suffix: String, CaseIterable, Hashable, Sendable {
        /// Written by the cleaner, not yet swapped in; deleted on recovery.
        case cleaned = ".cleaned"
        /// Ready to replace the segment it names; recovery completes the swap.
        case swap = ".swap"
        /// Scheduled for removal after `file.delete.delay.ms`; deleted on recovery.
        case deleted = ".deleted"
    }

    /// Digits in the offset part of a name.
    public static let offsetDigits = 20

    public let baseOffset: Offset
    public let kind: Kind
    public let suffix: Suffix?

    public init(baseOffset: Offset, kind: Kind, suffix: Suffix? = nil) {
        precondition(baseOffset.rawValue >= 0, "segment base offset must not be negative, got \(baseOffset)")
        self.baseOffset = baseOffset
        self.kind = kind
        self.suffix = suffix
    }

    /// The name parsed back, or `nil` when `fileName` is not a segment file name (other files in
    /// a partition directory, such as `leader-epoch-checkpoint`, give `nil`).
    public init?(parsing fileName: String) {
        let utf8 = Array(fileName.utf8)
        guard utf8.count > Self.offsetDigits, utf8[0..<Self.offsetDigits].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
        else { return nil }
        guard let offset = Int64(String(decoding: utf8[0..<Self.offsetDigits], as: UTF8.self)) else { return nil }
        let rest = String(decoding: utf8[Self.offsetDigits...], as: UTF8.self)
        for kind in Kind.allCases {
            if rest == kind.rawValue {
                self.init(baseOffset: Offset(offset), kind: kind)
                return
            }
            for suffix in Suffix.allCases where rest == kind.rawValue + suffix.rawValue {
                self.init(baseOffset: Offset(offset), kind: kind, suffix: suffix)
                return
            }
        }
        return nil
    }

    /// The 20-digit prefix for `offset` (Kafka's `filenamePrefixFromOffset`).
    ///
    /// The digits are written into the string's buffer from the last one back (an `Int64` has at
    /// most 19): padding a `String(offset)` with a string of zeros took about 13,000 instructions
    /// a name, and every new log names its files at startup.
    public static func prefix(for offset: Offset) -> String {
        precondition(offset.rawValue >= 0, "segment base offset must not be negative, got \(offset)")
        return String(unsafeUninitializedCapacity: offsetDigits) { buffer in
            var rest = offset.rawValue
            for index in (0..<offsetDigits).reversed() {
                buffer[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
            return offsetDigits
        }
    }

    /// The file name.
    public var fileName: String {
        var name = Self.prefix(for: baseOffset)
        name += kind.rawValue
        if let suffix { name += suffix.rawValue }
        return name
    }

    /// The same file without its temporary suffix (where a `.swap` file goes when swapped in).
    public var withoutSuffix: SegmentFileName { SegmentFileName(baseOffset: baseOffset, kind: kind) }

    /// The same file with `suffix`.
    public func with(_ suffix: Suffix?) -> SegmentFileName {
        SegmentFileName(baseOffset: baseOffset, kind: kind, suffix: suffix)
    }

    /// By base offset, then kind, then suffix (none first): the order recovery walks files in.
    public static func < (lhs: SegmentFileName, rhs: SegmentFileName) -> Bool {
        func rank(_ name: SegmentFileName) -> (Int64, Int, Int) {
            (
                name.baseOffset.rawValue, Kind.allCases.firstIndex(of: name.kind) ?? 0,
                name.suffix.map { (Suffix.allCases.firstIndex(of: $0) ?? 0) + 1 } ?? 0
            )
        }
        return rank(lhs) < rank(rhs)
    }

    public var description: String { fileName }
}
