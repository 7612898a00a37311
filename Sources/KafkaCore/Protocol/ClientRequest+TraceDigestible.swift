/// The fields that decide what happens next; record bytes enter by their checksums, which
/// cover them.
///
/// The produce and fetch cases (nearly every message) read each partition's fields in place,
/// `partitions[index].field`, rather than `for partition in partitions`: copying an element out
/// retained and released its topic name and record bytes for every partition of every message.
extension ClientRequest: TraceDigestible {
    public func digest(into digest: inout TraceDigest) {
        switch self {
        case .produce(let request):
            digest.combine(1)
            digest.combine(request.acks)
            digest.combine(request.timeout.microseconds)
            for index in request.partitions.indices {
                digest.combine(request.partitions[index].topicPartition)
                digest.combine(request.partitions[index].batch.crc)
                digest.combine(request.partitions[index].batch.sizeInBytes)
            }
        case .fetch(let request):
            digest.combine(2)
            digest.combine(request.replicaID?.rawValue)
            digest.combine(request.replicaEpoch)
            digest.combine(request.maxWait.microseconds)
            digest.combine(request.minBytes)
            digest.combine(request.session.sessionID)
            digest.combine(request.session.epoch)
            for forgotten in request.forgottenPartitions { digest.combine(forgotten) }
            for index in request.partitions.indices {
                digest.combine(request.partitions[index].topicPartition)
                digest.combine(request.partitions[index].fetchOffset.rawValue)
                digest.combine(request.partitions[index].currentLeaderEpoch?.rawValue)
                digest.combine(request.partitions[index].lastFetchedEpoch?.rawValue)
            }
        case .metadata(let request):
            digest.combine(3)
            digest.combine(request.topics)
        case .listOffsets(let request):
            digest.combine(4)
            for partition in request.partitions {
                digest.combine(partition.topicPartition)
                digest.combine(partition.timestamp)
            }
        case .initProducerID(let request):
            digest.combine(5)
            digest.combine(request.producerID)
            digest.combine(request.producerEpoch)
        case .createTopics(let request):
            digest.combine(6)
            for topic in request.topics {
                digest.combine(topic.name)
                digest.combine(topic.partitions)
                digest.combine(Int32(topic.replicationFactor))
            }
        case .findCoordinator(let request):
            digest.combine(7)
            digest.combine(request.key)
        case .joinGroup(let request):
            digest.combine(8)
            digest.combine(request.groupID)
            digest.combine(request.memberID)
            digest.combine(request.groupInstanceID)
            digest.combine(request.protocols.map(\.name))
        case .syncGroup(let request):
            digest.combine(9)
            digest.combine(request.groupID)
            digest.combine(request.memberID)
            digest.combine(request.generationID)
            digest.combine(request.assignments.count)
        case .heartbeat(let request):
            digest.combine(10)
            digest.combine(request.groupID)
            digest.combine(request.memberID)
            digest.combine(request.generationID)
        case .leaveGroup(let request):
            digest.combine(11)
            digest.combine(request.groupID)
            digest.combine(request.members.map(\.memberID))
        case .offsetCommit(let request):
            digest.combine(12)
            digest.combine(request.groupID)
            digest.combine(request.generationID)
            for partition in request.partitions {
                digest.combine(partition.topicPartition)
                digest.combine(partition.committedOffset.rawValue)
            }
        case .offsetFetch(let request):
            digest.combine(13)
            digest.combine(request.groupID)
            digest.combine(request.partitions?.count)
        case .describeGroups(let request):
            digest.combine(14)
            digest.combine(request.groupIDs)
        case .listGroups:
            digest.combine(15)
        }
    }
}

extension ClientResponse: TraceDigestible {
    public func digest(into digest: inout TraceDigest) {
        switch self {
        case .produce(let response):
            digest.combine(1)
            for index in response.partitions.indices {
                digest.combine(response.partitions[index].topicPartition)
                digest.combine(response.partitions[index].error.rawValue)
                digest.combine(response.partitions[index].baseOffset.rawValue)
            }
        case .fetch(let response):
            digest.combine(2)
            digest.combine(response.error.rawValue)
            digest.combine(response.sessionID)
            for index in response.partitions.indices {
                digest.combine(response.partitions[index].topicPartition)
                digest.combine(response.partitions[index].error.rawValue)
                digest.combine(response.partitions[index].highWatermark.rawValue)
                digest.combine(response.partitions[index].divergingEpoch)
                digest.combine(response.partitions[index].records.count)
            }
        case .metadata(let response):
            digest.combine(3)
            digest.combine(response.brokers.map(\.rawValue))
            digest.combine(response.controllerID?.rawValue)
            for topic in response.topics {
                digest.combine(topic.name)
                for partition in topic.partitions {
                    digest.combine(partition.leader?.rawValue)
                    digest.combine(partition.leaderEpoch.rawValue)
                }
            }
        case .listOffsets(let response):
            digest.combine(4)
            for partition in response.partitions {
                digest.combine(partition.topicPartition)
                digest.combine(partition.error.rawValue)
                digest.combine(partition.offset.rawValue)
            }
        case .initProducerID(let response):
            digest.combine(5)
            digest.combine(response.error.rawValue)
            digest.combine(response.producerID)
        case .createTopics(let response):
            digest.combine(6)
            for topic in response.topics {
                digest.combine(topic.name)
                digest.combine(topic.error.rawValue)
            }
        case .findCoordinator(let response):
            digest.combine(7)
            digest.combine(response.error.rawValue)
            digest.combine(response.coordinator?.rawValue)
        case .joinGroup(let response):
            digest.combine(8)
            digest.combine(response.error.rawValue)
            digest.combine(response.generationID)
            digest.combine(response.memberID)
            digest.combine(response.leader)
            digest.combine(response.members.map(\.memberID))
        case .syncGroup(let response):
            digest.combine(9)
            digest.combine(response.error.rawValue)
            digest.combine(bytes: response.assignment)
        case .heartbeat(let response):
            digest.combine(10)
            digest.combine(response.error.rawValue)
        case .leaveGroup(let response):
            digest.combine(11)
            digest.combine(response.error.rawValue)
        case .offsetCommit(let response):
            digest.combine(12)
            for partition in response.partitions {
                digest.combine(partition.topicPartition)
                digest.combine(partition.error.rawValue)
            }
        case .offsetFetch(let response):
            digest.combine(13)
            digest.combine(response.error.rawValue)
            for partition in response.partitions {
                digest.combine(partition.topicPartition)
                digest.combine(partition.committedOffset.rawValue)
            }
        case .describeGroups(let response):
            digest.combine(14)
            digest.combine(response.groups.count)
        case .listGroups(let response):
            digest.combine(15)
            digest.combine(response.groups.count)
        }
    }
}
