import KafkaWire

/// The ApiVersions answer: every api Flightdeck speaks with the versions its codecs decode and
/// encode, and the error-35 fallback for ApiVersions versions above 3.
///
/// Produce is advertised from v0 although only v3–8 decode: librdkafka 2.0.2 checks codec
/// support against Produce v0 and silently drops compression otherwise (librdkafka #4956;
/// Apache Kafka 4 does the same, KAFKA-18659). Clients always pick the highest common version,
/// and a v0–2 Produce closes the connection like any undecodable request.
public enum ApiVersionsTable {
    /// The advertised range of `apiKey`.
    public static func range(of apiKey: ApiKey) -> ClosedRange<Int16> {
        let request = KafkaRequest.versions(for: apiKey)
        let response = KafkaResponse.versions(for: apiKey)
        let upper = min(request.upperBound, response.upperBound)
        let lower = apiKey == .produce ? 0 : max(request.lowerBound, response.lowerBound)
        return lower...upper
    }

    /// Every api, in wire order.
    public static var entries: [ApiVersionsResponse.ApiVersion] {
        ApiKey.allCases.map { key in
            let range = range(of: key)
            return ApiVersionsResponse.ApiVersion(
                apiKey: key.rawValue, minVersion: range.lowerBound, maxVersion: range.upperBound)
        }
    }

    /// The answer to an ApiVersions request at `version`, and the version to encode it at: the
    /// table at that version, or for a version above the table's the error-35 body as v0.
    public static func answer(to version: Int16) -> (response: KafkaResponse, version: Int16) {
        let supported = range(of: .apiVersions)
        guard supported.contains(version) else {
            return (.apiVersions(.unsupportedVersionFallback(supported: supported)), 0)
        }
        return (.apiVersions(ApiVersionsResponse(apiKeys: entries)), version)
    }
}
