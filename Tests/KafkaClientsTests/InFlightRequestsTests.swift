import KafkaClients
import KafkaCore
import Testing

/// `InFlightRequests` (entries kept in an id-ordered array) against a plain model: a dictionary
/// by id, listed sorted by id, driven through a seeded mix of adds (in order and not),
/// answers (right and wrong broker, unknown ids), expiries and disconnects.
@Suite struct InFlightRequestsTests {
    struct Model {
        var entries: [UInt64: (broker: BrokerID, deadline: Instant, context: Int)] = [:]

        var sortedIDs: [UInt64] { entries.keys.sorted() }
    }

    func expectSame(_ requests: InFlightRequests<Int>, _ model: Model, _ step: Int) {
        #expect(requests.count == model.entries.count, "step \(step)")
        #expect(requests.nextDeadline == model.entries.values.map(\.deadline).min(), "step \(step)")
        for broker in 1...3 {
            let expected = model.entries.values.filter { $0.broker == BrokerID(Int32(broker)) }.count
            #expect(requests.count(to: BrokerID(Int32(broker))) == expected, "step \(step)")
        }
    }

    @Test("adds, answers, expiries and disconnects match a dictionary model listed by id")
    func matchesModel() {
        print("seed: 5")
        var random = SeededGenerator(seed: 5)
        var requests = InFlightRequests<Int>()
        var model = Model()
        var now = Instant.zero
        for step in 0..<2_000 {
            now = now + .milliseconds(Int64(random.next(below: 20)))
            let broker = BrokerID(Int32(1 + random.next(below: 3)))
            switch random.next(below: 10) {
            case 0...3:
                let id = requests.makeID()
                let timeout = Duration.milliseconds(Int64(100 + random.next(below: 400)))
                requests.add(id: id, to: broker, context: step, at: now, timeout: timeout)
                model.entries[id] = (broker, now + timeout, step)
            case 4:
                // An id below the newest (added out of order) when there is a free one.
                let id = UInt64(1 + random.next(below: UInt64(max(1, step))))
                guard model.entries[id] == nil, let newest = model.sortedIDs.last, id < newest else { continue }
                requests.add(id: id, to: broker, context: step, at: now, timeout: .milliseconds(300))
                model.entries[id] = (broker, now + .milliseconds(300), step)
            case 5...7:
                let ids = model.sortedIDs
                let id = ids.isEmpty || random.chance(0.1) ? 1_000_000 : ids[Int(random.next(below: UInt64(ids.count)))]
                let answered = requests.complete(id, from: broker)
                if let entry = model.entries[id], entry.broker == broker {
                    #expect(answered?.id == id && answered?.context == entry.context, "step \(step)")
                    model.entries[id] = nil
                } else {
                    #expect(answered == nil, "step \(step)")
                }
            case 8:
                let expired = requests.expire(at: now)
                let brokers = Set(model.entries.values.filter { $0.deadline <= now }.map(\.broker))
                let expected = model.sortedIDs.filter { brokers.contains(model.entries[$0]!.broker) }
                #expect(expired.map(\.entry.id) == expected, "step \(step)")
                #expect(expired.map(\.timedOut) == expected.map { model.entries[$0]!.deadline <= now }, "step \(step)")
                for id in expected { model.entries[id] = nil }
            default:
                let lost = requests.disconnect(from: broker)
                let expected = model.sortedIDs.filter { model.entries[$0]!.broker == broker }
                #expect(lost.map(\.id) == expected, "step \(step)")
                #expect(lost.map(\.context) == expected.map { model.entries[$0]!.context }, "step \(step)")
                for id in expected { model.entries[id] = nil }
            }
            expectSame(requests, model, step)
        }
    }
}
