import KafkaCore

/// The broker-to-controller channel (Kafka's `NodeToControllerChannelManager`): requests in
/// flight with their deadlines, and requests waiting for a controller to be known or for their
/// retry backoff. Kept in id order, so timeouts fire in a fixed order.
struct ControllerChannel: Sendable {
    var inFlight: [ControllerCall] = []
    var waiting: [ControllerCall] = []

    /// Removes and returns the call answered by `id`.
    mutating func take(_ id: UInt64) -> ControllerCall? {
        guard let index = inFlight.firstIndex(where: { $0.id == id }) else { return nil }
        return inFlight.remove(at: index)
    }

    var nextDeadline: Instant? {
        var next: Instant?
        for call in inFlight { next = earliest(next, call.deadline) }
        for call in waiting { next = earliest(next, call.deadline) }
        return next
    }

    func hasCall(_ matches: (ControllerPurpose) -> Bool) -> Bool {
        inFlight.contains { matches($0.purpose) } || waiting.contains { matches($0.purpose) }
    }
}

/// One request to the controller: sent (`deadline` is its timeout) or waiting (`deadline` is
/// when to try sending it).
struct ControllerCall: Sendable {
    var id: UInt64
    var request: ControllerRequest
    var purpose: ControllerPurpose
    var deadline: Instant
}

/// Why the broker asked, which decides what a timeout or an answer does.
enum ControllerPurpose: Sendable {
    case registration
    case heartbeat
    case alterPartition(TopicPartition)
    /// CreateTopics for a client, answered with these topic names.
    case createTopics(WaitingRequest, names: [String])
    case allocateProducerIDs
    case electPreferredLeaders(WaitingRequest?)

    /// Whether a lost call is sent again (registration, ISR changes, id blocks) or given up
    /// (heartbeats are periodic anyway; client requests answer with a timeout).
    var retries: Bool {
        switch self {
        case .registration, .alterPartition, .allocateProducerIDs: true
        case .heartbeat, .createTopics, .electPreferredLeaders: false
        }
    }
}

extension Broker {
    /// Sends `request` to the active controller, or queues it until one is known.
    func callController(
        _ request: ControllerRequest, purpose: ControllerPurpose, controller: BrokerID?, now: Instant
    ) {
        let call = ControllerCall(
            id: takeRequestID(), request: request, purpose: purpose, deadline: now + config.controllerRetryBackoff)
        guard let controller else {
            controllerChannel.waiting.append(call)
            return
        }
        dispatch(call, to: controller, now: now)
    }

    private func dispatch(_ call: ControllerCall, to controller: BrokerID, now: Instant) {
        var sent = call
        sent.deadline = now + config.controllerRequestTimeout
        controllerChannel.inFlight.append(sent)
        send(.controllerRequest(id: call.id, call.request), to: controller)
    }

    /// Sends what waited for a controller, and times out what was not answered.
    func serviceControllerChannel(controller: BrokerID?, now: Instant) {
        let expired = controllerChannel.inFlight.filter { $0.deadline <= now }
        controllerChannel.inFlight.removeAll { $0.deadline <= now }
        for call in expired { controllerCallFailed(call, now: now) }
        guard let controller else {
            // Nobody to ask yet: look again after the backoff.
            for index in controllerChannel.waiting.indices where controllerChannel.waiting[index].deadline <= now {
                controllerChannel.waiting[index].deadline = now + config.controllerRetryBackoff
            }
            return
        }
        let due = controllerChannel.waiting.filter { $0.deadline <= now }
        controllerChannel.waiting.removeAll { $0.deadline <= now }
        for call in due {
            var fresh = call
            fresh.id = takeRequestID()
            dispatch(fresh, to: controller, now: now)
        }
    }

    /// A call got no useful answer: retried after the backoff, or given up.
    func controllerCallFailed(_ call: ControllerCall, now: Instant) {
        if call.purpose.retries {
            var retry = call
            retry.deadline = now + config.controllerRetryBackoff
            controllerChannel.waiting.append(retry)
            return
        }
        switch call.purpose {
        case .createTopics(let client, let names):
            let topics = names.map { CreatedTopic(name: $0, error: .requestTimedOut) }
            reply(.createTopics(CreateTopicsResponse(topics: topics)), id: client.id, to: client.from)
        case .heartbeat, .electPreferredLeaders, .registration, .alterPartition, .allocateProducerIDs:
            break
        }
    }
}
