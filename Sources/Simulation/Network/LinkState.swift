import KafkaCore

/// What the network knows about one directed link: its overrides and its traffic.
struct LinkState {
    let link: Link
    /// The link's own behaviour; nil follows the network's default.
    var config: LinkConfig?
    /// Cut by a partition: every message on it is dropped.
    var isPartitioned = false
    /// Messages sent and neither arrived nor dropped yet.
    var inFlight = 0
    /// When the last message sent on the link arrives: later messages never arrive before it.
    var lastArrival = Instant.zero
    /// When the link finishes serializing what it was given (bandwidth-capped links only).
    var busyUntil = Instant.zero

    init(link: Link) {
        self.link = link
    }
}
