import KafkaCore

/// The canonical encoding of an event: instant, sequence, a tag per kind, then the kind's fields
/// in declaration order. The tags are part of every pinned digest: never renumber them.
extension WorldEvent: TraceDigestible where Message: TraceDigestible {
    public func digest(into digest: inout TraceDigest) {
        digest.combine(instant)
        digest.combine(sequence)
        kind.digest(into: &digest)
    }
}

extension WorldEvent.Kind: TraceDigestible where Message: TraceDigestible {
    public func digest(into digest: inout TraceDigest) {
        switch self {
        case .nodeAdded(let node): tagged(1, node, into: &digest)
        case .delivered(let envelope, let sentAt):
            tagged(Self.deliveredTag, envelope, into: &digest)
            digest.combine(sentAt)
        case .held(let envelope): tagged(3, envelope, into: &digest)
        case .dropped(let envelope, let reason):
            tagged(4, envelope, into: &digest)
            digest.combine(reason)
        case .ticked(let node): tagged(Self.tickedTag, node, into: &digest)
        case .paused(let node, let until):
            tagged(6, node, into: &digest)
            digest.combine(until)
        case .resumed(let node): tagged(7, node, into: &digest)
        case .crashed(let node): tagged(8, node, into: &digest)
        case .restarted(let node): tagged(9, node, into: &digest)
        case .linkConfigured(let link, let config):
            tagged(10, link, into: &digest)
            digest.combine(config)
        case .linkBlocked(let link): tagged(11, link, into: &digest)
        case .linkUnblocked(let link): tagged(12, link, into: &digest)
        case .nodeIsolated(let node): tagged(13, node, into: &digest)
        case .nodeRejoined(let node): tagged(14, node, into: &digest)
        case .defaultLinkConfigured(let config): tagged(15, config, into: &digest)
        case .commanded(let envelope): tagged(16, envelope, into: &digest)
        }
    }

    /// The tag of `.delivered`, which `World.recordDelivery(of:)` folds in without an event.
    static var deliveredTag: UInt64 { 2 }
    /// The tag of `.ticked`, which `World.recordTick(of:)` folds in without an event.
    static var tickedTag: UInt64 { 5 }

    private func tagged(_ tag: UInt64, _ subject: some TraceDigestible, into digest: inout TraceDigest) {
        digest.combine(tag)
        digest.combine(subject)
    }
}
