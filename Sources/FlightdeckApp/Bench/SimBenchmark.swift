import Foundation
import Scenarios
import Simulation

/// `flightdeck bench sim`: how much faster than real time the simulation runs the default
/// order-processing cluster at 10,000 records/s, headless, on simulated storage and on real files,
/// and how many simulated events it processes per wall second.
enum SimBenchmark {
    /// The default cluster's shape at 10,000 orders a second: 3 brokers, `orders` (6 partitions,
    /// RF 3, min ISR 2) and the compacted `order-events`, an acks=all idempotent order service, and
    /// the inventory (3 members) and analytics (2 members) groups.
    static func scenario(seconds: Int) throws(ScenarioErrors) -> Scenario {
        try ScenarioParser.parse(
            """
            scenario bench-sim
            title "The default order-processing cluster at 10,000 records/s"
            duration \(seconds)s
            brokers 3
            topic orders partitions 6 rf 3 min.insync 2
            topic order-events partitions 3 rf 3 cleanup compact
            producer order-service topic orders rate 10000/s keys uniform 1000 value 100B acks all
            group inventory topic orders members 3
            group analytics topic orders members 2
            """, file: "bench-sim")
    }

    static func run(_ options: BenchOptions) throws -> [BenchFigure] {
        let seconds = 60
        let scenario = try scenario(seconds: seconds)
        var figures: [BenchFigure] = []
        let simulated = measure(scenario, storage: .simulated)
        figures.append(BenchFigure(name: "sim.speedup.simulated_storage", value: simulated.speedup, unit: "x"))
        figures.append(
            BenchFigure(name: "sim.cpu_speedup.simulated_storage", value: simulated.cpuSpeedup, unit: "x"))
        figures.append(
            BenchFigure(name: "sim.events.simulated_storage", value: simulated.eventsPerSecond, unit: "events/s"))
        figures.append(
            BenchFigure(name: "sim.records.simulated_storage", value: simulated.recordsPerSecond, unit: "records/s"))
        let root = options.directory ?? NSTemporaryDirectory() + "flightdeck-bench-sim-\(getpid())"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { if options.directory == nil { try? FileManager.default.removeItem(atPath: root) } }
        let files = measure(scenario, storage: .files(root: root))
        figures.append(BenchFigure(name: "sim.speedup.file_storage", value: files.speedup, unit: "x"))
        figures.append(BenchFigure(name: "sim.cpu_speedup.file_storage", value: files.cpuSpeedup, unit: "x"))
        figures.append(BenchFigure(name: "sim.events.file_storage", value: files.eventsPerSecond, unit: "events/s"))
        figures.append(BenchFigure(name: "sim.records.file_storage", value: files.recordsPerSecond, unit: "records/s"))
        return figures
    }

    /// Virtual seconds per wall second over the run (setup excluded), the same per second of the
    /// thread's CPU time (what a busy machine does not distort), events and acknowledged records
    /// per wall second. Invariant checks off: the figure is the cluster's own pace (drills and the
    /// console sample them every 250 ms of virtual time, a few per cent more).
    private static func measure(
        _ scenario: Scenario, storage: ClusterOptions.Storage
    ) -> (speedup: Double, cpuSpeedup: Double, eventsPerSecond: Double, recordsPerSecond: Double) {
        var run = ScenarioRun(scenario, seed: 1, storage: storage)
        run.invariantChecks = .off
        run.setUp()
        let eventsBefore = run.cluster.world.statistics.eventsProcessed
        let start = DispatchTime.now().uptimeNanoseconds
        let cpuStart = threadCPUSeconds()
        run.runToEnd()
        let cpu = threadCPUSeconds() - cpuStart
        let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let events = Double(run.cluster.world.statistics.eventsProcessed - eventsBefore)
        let report = run.report()
        let acknowledged = Double(report.producers.reduce(0) { $0 + $1.acknowledged })
        let virtual = Double(report.duration.microseconds) / 1e6
        return (virtual / wall, virtual / max(cpu, 1e-9), events / wall, acknowledged / wall)
    }

    /// The calling thread's CPU time so far, in seconds.
    private static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
