import KafkaCluster
import KafkaCore
import Testing

@Suite struct ControllerBrokerLifecycleTests {
    @Test("a broker registers fenced, is unfenced once caught up, and is fenced 9 s after its last heartbeat")
    func lifecycle() {
        var harness = ControllerHarness()
        let registration = harness.register(0)
        #expect(registration == BrokerRegistrationResponse(brokerEpoch: 0))
        #expect(harness.image.brokers[BrokerID(0)]?.state == .fenced)

        // Behind its own register record (offset 0): stays fenced.
        #expect(harness.heartbeat(0, offset: Offset.none) == BrokerHeartbeatResponse(isFenced: true))
        harness.now = Instant.zero + .milliseconds(2000)
        #expect(harness.heartbeat(0, offset: Offset(0)) == BrokerHeartbeatResponse(isFenced: false))
        #expect(harness.image.brokers[BrokerID(0)]?.state == .unfenced)

        for step in 2...5 {
            harness.now = Instant.zero + .milliseconds(2000 * Int64(step))
            #expect(harness.heartbeat(0) == BrokerHeartbeatResponse(isFenced: false))
        }
        let lastHeartbeat = harness.now
        #expect(harness.record(harness.controller.fenceStaleBroker(now: lastHeartbeat + .milliseconds(9000))) == nil)
        let fenced = harness.record(harness.controller.fenceStaleBroker(now: lastHeartbeat + .microseconds(9_000_001)))
        #expect(fenced == BrokerID(0))
        #expect(harness.image.brokers[BrokerID(0)]?.state == .fenced)
        #expect(harness.image == harness.replayed())
    }

    @Test("heartbeats with a stale epoch or from an unknown broker are refused with Kafka's codes")
    func refusedHeartbeats() {
        var harness = ControllerHarness()
        _ = harness.register(0)
        let stale = BrokerHeartbeat(brokerID: BrokerID(0), brokerEpoch: 99, currentMetadataOffset: Offset(0))
        #expect(harness.controller.heartbeat(stale, now: .zero).response.error == .staleBrokerEpoch)
        let unknown = BrokerHeartbeat(brokerID: BrokerID(7), brokerEpoch: 0, currentMetadataOffset: Offset(0))
        #expect(harness.controller.heartbeat(unknown, now: .zero).response.error == .brokerIDNotRegistered)
    }

    @Test("each check fences only the broker whose session expired longest ago")
    func oneStaleBrokerPerCheck() {
        var harness = ControllerHarness()
        harness.startBrokers(3)
        harness.now = Instant.zero + .seconds(1)
        _ = harness.heartbeat(2)
        harness.now = Instant.zero + .seconds(2)
        _ = harness.heartbeat(0)
        let late = Instant.zero + .seconds(20)
        #expect(harness.record(harness.controller.fenceStaleBroker(now: late)) == BrokerID(1))
        #expect(harness.record(harness.controller.fenceStaleBroker(now: late)) == BrokerID(2))
        #expect(harness.record(harness.controller.fenceStaleBroker(now: late)) == BrokerID(0))
        #expect(harness.record(harness.controller.fenceStaleBroker(now: late)) == nil)
    }

    @Test("after a failover every broker gets a fresh session from the activation time")
    func failoverResetsSessions() {
        var harness = ControllerHarness()
        harness.startBrokers(2)
        var standby = QuorumController(generator: SeededGenerator(seed: 9))
        standby.replay(harness.log)
        let activation = Instant.zero + .seconds(30)
        standby.activate(now: activation)
        #expect(standby.fenceStaleBroker(now: activation + .milliseconds(9000)).response == nil)
        #expect(standby.fenceStaleBroker(now: activation + .microseconds(9_000_001)).response == BrokerID(0))
    }

    @Test("a new incarnation is a duplicate while the old session lives, and gets a new epoch after fencing")
    func reRegistration() {
        var harness = ControllerHarness()
        harness.startBrokers(1)
        #expect(harness.register(0, incarnation: 2).error == .duplicateBrokerRegistration)
        harness.fence(0)
        let again = harness.register(0, incarnation: 2)
        #expect(again.error == .none)
        #expect(again.brokerEpoch == harness.image.lastAppliedOffset.rawValue)
        #expect(harness.image.brokers[BrokerID(0)]?.state == .fenced)
    }

    @Test("a leader asking to shut down moves its leaderships away, then is told to shut down")
    func controlledShutdown() {
        var harness = ControllerHarness()
        harness.startBrokers(3)
        #expect(harness.createTopic("t", partitions: 3, replicationFactor: 3) == .none)
        let led = harness.image.partitionsLed(by: BrokerID(1))
        #expect(!led.isEmpty)
        #expect(harness.heartbeat(1, wantShutDown: true) == BrokerHeartbeatResponse(isFenced: false))
        #expect(harness.image.brokers[BrokerID(1)]?.state == .controlledShutdown)
        #expect(harness.image.partitionsLed(by: BrokerID(1)).isEmpty)
        #expect(harness.image.partitions.values.allSatisfy { !$0.isr.contains(BrokerID(1)) })
        #expect(
            harness.heartbeat(1, wantShutDown: true) == BrokerHeartbeatResponse(isFenced: true, shouldShutDown: true))
        harness.controller.checkInvariants()
        #expect(harness.image == harness.replayed())
    }
}
