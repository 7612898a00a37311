import KafkaCore
import Simulation

/// `flightdeck drill`: runs a `ChaosDrill` and prints what happened and what the checks found.
enum DrillRunner {
    static func run(_ options: DrillOptions) -> Int32 {
        var system = SystemRandomNumberGenerator()
        let seed = options.seed ?? system.next()
        Flightdeck.writeOutput("seed: \(seed)\n")
        var drill = ChaosDrill(seed: seed)
        drill.brokers = options.brokers
        drill.chaos = .seconds(Int64(options.chaosSeconds))
        drill.recovery = .seconds(Int64(options.recoverySeconds))
        Flightdeck.writeOutput(
            "chaos drill: \(drill.brokers) brokers, topic chaos (\(drill.partitions) partitions, replication factor 3, "
                + "min.insync.replicas=2), \(options.chaosSeconds)s of faults, \(options.recoverySeconds)s to recover\n"
        )
        let report = drill.run()
        var lines = ["faults:"]
        lines += report.faults.map { "  " + $0 }
        lines.append(
            "acknowledged writes: \(report.acknowledged), failed or timed-out produce requests: \(report.failedProduces)"
        )
        lines.append("lost acknowledged writes: \(report.lost.count)")
        lines += report.lost.prefix(20).map { "  " + $0.description }
        lines.append("invariant findings: \(report.findings.count)")
        lines += report.findings.prefix(20).map { "  " + $0 }
        lines.append("replicas disagreeing below the high watermark: \(report.divergent.count)")
        lines += report.divergent.prefix(20).map { "  " + $0 }
        lines.append("partitions not recovered: \(report.unhealthy.count)")
        lines += report.unhealthy.map { "  " + $0 }
        lines.append("events: \(report.events)")
        lines.append("digest: \(report.digest)")
        lines.append("result: \(report.passed ? "passed" : "FAILED")")
        Flightdeck.writeOutput(lines.joined(separator: "\n") + "\n")
        return report.passed ? ExitCode.success : ExitCode.failure
    }
}
