extension ScenarioLibrary {
    static let consumerCrash = Entry(
        name: "consumer-crash",
        summary: "Consumer crash: a group member dies, the group rebalances and its partitions move on",
        text: #"""
            scenario consumer-crash
            title "Consumer crash: a group member dies, the group rebalances and its partitions move on"
            description "A member that dies without leaving is noticed only when its heartbeats stop for"
            description "session.timeout.ms. Until then its partitions are not consumed and their lag"
            description "grows; after the rebalance the survivors take them over from the last commit."
            duration 4m
            seed 9

            brokers 3
            topic orders partitions 6 rf 3 min.insync 2
            producer order-service topic orders rate 300/s acks all
            group inventory topic orders members 3 assignor cooperative-sticky rate 200/s

            at 5s say "Three members share six partitions, two each, processing up to 200 records/s apiece."
            at 30s say "Member 2 crashes: no LeaveGroup, it is simply gone." wait
            at 30s crash-consumer inventory member 2
            at 35s say "Its two partitions are not read; the coordinator waits for the session timeout."
            at 80s say "The rebalance hands the orphaned partitions to the survivors, from the last committed offset."
            at 90s say "Records processed after that commit but before the crash are delivered again: at-least-once."
            at 120s add-consumer inventory
            at 120s say "A replacement member joins; cooperative-sticky moves only the partitions it needs."

            expect rebalances inventory at most 4
            expect lag inventory below 1000 within 2m
            expect no-loss
            """#)
}
