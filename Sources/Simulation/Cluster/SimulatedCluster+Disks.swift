import ClusterModel
import KafkaCluster
import KafkaCore
import KafkaLog

/// The disk faults of a simulated cluster's brokers, and what they need watched.
struct DiskFaults {
    /// Brokers whose disk is full, with the capacity to give back when space is freed.
    var fullCapacity: [BrokerID: Int] = [:]
    /// Brokers whose disk fails every operation with an I/O error.
    var failing: [BrokerID] = []
    /// Brokers whose disk adds this much to every write and flush.
    var slow: [BrokerID: Duration] = [:]
    /// Brokers whose process may halt on a failed log directory, checked after each event that
    /// touches them. Every broker on real files (a real disk can fill up); on simulated storage,
    /// the brokers that had a disk fault.
    var watched: [BrokerID] = []
    /// Processes that halted on a failed log directory, in order.
    var halts: [BrokerHalt] = []

    var isEmpty: Bool { watched.isEmpty }
    /// The most halts remembered (later ones are only narrated).
    static let haltLimit = 256
}

/// A broker process that halted because its log directory went offline.
public struct BrokerHalt: Hashable, Sendable {
    public var broker: BrokerID
    public var at: Instant
    /// "log dir offline: No space left on device".
    public var reason: String
}

/// Disk faults (simulated storage only): a full disk, a failing disk, a slow disk. A write that
/// fails takes the broker's only log directory offline and the process halts, as Kafka's does
/// (`LogDirFailureChannel`, then `Exit.halt` when no log directory is left): its replicas are
/// gone until an operator restarts it. Healing the disk does not restart the broker.
extension SimulatedCluster {
    /// Whether disk faults can be injected into this cluster (they need simulated storage).
    public var supportsDiskFaults: Bool { !simulatedStorage.isEmpty }

    /// Fills the broker's disk: the next write that needs space fails with "No space left on
    /// device". False on file-backed storage.
    @discardableResult
    public mutating func fillDisk(_ broker: BrokerID) -> Bool {
        guard let storage = simulatedStorage[broker] else { return false }
        narrator.append(
            ClusterEvent(instant: now, kind: .fault, brokers: [broker], text: "\(broker)'s disk is full"))
        if diskFaults.fullCapacity[broker] == nil { diskFaults.fullCapacity[broker] = storage.capacityBytes }
        storage.capacityBytes = storage.usedBytes
        watch(broker)
        return true
    }

    /// Frees space on a full disk (its capacity back). A halted broker stays down until restarted.
    public mutating func freeDisk(_ broker: BrokerID) {
        guard let storage = simulatedStorage[broker], let capacity = diskFaults.fullCapacity[broker] else { return }
        narrator.append(
            ClusterEvent(instant: now, kind: .fault, brokers: [broker], text: "\(broker)'s disk has free space again"))
        storage.capacityBytes = capacity
        diskFaults.fullCapacity[broker] = nil
    }

    /// Makes every operation on the broker's data directory fail with an I/O error. False on
    /// file-backed storage.
    @discardableResult
    public mutating func failDisk(_ broker: BrokerID) -> Bool {
        guard let storage = simulatedStorage[broker], let disk = disks[broker] else { return false }
        narrator.append(
            ClusterEvent(instant: now, kind: .fault, brokers: [broker], text: "\(broker)'s disk returns I/O errors"))
        storage.injectIOErrors(under: disk.dataDirectory)
        if !diskFaults.failing.contains(broker) { diskFaults.failing.append(broker) }
        watch(broker)
        return true
    }

    /// Ends a failing disk's I/O errors. A halted broker stays down until restarted.
    public mutating func repairDisk(_ broker: BrokerID) {
        guard let storage = simulatedStorage[broker], let disk = disks[broker],
            diskFaults.failing.contains(broker)
        else { return }
        narrator.append(
            ClusterEvent(instant: now, kind: .fault, brokers: [broker], text: "\(broker)'s disk works again"))
        storage.removeIOErrors(under: disk.dataDirectory)
        diskFaults.failing.removeAll { $0 == broker }
    }

    /// Makes every write and flush on the broker's disk take `delay` longer: the broker is busy
    /// for that long after the call that wrote (requests queue behind it, as behind Kafka's
    /// request handler threads blocked on the disk). False on file-backed storage.
    @discardableResult
    public mutating func slowDisk(_ broker: BrokerID, by delay: Duration) -> Bool {
        guard let storage = simulatedStorage[broker] else { return false }
        narrator.append(
            ClusterEvent(
                instant: now, kind: .fault, brokers: [broker], text: "\(broker)'s disk is slow: +\(delay) per write"))
        _ = storage.takeAccumulatedLatency()
        storage.addedWriteLatency = delay
        storage.addedFlushLatency = delay
        diskFaults.slow[broker] = delay
        watch(broker)
        return true
    }

    /// Gives a slow disk its speed back.
    public mutating func restoreDiskSpeed(_ broker: BrokerID) {
        guard let storage = simulatedStorage[broker], diskFaults.slow[broker] != nil else { return }
        narrator.append(
            ClusterEvent(instant: now, kind: .fault, brokers: [broker], text: "\(broker)'s disk is fast again"))
        storage.addedWriteLatency = .zero
        storage.addedFlushLatency = .zero
        _ = storage.takeAccumulatedLatency()
        diskFaults.slow[broker] = nil
    }

    /// Ends every disk fault (full, failing, slow) on every broker. Halted brokers stay down.
    public mutating func healDisks() {
        for broker in brokerIDs {
            freeDisk(broker)
            repairDisk(broker)
            restoreDiskSpeed(broker)
        }
    }

    /// Whether the broker's disk is slowed down (its pauses are disk waits, not a stopped process).
    public func hasSlowDisk(_ broker: BrokerID) -> Bool { diskFaults.slow[broker] != nil }

    /// Every halt of a broker process on a failed log directory so far, oldest first.
    public var halts: [BrokerHalt] { diskFaults.halts }

    /// Why the broker's process halted (a failed log directory), `nil` when it did not.
    public func haltReason(of broker: BrokerID) -> String? { server(broker)?.haltReason }

    /// Ends a slow disk's wait early, so that an operator command reaches the process now.
    mutating func endDiskWait(_ broker: BrokerID) {
        guard hasSlowDisk(broker), case .paused? = world.status(of: .broker(broker)) else { return }
        world.resume(.broker(broker))
    }

    private mutating func watch(_ broker: BrokerID) {
        guard !diskFaults.watched.contains(broker) else { return }
        diskFaults.watched.append(broker)
        diskFaults.watched.sort()
    }

    /// After an event that touched a watched broker: ends a halted process, and charges a slow
    /// disk's latency as time the broker is busy.
    mutating func watchDisks(after event: WorldEvent<ClusterMessage>) {
        let touched: NodeID
        switch event.kind {
        case .delivered(let envelope, _), .commanded(let envelope): touched = envelope.to
        case .ticked(let node), .restarted(let node), .resumed(let node): touched = node
        default: return
        }
        guard touched.role == .broker, let broker = touched.brokerID, diskFaults.watched.contains(broker),
            isUp(broker)
        else { return }
        if let reason = haltReason(of: broker) {
            halt(broker, reason: reason)
            return
        }
        guard let storage = simulatedStorage[broker] else { return }
        let latency = storage.takeAccumulatedLatency()
        if latency > .zero { world.pause(.broker(broker), for: latency) }
    }

    /// The process exits (Kafka's `Exit.halt`): like a kill, its sockets reset, what it wrote
    /// stays on the disk.
    private mutating func halt(_ broker: BrokerID, reason: String) {
        narrator.append(
            ClusterEvent(
                instant: now, kind: .fault, brokers: [broker],
                text: "\(broker) halted: \(reason); it stays down until restarted"))
        if diskFaults.halts.count < DiskFaults.haltLimit {
            diskFaults.halts.append(BrokerHalt(broker: broker, at: now, reason: reason))
        }
        stopping.removeAll { $0 == broker }
        world.crash(.broker(broker))
        simulatedStorage[broker]?.crash(.processKill)
        resetClientConnections(to: broker)
    }
}
