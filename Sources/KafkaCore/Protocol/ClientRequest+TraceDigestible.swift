/// The fields that decide what happens next; record bytes enter by their checksums, which
/// cover them.
extension ClientRequest: TraceDigestible {
    public func digest(into digest: inout TraceDigest) {
        switch self {
        case .produce(let request):
            digest.combine(1)
            digest.combine(request.acks)
            digest.combine(request.timeout.microseconds)
            for partition in request.partitions {
                digest.combine(partition.topicPartition)
                digest.combine(partition.batch.crc)
                digest.combine(partition.batch.sizeInBytes)
            }
        case .fetch(let request):
            digest.combine(2)
            digest.combine(request.replicaID?.rawValue)
            digest.combine(request.replicaEpoch)
            digest.combine(request.maxWait.microseconds)
            digest.combine(request.minBytes)
            for partition in request.partitions {
                digest.combine(partition.topicPartition)
                digest.combine(partition.fetchOffset.rawValue)
                digest.combine(partition.currentLeaderEpoch?.rawValue)
                digest.combine(partition.lastFetchedEpoch?.rawValue)
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
        }
    }
}

extension ClientResponse: TraceDigestible {
    public func digest(into digest: inout TraceDigest) {
        switch self {
        case .produce(let response):
            digest.combine(1)
            for partition in response.partitions {
                digest.combine(partition.topicPartition)
                digest.combine(partition.error.rawValue)
                digest.combine(partition.baseOffset.rawValue)
            }
        case .fetch(let response):
            digest.combine(2)
            for partition in response.partitions {
                digest.combine(partition.topicPartition)
                digest.combine(partition.error.rawValue)
                digest.combine(partition.highWatermark.rawValue)
                digest.combine(partition.divergingEpoch)
                digest.combine(partition.records.count)
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
        }
    }
}
