extension ScenarioLibrary {
    static let uncleanElection = Entry(
        name: "unclean-election",
        summary: "Unclean leader election: an out-of-sync replica becomes leader and acknowledged data is lost",
        text: #"""
            scenario unclean-election
            title "Unclean leader election: an out-of-sync replica becomes leader and acknowledged data is lost"
            description "unclean.leader.election.enable=true buys availability with data. The follower"
            description "dies and leaves the ISR, the leader keeps acknowledging alone (min.insync=1),"
            description "then the leader dies and the stale follower, back first, is elected anyway."
            description "This drill passes only if records are lost: the negative control for the checker."
            duration 2m
            seed 5

            brokers 3
            broker-config replica.lag.time.max.ms=5s
            broker-config unclean.leader.election.interval.ms=1s
            topic ledger partitions 1 rf 2 min.insync 1 unclean.leader.election.enable=true
            producer bookkeeper topic ledger rate 100/s acks all
            group auditors topic ledger members 1

            at 5s say "ledger-0 has two replicas and min.insync.replicas=1; unclean election is enabled."
            at 20s say "The follower of ledger-0 dies. Once fenced, it is dropped from the ISR." wait
            at 20s kill follower of ledger-0 for 35s
            at 35s say "The ISR is the leader alone. acks=all now means one copy: writes still succeed."
            at 50s say "The leader dies too. The stale follower restarts at 55s, the leader only at 90s." wait
            at 50s kill leader of ledger-0 for 40s
            at 62s say "Unclean election is allowed: the stale follower leads, without anything written since 20s."
            at 95s say "The old leader returns and truncates its log to the new leader's: the loss is final."

            expect loss
            expect leader ledger-0 within 20s
            """#)
}
