import KafkaCore

/// The replica's side of Fetch: followers and observers pull from the leader, append what it
/// sends, truncate where it says their log diverges, and learn the high watermark.
extension RaftNode {
    func fetchRequest() -> RaftMessage {
        .fetchRequest(
            RaftFetchRequest(
                epoch: election.epoch, fetchOffset: log.endOffset, lastFetchedEpoch: log.lastEpoch,
                highWatermark: highWatermark))
    }

    mutating func handleFetchResponse(_ response: RaftFetchResponse, from responder: NodeID, at now: Instant) {
        if response.epoch > election.epoch {
            observe(epoch: response.epoch, leader: response.leaderID, at: now)
        }
        guard response.epoch == election.epoch else { return }
        switch response.body {
        case .error:
            handleFetchError(response, from: responder, at: now)
        case .records, .diverging:
            // Only the leader of an epoch answers with records.
            observe(epoch: response.epoch, leader: responder, at: now)
            guard case .follower(var follower) = role, follower.leader == responder else { return }
            follower.fetchDeadline = now + config.fetchTimeout
            follower.nextFetchAt = now
            follower.hasFetchedFromLeader = true
            role = .follower(follower)
            // An answer to an older request: the next Fetch asks again from the current end.
            guard response.fetchOffset == log.endOffset else { return }
            apply(response.body)
        }
    }

    private mutating func apply(_ body: RaftFetchResponse.Body) {
        switch body {
        case .records(let records, let leaderHighWatermark):
            log.append(records)
            let known = min(leaderHighWatermark, log.endOffset)
            if known > highWatermark { highWatermark = known }
        case .diverging(let divergence):
            let local = log.endOffset(forEpoch: divergence.epoch)
            let truncation = min(local.endOffset, divergence.endOffset)
            precondition(
                truncation >= highWatermark,
                "\(id) would truncate committed records: to \(truncation) below high watermark \(highWatermark)")
            precondition(truncation < log.endOffset, "\(id): divergence \(divergence) truncates nothing")
            log.truncate(to: truncation)
        case .error:
            return
        }
    }

    private mutating func handleFetchError(_ response: RaftFetchResponse, from responder: NodeID, at now: Instant) {
        if let leader = response.leaderID, leader != id, leader != responder {
            observe(epoch: response.epoch, leader: leader, at: now)
            return
        }
        switch role {
        case .follower(var follower) where follower.leader == responder:
            follower.nextFetchAt = now + config.retryBackoff
            role = .follower(follower)
        case .unattached(let electionDeadline, .some) where !isVoter:
            observerCursor += 1
            role = .unattached(electionDeadline: electionDeadline, nextFetchAt: now + config.retryBackoff)
        default:
            return
        }
    }
}
