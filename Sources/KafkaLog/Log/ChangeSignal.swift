/// A counter that several logs, and whatever else their readers watch with them, bump whenever
/// any of them changes: one comparison tells a reader that none of them changed, where each
/// one's own `changeStamp` would be a load from every object (see `PartitionLog.changeSignal`).
///
/// It only ever goes up; its value means nothing but "the same as before, or not".
public final class ChangeSignal {
    public var count: UInt64 = 0

    public init() {}
}
