import KafkaCore

/// The leader's side of Fetch: validate the replica's position, answer records or where its
/// log diverges, hold fetches that find nothing new, and move the high watermark.
extension RaftNode {
    mutating func handleFetchRequest(_ request: RaftFetchRequest, from replica: NodeID, at now: Instant) {
        guard case .leader(var leader) = role, request.epoch == election.epoch else {
            let error: KafkaError =
                if request.epoch < election.epoch {
                    .fencedLeaderEpoch
                } else if request.epoch > election.epoch {
                    .unknownLeaderEpoch
                } else {
                    .notLeaderOrFollower
                }
            reply(to: replica, request, .error(error))
            return
        }
        var progress = leader.replicas[replica] ?? ReplicaProgress(lastFetch: now)
        progress.lastFetch = now
        progress.acknowledged = true
        let known = log.endOffset(forEpoch: request.lastFetchedEpoch)
        guard known.epoch == request.lastFetchedEpoch, request.fetchOffset <= known.endOffset else {
            leader.replicas[replica] = progress
            role = .leader(leader)
            reply(to: replica, request, .diverging(known))
            return
        }
        progress.endOffset = request.fetchOffset
        leader.replicas[replica] = progress
        leader.parked[replica] = ParkedFetch(request: request, expiresAt: now + config.fetchMaxWait)
        role = .leader(leader)
        updateHighWatermark()
        // Answered at once when there is something new, else when the hold expires.
        answerParkedFetches(at: now)
    }

    /// Answers every held fetch that has records or a newer high watermark to see, or whose
    /// hold has expired; in node order, so the run does not depend on hash order.
    mutating func answerParkedFetches(at now: Instant) {
        guard case .leader(var leader) = role, !leader.parked.isEmpty else { return }
        for replica in leader.parked.keys.sorted() {
            guard let parked = leader.parked[replica] else { continue }
            let request = parked.request
            let hasNews = request.fetchOffset < log.endOffset || request.highWatermark < highWatermark
            guard hasNews || parked.expiresAt <= now else { continue }
            leader.parked[replica] = nil
            let records = log.records(from: request.fetchOffset, maxCount: config.fetchMaxRecords)
            reply(to: replica, request, .records(records, highWatermark: highWatermark))
        }
        role = .leader(leader)
    }

    /// The end offset a majority of voters share (the leader counts its own log end), once it
    /// is past the leader-change record of this epoch. It never moves back.
    mutating func updateHighWatermark() {
        guard case .leader(let leader) = role else { return }
        var ends = [log.endOffset]
        for voter in voters where voter != id {
            ends.append(leader.replicas[voter]?.endOffset ?? Offset(0))
        }
        ends.sort(by: >)
        let shared = ends[majority - 1]
        if shared > leader.epochStartOffset, shared > highWatermark {
            highWatermark = shared
        }
    }

    /// The instant the leader stops believing it has a quorum: the majority-th most recent
    /// Fetch (counting itself as now) plus the check-quorum timeout.
    func checkQuorumDeadline(_ leader: LeaderState) -> Instant? {
        guard majority > 1 else { return nil }
        // The (majority - 1)-th latest fetch among the other voters, in a buffer on the stack:
        // this runs for every event of the server that hosts the leader.
        return withUnsafeTemporaryAllocation(of: Instant.self, capacity: voters.count) { fetches in
            var count = 0
            for voter in voters where voter != id {
                if let progress = leader.replicas[voter] {
                    fetches.initializeElement(at: count, to: progress.lastFetch)
                    count += 1
                }
            }
            guard count >= majority - 1 else { return nil }
            var known = UnsafeMutableBufferPointer(rebasing: fetches[..<count])
            known.sort(by: >)
            return known[majority - 2] + config.checkQuorumTimeout
        }
    }

    private mutating func reply(to replica: NodeID, _ request: RaftFetchRequest, _ body: RaftFetchResponse.Body) {
        let response = RaftFetchResponse(
            epoch: election.epoch, leaderID: election.leaderID, fetchOffset: request.fetchOffset, body: body)
        send(.fetchResponse(response), to: replica)
    }
}
