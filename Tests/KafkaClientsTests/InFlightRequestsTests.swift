import KafkaClients
import KafkaCore
import Testing

/// `InFlightRequests` kept as an array sorted by id: lookups by id wherever the id falls,
/// answers only from the broker asked, deadlines, and timeouts that take a broker's requests
/// with them, in id order.
struct InFlightRequestsTests {
    private static let one = BrokerID(1)
    private static let two = BrokerID(2)

    /// Ids 5, 2, 9 and 7 (added out of order), to brokers 1, 2, 1, 2, timing out at 50, 20, 90
    /// and 70 ms; the context is the id.
    private static func requests() -> InFlightRequests<UInt64> {
        var requests = InFlightRequests<UInt64>()
        for (id, broker) in [(UInt64(5), one), (2, two), (9, one), (7, two)] {
            requests.add(
                id: id, to: broker, context: id, at: .zero, timeout: .milliseconds(Int64(id) * 10))
        }
        return requests
    }

    @Test func answersFindTheirRequestOnlyFromTheBrokerAsked() {
        var requests = Self.requests()
        #expect(requests.count == 4)
        #expect(requests.count(to: Self.one) == 2)
        #expect(requests.complete(5, from: Self.two) == nil)
        #expect(requests.complete(4, from: Self.one) == nil)
        #expect(requests.complete(10, from: Self.one) == nil)
        #expect(requests.complete(5, from: Self.one)?.context == 5)
        #expect(requests.complete(5, from: Self.one) == nil)
        #expect(requests.complete(2, from: Self.two)?.context == 2)
        #expect(requests.count == 2)
        #expect(requests.count(to: Self.two) == 1)
        #expect(requests.contains { $0.id == 9 } && !requests.contains { $0.id == 2 })
        requests.add(id: 1, to: Self.one, context: 1, at: .zero, timeout: .milliseconds(5))
        #expect(requests.complete(9, from: Self.one)?.deadline == Instant.zero + .milliseconds(90))
        #expect(requests.complete(1, from: Self.one)?.context == 1)
        #expect(requests.complete(7, from: Self.two)?.context == 7)
        #expect(requests.count == 0 && requests.nextDeadline == nil)
    }

    @Test func timeoutsTakeTheirBrokersRequestsInIdOrder() {
        var requests = Self.requests()
        #expect(requests.nextDeadline == Instant.zero + .milliseconds(20))
        #expect(requests.expire(at: Instant.zero + .milliseconds(19)).isEmpty)
        let expired = requests.expire(at: Instant.zero + .milliseconds(20))
        #expect(expired.map(\.entry.id) == [2, 7])
        #expect(expired.map(\.timedOut) == [true, false])
        #expect(requests.nextDeadline == Instant.zero + .milliseconds(50))
        let lost = requests.disconnect(from: Self.one)
        #expect(lost.map(\.id) == [5, 9])
        #expect(requests.count == 0 && requests.disconnect(from: Self.one).isEmpty)
    }
}
