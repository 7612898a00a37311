import KafkaClients
import KafkaCore

/// The application side of a hosted `KafkaProducer`: records to send (each at its instant),
/// a close request, and the delivery reports and refusals that came back, until taken.
public final class ProducerClientMailbox: ClientApplication {
    /// A record the application will hand to `send` at `at`.
    public struct ScheduledRecord: Hashable, Sendable {
        public var at: Instant
        public var topic: String
        public var key: [UInt8]?
        public var value: [UInt8]?
        public var headers: [RecordHeader]
    }

    /// Scheduled records, undrained reports and refusals at most each.
    public static let limit = 1_000_000

    /// Sorted by `at`, ties in scheduling order.
    public private(set) var scheduled: [ScheduledRecord] = []
    private var nextScheduled = 0
    public private(set) var reports: [DeliveryReport] = []
    /// Records `send` refused (buffer full, too large, closed).
    public private(set) var refused: [(record: ScheduledRecord, error: ProducerError)] = []
    public private(set) var closeRequested = false
    /// Records the producer accepted.
    public private(set) var accepted = 0

    public init() {}

    /// Records scheduled and not yet handed to the producer.
    public var waiting: Int { scheduled.count - nextScheduled }

    public func schedule(_ record: ScheduledRecord) {
        precondition(scheduled.count < Self.limit, "more than \(Self.limit) scheduled records")
        let index = scheduled[nextScheduled...].firstIndex { record.at < $0.at } ?? scheduled.endIndex
        scheduled.insert(record, at: index)
    }

    public func requestClose() { closeRequested = true }

    public func takeReports() -> [DeliveryReport] {
        defer { reports.removeAll(keepingCapacity: true) }
        return reports
    }

    public func drive(_ client: inout KafkaProducer, at now: Instant) {
        while nextScheduled < scheduled.count, scheduled[nextScheduled].at <= now {
            let record = scheduled[nextScheduled]
            nextScheduled += 1
            do {
                try client.send(
                    topic: record.topic, key: record.key, value: record.value, headers: record.headers, at: now)
                accepted += 1
            } catch {
                precondition(refused.count < Self.limit, "more than \(Self.limit) refused records")
                refused.append((record, error))
            }
        }
        if nextScheduled == scheduled.count && nextScheduled > 0 {
            scheduled.removeAll(keepingCapacity: true)
            nextScheduled = 0
        }
        if closeRequested && !client.isClosing && waiting == 0 { client.close() }
    }

    public func collect(from client: inout KafkaProducer, at now: Instant) {
        let taken = client.takeDeliveryReports()
        precondition(reports.count + taken.count <= Self.limit, "more than \(Self.limit) undrained delivery reports")
        reports += taken
    }

    public var nextDeadline: Instant? { nextScheduled < scheduled.count ? scheduled[nextScheduled].at : nil }
}
