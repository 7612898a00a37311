extension ScenarioLibrary {
    static let controllerLoss = Entry(
        name: "controller-loss",
        summary: "Controller loss: kill the active KRaft controller and watch the quorum elect another",
        text: #"""
            scenario controller-loss
            title "Controller loss: kill the active KRaft controller and watch the quorum elect another"
            description "Brokers 1-3 run the KRaft controller quorum. Killing the active controller stops"
            description "metadata changes until the remaining voters elect a new one; reads and writes to"
            description "partitions whose leaders are alive carry on meanwhile."
            duration 2m
            seed 2

            brokers 4 controllers 3
            topic orders partitions 6 rf 3 min.insync 2
            producer order-service topic orders rate 200/s acks all
            group inventory topic orders members 2

            at 5s say "Four brokers; the first three also run the Raft quorum that holds the cluster metadata."
            at 30s say "We kill the active controller. It is a broker too, so its partitions lose their leader." wait
            at 30s kill controller for 40s
            at 33s say "The other voters stop hearing from the leader and hold an election (quorum.election.timeout.ms)."
            at 45s say "The new controller fences the dead broker and moves its leaderships to in-sync followers."
            at 70s say "The old controller comes back as a follower of the quorum and a broker again."

            expect leader all within 20s
            expect no-loss
            expect unavailable at most 2m
            expect replicated all within 40s
            """#)
}
