import KafkaCore
import KafkaLog

/// One Kafka server process in KRaft mode: always a broker, and a controller too when it is one
/// of `controller.quorum.voters` (combined mode). Every server runs a Raft member of the metadata
/// quorum: a voter on controllers, an observer on pure brokers, and its broker replays what that
/// member has committed.
///
/// A deterministic node: messages in, messages out; time comes in with each call; the only
/// durable state is on its `ServerDisk`. The host builds a new `KafkaServer` over the same disk
/// to restart it; the first tick recovers the logs and registers with the controller.
public struct KafkaServer: Node {
    public typealias Message = ClusterMessage

    public let id: BrokerID
    public let config: ServerConfig
    public let disk: ServerDisk
    var raft: RaftNode<DurableRaftLog>
    var controller: ControllerRole?
    /// `nil` until the first tick opened the logs.
    var broker: Broker?
    /// How many times this server has started, this start included.
    public let incarnation: UInt64
    /// The last metadata offset the broker replayed.
    var brokerApplied: Offset = .none
    var outbox: [Outgoing<ClusterMessage>] = []
    /// `nextDeadline` as `settle` left it at the end of the last `receive` or `tick` (nil before
    /// the first): the world reads the deadline after every event, and `settle` has just read
    /// the Raft member's and the broker's to know it was done, so they are not read twice.
    /// Nothing else changes a server between its events (the broker and its controller are
    /// reachable only through it); debug builds check the cached value against a fresh one.
    private var settledDeadline: Instant?? = nil
    /// The Raft member's and the controller's deadlines as the last `settle` read them, kept
    /// while the server handles only broker traffic (client requests, replica fetch answers),
    /// which reaches neither: the broker talks to its controller through messages to itself,
    /// and handling those, a Raft message, a command or a tick clears this. Reading them is a
    /// scan of the voters' and the registered brokers' progress, after every event of the
    /// server that leads the quorum.
    private var metadataDeadlines: (raft: Instant?, controller: Instant?)?
    /// Why the server could not start, if it could not (its data directory is unusable).
    public private(set) var startupFailure: String?
    /// Why the process halted, `nil` while it runs. With one log directory per broker, a failed
    /// directory leaves no online one, and Kafka's `ReplicaManager` then halts the process
    /// (`Exit.halt`): a halted server answers nothing and ticks no more; its host should treat
    /// it as exited (`SimulatedCluster` crashes its node) and only a restart brings it back.
    public private(set) var haltReason: String?

    /// A server over `disk`; `seed` drives its Raft timers and its controller's draws.
    public init(id: BrokerID, config: ServerConfig, disk: ServerDisk, seed: UInt64) {
        self.id = id
        self.config = config
        self.disk = disk
        incarnation = disk.nextIncarnation()
        let voters = config.controllerQuorumVoters.map(NodeID.broker)
        let mixed = seed ^ (incarnation &* 0x9E37_79B9_7F4A_7C15)
        raft = RaftNode(
            id: .broker(id), voters: voters, config: config.quorum, seed: mixed,
            log: DurableRaftLog(store: disk.metadata), election: disk.metadata.election)
        if config.controllerQuorumVoters.contains(id) {
            controller = ControllerRole(seed: mixed &+ 1, sessionTimeout: config.brokerSessionTimeout)
        }
    }

    // MARK: Node

    public mutating func receive(
        _ envelope: consuming Envelope<ClusterMessage>, at now: Instant
    ) -> [Outgoing<ClusterMessage>] {
        guard haltReason == nil else { return [] }
        dispatch(envelope, at: now)
        let out = settle(at: now)
        checkLogDirectory()
        return out
    }

    public mutating func tick(at now: Instant) -> [Outgoing<ClusterMessage>] {
        guard haltReason == nil else { return [] }
        metadataDeadlines = nil
        if broker == nil && startupFailure == nil { start(at: now) }
        wrapRaft(raft.tick(at: now))
        afterRaft(at: now)
        tickController(at: now)
        if let running = broker {
            running.activeController = activeController
            running.tick(now: now)
        }
        let out = settle(at: now)
        checkLogDirectory()
        return out
    }

    /// A `mutating get` (it changes nothing), as `Node` allows: the world reads it after every
    /// event, and a plain getter took the server by value, a kilobyte copied each time.
    public var nextDeadline: Instant? {
        mutating get {
            guard let settled = settledDeadline, haltReason == nil else { return freshDeadline }
            assert(
                settled == freshDeadline,
                "broker \(id.rawValue): settled deadline \(settled as Any), now \(freshDeadline as Any)")
            return settled
        }
    }

    /// `nextDeadline` read from the parts.
    private var freshDeadline: Instant? {
        if haltReason != nil { return nil }
        if broker == nil && startupFailure == nil { return .zero }
        return earliest(earliest(raft.nextDeadline, controllerDeadline), broker?.nextDeadline)
    }

    /// Halts the process once its log directory went offline (Kafka's `handleLogDirFailure`
    /// with no online directory left). What the failing call answered (a produce's
    /// `KAFKA_STORAGE_ERROR`) has already been sent.
    private mutating func checkLogDirectory() {
        guard let running = broker, let cause = running.logs.failureChannel.offlineCause else { return }
        let reason = "log dir offline: \(cause.summary)"
        running.notice("halted: \(reason) (\(cause)); restart the broker once the disk is usable")
        haltReason = reason
    }

    // MARK: Dispatch

    private mutating func dispatch(_ envelope: consuming Envelope<ClusterMessage>, at now: Instant) {
        let from = envelope.from
        let to = envelope.to
        // The message moves out of the envelope: a request's bytes stay uniquely referenced.
        switch (consume envelope).message {
        case .raft(let message):
            metadataDeadlines = nil
            wrapRaft(raft.receive(Envelope(from: from, to: to, message: message), at: now))
            afterRaft(at: now)
        case .controllerRequest(let requestID, let request):
            metadataDeadlines = nil
            handleControllerRequest(request, id: requestID, from: from, at: now)
        case .controllerResponse(let requestID, let response):
            metadataDeadlines = nil
            withBroker(at: now) { $0.handleControllerResponse(response, id: requestID, now: now) }
        case .request(let requestID, let request):
            withBroker(at: now) { $0.handleRequest(request, id: requestID, from: from, now: now) }
        case .response(let requestID, let response):
            guard case .fetch(let fetch) = response, let leader = from.brokerID else { return }
            withBroker(at: now) { $0.handleReplicaFetchResponse(fetch, id: requestID, from: leader, now: now) }
        case .command(.controlledShutdown):
            metadataDeadlines = nil
            withBroker(at: now) { $0.beginControlledShutdown(now: now) }
        case .command(.wake), .command(.connectionClosed):
            return
        case .command(.electPreferredLeaders(let partitions)):
            metadataDeadlines = nil
            withBroker(at: now) { $0.requestPreferredElection(partitions, now: now) }
        }
    }

    /// Runs `body` on the started broker (requests to a server still starting go unanswered, as
    /// to a port not yet open).
    private func withBroker(at now: Instant, _ body: (Broker) -> Void) {
        guard let running = broker else { return }
        running.activeController = activeController
        body(running)
    }

    /// Collects what the parts sent; messages a part sent to this same server (the broker to its
    /// own controller, and back) are handled here at once rather than over the network.
    private mutating func settle(at now: Instant) -> [Outgoing<ClusterMessage>] {
        var rounds = 0
        var raftDue: Instant?
        var brokerDue: Instant?
        while true {
            if let running = broker, !running.outbox.isEmpty {
                // Swapped when this outbox is empty, the usual case: the broker's answers move
                // over, and the broker gets the empty array, with no retain or release of either.
                if outbox.isEmpty {
                    swap(&outbox, &running.outbox)
                } else {
                    outbox += running.outbox
                    running.outbox = []
                }
            }
            raftDue = metadataDeadlines.map(\.raft) ?? raft.nextDeadline
            if let due = raftDue, due <= now, rounds < 64 {
                // A proposal made while handling a message: replicate it now.
                rounds += 1
                metadataDeadlines = nil
                wrapRaft(raft.tick(at: now))
                afterRaft(at: now)
                continue
            }
            brokerDue = broker?.nextDeadline
            if let running = broker, let due = brokerDue, due <= now, rounds < 64 {
                // Work that became due while handling a message (a heartbeat right after
                // registering): do it now, as `tick` promises.
                rounds += 1
                running.activeController = activeController
                running.tick(now: now)
                continue
            }
            let me = NodeID.broker(id)
            guard outbox.contains(where: { $0.to == me }) else { break }
            let local = outbox.filter { $0.to == me }
            // Each round answers what the previous one sent itself; a cycle would be a bug.
            precondition(rounds < 64, "broker \(id.rawValue): local messages still bouncing after 64 rounds: \(local)")
            rounds += 1
            metadataDeadlines = nil
            outbox.removeAll { $0.to == .broker(id) }
            for message in local {
                dispatch(Envelope(from: .broker(id), to: .broker(id), message: message.message), at: now)
            }
        }
        // The loop ends only once nothing is addressed to this server, and its last round read
        // both deadlines after the last change.
        let metadata = metadataDeadlines ?? (raft: raftDue, controller: controllerDeadline)
        metadataDeadlines = metadata
        settledDeadline =
            broker == nil && startupFailure == nil
            ? .some(.zero) : earliest(earliest(metadata.raft, metadata.controller), brokerDue)
        let out = outbox
        outbox = []
        return out
    }

    /// Gives the array the world emptied to the broker's outbox, which `settle` moves out after
    /// every message handled: the next answer fills it instead of a new allocation.
    public mutating func recycle(_ emptied: consuming [Outgoing<ClusterMessage>]) {
        guard let running = broker, running.outbox.isEmpty, running.outbox.capacity < emptied.capacity else { return }
        running.outbox = emptied
    }

    private mutating func wrapRaft(_ messages: [Outgoing<RaftMessage>]) {
        for message in messages { outbox.append(Outgoing(to: message.to, message: .raft(message.message))) }
    }

    /// The active controller as this server's quorum member knows it.
    var activeController: BrokerID? {
        raft.isLeader ? id : raft.election.leaderID?.brokerID
    }

    // MARK: Startup

    /// Opens the data directory (recovering every log) and starts the broker.
    private mutating func start(at now: Instant) {
        let opened: (manager: LogManager, reports: [RecoveryReport])
        do {
            opened = try LogManager.open(
                storage: disk.storage, directory: disk.dataDirectory, now: now, config: { _ in config.log })
        } catch {
            startupFailure = "broker \(id.rawValue): cannot open \(disk.dataDirectory): \(error)"
            if error.isStorageFailure {
                // Kafka halts too when no log directory survives startup.
                haltReason = "log dir offline at startup: \(error)"
            }
            return
        }
        let started = Broker(id: id, config: config, logs: opened.manager, incarnation: incarnation)
        for warning in opened.manager.checkpointWarnings { started.notice(warning) }
        started.activeController = activeController
        started.nextIsrShrinkAt = now + config.isrShrinkInterval
        started.start(controller: activeController, now: now)
        broker = started
        replayCommittedMetadata(at: now)
    }

    // MARK: Metadata

    /// After every Raft step: persist the quorum state, keep the controller in step, and let
    /// the broker replay newly committed metadata.
    private mutating func afterRaft(at now: Instant) {
        disk.metadata.election = raft.election
        syncController(at: now)
        replayCommittedMetadata(at: now)
    }

    private mutating func replayCommittedMetadata(at now: Instant) {
        guard let running = broker else { return }
        let committed = raft.highWatermark
        guard brokerApplied.advanced(by: 1) < committed else { return }
        let records = metadataRecords(from: brokerApplied.advanced(by: 1), to: committed)
        brokerApplied = committed.advanced(by: -1)
        running.activeController = activeController
        running.replayMetadata(records, now: now)
    }

    /// The metadata records in `[start, end)` of the local log (leader-change records skipped).
    public func metadataRecords(from start: Offset, to end: Offset) -> [(offset: Offset, record: MetadataRecord)] {
        var result: [(offset: Offset, record: MetadataRecord)] = []
        var offset = start
        while offset < end {
            let chunk = raft.log.records(from: offset, maxCount: Int(min(4096, end.distance(from: offset))))
            guard !chunk.isEmpty else { break }
            for entry in chunk {
                guard case .data(let payload) = entry.body else { continue }
                do {
                    result.append((entry.offset, try MetadataRecord(decoding: payload)))
                } catch {
                    preconditionFailure(
                        "broker \(id.rawValue): metadata record at \(entry.offset) does not decode: \(error)")
                }
            }
            offset = chunk[chunk.count - 1].offset.advanced(by: 1)
        }
        return result
    }
}

/// The earlier of two optional instants.
func earliest(_ a: Instant?, _ b: Instant?) -> Instant? {
    guard let a else { return b }
    guard let b else { return a }
    return min(a, b)
}
