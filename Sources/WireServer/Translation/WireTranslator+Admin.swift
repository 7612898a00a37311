import KafkaCore
import KafkaWire

/// InitProducerId and CreateTopics: what the engine does not model is refused here, with the
/// error code Kafka uses, before any broker sees it.
extension WireTranslator {
    /// Transactional producers are out of scope: `TRANSACTIONAL_ID_AUTHORIZATION_FAILED` (53).
    func routeInitProducerID(_ request: InitProducerIdRequest, call: WireCall) -> RequestRoute {
        guard request.transactionalID == nil else {
            let refused = InitProducerIdResponse(
                errorCode: KafkaError.transactionalIDAuthorizationFailed.rawValue, producerID: -1, producerEpoch: -1)
            return .answer(.initProducerId(refused), version: call.header.apiVersion)
        }
        return .broker(.initProducerID(InitProducerIDRequest()), call)
    }

    /// `validate_only` and manual replica assignments are refused with `INVALID_REQUEST` (42).
    func routeCreateTopics(_ request: KafkaWire.CreateTopicsRequest, call: WireCall) -> RequestRoute {
        let unsupported = request.validateOnly || request.topics.contains { !$0.assignments.isEmpty }
        guard !unsupported else {
            let message =
                request.validateOnly
                ? "validate_only is not supported by Flightdeck" : "manual replica assignments are not supported"
            let topics = request.topics.map {
                KafkaWire.CreateTopicsResponse.Topic(
                    name: $0.name, errorCode: KafkaError.invalidRequest.rawValue, errorMessage: message)
            }
            return .answer(
                .createTopics(KafkaWire.CreateTopicsResponse(topics: topics)), version: call.header.apiVersion)
        }
        var call = call
        for topic in request.topics where !Self.isLegalTopicName(topic.name) {
            call.refusedTopics[topic.name] = .invalidTopicException
        }
        let topics = request.topics.filter { call.refusedTopics[$0.name] == nil }.map { topic in
            NewTopic(
                name: topic.name, partitions: topic.numPartitions, replicationFactor: topic.replicationFactor,
                configs: topic.configs.compactMap { config in config.value.map { ConfigEntry(config.name, $0) } })
        }
        guard !topics.isEmpty else {
            let answer = wireCreateTopics(KafkaCore.CreateTopicsResponse(topics: []), call: call)
            return .answer(.createTopics(answer), version: call.header.apiVersion)
        }
        return .broker(.createTopics(KafkaCore.CreateTopicsRequest(topics: topics)), call)
    }

    /// Kafka's rule (`Topic.validate`): 1–249 characters of `[a-zA-Z0-9._-]`, and not `.` or
    /// `..`. Checked here because a name that breaks it cannot be stored (checkpoint files
    /// separate fields by spaces).
    static func isLegalTopicName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 249, name != ".", name != ".." else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII
                && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                    || scalar == "." || scalar == "_" || scalar == "-")
        }
    }

    /// The broker's answer with the topics refused here, in request order.
    func wireCreateTopics(_ response: KafkaCore.CreateTopicsResponse, call: WireCall) -> KafkaWire.CreateTopicsResponse
    {
        guard case .createTopics(let request) = call.request else {
            return KafkaWire.CreateTopicsResponse(topics: [])
        }
        var answers: [String: CreatedTopic] = [:]
        for topic in response.topics { answers[topic.name] = topic }
        let topics = request.topics.map { topic -> KafkaWire.CreateTopicsResponse.Topic in
            if let error = call.refusedTopics[topic.name] {
                return .init(
                    name: topic.name, errorCode: error.rawValue,
                    errorMessage: "topic name '\(topic.name)' is illegal: use 1-249 of [a-zA-Z0-9._-]")
            }
            guard let answer = answers[topic.name] else {
                return .init(name: topic.name, errorCode: KafkaError.unknownServerError.rawValue)
            }
            return .init(name: answer.name, errorCode: answer.error.rawValue, errorMessage: answer.message)
        }
        return KafkaWire.CreateTopicsResponse(topics: topics)
    }
}
