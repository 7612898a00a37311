/// Where a Fetch stands in an incremental fetch session (KIP-227; Kafka's `FetchMetadata`).
///
/// | sessionID | epoch | the request is |
/// |---|---|---|
/// | 0 | -1 (final) | a full fetch without a session (consumers, the wire server) |
/// | 0 | 0 (initial) | a full fetch asking the leader for a new session |
/// | id | 0 | a full fetch closing session `id` and asking for a new one |
/// | id | -1 | a full fetch closing session `id` |
/// | id | ≥ 1 | an incremental fetch in session `id`: only changed partitions, plus those to forget |
public struct FetchMetadata: Hashable, Sendable {
    /// "No session" (Kafka's `INVALID_SESSION_ID`).
    public static let invalidSessionID: Int32 = 0
    /// The epoch of a full fetch that creates a session.
    public static let initialEpoch: Int32 = 0
    /// The epoch of a full fetch that wants no session.
    public static let finalEpoch: Int32 = -1

    public var sessionID: Int32
    public var epoch: Int32

    public init(sessionID: Int32, epoch: Int32) {
        self.sessionID = sessionID
        self.epoch = epoch
    }

    /// A full fetch asking for a new session.
    public static let initial = FetchMetadata(sessionID: invalidSessionID, epoch: initialEpoch)
    /// A full fetch without a session: every partition is asked for and answered every time.
    public static let sessionless = FetchMetadata(sessionID: invalidSessionID, epoch: finalEpoch)

    /// Whether the request lists every partition it wants (epoch 0 or -1).
    public var isFull: Bool { epoch == Self.initialEpoch || epoch == Self.finalEpoch }

    /// The epoch after `epoch`: 1 after the initial epoch, wrapping to 1 after `Int32.max`; a
    /// final epoch stays final.
    public static func nextEpoch(after epoch: Int32) -> Int32 {
        if epoch < 0 { return finalEpoch }
        return epoch == Int32.max ? 1 : epoch + 1
    }

    /// The first incremental fetch of the session the leader just created.
    public static func newIncremental(sessionID: Int32) -> FetchMetadata {
        FetchMetadata(sessionID: sessionID, epoch: nextEpoch(after: initialEpoch))
    }

    /// The incremental fetch after this one.
    public var nextIncremental: FetchMetadata {
        FetchMetadata(sessionID: sessionID, epoch: Self.nextEpoch(after: epoch))
    }

    /// A full fetch that closes this session and asks for a new one.
    public var nextCloseExisting: FetchMetadata {
        FetchMetadata(sessionID: sessionID, epoch: Self.initialEpoch)
    }
}
