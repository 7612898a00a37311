import KafkaCore
import KafkaWire
import Simulation
import Testing

@testable import WireServer

/// A started three-broker cluster with topic `orders`, served on a random high port base.
struct ServedTestCluster {
    var cluster: SimulatedCluster
    var server: WireServer

    init() throws {
        var cluster = SimulatedCluster(.realClients(brokers: 3, seed: 42))
        let created = cluster.createTopic("orders", partitions: 6, replicationFactor: 3)
        try #require(created.error == .none, "seed 42: orders was not created: \(created)")
        for _ in 0..<20 {
            var server = WireServer(plan: ListenerPlan(portBase: Int.random(in: 20_000..<60_000)))
            server.syncListeners(with: cluster)
            if server.listeningPorts.count == 3 {
                self.cluster = cluster
                self.server = server
                return
            }
            // A port of this base is taken: try another.
            server.shutdown()
        }
        throw SocketError("no free port base after 20 tries", code: 0)
    }

    func port(_ broker: Int32) -> Int { server.plan.port(for: BrokerID(broker)) ?? 0 }

    /// Pumps the server and runs the world a millisecond at a time until `done` holds (or 5
    /// virtual seconds pass); whether it held.
    @discardableResult
    mutating func pump(until done: () -> Bool) -> Bool {
        for _ in 0..<5000 {
            server.pump(cluster: &cluster, timeoutMilliseconds: 0)
            cluster.run(for: .milliseconds(1))
            server.deliverAnswers(from: &cluster)
            if done() { return true }
        }
        return false
    }

    /// Pumps until `done` holds for the server.
    mutating func pump(untilServer done: (WireServer) -> Bool) {
        for _ in 0..<5000 {
            server.pump(cluster: &cluster, timeoutMilliseconds: 0)
            cluster.run(for: .milliseconds(1))
            server.deliverAnswers(from: &cluster)
            if done(server) { return }
        }
    }

    /// Pumps until `client` has `count` response frames; the frames.
    mutating func responses(_ count: Int, on client: inout WireTestClient) -> [[UInt8]] {
        var frames: [[UInt8]] = []
        pump {
            client.poll()
            while let frame = client.takeFrame() { frames.append(frame) }
            return frames.count >= count || client.closed
        }
        return frames
    }
}

@Suite(.serialized) struct LoopbackServerTests {
    @Test("pipelined ApiVersions v3 and Metadata v8 are answered in order, naming every broker's port")
    func apiVersionsAndMetadata() throws {
        var served = try ServedTestCluster()
        defer { served.server.shutdown() }
        var client = try #require(WireTestClient(port: served.port(1)))
        defer { client.close() }
        let apiVersions = encodeRequest(
            header: header(.apiVersions, version: 3, correlationID: 1),
            request: .apiVersions(ApiVersionsRequest(clientSoftwareName: "test", clientSoftwareVersion: "1")))
        let metadata = encodeRequest(
            header: header(.metadata, version: 8, correlationID: 2), request: .metadata(.init(topics: nil)))
        client.send(sizePrefixedFrame(apiVersions) + sizePrefixedFrame(metadata))
        let frames = served.responses(2, on: &client)
        try #require(frames.count == 2)
        let (versionsHeader, versions) = try decodeResponse(frame: frames[0], apiKey: .apiVersions, version: 3)
        #expect(versionsHeader.correlationID == 1)
        guard case .apiVersions(let table) = versions else { return }
        #expect(
            table.apiKeys
                == ApiVersionsTable.entries.map {
                    .init(apiKey: $0.apiKey, minVersion: $0.minVersion, maxVersion: $0.maxVersion)
                })
        let (metadataHeader, response) = try decodeResponse(frame: frames[1], apiKey: .metadata, version: 8)
        #expect(metadataHeader.correlationID == 2)
        guard case .metadata(let body) = response else { return }
        #expect(body.brokers.map(\.nodeID) == [1, 2, 3])
        #expect(body.brokers.map { Int($0.port) } == [served.port(1), served.port(2), served.port(3)])
        let orders = try #require(body.topics.first { $0.name == "orders" })
        #expect(orders.partitions.count == 6)
        #expect(orders.partitions.allSatisfy { $0.leaderID > 0 && $0.errorCode == 0 })
    }

    @Test("a malformed frame or an unknown api closes only its connection; ApiVersions v9 gets error 35")
    func malformedFrames() throws {
        var served = try ServedTestCluster()
        defer { served.server.shutdown() }
        var good = try #require(WireTestClient(port: served.port(2)))
        var truncated = try #require(WireTestClient(port: served.port(2)))
        var unknown = try #require(WireTestClient(port: served.port(2)))
        defer { [good, truncated, unknown].forEach { $0.close() } }
        truncated.send([0, 0, 0, 3, 0, 3, 0])
        // DescribeCluster (60) is not spoken here.
        unknown.send(sizePrefixedFrame([0, 60, 0, 0, 0, 0, 0, 9, 0xFF, 0xFF]))
        // ApiVersions v9, body unread.
        good.send(sizePrefixedFrame([0, 18, 0, 9, 0, 0, 0, 5, 0xFF, 0xFF, 1, 2, 3]))
        served.pump {
            truncated.poll()
            unknown.poll()
            return truncated.closed && unknown.closed
        }
        #expect(truncated.closed)
        #expect(unknown.closed)
        #expect(served.server.statistics.malformedFrames == 1)
        #expect(served.server.statistics.unsupportedRequests == 1)
        good.send(header(.metadata, version: 4, correlationID: 6), .metadata(.init(topics: [])))
        let frames = served.responses(2, on: &good)
        try #require(frames.count == 2)
        let (fallbackHeader, fallback) = try decodeResponse(frame: frames[0], apiKey: .apiVersions, version: 0)
        #expect(fallbackHeader.correlationID == 5)
        guard case .apiVersions(let body) = fallback else { return }
        #expect(body.errorCode == 35)
        let (_, metadata) = try decodeResponse(frame: frames[1], apiKey: .metadata, version: 4)
        guard case .metadata(let brokersOnly) = metadata else { return }
        #expect(brokersOnly.topics.isEmpty)
        #expect(brokersOnly.brokers.count == 3)
        #expect(!good.closed)
    }

    @Test("a record produced with acks=1 over the socket is fetched back from the leader")
    func produceThenFetch() throws {
        var served = try ServedTestCluster()
        defer { served.server.shutdown() }
        let partition = TopicPartition("orders", 0)
        // Let the followers' fetchers settle first: right after the topic is created a follower
        // may have been answered NOT_LEADER_OR_FOLLOWER and be in replica.fetch.backoff.ms (1 s),
        // longer than the Fetch below waits for the high watermark.
        served.cluster.run(for: .seconds(2))
        let leader = try #require(served.cluster.leader(of: partition))
        var client = try #require(WireTestClient(port: served.port(leader.rawValue)))
        defer { client.close() }
        let batch = oneRecordBatch("hello")
        client.send(
            header(.produce, version: 8, correlationID: 1),
            .produce(
                .init(
                    transactionalID: nil, acks: 1, timeoutMs: 5000,
                    topicData: [.init(name: "orders", partitionData: [.init(index: 0, records: batch.bytes)])])))
        client.send(
            header(.fetch, version: 11, correlationID: 2),
            .fetch(
                .init(
                    maxWaitMs: 500, minBytes: 1,
                    topics: [
                        .init(
                            topic: "orders",
                            partitions: [.init(partition: 0, fetchOffset: 0, partitionMaxBytes: 1 << 20)])
                    ])))
        let frames = served.responses(2, on: &client)
        try #require(frames.count == 2)
        let (_, produced) = try decodeResponse(frame: frames[0], apiKey: .produce, version: 8)
        guard case .produce(let produceBody) = produced else { return }
        #expect(produceBody.responses[0].partitionResponses[0].errorCode == 0)
        #expect(produceBody.responses[0].partitionResponses[0].baseOffset == 0)
        let (fetchHeader, fetched) = try decodeResponse(frame: frames[1], apiKey: .fetch, version: 11)
        #expect(fetchHeader.correlationID == 2)
        guard case .fetch(let fetchBody) = fetched else { return }
        let data = fetchBody.responses[0].partitions[0]
        #expect(data.errorCode == 0)
        #expect(data.highWatermark == 1)
        let records = try #require(data.records)
        let scan = RecordBatch.batches(in: records, validating: true)
        #expect(scan.batches.count == 1)
        #expect(try scan.batches.first?.records().first?.value == Array("hello".utf8))
    }

    @Test("a Fetch with no data waits for max wait, and the Metadata sent after it is answered after it")
    func longPollKeepsOrder() throws {
        var served = try ServedTestCluster()
        defer { served.server.shutdown() }
        let partition = TopicPartition("orders", 1)
        let leader = try #require(served.cluster.leader(of: partition))
        var client = try #require(WireTestClient(port: served.port(leader.rawValue)))
        defer { client.close() }
        let fetch = KafkaWire.FetchRequest(
            maxWaitMs: 500, minBytes: 1,
            topics: [.init(topic: "orders", partitions: [.init(partition: 1, fetchOffset: 0, partitionMaxBytes: 1024)])]
        )
        client.send(header(.fetch, version: 11, correlationID: 1), .fetch(fetch))
        client.send(header(.metadata, version: 8, correlationID: 2), .metadata(.init(topics: [])))
        let sentAt = served.cluster.now
        var frames: [[UInt8]] = []
        var firstAt: Instant?
        for _ in 0..<2000 where frames.count < 2 {
            served.server.pump(cluster: &served.cluster, timeoutMilliseconds: 0)
            served.cluster.run(for: .milliseconds(1))
            served.server.deliverAnswers(from: &served.cluster)
            client.poll()
            while let frame = client.takeFrame() {
                frames.append(frame)
                firstAt = firstAt ?? served.cluster.now
            }
        }
        try #require(frames.count == 2)
        let waited = try #require(firstAt) - sentAt
        #expect(waited >= .milliseconds(490), "the fetch came back after \(waited)")
        let (first, _) = try decodeResponse(frame: frames[0], apiKey: .fetch, version: 11)
        let (second, _) = try decodeResponse(frame: frames[1], apiKey: .metadata, version: 8)
        #expect([first.correlationID, second.correlationID] == [1, 2])
    }

    @Test("the answer to a request whose connection closed is taken from the mailbox and dropped")
    func orphanedAnswer() throws {
        var served = try ServedTestCluster()
        defer { served.server.shutdown() }
        let leader = try #require(served.cluster.leader(of: TopicPartition("orders", 2)))
        let client = try #require(WireTestClient(port: served.port(leader.rawValue)))
        let fetch = KafkaWire.FetchRequest(
            maxWaitMs: 300, minBytes: 1,
            topics: [.init(topic: "orders", partitions: [.init(partition: 2, fetchOffset: 0, partitionMaxBytes: 1024)])]
        )
        client.send(header(.fetch, version: 11, correlationID: 1), .fetch(fetch))
        served.pump(untilServer: { $0.pending.count == 1 })
        client.close()
        served.pump(untilServer: { $0.statistics.orphanedAnswers == 1 })
        #expect(served.server.statistics.orphanedAnswers == 1)
        #expect(served.server.orphans.isEmpty)
        #expect(served.server.openConnections == 0)
    }

    @Test("a paused broker keeps its port and connections and answers when the pause ends")
    func pausedBroker() throws {
        var served = try ServedTestCluster()
        defer { served.server.shutdown() }
        var client = try #require(WireTestClient(port: served.port(2)))
        defer { client.close() }
        served.server.pump(cluster: &served.cluster, timeoutMilliseconds: 10)
        served.cluster.pause(BrokerID(2), for: .milliseconds(800))
        let pausedAt = served.cluster.now
        client.send(header(.metadata, version: 1, correlationID: 4), .metadata(.init(topics: [])))
        var answeredAt: Instant?
        for _ in 0..<2000 where answeredAt == nil {
            served.server.pump(cluster: &served.cluster, timeoutMilliseconds: 0)
            served.cluster.run(for: .milliseconds(1))
            served.server.deliverAnswers(from: &served.cluster)
            client.poll()
            if client.takeFrame() != nil { answeredAt = served.cluster.now }
        }
        #expect(served.server.listeningPorts.count == 3)
        #expect(!client.closed)
        let waited = try #require(answeredAt) - pausedAt
        #expect(waited >= .milliseconds(800), "answered after \(waited)")
    }

    @Test("killing a broker closes its port and connections; restarting reopens the port")
    func killAndRestart() throws {
        var served = try ServedTestCluster()
        defer { served.server.shutdown() }
        var client = try #require(WireTestClient(port: served.port(2)))
        defer { client.close() }
        served.server.pump(cluster: &served.cluster, timeoutMilliseconds: 10)
        #expect(served.server.openConnections == 1)
        served.cluster.kill(BrokerID(2))
        served.pump {
            client.poll()
            return client.closed
        }
        #expect(client.closed)
        #expect(WireTestClient(port: served.port(2)) == nil)
        #expect(served.server.statistics.connectionsDropped == 1)
        served.cluster.restart(BrokerID(2))
        served.server.pump(cluster: &served.cluster, timeoutMilliseconds: 0)
        let again = try #require(WireTestClient(port: served.port(2)))
        again.close()
    }

    @Test("an isolated broker keeps its port and does not answer; after it rejoins, new requests are answered")
    func isolatedBroker() throws {
        var served = try ServedTestCluster()
        defer { served.server.shutdown() }
        var client = try #require(WireTestClient(port: served.port(3)))
        defer { client.close() }
        served.cluster.isolate(BrokerID(3))
        client.send(header(.metadata, version: 1, correlationID: 1), .metadata(.init(topics: [])))
        var frames: [[UInt8]] = []
        for _ in 0..<200 {
            served.server.pump(cluster: &served.cluster, timeoutMilliseconds: 0)
            served.cluster.run(for: .milliseconds(1))
            served.server.deliverAnswers(from: &served.cluster)
            client.poll()
            if let frame = client.takeFrame() { frames.append(frame) }
        }
        #expect(frames.isEmpty)
        #expect(!client.closed)
        served.cluster.rejoin(BrokerID(3))
        // The request sent while isolated was lost with the link and holds back every later
        // response on its connection, as a hung TCP connection would: the client times out and
        // reconnects.
        var fresh = try #require(WireTestClient(port: served.port(3)))
        defer { fresh.close() }
        fresh.send(header(.metadata, version: 1, correlationID: 2), .metadata(.init(topics: [])))
        frames = served.responses(1, on: &fresh)
        let frame = try #require(frames.first)
        let (responseHeader, _) = try decodeResponse(frame: frame, apiKey: .metadata, version: 1)
        #expect(responseHeader.correlationID == 2)
    }
}
