import ClusterModel
import KafkaCore
import Testing

/// Burrow's lag rules, one window each.
@Suite struct LagEvaluatorTests {
    func window(_ entries: [(offset: Int64, second: Int64, lag: Int64)]) -> [CommitSample] {
        entries.map {
            CommitSample(offset: Offset($0.offset), at: Instant(microseconds: $0.second * 1_000_000), lag: $0.lag)
        }
    }

    let now = Instant(microseconds: 100_000_000)

    @Test("no lag now, or a window that touched zero lag, is OK")
    func ok() {
        #expect(LagEvaluator.status(window: window([(10, 90, 5), (20, 95, 5)]), currentLag: 0, now: now) == .ok)
        #expect(LagEvaluator.status(window: window([(10, 90, 0), (20, 95, 5)]), currentLag: 5, now: now) == .ok)
        #expect(LagEvaluator.status(window: window([(10, 90, 9), (20, 95, 5)]), currentLag: 5, now: now) == .ok)
    }

    @Test("a committed offset going down is REWIND, before anything else")
    func rewind() {
        #expect(LagEvaluator.status(window: window([(20, 90, 5), (10, 95, 9)]), currentLag: 9, now: now) == .rewind)
    }

    @Test("no commit for longer than the window spans is STOP")
    func stop() {
        #expect(LagEvaluator.status(window: window([(10, 60, 5), (20, 70, 8)]), currentLag: 30, now: now) == .stop)
    }

    @Test("the same offset committed again and again with lag is STALL")
    func stall() {
        #expect(LagEvaluator.status(window: window([(10, 90, 5), (10, 95, 8)]), currentLag: 8, now: now) == .stall)
    }

    @Test("moving but never reducing the lag is WARN")
    func warn() {
        #expect(
            LagEvaluator.status(window: window([(10, 90, 5), (20, 94, 6), (30, 98, 9)]), currentLag: 9, now: now)
                == .warn)
    }

    @Test("with a lag threshold, lag at or below it is OK, lag above it follows Burrow, and REWIND stays")
    func threshold() {
        let slow = window([(10, 90, 5), (20, 94, 6), (30, 98, 9)])
        #expect(LagEvaluator.status(window: slow, currentLag: 9, now: now, lagThreshold: nil) == .warn)
        #expect(LagEvaluator.status(window: slow, currentLag: 9, now: now, lagThreshold: 10) == .ok)
        #expect(LagEvaluator.status(window: slow, currentLag: 9, now: now, lagThreshold: 5) == .ok)
        #expect(LagEvaluator.status(window: slow, currentLag: 9, now: now, lagThreshold: 4) == .warn)
        let stuck = window([(10, 90, 50), (10, 95, 80)])
        #expect(LagEvaluator.status(window: stuck, currentLag: 80, now: now, lagThreshold: 100) == .ok)
        #expect(LagEvaluator.status(window: stuck, currentLag: 80, now: now, lagThreshold: 20) == .stall)
        let rewound = window([(20, 90, 5), (10, 95, 9)])
        #expect(LagEvaluator.status(window: rewound, currentLag: 9, now: now, lagThreshold: 100) == .rewind)
    }

    @Test("a group is its worst partition, with STOP, STALL and REWIND reported as ERR")
    func group() {
        #expect(LagEvaluator.groupStatus([.ok, .warn]) == .warn)
        #expect(LagEvaluator.groupStatus([.ok, .stall]) == .error)
        #expect(LagEvaluator.groupStatus([]) == .ok)
    }
}
