import KafkaWire
import Testing

@Suite struct ApiKeyTests {
    @Test("api keys carry Kafka's wire ids and names")
    func ids() {
        #expect(ApiKey.produce.rawValue == 0)
        #expect(ApiKey.apiVersions.rawValue == 18)
        #expect(ApiKey.initProducerId.rawValue == 22)
        #expect(ApiKey(rawValue: 19) == .createTopics)
        #expect(ApiKey.findCoordinator.description == "FindCoordinator")
    }
}
