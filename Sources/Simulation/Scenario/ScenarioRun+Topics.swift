import KafkaCluster
import KafkaCore
import Scenarios

/// A `create-topic` step's CreateTopics, sent and retried as Kafka's AdminClient does: to any
/// running broker (which forwards it to the active controller); an attempt without an answer
/// after `request.timeout.ms` goes again to another broker until `default.api.timeout.ms` has
/// passed since the step; an answer with an error for the topic ends it (AdminClient does not
/// retry TOPIC_ALREADY_EXISTS, INVALID_REPLICATION_FACTOR, REQUEST_TIMED_OUT… for a topic).
struct TopicCreation {
    var spec: TopicSpec
    var line: Int
    var deadline: Instant
    var request: (id: UInt64, sentAt: Instant, broker: BrokerID)?
    var attempts = 0
    var announcedWaiting = false
}

extension ScenarioRun {
    /// AdminClient's `request.timeout.ms`: how long one attempt waits for its answer.
    static let adminRequestTimeout: Duration = .seconds(30)
    /// AdminClient's `default.api.timeout.ms`: how long the whole call may take.
    static let adminAPITimeout: Duration = .seconds(60)

    /// `create-topic`: sends the CreateTopics now (or as soon as a broker runs); the answer
    /// comes at a later boundary (`advanceTopicCreations()`).
    mutating func createTopic(_ spec: TopicSpec, step: TimelineStep) {
        if let minInsync = spec.minInsyncReplicas, Int(minInsync) > Int(spec.replicationFactor) {
            note(
                "warning: topic \(spec.name) has min.insync.replicas \(minInsync) above its replication factor "
                    + "\(spec.replicationFactor); Kafka creates it, but acks=all writes to it will fail with "
                    + "NOT_ENOUGH_REPLICAS", line: step.line, kind: .action)
        }
        topicCreations.append(TopicCreation(spec: spec, line: step.line, deadline: cluster.now + Self.adminAPITimeout))
        advanceTopicCreations()
    }

    /// Sends, re-sends or concludes the waiting CreateTopics calls, in the order of their steps.
    mutating func advanceTopicCreations() {
        var index = 0
        while index < topicCreations.count {
            var creation = topicCreations[index]
            if advanceCreation(&creation) {
                topicCreations.remove(at: index)
            } else {
                topicCreations[index] = creation
                index += 1
            }
        }
    }

    /// One call's progress; whether it is over.
    private mutating func advanceCreation(_ creation: inout TopicCreation) -> Bool {
        let spec = creation.spec
        if let request = creation.request {
            if let answer = cluster.takeAnswer(request.id) {
                creation.request = nil
                guard case .createTopics(let response) = answer.response,
                    let result = response.topics.first(where: { $0.name == spec.name })
                else {
                    note(
                        "create-topic \(spec.name): unexpected answer from \(request.broker)", line: creation.line,
                        kind: .skipped)
                    return true
                }
                concludeCreation(spec, line: creation.line, result: result)
                return true
            }
            guard cluster.now - request.sentAt >= Self.adminRequestTimeout else { return false }
            creation.request = nil
        }
        guard cluster.now < creation.deadline else {
            note(
                "create-topic \(spec.name) failed: timed out after \(Self.adminAPITimeout) "
                    + "(default.api.timeout.ms): "
                    + (creation.attempts == 0
                        ? "no broker was running to send it to" : "no answer to \(creation.attempts) attempt(s)"),
                line: creation.line, kind: .skipped)
            return true
        }
        let running = cluster.brokerIDs.filter { cluster.isUp($0) && cluster.server($0)?.brokerState == .running }
        guard !running.isEmpty else {
            if !creation.announcedWaiting {
                creation.announcedWaiting = true
                note(
                    "create-topic \(spec.name): no broker is running; waiting for one (up to "
                        + "\(Self.adminAPITimeout), default.api.timeout.ms)", line: creation.line, kind: .action)
            }
            return false
        }
        // A retry goes to the next running broker after the last one asked.
        let broker = running[creation.attempts % running.count]
        let topic = NewTopic(
            name: spec.name, partitions: spec.partitions, replicationFactor: spec.replicationFactor,
            configs: spec.kafkaConfigs.map { ConfigEntry($0.name, $0.value) })
        let id = cluster.send(.createTopics(CreateTopicsRequest(topics: [topic])), to: broker)
        creation.request = (id, cluster.now, broker)
        creation.attempts += 1
        note(
            "create-topic \(spec.name): CreateTopics (\(spec.partitions) partition(s), rf \(spec.replicationFactor)) "
                + "sent to \(broker)\(creation.attempts > 1 ? " (attempt \(creation.attempts))" : "")",
            line: creation.line, kind: .action)
        return false
    }

    private mutating func concludeCreation(_ spec: TopicSpec, line: Int, result: CreatedTopic) {
        guard result.error == .none else {
            let why: String
            switch result.error {
            case .topicAlreadyExists: why = "a topic with this name already exists"
            case .invalidReplicationFactor: why = "the replication factor is above the brokers that are registered"
            case .invalidPartitions: why = "the partition count is not allowed"
            case .invalidTopicException: why = "the name is not a legal topic name (or collides with one)"
            case .requestTimedOut: why = "the controller quorum did not answer in time"
            case .invalidConfig: why = result.message ?? "a config is invalid"
            default: why = result.message ?? "refused"
            }
            note("create-topic \(spec.name) failed: \(result.error.name): \(why)", line: line, kind: .skipped)
            return
        }
        createdTopics.append(spec)
        unmeasuredTopics.append(spec)
        note(
            "topic \(spec.name) created: \(spec.partitions) partition(s), rf \(spec.replicationFactor)", line: line,
            kind: .action)
    }

    /// Starts measuring the availability of created topics whose partitions all have a serving
    /// leader (the brokers learn of a new topic a moment after the controller's answer, which
    /// is no outage).
    mutating func measureCreatedTopics() {
        var waiting: [TopicSpec] = []
        for spec in unmeasuredTopics {
            if spec.topicPartitions.allSatisfy({ cluster.isServing($0) }) {
                metrics.partitions += spec.topicPartitions
            } else {
                waiting.append(spec)
            }
        }
        unmeasuredTopics = waiting
    }
}
