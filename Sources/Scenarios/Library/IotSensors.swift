extension ScenarioLibrary {
    static let iotSensors = Entry(
        name: "iot-sensors",
        summary: "IoT sensor aggregation: thousands of sensors over a lossy network into an aggregator",
        text: #"""
            scenario iot-sensors
            title "IoT sensor aggregation: thousands of sensors over a lossy network into an aggregator"
            description "Small readings from many sensors, keyed by sensor id, aggregated per window."
            description "The gateways sit on a flaky link: packets get lost and latency jumps. Retries"
            description "with idempotence keep exactly one copy of each reading in the log."
            duration 3m
            seed 102

            brokers 3
            topic sensor-readings partitions 6 rf 3 min.insync 2 retention 6h
            producer gateways topic sensor-readings rate 600/s keys uniform 5000 value 64B acks all idempotence on
            group aggregator topic sensor-readings members 2 assignor cooperative-sticky

            at 5s say "5000 sensors, 64-byte readings, 600 per second through the gateways."
            at 40s say "The gateways' uplink degrades: 10% of packets lost." wait
            at 40s packet-loss 10% on gateways for 40s
            at 50s say "Lost requests time out and are retried; idempotence drops the copies that did arrive twice."
            at 90s latency 150ms jitter 100ms on gateways for 30s
            at 90s say "Now the link is slow and jittery instead: batches grow, throughput holds."
            at 130s say "The network is clean again; the aggregator's lag drains."

            expect no-loss
            expect no-duplicates
            expect lag aggregator below 1000 within 30s
            """#)
}
