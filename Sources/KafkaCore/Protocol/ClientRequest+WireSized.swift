/// Sizes close to the encoded requests: a header share per request and per partition, plus the
/// record bytes, which dominate.
extension ClientRequest: WireSized {
    public var sizeInBytes: Int {
        switch self {
        case .produce(let request): 32 + request.partitions.reduce(0) { $0 + 24 + $1.batch.sizeInBytes }
        case .fetch(let request): 48 + 40 * request.partitions.count + 24 * request.forgottenPartitions.count
        case .metadata(let request): 24 + 16 * (request.topics?.count ?? 0)
        case .listOffsets(let request): 24 + 28 * request.partitions.count
        case .initProducerID: 32
        case .createTopics(let request): 24 + request.topics.reduce(0) { $0 + 32 + 48 * $1.configs.count }
        case .findCoordinator(let request): 24 + request.key.utf8.count
        case .joinGroup(let request):
            96 + request.groupID.utf8.count
                + request.protocols.reduce(0) { $0 + 8 + $1.name.utf8.count + $1.metadata.count }
        case .syncGroup(let request):
            64 + request.groupID.utf8.count + request.assignments.reduce(0) { $0 + 48 + $1.assignment.count }
        case .heartbeat(let request): 48 + request.groupID.utf8.count + request.memberID.utf8.count
        case .leaveGroup(let request): 32 + request.groupID.utf8.count + 48 * request.members.count
        case .offsetCommit(let request): 64 + request.groupID.utf8.count + 40 * request.partitions.count
        case .offsetFetch(let request): 32 + request.groupID.utf8.count + 24 * (request.partitions?.count ?? 0)
        case .describeGroups(let request): 24 + request.groupIDs.reduce(0) { $0 + 2 + $1.utf8.count }
        case .listGroups: 24
        }
    }
}

extension ClientResponse: WireSized {
    public var sizeInBytes: Int {
        switch self {
        case .produce(let response): 16 + 40 * response.partitions.count
        case .fetch(let response): 16 + response.partitions.reduce(0) { $0 + 48 + $1.records.count }
        case .metadata(let response):
            24 + 24 * response.brokers.count
                + response.topics.reduce(0) { $0 + 24 + $1.partitions.reduce(0) { $0 + 32 + 4 * $1.replicas.count } }
        case .listOffsets(let response): 16 + 36 * response.partitions.count
        case .initProducerID: 24
        case .createTopics(let response): 16 + 32 * response.topics.count
        case .findCoordinator: 40
        case .joinGroup(let response): 64 + response.members.reduce(0) { $0 + 48 + $1.metadata.count }
        case .syncGroup(let response): 24 + response.assignment.count
        case .heartbeat: 16
        case .leaveGroup(let response): 16 + 48 * response.members.count
        case .offsetCommit(let response): 16 + 32 * response.partitions.count
        case .offsetFetch(let response): 24 + 40 * response.partitions.count
        case .describeGroups(let response): 24 + 128 * response.groups.count
        case .listGroups(let response): 24 + 48 * response.groups.count
        }
    }
}
