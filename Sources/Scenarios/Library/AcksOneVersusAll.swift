extension ScenarioLibrary {
    static let acksOneVersusAll = Entry(
        name: "acks-one-vs-all",
        summary: "acks=1 versus acks=all under leader loss: the fast writer loses records, the careful one none",
        text: #"""
            scenario acks-one-vs-all
            title "acks=1 versus acks=all under leader loss: the fast writer loses records, the careful one none"
            description "Two producers write to the same partition. The link between the leader and its"
            description "follower slows down, so the follower trails by more than half a second. Then the"
            description "leader dies: the follower takes over without the records only the leader had."
            duration 2m
            seed 4

            brokers 3
            topic payments partitions 1 rf 2 min.insync 1
            producer fast-writer topic payments rate 100/s acks 1
            producer careful-writer topic payments rate 100/s acks all
            group ledger topic payments members 1

            at 5s say "payments-0 has a leader and one follower. fast-writer uses acks=1, careful-writer acks=all."
            at 30s say "Replication slows: 300ms each way between the leader and its follower." wait
            at 30s latency 300ms between {leader of payments-0} {follower of payments-0} for 40s
            at 32s say "acks=1 writes are acknowledged by the leader alone; acks=all writes wait for the follower."
            at 40s say "Now the leader dies. The follower is still in the ISR, so it is elected: a clean election." wait
            at 40s kill leader of payments-0 for 40s
            at 55s say "The new leader never got the last half second of acks=1 writes: they are gone."
            at 80s say "The old leader returns, truncates its log to the new leader's epoch, and the loss is final."

            expect loss fast-writer
            expect no-loss careful-writer
            expect leader payments-0 within 15s
            """#)
}
