import KafkaCore

/// A tag word per case, then the fields in declaration order.
extension RaftMessage: TraceDigestible {
    public func digest(into digest: inout TraceDigest) {
        switch self {
        case .voteRequest(let request):
            digest.combine(1)
            digest.combine(request.candidateEpoch.rawValue)
            digest.combine(request.lastEpoch.rawValue)
            digest.combine(request.endOffset.rawValue)
            digest.combine(request.preVote)
        case .voteResponse(let response):
            digest.combine(2)
            digest.combine(response.epoch.rawValue)
            digest.combine(response.leaderID)
            digest.combine(response.voteGranted)
        case .beginQuorumEpochRequest(let epoch):
            digest.combine(3)
            digest.combine(epoch.rawValue)
        case .beginQuorumEpochResponse(let epoch, let leaderID):
            digest.combine(4)
            digest.combine(epoch.rawValue)
            digest.combine(leaderID)
        case .fetchRequest(let request):
            digest.combine(5)
            digest.combine(request.epoch.rawValue)
            digest.combine(request.fetchOffset.rawValue)
            digest.combine(request.lastFetchedEpoch.rawValue)
            digest.combine(request.highWatermark.rawValue)
        case .fetchResponse(let response):
            digest.combine(6)
            digest.combine(response.epoch.rawValue)
            digest.combine(response.leaderID)
            digest.combine(response.fetchOffset.rawValue)
            Self.digest(response.body, into: &digest)
        }
    }

    private static func digest(_ body: RaftFetchResponse.Body, into digest: inout TraceDigest) {
        switch body {
        case .records(let records, let highWatermark):
            digest.combine(1)
            digest.combine(records)
            digest.combine(highWatermark.rawValue)
        case .diverging(let divergence):
            digest.combine(2)
            digest.combine(divergence)
        case .error(let error):
            digest.combine(3)
            digest.combine(Int64(error.rawValue))
        }
    }
}
