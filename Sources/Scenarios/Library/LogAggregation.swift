extension ScenarioLibrary {
    static let logAggregation = Entry(
        name: "log-aggregation",
        summary: "Log aggregation: shippers feed monitoring and an archive while a broker is maintained",
        text: #"""
            scenario log-aggregation
            title "Log aggregation: shippers feed monitoring and an archive while a broker is maintained"
            description "Log shippers on every host send lines to Kafka; a monitoring pipeline alerts on"
            description "them in near real time and an archiver batches them to cheap storage. Logs are"
            description "many and unkeyed, written with acks=1: a lost line is not worth the latency."
            duration 4m
            seed 103

            brokers 3
            topic app-logs partitions 6 rf 2 retention 1h retention-bytes 64MiB segment.bytes=8MiB
            producer shippers topic app-logs rate 1000/s burst 4x every 90s for 15s keys none value 400B acks 1
            group monitoring topic app-logs members 3 rate 1000/s
            group archiver topic app-logs members 1 rate 1500/s commit manual

            at 5s say "1000 log lines/s, no keys: the producer fills one partition's batch at a time."
            at 30s say "An incident: error logs burst to four times the rate for 15 seconds, every 90 seconds."
            at 100s say "Broker 3 goes down for maintenance: a controlled shutdown." wait
            at 100s stop broker 3 for 40s
            at 110s say "Its leaderships moved before it stopped; the shippers barely noticed."
            at 140s say "Broker 3 is back. With rf 2, partitions were one failure away from offline meanwhile."

            expect leader all within 5s
            expect lag monitoring below 5000 within 60s
            expect lag archiver below 20000 within 90s
            expect replicated all within 60s
            """#)
}
