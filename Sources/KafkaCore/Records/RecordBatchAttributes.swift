/// The `attributes` field of a record batch header (int16), bit by bit:
///
/// | bits | meaning |
/// |---|---|
/// | 0–2 | compression codec (0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd) |
/// | 3 | timestamp type (0 CreateTime, 1 LogAppendTime) |
/// | 4 | transactional |
/// | 5 | control batch (transaction markers) |
/// | 6 | has delete horizon (KIP-534: `baseTimestamp` is the compaction delete horizon) |
/// | 7–15 | unused, kept as they are |
public struct RecordBatchAttributes: Hashable, Sendable {
    public var rawValue: Int16

    @inlinable
    public init(rawValue: Int16) {
        self.rawValue = rawValue
    }

    /// Attributes for an uncompressed batch (the builder writes nothing else).
    public init(
        timestampType: TimestampType = .createTime, isTransactional: Bool = false, isControl: Bool = false,
        hasDeleteHorizon: Bool = false
    ) {
        rawValue = 0
        self.timestampType = timestampType
        self.isTransactional = isTransactional
        self.isControl = isControl
        self.hasDeleteHorizon = hasDeleteHorizon
    }

    static let compressionMask: Int16 = 0x07
    static let timestampTypeBit: Int16 = 0x08
    static let transactionalBit: Int16 = 0x10
    static let controlBit: Int16 = 0x20
    static let deleteHorizonBit: Int16 = 0x40

    /// The raw codec id in bits 0–2 (0–7, of which 5–7 are unassigned).
    public var compressionID: Int16 { rawValue & Self.compressionMask }

    /// The codec in bits 0–2, or `nil` for the unassigned ids 5–7.
    public var compression: CompressionCodec? { CompressionCodec(rawValue: compressionID) }

    public var timestampType: TimestampType {
        get { rawValue & Self.timestampTypeBit == 0 ? .createTime : .logAppendTime }
        set { set(Self.timestampTypeBit, newValue == .logAppendTime) }
    }

    public var isTransactional: Bool {
        get { rawValue & Self.transactionalBit != 0 }
        set { set(Self.transactionalBit, newValue) }
    }

    public var isControl: Bool {
        get { rawValue & Self.controlBit != 0 }
        set { set(Self.controlBit, newValue) }
    }

    public var hasDeleteHorizon: Bool {
        get { rawValue & Self.deleteHorizonBit != 0 }
        set { set(Self.deleteHorizonBit, newValue) }
    }

    private mutating func set(_ bit: Int16, _ on: Bool) {
        rawValue = on ? rawValue | bit : rawValue & ~bit
    }
}
