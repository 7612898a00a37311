import KafkaClients
import KafkaCore
import Testing

@Suite struct ConsumerProtocolTests {
    /// A subscription with every field set, to round-trip through every version.
    static let fullSubscription = Subscription(
        topics: ["t"], userData: [1, 2],
        ownedPartitions: [TopicPartition("t", 0), TopicPartition("t", 2), TopicPartition("u", 1)],
        generationID: 5, rackID: "r1")

    /// The version 3 bytes of `fullSubscription`, written out by hand.
    static let fullSubscriptionV3: [UInt8] = [
        0x00, 0x03,  // version 3
        0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x74,  // topics: ["t"]
        0x00, 0x00, 0x00, 0x02, 0x01, 0x02,  // user_data: [1, 2]
        0x00, 0x00, 0x00, 0x02,  // owned_partitions: 2 topics
        0x00, 0x01, 0x74, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,  // t: [0, 2]
        0x00, 0x01, 0x75, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,  // u: [1]
        0x00, 0x00, 0x00, 0x05,  // generation_id 5
        0x00, 0x02, 0x72, 0x31,  // rack_id "r1"
    ]

    @Test("a version 0 subscription encodes to Kafka's bytes and back")
    func subscriptionV0Golden() throws {
        let subscription = Subscription(topics: ["foo", "bar"])
        let expected: [UInt8] = [
            0x00, 0x00,  // version 0
            0x00, 0x00, 0x00, 0x02,  // two topics
            0x00, 0x03, 0x66, 0x6f, 0x6f,  // "foo"
            0x00, 0x03, 0x62, 0x61, 0x72,  // "bar"
            0xff, 0xff, 0xff, 0xff,  // user_data null
        ]
        #expect(subscription.encoded(version: 0) == expected)
        #expect(try Subscription(decoding: expected) == subscription)
    }

    @Test("a version 3 subscription encodes to Kafka's bytes and back")
    func subscriptionV3Golden() throws {
        #expect(Self.fullSubscription.encoded(version: 3) == Self.fullSubscriptionV3)
        #expect(try Subscription(decoding: Self.fullSubscriptionV3) == Self.fullSubscription)
    }

    @Test("a version 0 assignment encodes to Kafka's bytes and back")
    func assignmentV0Golden() throws {
        let assignment = Assignment(partitions: [TopicPartition("t", 0), TopicPartition("t", 1)])
        let expected: [UInt8] = [
            0x00, 0x00,  // version 0
            0x00, 0x00, 0x00, 0x01,  // one topic
            0x00, 0x01, 0x74, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,  // t: [0, 1]
            0xff, 0xff, 0xff, 0xff,  // user_data null
        ]
        #expect(assignment.encoded(version: 0) == expected)
        #expect(try Assignment(decoding: expected) == assignment)
    }

    @Test("a version 3 assignment encodes to Kafka's bytes and back")
    func assignmentV3Golden() throws {
        let assignment = Assignment(partitions: [TopicPartition("a", 2), TopicPartition("b", 0)], userData: [9])
        let expected: [UInt8] = [
            0x00, 0x03,  // version 3
            0x00, 0x00, 0x00, 0x02,  // two topics
            0x00, 0x01, 0x61, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02,  // a: [2]
            0x00, 0x01, 0x62, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,  // b: [0]
            0x00, 0x00, 0x00, 0x01, 0x09,  // user_data [9]
        ]
        #expect(assignment.encoded(version: 3) == expected)
        #expect(try Assignment(decoding: expected) == assignment)
    }

    @Test(
        "each subscription version keeps its own fields and defaults the newer ones",
        arguments: [0, 1, 2, 3] as [Int16])
    func subscriptionVersions(version: Int16) throws {
        let decoded = try Subscription(decoding: Self.fullSubscription.encoded(version: version))
        let full = Self.fullSubscription
        #expect(decoded.topics == full.topics)
        #expect(decoded.userData == full.userData)
        #expect(decoded.ownedPartitions == (version >= 1 ? full.ownedPartitions : []))
        #expect(decoded.generationID == (version >= 2 ? full.generationID : Subscription.unknownGeneration))
        #expect(decoded.rackID == (version >= 3 ? full.rackID : nil))
    }

    @Test("assignments of every version round-trip", arguments: [0, 1, 2, 3] as [Int16])
    func assignmentVersions(version: Int16) throws {
        let assignment = Assignment(partitions: [
            TopicPartition("x", 3), TopicPartition("y", 1), TopicPartition("x", 4),
        ])
        let decoded = try Assignment(decoding: assignment.encoded(version: version))
        // Partitions come back grouped under their topic in first-appearance order.
        #expect(decoded.partitions == [TopicPartition("x", 3), TopicPartition("x", 4), TopicPartition("y", 1)])
        #expect(decoded.userData == nil)
    }

    @Test("a newer version is read by the fields this code knows")
    func forwardCompatibility() throws {
        var subscriptionV9 = Self.fullSubscriptionV3
        subscriptionV9[1] = 9
        subscriptionV9 += [0x00, 0x00, 0x00, 0x07, 0xde, 0xad]  // fields of a future version
        #expect(try Subscription(decoding: subscriptionV9) == Self.fullSubscription)

        var assignmentV4 = Assignment(partitions: [TopicPartition("a", 1)]).encoded(version: 3)
        assignmentV4[1] = 4
        assignmentV4 += [0x01, 0x02, 0x03]
        #expect(try Assignment(decoding: assignmentV4) == Assignment(partitions: [TopicPartition("a", 1)]))
    }

    @Test("every truncation of a valid blob throws instead of trapping")
    func truncations() {
        let assignment = Assignment(partitions: [TopicPartition("a", 1)], userData: [1, 2, 3]).encoded()
        for length in 0..<Self.fullSubscriptionV3.count {
            #expect(throws: ConsumerProtocolError.self) {
                try Subscription(decoding: Array(Self.fullSubscriptionV3.prefix(length)))
            }
        }
        for length in 0..<assignment.count {
            #expect(throws: ConsumerProtocolError.self) { try Assignment(decoding: Array(assignment.prefix(length))) }
        }
    }

    @Test("hostile lengths and counts are rejected before anything is allocated")
    func hostileInput() {
        #expect(
            throws: ConsumerProtocolError.countExceedsInput(field: "topics", position: 2, count: .max, remaining: 2)
        ) {
            try Subscription(decoding: [0x00, 0x00, 0x7f, 0xff, 0xff, 0xff, 0x00, 0x00])
        }
        #expect(throws: ConsumerProtocolError.unexpectedNull(field: "topics", position: 2)) {
            try Subscription(decoding: [0x00, 0x00, 0xff, 0xff, 0xff, 0xff])
        }
        #expect(throws: ConsumerProtocolError.unexpectedNull(field: "topics", position: 6)) {
            try Subscription(decoding: [0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])
        }
        #expect(throws: ConsumerProtocolError.invalidUTF8(field: "topics", position: 6)) {
            try Subscription(decoding: [0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff])
        }
        #expect(throws: ConsumerProtocolError.unsupportedVersion(-1)) {
            try Assignment(decoding: [0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff])
        }
        #expect(
            throws: ConsumerProtocolError.truncated(
                field: "user_data", position: 10, needed: 2_147_483_647, remaining: 0)
        ) {
            try Assignment(decoding: [0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x7f, 0xff, 0xff, 0xff])
        }
    }

    @Test("random and mutated blobs decode or throw, never trap")
    func fuzz() {
        let seed: UInt64 = 0xC0FFEE
        print("ConsumerProtocolTests.fuzz seed \(seed)")
        var generator = SeededGenerator(seed: seed)
        let valid = [
            Self.fullSubscriptionV3, Assignment(partitions: [TopicPartition("t", 7)], userData: [1]).encoded(),
        ]
        var decodedCount = 0
        for round in 0..<4_000 {
            var blob: [UInt8]
            if round % 2 == 0 {
                blob = (0..<Int(generator.next(below: 48))).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            } else {
                blob = valid[Int(generator.next(below: 2))]
                for _ in 0...Int(generator.next(below: 3)) {
                    blob[Int(generator.next(below: UInt64(blob.count)))] = UInt8(truncatingIfNeeded: generator.next())
                }
            }
            do {
                let subscription = try Subscription(decoding: blob)
                // Whatever decodes must encode again without trapping.
                _ = subscription.encoded()
                decodedCount += 1
            } catch {}
            do {
                _ = try Assignment(decoding: blob).encoded()
                decodedCount += 1
            } catch {}
        }
        #expect(decodedCount > 0, "seed \(seed): the fuzzer never produced a decodable blob")
    }
}
