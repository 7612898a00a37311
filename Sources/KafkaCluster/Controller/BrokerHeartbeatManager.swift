import KafkaCore

/// The active controller's soft state about broker sessions: when each broker last
/// heartbeated. It is not in the metadata log, so a new active controller starts every broker
/// on a fresh session (`resetSessions`).
///
/// A session is valid while `now <= lastContact + sessionTimeout`
/// (`BrokerHeartbeatManager.hasValidSession`).
public struct BrokerHeartbeatManager: Hashable, Sendable {
    /// `broker.session.timeout.ms` (default 9000).
    public let sessionTimeout: Duration
    private var lastContact: [BrokerID: Instant] = [:]

    public init(sessionTimeout: Duration = .milliseconds(9000)) {
        precondition(sessionTimeout > .zero, "session timeout must be positive, got \(sessionTimeout)")
        self.sessionTimeout = sessionTimeout
    }

    /// When `broker` last heartbeated (or registered, or when this controller activated).
    public func lastContact(of broker: BrokerID) -> Instant? { lastContact[broker] }

    /// Records a heartbeat or registration.
    mutating func touch(_ broker: BrokerID, now: Instant) { lastContact[broker] = now }

    /// Forgets an unregistered broker.
    mutating func remove(_ broker: BrokerID) { lastContact[broker] = nil }

    /// Gives every listed broker a session starting `now`, forgetting all others.
    mutating func resetSessions(_ brokers: [BrokerID], now: Instant) {
        lastContact = [:]
        for broker in brokers { lastContact[broker] = now }
    }

    /// Whether `broker` heartbeated within the session timeout.
    public func hasValidSession(_ broker: BrokerID, now: Instant) -> Bool {
        guard let last = lastContact[broker] else { return false }
        return now <= last + sessionTimeout
    }

    /// The candidate whose session expired longest ago (lowest id on ties), if any: Kafka
    /// fences one stale broker per check (`maybeFenceOneStaleBroker`).
    func staleBroker(among candidates: [BrokerID], now: Instant) -> BrokerID? {
        let stale = candidates.filter { !hasValidSession($0, now: now) }
        return stale.min { lhs, rhs in
            let left = lastContact[lhs] ?? Instant(microseconds: .min)
            let right = lastContact[rhs] ?? Instant(microseconds: .min)
            return (left, lhs) < (right, rhs)
        }
    }
}
