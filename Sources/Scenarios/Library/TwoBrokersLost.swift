extension ScenarioLibrary {
    static let twoBrokersLost = Entry(
        name: "two-brokers-lost",
        summary: "Two brokers lost with min.insync.replicas=2: writes stop, nothing acknowledged is lost",
        text: #"""
            scenario two-brokers-lost
            title "Two brokers lost with min.insync.replicas=2: writes stop, nothing acknowledged is lost"
            description "Five brokers, replication factor 3, min.insync.replicas=2. Lose two brokers and"
            description "partitions with two replicas on them keep a leader but cannot take acks=all"
            description "writes (NOT_ENOUGH_REPLICAS): Kafka trades availability for durability."
            duration 3m
            seed 3

            brokers 5 controllers 3
            topic orders partitions 10 rf 3 min.insync 2
            producer order-service topic orders rate 300/s acks all
            group inventory topic orders members 3

            at 5s say "Brokers 1-3 run the controller quorum; we will lose brokers 4 and 5, which do not."
            at 30s say "Brokers 4 and 5 die together, as when a rack loses power." wait
            at 30s kill broker 4 for 60s
            at 30s kill broker 5 for 60s
            at 40s say "Partitions with two replicas on 4 and 5 are down to one in-sync replica: below min ISR."
            at 50s say "Their leader refuses acks=all writes; the producer retries them until delivery.timeout.ms."
            at 90s say "The brokers return, catch up, rejoin the ISR, and the retried writes go through."

            expect leader all within 20s
            expect no-loss
            expect no-duplicates
            expect producer-errors order-service at most 0
            expect replicated all within 60s
            """#)
}
