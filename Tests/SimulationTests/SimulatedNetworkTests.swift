import KafkaCore
import Simulation
import Testing

@Suite struct SimulatedNetworkTests {
    let link = Link(from: alice, to: bob)

    func network(_ config: LinkConfig, inFlightLimit: Int = 1_000_000) -> SimulatedNetwork {
        SimulatedNetwork(
            generator: SeededGenerator(seed: 11).stream("network"), defaultLink: config,
            inFlightLimitPerLink: inFlightLimit)
    }

    func arrival(_ routing: Routing) -> Instant? {
        if case .arrives(let instant) = routing { instant } else { nil }
    }

    @Test("a message arrives after the latency plus up to the jitter")
    func latencyAndJitter() throws {
        var network = network(LinkConfig(latency: .milliseconds(2), jitter: .microseconds(300)))
        let slot = network.slot(for: link)
        var delays: Set<Int64> = []
        for step in 0..<200 {
            // A second apart, so FIFO clamping never applies.
            let now = Instant.zero + .seconds(Int64(step))
            let instant = try #require(arrival(network.route(on: slot, sizeInBytes: 10, at: now)))
            delays.insert((instant - now).microseconds)
        }
        #expect(delays.allSatisfy { (2_000...2_300).contains($0) })
        #expect(delays.count > 50, "jitter should spread the delays, got \(delays.sorted())")
    }

    @Test("jitter never lets a message overtake an earlier one on the same link")
    func fifo() throws {
        var network = network(LinkConfig(latency: .microseconds(100), jitter: .milliseconds(10)))
        let slot = network.slot(for: link)
        var arrivals: [Instant] = []
        for step in 0..<1_000 {
            let now = Instant(microseconds: Int64(step) * 50)
            arrivals.append(try #require(arrival(network.route(on: slot, sizeInBytes: 10, at: now))))
        }
        #expect(arrivals == arrivals.sorted())
        #expect(network.inFlight(on: link) == 1_000)
    }

    @Test("a bandwidth cap serializes a burst: each message waits for the bytes before it")
    func bandwidth() {
        var network = network(LinkConfig(latency: .milliseconds(1), bandwidthBytesPerSecond: 1_000))
        let slot = network.slot(for: link)
        let arrivals = (0..<3).map { _ in arrival(network.route(on: slot, sizeInBytes: 100, at: .zero)) }
        #expect(arrivals == [ms(101), ms(201), ms(301)])
        // Once the link is idle again, a message only pays its own serialization.
        #expect(arrival(network.route(on: slot, sizeInBytes: 10, at: ms(1_000))) == ms(1_011))
    }

    @Test("the drop rate loses about that share of messages, and 0 and 1 are exact", arguments: [0.0, 0.25, 1.0])
    func dropRate(rate: Double) {
        var network = network(LinkConfig(latency: .zero, dropRate: rate))
        let slot = network.slot(for: link)
        let lost = (0..<2_000).filter { _ in
            network.route(on: slot, sizeInBytes: 1, at: .zero) == .dropped(.lost)
        }.count
        let expected = Int(rate * 2_000)
        #expect(abs(lost - expected) <= 100, "lost \(lost) of 2000 at drop rate \(rate)")
        if rate == 0 || rate == 1 { #expect(lost == expected) }
    }

    @Test("a full link drops new messages until one arrives")
    func overflow() {
        var network = network(.ideal, inFlightLimit: 2)
        let slot = network.slot(for: link)
        #expect(network.route(on: slot, sizeInBytes: 1, at: .zero) == .arrives(at: .zero))
        #expect(network.route(on: slot, sizeInBytes: 1, at: .zero) == .arrives(at: .zero))
        #expect(network.route(on: slot, sizeInBytes: 1, at: .zero) == .dropped(.linkOverflow))
        network.arrived(on: slot)
        #expect(network.route(on: slot, sizeInBytes: 1, at: .zero) == .arrives(at: .zero))
    }

    @Test("a one-way partition blocks only its direction; isolation blocks every link of the node")
    func partitions() {
        var network = network(.ideal)
        network.setPartitioned(link, true)
        #expect(network.isBlocked(link))
        #expect(!network.isBlocked(link.reversed))
        #expect(network.route(on: network.slot(for: link), sizeInBytes: 1, at: .zero) == .dropped(.partitioned))
        network.setIsolated(carol, true)
        #expect(network.isBlocked(Link(from: carol, to: NodeID.client(99))))
        #expect(network.isBlocked(Link(from: alice, to: carol)))
        #expect(network.partitionedLinks == [link])
        network.setPartitioned(link, false)
        network.setIsolated(carol, false)
        #expect(!network.isBlocked(link) && !network.isBlocked(Link(from: alice, to: carol)))
    }

    @Test("a link override replaces the default for that direction only")
    func overrides() {
        var network = network(.datacenter)
        network.configure(link, .ideal)
        #expect(network.config(for: link) == .ideal)
        #expect(network.config(for: link.reversed) == .datacenter)
        #expect(network.overriddenLinks == [link])
        network.configure(link, nil)
        #expect(network.config(for: link) == .datacenter)
    }
}
