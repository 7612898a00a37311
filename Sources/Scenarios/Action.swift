import KafkaCore

/// What a timeline step does: narration, a fault, or an operator action.
///
/// Broker faults name a `BrokerTarget`, resolved when the step fires. Network faults name
/// `NetworkNode`s (brokers or clients). Client actions name producers and groups declared in
/// the scenario (the parser checks that they exist).
public enum Action: Sendable, Hashable {
    // Narration.
    /// `say "…" [wait]`: show the text (console banner, run report); with `wait` the console
    /// pauses virtual time until the user presses a key (headless runs do not wait).
    case say(text: String, waitForKey: Bool)

    // Broker processes.
    /// `kill TARGET`: kill -9, no controlled shutdown; the process's memory is lost, its files
    /// stay. With `for D` it restarts after D.
    case kill(BrokerTarget)
    /// `stop TARGET`: graceful shutdown (leadership moves away first). With `for D` it restarts.
    case stop(BrokerTarget)
    /// `restart TARGET`: start a stopped or killed broker again (recovering from its files); a
    /// running broker is stopped gracefully first and started again at once.
    case restart(BrokerTarget)
    /// `power-loss TARGET`: like `kill`, and what was not flushed to disk is lost too.
    case powerLoss(BrokerTarget)
    /// `pause TARGET for D`: SIGSTOP for D (a long GC pause): no ticks, no answers, messages
    /// held until it resumes.
    case pause(BrokerTarget)
    /// `bounce TARGET N times every D`: kill and restart N times; each restart comes D/2 after
    /// its kill, the next kill D after the previous one.
    case bounce(BrokerTarget, times: Int, every: Duration)

    // Network.
    /// `isolate NODE`: cut one node off from every other node, clients included.
    case isolate(NetworkNode)
    /// `partition {A…} {B…} [{C…}…] [one-way]`: cut every link between nodes of different groups;
    /// with `one-way` (exactly two groups) only messages from the first group to the second.
    case partition(groups: [[NetworkNode]], oneWay: Bool)
    /// `heal`: lift every network partition and isolation, restore every link and disk to normal.
    /// Brokers and clients that are down stay down (`restart` them).
    case heal
    /// `latency D [jitter D] [on NODE | between {…} {…}]`: extra one-way delay on the links.
    case latency(Duration, jitter: Duration, scope: LinkScope)
    /// `packet-loss P% [on … | between …]`: each message on the links is lost with this
    /// probability (0...1).
    case packetLoss(rate: Double, scope: LinkScope)
    /// `bandwidth SIZE/s [on … | between …]`: cap each link at this many bytes per second.
    case bandwidth(bytesPerSecond: Int, scope: LinkScope)

    // Disks.
    /// `slow-disk TARGET D`: every write and flush on the broker's disk takes D longer.
    case slowDisk(BrokerTarget, delay: Duration)
    /// `disk-full TARGET`: writes fail with "no space left on device".
    case diskFull(BrokerTarget)
    /// `io-errors TARGET`: reads and writes fail with I/O errors (Kafka takes the log dir offline).
    case ioErrors(BrokerTarget)

    // Clients.
    /// `crash-consumer GROUP [member N]`: the member's process dies without leaving the group
    /// (the coordinator notices after the session timeout). Without `member`, the highest
    /// numbered live member. With `for D` a new process for it starts after D.
    case crashConsumer(group: String, member: Int?)
    /// `close-consumer GROUP [member N]`: the member leaves the group cleanly (LeaveGroup).
    case closeConsumer(group: String, member: Int?)
    /// `add-consumer GROUP [count N]`: start N more members (default 1).
    case addConsumer(group: String, count: Int)
    /// `crash-producer NAME`: the producer's process dies; unsent and unacknowledged records are
    /// lost to it (never acknowledged, so not counted as lost). With `for D` it restarts.
    case crashProducer(String)
    /// `restart-producer NAME`: start a crashed producer again (a new producer id).
    case restartProducer(String)
    /// `set-rate PRODUCER N/s`: change the producer's base rate (the shape still applies).
    case setRate(producer: String, recordsPerSecond: Double)
    /// `set-rate GROUP N/s|unlimited`: change what each member processes per second.
    case setProcessingRate(group: String, recordsPerSecondPerMember: Double?)
    /// `set-acks PRODUCER all|1|0`: reconfigure the producer (a restart of its client, as in Kafka).
    case setAcks(producer: String, Acks)
    /// `elect-preferred [TOPIC]`: preferred leader election for the topic's partitions, or all.
    case electPreferred(topic: String?)

    // Topics.
    /// `create-topic NAME [partitions N] [rf N] [min.insync N] [cleanup P] [retention D] …`:
    /// CreateTopics through a running broker to the controller, as an admin client sends it.
    /// The spec's partitions and replication factor are resolved when the line is read (the
    /// broker defaults `num.partitions` and `default.replication.factor` where not written);
    /// its `line` is the step's.
    case createTopic(TopicSpec)

    /// The keyword that starts the action in a scenario file.
    public var keyword: String {
        switch self {
        case .say: "say"
        case .kill: "kill"
        case .stop: "stop"
        case .restart: "restart"
        case .powerLoss: "power-loss"
        case .pause: "pause"
        case .bounce: "bounce"
        case .isolate: "isolate"
        case .partition: "partition"
        case .heal: "heal"
        case .latency: "latency"
        case .packetLoss: "packet-loss"
        case .bandwidth: "bandwidth"
        case .slowDisk: "slow-disk"
        case .diskFull: "disk-full"
        case .ioErrors: "io-errors"
        case .crashConsumer: "crash-consumer"
        case .closeConsumer: "close-consumer"
        case .addConsumer: "add-consumer"
        case .crashProducer: "crash-producer"
        case .restartProducer: "restart-producer"
        case .setRate, .setProcessingRate: "set-rate"
        case .setAcks: "set-acks"
        case .electPreferred: "elect-preferred"
        case .createTopic: "create-topic"
        }
    }

    /// Whether the step is narration only (`say`).
    public var isNarration: Bool {
        if case .say = self { return true }
        return false
    }

    /// Whether the step changes the cluster's topics (`create-topic`): not a fault.
    public var isTopicChange: Bool {
        if case .createTopic = self { return true }
        return false
    }

    /// Whether `for D` is allowed: the action is a fault or change that can undo itself.
    public var canHeal: Bool {
        switch self {
        case .kill, .stop, .powerLoss, .pause, .isolate, .partition, .latency, .packetLoss, .bandwidth, .slowDisk,
            .diskFull, .ioErrors, .crashConsumer, .closeConsumer, .crashProducer, .setRate, .setProcessingRate,
            .setAcks:
            true
        case .say, .restart, .bounce, .heal, .addConsumer, .restartProducer, .electPreferred, .createTopic:
            false
        }
    }

    /// Whether `for D` is required (`pause`: the pause has a length).
    public var requiresHealing: Bool {
        if case .pause = self { return true }
        return false
    }
}
