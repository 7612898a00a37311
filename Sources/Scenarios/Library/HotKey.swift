extension ScenarioLibrary {
    static let hotKey = Entry(
        name: "hot-key",
        summary: "A hot key skews one partition: one consumer drowns while the others idle",
        text: #"""
            scenario hot-key
            title "A hot key skews one partition: one consumer drowns while the others idle"
            description "The default partitioner sends every record of a key to the same partition."
            description "When one key carries most of the traffic, one partition (and the one consumer"
            description "that owns it) gets it all; more consumers do not help."
            duration 4m
            seed 12

            brokers 3
            topic telemetry partitions 6 rf 3 min.insync 2
            producer devices topic telemetry rate 300/s keys hot device-7 70% others 500 acks all
            group processors topic telemetry members 3 rate 300/s

            at 5s say "device-7 sends 70% of all records. Watch the per-partition lag in the Groups view."
            at 60s say "One partition takes 210 records/s; the member that owns it can process 300/s, barely."
            at 90s set-rate devices 450/s for 60s
            at 90s say "Traffic grows by half: the hot partition now gets 315/s and its lag climbs." wait
            at 100s add-consumer processors count 3
            at 100s say "Adding members does not help: a partition is read by one member of the group."
            at 150s say "Back to normal. The fix is in the key: salt it, or split the hot entity's stream."

            expect no-loss
            expect no-duplicates
            expect lag processors below 2000 within 60s
            """#)
}
