import ClusterModel
import Testing

@testable import FlightdeckApp

/// The pieces of `flightdeck bench render` that must be right for its figures to mean anything.
/// (The timings themselves are measured in release builds; see Docs/PERFORMANCE.md.)
@Suite struct RenderBenchmarkTests {
    @Test("the large cluster has 30 brokers and 3,000 partitions, and its counters move from frame to frame")
    func largeCluster() {
        let first = RenderBenchmark.largeCluster(frame: 0)
        let second = RenderBenchmark.largeCluster(frame: 1)
        #expect(first.brokers.count == 30)
        #expect(first.partitions.count == 3000)
        #expect(first.partitionCount == 3000)
        #expect(first.groups.count == 20)
        #expect(first != second)
    }

    @Test("an unchanged frame sends nothing to the terminal; a changed one does")
    func idleFrame() {
        let snapshots = [RenderBenchmark.largeCluster(frame: 0), RenderBenchmark.largeCluster(frame: 1)]
        #expect(RenderBenchmark.idleFrameBytes(snapshots) == 0)
        #expect(RenderBenchmark.liveFrameBytes(snapshots) > 0)
    }
}
