import KafkaClients
import KafkaCore

/// The application side of a hosted `KafkaConsumer`: it subscribes (or assigns) every fresh
/// consumer, polls every `pollInterval` and "processes" at most `recordsPerSecond` records (the
/// budget accrues between polls, so a slow application builds lag that drains when the rate goes
/// up), and keeps what it consumed, the commit results and the errors `poll` threw, until taken.
/// A poll cut short by `max.poll.records` while the budget allows more is followed by another at
/// the same instant, as an application's poll loop does: `max.poll.records` bounds one poll, not
/// the rate.
///
/// It outlives crashes: a restarted node gets a new consumer with the same config and this same
/// mailbox, which subscribes it again.
public final class ConsumerClientMailbox: ClientApplication {
    /// What the application asks of each fresh consumer.
    public enum Intent: Hashable, Sendable {
        case subscribe([String])
        case assign([TopicPartition])
    }

    /// Consumed records, commit results and errors kept at most each.
    public static let limit = 1_000_000

    public let intent: Intent
    /// How often the application calls `poll`.
    public var pollInterval: Duration
    /// Records processed per second; nil is as fast as they come.
    public private(set) var recordsPerSecond: Int?
    /// Every record `poll` returned, in order (duplicates included: at-least-once shows here).
    public var consumed: [ConsumerRecord] { Array(polls.map(\.records).joined()) }
    /// What each poll that returned records returned, with the consumer's generation and offset
    /// resets then: records of one drain may come from polls on both sides of a rebalance. Kept
    /// poll by poll, each poll's records as `pollSlices` returned them: appending them into one
    /// array would build every record (the host drains only every few polls).
    private var polls: [ConsumedPoll] = []
    private var consumedCount = 0
    public private(set) var commitResults: [CommitResult] = []
    /// What `poll` threw, with when.
    public private(set) var errors: [(at: Instant, error: ConsumerError)] = []
    public private(set) var closeRequested = false
    private var commitRequested = false
    private var nextPollAt = Instant.zero
    private var lastPollAt: Instant?
    /// Processing budget carried between polls, in record-microseconds (records × 1e6).
    private var budgetCredit: Int64 = 0

    public init(intent: Intent, pollInterval: Duration = .milliseconds(100), recordsPerSecond: Int? = nil) {
        precondition(pollInterval > .zero, "the poll interval must be positive, not \(pollInterval)")
        self.intent = intent
        self.pollInterval = pollInterval
        self.recordsPerSecond = recordsPerSecond
    }

    /// Changes the processing rate from the next poll on.
    public func setProcessingRate(_ recordsPerSecond: Int?) {
        precondition(
            (recordsPerSecond ?? 1) > 0,
            "a processing rate must be positive, not \(String(describing: recordsPerSecond))")
        self.recordsPerSecond = recordsPerSecond
        budgetCredit = 0
    }

    public func requestClose() { closeRequested = true }

    /// Takes what `poll` returned so far (a long-running host drains it every frame, so memory
    /// stays flat).
    public func takeConsumed() -> [ConsumerRecord] {
        defer {
            polls.removeAll(keepingCapacity: true)
            consumedCount = 0
        }
        return polls.count == 1 ? Array(polls[0].records) : consumed
    }

    /// What one `poll` returned, with the generation it was returned in; a poll whose records
    /// came from several fetched chunks is kept as one entry per chunk, in order (as
    /// `KafkaConsumer.pollSlices` hands them over: no record is built until it is read, and
    /// `records.offset(at:)` reads an offset without building one).
    public struct ConsumedPoll {
        public var records: FetchedRecords
        /// The consumer's `generationID` when `poll` returned (−1 outside a group).
        public var generation: Int32
        /// The consumer's offset resets (`auto.offset.reset`) so far when `poll` returned.
        public var offsetResets: Int
    }

    /// Takes what `poll` returned so far, poll by poll (as `takeConsumed`).
    public func takeConsumedPolls() -> [ConsumedPoll] {
        takeConsumedPolls { Array($0) }
    }

    /// Takes what `poll` returned so far, poll by poll, lent to `body` in place. The mailbox
    /// keeps its buffer: an array handed out left it shared, so that the next poll allocated a
    /// new one and the host freed the old one, at every drain.
    public func takeConsumedPolls<Result>(_ body: (UnsafeBufferPointer<ConsumedPoll>) -> Result) -> Result {
        defer {
            polls.removeAll(keepingCapacity: true)
            consumedCount = 0
        }
        return polls.withUnsafeBufferPointer(body)
    }

    /// Takes the commit results so far.
    public func takeCommitResults() -> [CommitResult] {
        // Nothing to take: no new buffer (keeping a shared buffer's capacity allocates one).
        guard !commitResults.isEmpty else { return [] }
        defer { commitResults.removeAll(keepingCapacity: true) }
        return commitResults
    }

    /// Takes the errors `poll` threw so far.
    public func takeErrors() -> [(at: Instant, error: ConsumerError)] {
        defer { errors.removeAll() }
        return errors
    }

    /// Asks for a `commitSync` of everything consumed at the next drive.
    public func requestCommit() { commitRequested = true }

    /// The application is stuck (a long GC, a slow batch) and does not call `poll` until
    /// `until`; past `max.poll.interval.ms` the consumer leaves its group, as Kafka's does.
    public func stall(until: Instant) {
        nextPollAt = max(nextPollAt, until)
    }

    public func drive(_ client: inout KafkaConsumer, at now: Instant) {
        if client.subscription.isEmpty && client.assignment.isEmpty && !client.isClosing {
            switch intent {
            case .subscribe(let topics): client.subscribe(topics)
            case .assign(let topicPartitions): client.assign(topicPartitions)
            }
        }
        if closeRequested {
            if !client.isClosing { client.close(at: now) }
            return
        }
        if commitRequested {
            commitRequested = false
            client.commitSync(at: now)
        }
        guard nextPollAt <= now else { return }
        nextPollAt = now + pollInterval
        // A poll cut short by `max.poll.records` with budget to spare is followed by another at
        // once; each takes records from the buffer (or budget), so the loop ends.
        while poll(&client, at: now) {}
    }

    /// One `poll`; true when `max.poll.records` cut it short and the budget allowed more, so more
    /// may be buffered and the application has time for them.
    private func poll(_ client: inout KafkaConsumer, at now: Instant) -> Bool {
        let budget = takeBudget(at: now)
        do {
            // A poll's records as slices of the fetched chunks, each kept as a poll of its own (in
            // order, with the same generation): gathering them into one array would build them.
            let slices = try client.pollSlices(at: now, maxRecords: budget)
            let count = slices.reduce(0) { $0 + $1.count }
            precondition(consumedCount + count <= Self.limit, "more than \(Self.limit) consumed records")
            consumedCount += count
            for slice in slices {
                polls.append(
                    ConsumedPoll(
                        records: slice, generation: client.generationID, offsetResets: client.counters.offsetResets))
            }
            if let recordsPerSecond, let budget {
                // Unused budget is banked, but never beyond one poll's worth.
                budgetCredit += Int64(budget - count) * 1_000_000
                budgetCredit = min(budgetCredit, Int64(recordsPerSecond) * pollInterval.microseconds)
            }
            return count == client.config.maxPollRecords && count < (budget ?? Int.max)
        } catch {
            precondition(errors.count < Self.limit, "more than \(Self.limit) consumer errors")
            errors.append((now, error))
            return false
        }
    }

    /// The records the application can process in this poll, nil without a rate limit.
    private func takeBudget(at now: Instant) -> Int? {
        guard let recordsPerSecond else {
            lastPollAt = now
            return nil
        }
        let elapsed = lastPollAt.map { now - $0 } ?? pollInterval
        lastPollAt = now
        budgetCredit += Int64(recordsPerSecond) * elapsed.microseconds
        let records = budgetCredit / 1_000_000
        budgetCredit -= records * 1_000_000
        return Int(records)
    }

    public func collect(from client: inout KafkaConsumer, at now: Instant) {
        let taken = client.takeCommitResults()
        precondition(commitResults.count + taken.count <= Self.limit, "more than \(Self.limit) commit results")
        commitResults += taken
    }

    public var nextDeadline: Instant? { closeRequested ? nil : nextPollAt }
}
