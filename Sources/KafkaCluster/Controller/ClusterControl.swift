import KafkaCore

/// The controller's broker-lifecycle decisions over one image (Kafka's `ClusterControlManager`
/// with `BrokerHeartbeatManager.calculateNextBrokerState`). Returns records; changes nothing.
///
/// Transition table (state → heartbeat → next state, records):
///
/// | from                | heartbeat                                   | to                  | records |
/// |---------------------|---------------------------------------------|---------------------|---------|
/// | (none)              | register                                    | fenced              | register |
/// | fenced              | wantShutDown                                | fenced, shut down   | none |
/// | fenced              | offset ≥ own register offset, !wantFence    | unfenced            | unfence, elections |
/// | fenced              | otherwise                                   | fenced              | none |
/// | unfenced            | wantFence                                   | fenced              | ISR/leader moves, fence |
/// | unfenced            | wantShutDown, leads nothing                 | fenced, shut down   | ISR moves, fence        |
/// | unfenced            | wantShutDown, leads partitions              | controlledShutdown  | in-shutdown, ISR/leader moves |
/// | controlledShutdown  | leads nothing                               | fenced, shut down   | fence |
/// | unfenced / ctl.shut | session expired (`fenceStaleBroker`)        | fenced              | ISR/leader moves, fence |
/// | any                 | unregister                                  | (none)              | ISR/leader moves, unregister |
///
/// Unlike Kafka, a broker in controlled shutdown is told to stop as soon as it leads nothing,
/// without waiting for every active broker to replay the shutdown record.
struct ClusterControl {
    let image: MetadataImage

    private var replication: ReplicationControl { ReplicationControl(image: image) }

    /// A (re-)registration. A live session under another incarnation is a duplicate; anything
    /// else gets a new epoch, the offset of the register record, after moving the previous
    /// incarnation out of ISRs and leaderships.
    func register(
        _ broker: BrokerID, incarnation: UInt64, hasValidSession: Bool
    ) -> ControllerResult<BrokerRegistrationResponse> {
        var records: [MetadataRecord] = []
        if let existing = image.brokers[broker] {
            if existing.incarnation != incarnation && !existing.fenced && hasValidSession {
                return ControllerResult(
                    records: [], response: BrokerRegistrationResponse(error: .duplicateBrokerRegistration))
            }
            records += replication.removing(broker)
        }
        let epoch = image.nextOffset.advanced(by: Int64(records.count)).rawValue
        records.append(.registerBroker(id: broker, incarnation: incarnation))
        return ControllerResult(records: records, response: BrokerRegistrationResponse(brokerEpoch: epoch))
    }

    /// The next state for a heartbeating broker, per the transition table.
    func heartbeat(_ request: BrokerHeartbeat) -> ControllerResult<BrokerHeartbeatResponse> {
        guard let broker = image.brokers[request.brokerID] else {
            return ControllerResult(
                records: [], response: BrokerHeartbeatResponse(error: .brokerIDNotRegistered, isFenced: true))
        }
        guard broker.epoch == request.brokerEpoch else {
            return ControllerResult(
                records: [], response: BrokerHeartbeatResponse(error: .staleBrokerEpoch, isFenced: broker.fenced))
        }
        switch broker.state {
        case .fenced:
            if request.wantShutDown {
                return ControllerResult(
                    records: [], response: BrokerHeartbeatResponse(isFenced: true, shouldShutDown: true))
            }
            guard !request.wantFence, request.currentMetadataOffset.rawValue >= broker.epoch else {
                return ControllerResult(records: [], response: BrokerHeartbeatResponse(isFenced: true))
            }
            // A broker fenced out of controlled shutdown comes back as a plain unfenced broker.
            let shutdownCleared: Bool? = broker.inControlledShutdown ? false : nil
            let unfence = change(broker, fenced: false, inControlledShutdown: shutdownCleared)
            let records = [unfence] + replication.unfencing(broker.id)
            return ControllerResult(records: records, response: BrokerHeartbeatResponse(isFenced: false))
        case .unfenced:
            if request.wantFence || (request.wantShutDown && image.partitionsLed(by: broker.id).isEmpty) {
                return ControllerResult(
                    records: fencing(broker),
                    response: BrokerHeartbeatResponse(isFenced: true, shouldShutDown: request.wantShutDown))
            }
            guard request.wantShutDown else {
                return ControllerResult(records: [], response: BrokerHeartbeatResponse(isFenced: false))
            }
            let records = [change(broker, inControlledShutdown: true)] + replication.removing(broker.id)
            return ControllerResult(records: records, response: BrokerHeartbeatResponse(isFenced: false))
        case .controlledShutdown:
            guard image.partitionsLed(by: broker.id).isEmpty else {
                return ControllerResult(records: [], response: BrokerHeartbeatResponse(isFenced: false))
            }
            return ControllerResult(
                records: fencing(broker), response: BrokerHeartbeatResponse(isFenced: true, shouldShutDown: true))
        }
    }

    /// Moves `broker` out of every ISR and leadership, then fences it (Kafka's
    /// `handleBrokerFenced` order).
    func fencing(_ broker: BrokerRegistration) -> [MetadataRecord] {
        replication.removing(broker.id) + [change(broker, fenced: true)]
    }

    /// Moves `broker` out of ISRs and leaderships, then unregisters it.
    func unregister(_ broker: BrokerID) -> ControllerResult<KafkaError> {
        guard let registration = image.brokers[broker] else {
            return ControllerResult(records: [], response: .brokerIDNotRegistered)
        }
        let records = replication.removing(broker) + [.unregisterBroker(id: broker, brokerEpoch: registration.epoch)]
        return ControllerResult(records: records, response: .none)
    }

    private func change(
        _ broker: BrokerRegistration, fenced: Bool? = nil, inControlledShutdown: Bool? = nil
    ) -> MetadataRecord {
        .brokerRegistrationChange(
            id: broker.id, brokerEpoch: broker.epoch, fenced: fenced, inControlledShutdown: inControlledShutdown)
    }
}
