import KafkaCore
import KafkaLog

extension Broker {
    /// Registers with the controller once the logs are open (the server recovered them).
    func start(controller: BrokerID?, now: Instant) {
        precondition(lifecycle == .starting, "\(id) started twice (\(lifecycle))")
        lifecycle = .registering
        register(controller: controller, now: now)
        nextMaintenanceAt = now + .seconds(1)
        nextCheckpointAt = now + config.logFlushOffsetCheckpointInterval
        nextRetentionAt = now + config.logRetentionCheckInterval
        nextHighWatermarkCheckpointAt = now + config.replicaHighWatermarkCheckpointInterval
        readHighWatermarkCheckpoint()
    }

    func register(controller: BrokerID?, now: Instant) {
        guard !controllerChannel.hasCall({ if case .registration = $0 { true } else { false } }) else { return }
        callController(
            .registerBroker(id, incarnation: incarnation), purpose: .registration, controller: controller, now: now)
    }

    /// Heartbeats every `broker.heartbeat.interval.ms` while registered, one at a time.
    func heartbeatIfDue(controller: BrokerID?, now: Instant) {
        guard let due = nextHeartbeatAt, due <= now else { return }
        nextHeartbeatAt = now + config.brokerHeartbeatInterval
        guard !controllerChannel.hasCall({ if case .heartbeat = $0 { true } else { false } }) else { return }
        let heartbeat = BrokerHeartbeat(
            brokerID: id, brokerEpoch: brokerEpoch, currentMetadataOffset: image.lastAppliedOffset,
            wantFence: false, wantShutDown: lifecycle == .shuttingDown)
        callController(.heartbeat(heartbeat), purpose: .heartbeat, controller: controller, now: now)
        // A heartbeat lost with a dead controller must not hold up the next one: it times out
        // after one interval (Kafka learns of the lost connection at once).
        for index in controllerChannel.inFlight.indices {
            if case .heartbeat = controllerChannel.inFlight[index].purpose {
                controllerChannel.inFlight[index].deadline = min(
                    controllerChannel.inFlight[index].deadline, now + config.brokerHeartbeatInterval)
            }
        }
    }

    /// The operator asked for a graceful stop: heartbeats now ask to shut down, and the
    /// controller moves leadership away first.
    func beginControlledShutdown(now: Instant) {
        switch lifecycle {
        case .starting, .registering:
            finishShutdown(now: now)
        case .fenced, .running:
            lifecycle = .shuttingDown
            nextHeartbeatAt = now
        case .shuttingDown, .stopped:
            break
        }
    }

    /// An answer from the controller.
    func handleControllerResponse(_ response: ControllerResponse, id: UInt64, now: Instant) {
        guard let call = controllerChannel.take(id) else { return }
        if case .notController = response {
            controllerCallFailed(call, now: now)
            return
        }
        switch (call.purpose, response) {
        case (.registration, .registerBroker(let answer)):
            registered(answer, call: call, now: now)
        case (.heartbeat, .heartbeat(let answer)):
            heartbeatAnswered(answer, now: now)
        case (.alterPartition(let topicPartition), .alterPartition(_, let answer)):
            alterPartitionAnswered(topicPartition, answer, now: now)
        case (.createTopics(let client, let names), .createTopics(let errors)):
            let topics = zip(names, errors).map { CreatedTopic(name: $0, error: $1) }
            reply(.createTopics(CreateTopicsResponse(topics: topics)), id: client.id, to: client.from)
        case (.allocateProducerIDs, .allocateProducerIDs(let allocation)):
            producerIDsAllocated(allocation, now: now)
        case (.electPreferredLeaders, .electPreferredLeaders):
            break
        default:
            preconditionFailure("\(id): controller answered \(call.request.apiName) with \(response)")
        }
    }

    private func registered(_ answer: BrokerRegistrationResponse, call: ControllerCall, now: Instant) {
        guard answer.error == .none else {
            // DUPLICATE_BROKER_REGISTRATION: the previous incarnation's session has not expired
            // yet; Kafka retries until it does.
            controllerCallFailed(call, now: now)
            return
        }
        guard lifecycle == .registering else { return }
        brokerEpoch = answer.brokerEpoch
        lifecycle = .fenced
        nextHeartbeatAt = now
        // The registration may already be replayed: start acting on metadata.
        replayMetadata([], now: now)
    }

    private func heartbeatAnswered(_ answer: BrokerHeartbeatResponse, now: Instant) {
        switch answer.error {
        case .none:
            break
        case .staleBrokerEpoch, .brokerIDNotRegistered:
            // This incarnation's registration is gone (fenced and replaced, or unregistered).
            if lifecycle != .shuttingDown && lifecycle != .stopped {
                lifecycle = .registering
                brokerEpoch = -1
                nextHeartbeatAt = nil
                register(controller: nil, now: now)
            }
            return
        default:
            return
        }
        if answer.shouldShutDown {
            finishShutdown(now: now)
            return
        }
        switch lifecycle {
        case .fenced where !answer.isFenced: lifecycle = .running
        case .running where answer.isFenced: lifecycle = .fenced
        default: break
        }
    }

    /// The last step of a graceful stop: high watermarks checkpointed, every log closed with
    /// its clean-shutdown marker (the next start skips recovery), then stopped.
    private func finishShutdown(now: Instant) {
        checkpointHighWatermarks()
        do {
            try logs.shutdown(now: now)
        } catch {
            notice("clean shutdown failed: \(error)")
        }
        lifecycle = .stopped
        nextHeartbeatAt = nil
    }

    /// Whether this process has finished a controlled shutdown and may exit.
    var hasStopped: Bool { lifecycle == .stopped }
}
