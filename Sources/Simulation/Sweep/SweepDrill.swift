import KafkaCore

/// The random drill of one seed of a seed sweep, written as a scenario file so that
/// `flightdeck run` replays it exactly: a random cluster and workload, a fault phase of random
/// faults (each healing itself), then everything healed and a convergence phase that must end
/// with every partition led and fully replicated, no acknowledged record lost (unless the drill
/// has a power loss: see below) and no duplicate.
///
/// ```
///  0s        10s                       30s  50s  51s                      100s
///  │ steady  │ faults begin (each 3–20 s)  │ …all │heal + restart halted     │
///  │         │                             │ ended│ converge: ISR = replicas │
/// ```
///
/// The same seed always writes the same text (every draw comes from the seed's own stream).
public enum SweepDrill {
    /// When the first fault may begin, and the last one.
    public static let faultsBegin: Duration = .seconds(10)
    public static let lastFaultStart: Duration = .seconds(30)
    /// The longest a fault lasts (long enough for the controller to fence a broker, 9 s, and
    /// move its leadership).
    public static let longestFault: Duration = .seconds(20)
    /// When every fault has healed: the `heal` step, and restarts of brokers a disk fault halted.
    public static let healAt: Duration = .seconds(51)
    /// How long after the heal every partition must be fully replicated again.
    public static let convergence: Duration = .seconds(49)
    /// The most faults one drill draws.
    public static let maxFaults = 5

    /// The scenario text of `seed`.
    public static func text(seed: UInt64) -> String {
        var draw = Draw(random: SeededGenerator(seed: seed).stream("sweep"))
        let brokers = draw.int(3...5)
        var lines = [
            "scenario sweep-\(seed)",
            "title \"Seed sweep drill \(seed): random faults, then heal and converge\"",
            "description \"Written by flightdeck sweep; replay with: flightdeck run THIS_FILE --seed \(seed)\"",
            "duration \(seconds(healAt + convergence))",
            "seed \(seed)",
            "",
            "brokers \(brokers)",
        ]
        var partitions: [String] = []
        let topics = draw.int(1...2)
        for index in 1...topics {
            let count = draw.int(1...4)
            lines.append("topic t\(index) partitions \(count) rf 3 min.insync 2")
            partitions += (0..<count).map { "t\(index)-\($0)" }
        }
        var producers: [String] = []
        for index in 1...draw.int(1...2) {
            let name = "p\(index)"
            producers.append(name)
            lines.append(
                "producer \(name) topic t\(draw.int(1...topics)) rate \(draw.int(2...15) * 10)/s keys uniform 100 acks all"
            )
        }
        var groups: [String] = []
        if draw.chance(0.7) {
            groups.append("g1")
            lines.append("group g1 topic t1 members \(draw.int(1...3))")
        }
        lines.append("")
        var halting: [Int] = []
        var powerLossUsed = false
        let faults = draw.int(1...maxFaults)
        var starts = (0..<faults).map { _ in draw.int(whole(faultsBegin)...whole(lastFaultStart)) }
        starts.sort()
        for start in starts {
            let length = draw.int(3...whole(longestFault))
            let broker = draw.int(1...brokers)
            let other = (broker % brokers) + 1
            let rest = (1...brokers).filter { $0 != broker }.map(String.init).joined(separator: " ")
            let fault: String
            switch draw.int(0...14) {
            case 0: fault = "kill broker \(broker)"
            case 1: fault = "kill leader of \(partitions[draw.int(0...partitions.count - 1)])"
            case 2: fault = "stop broker \(broker)"
            case 3:
                // One power loss per drill at most. Kafka does not fsync: a broker that lost
                // power comes back with less than it acknowledged, and if the other ISR members
                // die before it catches up it may be elected and lose acknowledged records
                // (sweep seed 13 found exactly that; KIP-966 is about it). So a drill with a
                // power loss does not expect no-loss.
                fault = powerLossUsed ? "kill broker \(broker)" : "power-loss broker \(broker)"
                powerLossUsed = true
            case 4: fault = "pause broker \(broker)"  // `for` is the pause's length
            case 5: fault = "isolate broker \(broker)"
            case 6: fault = "partition {\(broker)} {\(rest)}"
            case 7: fault = "partition {\(broker)} {\(other)} one-way"
            case 8: fault = "latency \(draw.int(1...10) * 20)ms jitter 20ms on broker \(broker)"
            case 9: fault = "packet-loss \(draw.int(1...10))% on broker \(broker)"
            case 10: fault = "bandwidth \(draw.int(1...8) * 128)KiB/s on broker \(broker)"
            case 11: fault = "slow-disk broker \(broker) \(draw.int(1...10))ms"
            case 12:
                fault = "\(draw.chance(0.5) ? "disk-full" : "io-errors") broker \(broker)"
                if !halting.contains(broker) { halting.append(broker) }
            case 13 where !groups.isEmpty: fault = "crash-consumer g1"
            default: fault = "crash-producer \(producers[draw.int(0...producers.count - 1)])"
            }
            lines.append("at \(start)s \(fault) for \(length)s")
        }
        lines.append("at \(seconds(healAt)) heal")
        for broker in halting.sorted() { lines.append("at \(seconds(healAt)) restart broker \(broker)") }
        lines.append("")
        if !powerLossUsed { lines.append("expect no-loss") }
        lines += ["expect no-duplicates", "expect replicated all within \(seconds(convergence))"]
        return lines.joined(separator: "\n") + "\n"
    }

    private static func whole(_ duration: Duration) -> Int { Int(duration.microseconds / 1_000_000) }

    private static func seconds(_ duration: Duration) -> String { "\(whole(duration))s" }

    /// Draws from the seed's stream.
    private struct Draw {
        var random: SeededGenerator

        mutating func int(_ range: ClosedRange<Int>) -> Int {
            range.lowerBound + Int(random.next(below: UInt64(range.count)))
        }

        mutating func chance(_ probability: Double) -> Bool { random.chance(probability) }
    }
}
