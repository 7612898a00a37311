extension ScenarioLibrary {
    static let networkPartition = Entry(
        name: "network-partition",
        summary: "Network partition: the leader of orders-0 is cut off from everyone, then comes back",
        text: #"""
            scenario network-partition
            title "Network partition: the leader of orders-0 is cut off from everyone, then comes back"
            description "An isolated broker still thinks it leads until it learns otherwise. The controller"
            description "fences it when its heartbeats stop and elects new leaders; with acks=all and"
            description "min.insync=2 the isolated leader cannot acknowledge anything on its own."
            duration 3m
            seed 7

            brokers 3
            topic orders partitions 6 rf 3 min.insync 2
            producer order-service topic orders rate 200/s acks all
            group inventory topic orders members 3

            at 5s say "The leader of orders-0 is about to lose its network: brokers and clients alike."
            at 30s isolate leader of orders-0 for 60s
            at 31s say "It cannot reach its followers, so its acks=all writes cannot complete." wait
            at 40s say "Its heartbeats to the controller stop too: after 9s it is fenced and loses its leaderships."
            at 90s say "The partition heals. The old leader finds a newer leader epoch, truncates and follows."
            at 120s say "One-way partitions are sneakier: try 'partition {1} {2 3} one-way' in your own copy."

            expect leader orders-0 within 15s
            expect no-loss
            expect no-duplicates
            expect replicated all within 45s
            """#)
}
