import KafkaCore

/// Sizes near those of the real requests (header plus fields); records count by their bytes.
extension RaftMessage: WireSized {
    public var sizeInBytes: Int {
        switch self {
        case .voteRequest: 64
        case .voteResponse: 48
        case .beginQuorumEpochRequest, .beginQuorumEpochResponse: 48
        case .fetchRequest: 80
        case .fetchResponse(let response):
            switch response.body {
            case .records(let records, _): 64 + records.reduce(0) { $0 + $1.sizeInBytes }
            case .diverging, .error: 64
            }
        }
    }
}
