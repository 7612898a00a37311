import KafkaCore
import Testing

@testable import Simulation

/// The per-second series of a long run (the console's cluster lasts a year) stay bounded.
@Suite struct ScenarioMetricsWindowTests {
    @Test("with a window, the per-second series keep one to two windows of the latest seconds")
    func windowBoundsTheSeries() {
        var metrics = ScenarioMetrics()
        metrics.windowSeconds = 10
        let partition = TopicPartition("orders", 0)
        metrics.start(partitions: [partition], groups: ["billing"], at: .zero)
        for second in 0..<100 {
            let instant = Instant.zero + .seconds(Int64(second))
            metrics.acknowledged(producer: 0, count: second, at: instant)
            metrics.consumed(group: 0, count: 1, at: instant)
            metrics.sample(at: instant, led: [partition: true], fullyReplicated: [partition: true], isrShrunk: [])
            metrics.sampleLag([Int64(second)], at: instant)
        }
        #expect(metrics.acknowledgedPerSecond.count <= 20)
        #expect(metrics.acknowledgedPerSecond.count >= 10)
        #expect(metrics.consumedPerSecond[0].count == metrics.acknowledgedPerSecond.count)
        #expect(metrics.lagPerSecond[0].count == metrics.acknowledgedPerSecond.count)
        #expect(metrics.offlinePerSecond.count == metrics.acknowledgedPerSecond.count)
        // The latest seconds are the ones kept, each where it belongs.
        #expect(metrics.acknowledgedPerSecond.last == 99)
        #expect(metrics.lagPerSecond[0].last == 99)
        #expect(metrics.droppedSeconds + metrics.acknowledgedPerSecond.count == 100)
        // A late acknowledgement for a dropped second is ignored, not misplaced.
        metrics.acknowledged(producer: 0, count: 1_000, at: .zero)
        #expect(!metrics.acknowledgedPerSecond.contains(1_000))
    }

    @Test("without a window, the series keep every second")
    func noWindowKeepsEverySecond() {
        var metrics = ScenarioMetrics()
        metrics.start(partitions: [], groups: [], at: .zero)
        for second in 0..<100 { metrics.acknowledged(producer: 0, count: 1, at: .zero + .seconds(Int64(second))) }
        #expect(metrics.acknowledgedPerSecond.count == 100)
        #expect(metrics.droppedSeconds == 0)
    }
}
