import KafkaCore

extension KafkaServer {
    /// Keeps the controller in step with the Raft member (see `ControllerRole`) and sends the
    /// answers whose records are now committed.
    mutating func syncController(at now: Instant) {
        guard var role = controller else { return }
        let epoch = raft.election.epoch
        if raft.isLeader {
            if role.activeEpoch != epoch {
                role = rebuiltRole(role, upTo: raft.log.endOffset, epoch: epoch)
                role.activeEpoch = epoch
                role.controller.activate(now: now)
                role.nextBalanceAt = now + config.leaderImbalanceCheckInterval
                role.nextUncleanElectionAt = now + config.uncleanLeaderElectionInterval
            }
            let committed = raft.highWatermark
            let ready = role.pending.filter { $0.commitOffset <= committed }
            role.pending.removeAll { $0.commitOffset <= committed }
            for reply in ready {
                outbox.append(Outgoing(to: reply.to, message: .controllerResponse(id: reply.id, reply.response)))
            }
        } else if role.isActive {
            role = rebuiltRole(role, upTo: raft.highWatermark, epoch: epoch)
        } else {
            replay(into: &role, upTo: raft.highWatermark)
        }
        controller = role
    }

    /// A fresh controller that replays the local log below `end`: on becoming active (the whole
    /// log) or on losing leadership (the committed prefix).
    private func rebuiltRole(_ role: ControllerRole, upTo end: Offset, epoch: LeaderEpoch) -> ControllerRole {
        var fresh = ControllerRole(
            seed: role.seed ^ (UInt64(UInt32(bitPattern: epoch.rawValue)) &* 0xBF58_476D_1CE4_E5B9),
            sessionTimeout: role.sessionTimeout)
        replay(into: &fresh, upTo: end)
        return fresh
    }

    private func replay(into role: inout ControllerRole, upTo end: Offset) {
        let start = role.applied.advanced(by: 1)
        guard start < end else { return }
        for entry in metadataRecords(from: start, to: end) { role.controller.replay(entry.record, at: entry.offset) }
        role.applied = end.advanced(by: -1)
        role.controller.advance(to: end)
    }

    /// A broker's request: decided by the active controller, its records proposed to the
    /// quorum, the answer held until they commit. Any other member says who leads.
    mutating func handleControllerRequest(
        _ request: ControllerRequest, id requestID: UInt64, from: NodeID, at now: Instant
    ) {
        guard var role = controller, role.isActive, raft.isLeader else {
            let hint = raft.election.leaderID?.brokerID
            outbox.append(
                Outgoing(to: from, message: .controllerResponse(id: requestID, .notController(leaderHint: hint))))
            return
        }
        role.controller.advance(to: raft.log.endOffset)
        let (records, response) = decide(request, on: &role.controller, now: now)
        propose(records, role: &role, now: now)
        role.pending.append(
            PendingControllerReply(commitOffset: raft.log.endOffset, to: from, id: requestID, response: response))
        controller = role
        syncController(at: now)
    }

    private func decide(
        _ request: ControllerRequest, on controller: inout QuorumController, now: Instant
    ) -> ([MetadataRecord], ControllerResponse) {
        switch request {
        case .registerBroker(let broker, let incarnation):
            let result = controller.registerBroker(broker, incarnation: incarnation, now: now)
            return (result.records, .registerBroker(result.response))
        case .heartbeat(let heartbeat):
            let result = controller.heartbeat(heartbeat, now: now)
            return (result.records, .heartbeat(result.response))
        case .alterPartition(let alter):
            let result = controller.alterPartition(alter)
            return (result.records, .alterPartition(alter.topicPartition, result.response))
        case .createTopics(let topics):
            var records: [MetadataRecord] = []
            var errors: [KafkaError] = []
            for topic in topics {
                let result = controller.createTopic(topic)
                records += result.records
                errors.append(result.response)
            }
            return (records, .createTopics(errors))
        case .allocateProducerIDs(let broker, let brokerEpoch):
            let result = controller.allocateProducerIDs(broker, brokerEpoch: brokerEpoch)
            return (result.records, .allocateProducerIDs(result.response))
        case .electPreferredLeaders(let partitions):
            let result = controller.electPreferredLeaders(partitions)
            let results = result.response.keys.sorted().map { ElectionResult($0, error: result.response[$0] ?? .none) }
            return (result.records, .electPreferredLeaders(results))
        }
    }

    /// Appends the records to the metadata log, one Raft record each; their offsets are what the
    /// controller expected (broker epochs depend on it).
    private mutating func propose(_ records: [MetadataRecord], role: inout ControllerRole, now: Instant) {
        for record in records {
            let expected = raft.log.endOffset
            switch raft.propose(record.encoded(), at: now) {
            case .success(let offset):
                precondition(offset == expected, "broker \(id.rawValue): record landed at \(offset), not \(expected)")
                role.applied = offset
            case .failure(let notLeader):
                preconditionFailure("broker \(id.rawValue): the active controller cannot propose: \(notLeader)")
            }
        }
    }

    // MARK: Timers

    /// The active controller's periodic work: fence brokers whose session expired, move
    /// leadership back to preferred replicas, retry unclean elections.
    mutating func tickController(at now: Instant) {
        guard var role = controller, role.isActive, raft.isLeader else { return }
        var records: [MetadataRecord] = []
        role.controller.advance(to: raft.log.endOffset)
        while true {
            let fenced = role.controller.fenceStaleBroker(now: now)
            records += fenced.records
            if fenced.response == nil { break }
        }
        if let due = role.nextBalanceAt, due <= now {
            role.nextBalanceAt = now + config.leaderImbalanceCheckInterval
            if config.autoLeaderRebalanceEnable { records += role.controller.balancePartitionLeaders().records }
        }
        if let due = role.nextUncleanElectionAt, due <= now {
            role.nextUncleanElectionAt = now + config.uncleanLeaderElectionInterval
            records += role.controller.electUncleanLeaders().records
        }
        propose(records, role: &role, now: now)
        controller = role
    }

    /// When the active controller next has periodic work.
    var controllerDeadline: Instant? {
        guard let role = controller, role.isActive else { return nil }
        var next = earliest(role.nextBalanceAt, role.nextUncleanElectionAt)
        // The earliest expiry does not depend on the order: no need to sort the brokers.
        for broker in role.controller.image.brokers.values where !broker.fenced {
            guard let last = role.controller.heartbeats.lastContact(of: broker.id) else { continue }
            let expiry = last + role.sessionTimeout + .microseconds(1)
            next = earliest(next, expiry)
        }
        return next
    }
}
