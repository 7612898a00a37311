import ClusterModel
import KafkaClients
import KafkaCluster
import KafkaCore
import Scenarios

/// A scenario running on a simulated cluster: the cluster it declares, its producers and
/// consumer groups, its timeline of faults and actions, and the checkers and metrics its
/// scorecard needs. Deterministic for a seed: every draw comes from the run's seeded streams,
/// and every collection that decides something is iterated in a fixed order.
///
/// The run's time zero is when the cluster is ready: a controller is active, every broker runs
/// and every declared topic has a leader for each partition. `at 30s` means 30 s after that.
/// `advance(by:)` moves it forward in slices (the console does this every frame);
/// `runToEnd()` runs it headless as fast as it can.
public struct ScenarioRun {
    public let scenario: Scenario
    public let seed: UInt64
    public internal(set) var cluster: SimulatedCluster
    /// When the run's clock started (the cluster was ready), in the world's time.
    public internal(set) var origin: Instant?
    /// Narration and step results, in order, for the console and the report.
    public internal(set) var log: [ScenarioLogLine] = []
    /// Set when the setup could not complete (the cluster never became ready, a topic could
    /// not be created): the run stops there and the report says why.
    public internal(set) var setupFailure: String?

    var random: SeededGenerator
    var producers: [ProducerState] = []
    var groups: [GroupState] = []
    var nextStep = 0
    /// Undo actions scheduled by `for D` and `bounce`, sorted by time (ties in scheduling order).
    var pending: [PendingAction] = []
    var pendingSequence = 0
    var metrics = ScenarioMetrics()
    var consumerChecks = ConsumerChecks()
    var nextSample: Instant = .zero
    var nextClientNumber: Int32 = 2
    /// Link configs changed by link faults, with what to restore.
    var changedLinks: [Link: LinkConfig?] = [:]
    var defaultLinkBeforeFault: LinkConfig?
    /// Per isolated node: when the latest of its overlapping `isolate … for D` steps ends, so an
    /// earlier step's heal does not lift a later one that still holds. Lookups only.
    var isolationEnds: [NodeID: Instant] = [:]
    /// Nodes isolated by a step without `for D`: only `heal` (or an operator) reconnects them.
    var isolatedUntilHeal: Set<NodeID> = []
    /// The last fault step that began, for attributing checker findings.
    var lastFault: (line: Int, text: String, at: Duration)?
    /// The broker each broker step acted on, by scenario line (for its `for D` restart).
    var resolvedBrokers: [Int: BrokerID] = [:]
    var nextLagSample: Instant = .zero
    /// Per group name and partition: the committed offset last seen, kept while the group's
    /// coordinator is moving or loading (no broker answers for the group then).
    var lastCommitted: [String: [TopicPartition: Offset]] = [:]
    /// Each change of the active controller seen at a sample (nil: none active, an election).
    var controllerChanges: [ControllerChange] = []
    /// Each partition's leader per the controller at the last sample, and every move seen.
    var lastLeader: [TopicPartition: BrokerID] = [:]
    var leaderMoves: [LeaderMove] = []
    /// Per group: the generation it was last seen Stable in, and rebalances completed since.
    var stableGeneration: [Int: Int32] = [:]
    var rebalances: [Int] = []
    /// How many of the cluster's broker halts the log already has.
    var notedHalts = 0
    var finished = false
    /// The boundary whose clients and records are already scheduled (the run stopped before it).
    var preparedBoundary: Instant?
    /// Operator commands waiting for the next boundary (`perform(_:healsAfter:)`).
    var operatorQueue: [(action: Action, healsAfter: Duration?)] = []
    /// The operator's commands performed so far (`perform(_:healsAfter:)`), at the virtual
    /// time each took effect: with the scenario's own steps, the recording of the session.
    public internal(set) var operatorSteps: [TimelineStep] = []
    /// `create-topic` calls waiting for their answer (`advanceTopicCreations()`).
    var topicCreations: [TopicCreation] = []
    /// The topics `create-topic` steps created so far, in the order they were created.
    public internal(set) var createdTopics: [TopicSpec] = []
    /// Created topics whose availability is not measured yet (`measureCreatedTopics()`).
    var unmeasuredTopics: [TopicSpec] = []
    /// Whether a `say … wait` stops the run until `resume()` (the console sets this; headless
    /// runs never wait).
    public var pausesAtWait = false
    /// Set when a `say … wait` ran with `pausesAtWait`: `advance(by:)` does nothing until
    /// `resume()`, and the steps due at the same instant run after it.
    public internal(set) var isWaitingForKey = false
    /// How often the cluster's invariants are checked (the checkers' findings).
    public var invariantChecks = InvariantChecks.sampled
    /// Whether the checkers also run while the run goes, every second of virtual time
    /// (`liveCheckSummary`; the console turns this on). Set it before the run starts.
    public var checksLive = false
    /// The live checkers, once the run started with `checksLive`.
    var liveChecks: LiveChecks?
    /// What the live checkers found so far (nil: the run does not check live).
    public var liveCheckSummary: CheckSummary? { liveChecks?.summary }

    /// When a run checks the cluster's invariants (`ClusterChecker`).
    public enum InvariantChecks: Hashable, Sendable {
        /// After every event: the most thorough, about five times slower.
        case everyEvent
        /// Every `sampleInterval` of virtual time and after every step (the default).
        case sampled
        case off
    }

    /// How often metrics are sampled, in virtual time.
    public static let sampleInterval: Duration = .milliseconds(250)
    /// The longest the setup may take before the run gives up.
    public static let setupTimeout: Duration = .seconds(120)

    /// A run of `scenario` with `seed` (the scenario's own seed, or 1, when nil).
    ///
    /// `realClients`: real Kafka clients will connect (`serve --scenario`, the console's
    /// listeners). They stamp records with the wall clock while virtual time starts in 1970, so
    /// the brokers accept any future timestamp (`message.timestamp.after.max.ms` unlimited, as
    /// before Kafka 4) unless the scenario sets it.
    public init(
        _ scenario: Scenario, seed: UInt64? = nil, storage: ClusterOptions.Storage = .simulated,
        realClients: Bool = false
    ) {
        self.init(scenario, seed: seed, storage: storage, realClients: realClients) { _ in }
    }

    /// A run whose cluster options `configure` adjusts after the scenario's (the seed sweep's
    /// tests plant bugs this way).
    init(
        _ scenario: Scenario, seed: UInt64?, storage: ClusterOptions.Storage, realClients: Bool = false,
        configure: (inout ClusterOptions) -> Void
    ) {
        self.scenario = scenario
        let seed = seed ?? scenario.seed ?? 1
        self.seed = seed
        var options = ClusterOptions(
            brokers: scenario.cluster.brokers, controllers: scenario.cluster.controllers, seed: seed, storage: storage)
        if realClients { options.server.log.messageTimestampAfterMaxMilliseconds = Int64.max }
        var configErrors: [String] = []
        for setting in scenario.cluster.configs {
            if let problem = options.server.set(setting.name, to: setting.value) {
                configErrors.append("line \(setting.line): \(problem)")
            }
        }
        configure(&options)
        cluster = SimulatedCluster(options)
        random = SeededGenerator(seed: seed).stream("scenario")
        for step in scenario.timeline where !cluster.supportsDiskFaults {
            switch step.action {
            case .slowDisk, .diskFull, .ioErrors:
                configErrors.append(
                    "line \(step.line): \(step.action.keyword) needs the simulated storage (disk faults cannot be "
                        + "injected into files on a real disk); run it without file-backed logs")
            default: break
            }
        }
        if !configErrors.isEmpty { setupFailure = configErrors.joined(separator: "; ") }
    }

    /// Virtual time since the run's clock started (zero during setup).
    public var elapsed: Duration { origin.map { cluster.now - $0 } ?? .zero }

    /// Whether the run reached its duration (or failed to set up).
    public var isFinished: Bool { setupFailure != nil || (origin != nil && elapsed >= scenario.duration) }

    /// Runs the whole scenario as fast as it can.
    public mutating func runToEnd() {
        if origin == nil { setUp() }
        while !isFinished { advance(by: .seconds(1)) }
    }

    /// Sets up the cluster: waits until it runs, creates the topics, starts the clients.
    public mutating func setUp() {
        guard origin == nil, setupFailure == nil else { return }
        guard cluster.awaitRunning(timeout: Self.setupTimeout) else {
            setupFailure = "the cluster did not elect a controller and start its brokers within \(Self.setupTimeout)"
            return
        }
        for topic in scenario.topics {
            let created = cluster.createTopic(
                topic.name, partitions: topic.partitions, replicationFactor: topic.replicationFactor,
                configs: topic.kafkaConfigs.map { ConfigEntry($0.name, $0.value) }, timeout: Self.setupTimeout)
            guard created.error == .none else {
                setupFailure =
                    "line \(topic.line): topic \(topic.name) could not be created: \(created.error)"
                    + (created.message.map { " (\($0))" } ?? "")
                return
            }
        }
        origin = cluster.now
        nextSample = cluster.now
        metrics.start(partitions: allPartitions, groups: scenario.groups.map(\.name), at: cluster.now)
        for spec in scenario.producers { producers.append(ProducerState(spec: spec)) }
        if checksLive {
            liveChecks = LiveChecks(producerNames: scenario.producers.map(\.name), at: cluster.now)
            for index in producers.indices { producers[index].newlyAcknowledged = [] }
        }
        for spec in scenario.groups { groups.append(GroupState(spec: spec)) }
        rebalances = groups.map { _ in 0 }
    }

    /// Every partition of every declared topic, in declaration order, then of every topic a
    /// `create-topic` step created, in the order they were created.
    var allPartitions: [TopicPartition] {
        (scenario.topics + createdTopics).flatMap(\.topicPartitions)
    }

    /// Moves the run forward by `duration` of virtual time (less at the end of the scenario).
    ///
    /// The run does its own work (start clients, schedule records, run steps, undos and the
    /// operator's commands, sample) only at its own boundaries: every `sampleInterval` from the
    /// origin, each step and undo, and the end. Where a caller's `advance` stops is not one of
    /// them, so however the time is sliced (a console's frames at any speed, a headless run's
    /// seconds) the run is the same: same events, same trace digest.
    public mutating func advance(by duration: Duration) {
        if origin == nil { setUp() }
        guard let origin, !isFinished else { return }
        guard !isWaitingForKey else { return }
        let end = min(cluster.now + duration, origin + scenario.duration)
        while true {
            let boundary = nextBoundary(origin: origin)
            if preparedBoundary != boundary {
                startClients(until: boundary)
                scheduleRecords(until: boundary)
                preparedBoundary = boundary
            }
            let target = min(boundary, end)
            if target > cluster.now { cluster.run(until: target, checking: invariantChecks == .everyEvent) }
            // Stopped between boundaries: the next call goes on from here.
            guard cluster.now >= boundary else { break }
            preparedBoundary = nil
            noteHalts()
            drainClients()
            advanceTopicCreations()
            performDue()
            if !isWaitingForKey { performOperatorCommands() }
            if cluster.now >= nextSample {
                if invariantChecks == .sampled { cluster.checker.observeAll(in: cluster) }
                sample()
                checkLive()
                nextSample = cluster.now + Self.sampleInterval
            }
            if isWaitingForKey { return }
            if cluster.now >= end && !hasStepDueNow { break }
        }
        if isFinished { finish() }
    }

    /// Notes the brokers that halted on a failed log directory since the last call.
    private mutating func noteHalts() {
        let halts = cluster.halts
        guard halts.count > notedHalts, let origin else { return }
        for halt in halts[notedHalts...] {
            log.append(
                ScenarioLogLine(
                    at: halt.at - origin, line: lastFault?.line ?? 0, kind: .action,
                    text: "\(halt.broker) halted: \(halt.reason); it stays down until restarted"))
        }
        notedHalts = halts.count
    }

    /// The next instant the run does its own work: a sample, a step, an undo, or the end.
    func nextBoundary(origin: Instant) -> Instant {
        var boundary = min(nextSample, origin + scenario.duration)
        if nextStep < scenario.timeline.count { boundary = min(boundary, origin + scenario.timeline[nextStep].at) }
        if let first = pending.first { boundary = min(boundary, first.at) }
        return boundary
    }

    /// Lets a run paused by a `say … wait` go on.
    public mutating func resume() {
        isWaitingForKey = false
    }

    /// Whether a timeline step is due at the current instant but has not run (after `resume()`).
    private var hasStepDueNow: Bool {
        guard let origin, nextStep < scenario.timeline.count else { return false }
        return origin + scenario.timeline[nextStep].at <= cluster.now
    }

    /// Runs the steps and undos that are due now, in time order.
    private mutating func performDue() {
        guard let origin else { return }
        while true {
            let stepAt = nextStep < scenario.timeline.count ? origin + scenario.timeline[nextStep].at : nil
            let pendingAt = pending.first?.at
            // At the same instant an undo runs before a step: it was scheduled earlier, and an
            // operator's command (`perform(_:healsAfter:)`) runs after everything due at its
            // boundary, so its recorded step must replay after the undos too.
            if let stepAt, stepAt <= cluster.now, pendingAt.map({ stepAt < $0 }) ?? true {
                let step = scenario.timeline[nextStep]
                nextStep += 1
                perform(step)
                if pausesAtWait, case .say(text: _, waitForKey: true) = step.action {
                    isWaitingForKey = true
                    return
                }
            } else if let pendingAt, pendingAt <= cluster.now {
                let action = pending.removeFirst()
                undo(action)
            } else {
                return
            }
        }
    }

    /// Appends a line to the run's log.
    mutating func note(_ text: String, line: Int, kind: ScenarioLogLine.Kind) {
        log.append(ScenarioLogLine(at: elapsed, line: line, kind: kind, text: text))
    }

    /// Schedules `undo` at `at`, after everything already scheduled for that instant.
    mutating func schedule(_ undo: PendingAction.Undo, at: Instant, line: Int) {
        pendingSequence += 1
        let action = PendingAction(at: at, sequence: pendingSequence, line: line, undo: undo)
        let index = pending.firstIndex { ($0.at, $0.sequence) > (action.at, action.sequence) } ?? pending.count
        pending.insert(action, at: index)
    }
}

/// One line of a run's log: narration, a step that ran (with what it resolved to), or an undo.
public struct ScenarioLogLine: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// `say`: shown to the user; `waitForKey` asks the console to pause.
        case narration(waitForKey: Bool)
        /// A fault or action began.
        case action
        /// A fault healed itself (`for D`) or a bounce restarted its broker.
        case heal
        /// A step could not run (its target did not exist when it fired).
        case skipped
    }

    public var at: Duration
    /// The scenario line of the step (0 for the run's own lines).
    public var line: Int
    public var kind: Kind
    public var text: String
}

/// Something the run undoes later: the end of a `for D`, or a bounce's restart and next kill.
struct PendingAction {
    enum Undo {
        case restartBroker(BrokerID)
        case freeDisk(BrokerID)
        case repairDisk(BrokerID)
        case restoreDiskSpeed(BrokerID)
        case startAfterStop(BrokerID)
        case rejoin(NodeID)
        case healLinks([(NodeID, NodeID)])
        case restoreLinks([Link])
        case restoreDefaultLink
        case restartConsumer(group: String, member: Int)
        case rejoinConsumer(group: String, member: Int)
        case restartProducer(String)
        case setRate(producer: String, recordsPerSecond: Double)
        case setProcessingRate(group: String, recordsPerSecondPerMember: Double?)
        case setAcks(producer: String, Acks)
        case bounceKill(BrokerID, remaining: Int, every: Duration)
        case bounceRestart(BrokerID, remaining: Int, every: Duration)
    }

    var at: Instant
    var sequence: Int
    var line: Int
    var undo: Undo
}
