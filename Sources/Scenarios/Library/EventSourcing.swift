extension ScenarioLibrary {
    static let eventSourcing = Entry(
        name: "event-sourcing",
        summary: "Event sourcing with CQRS: rebuild a read model by replaying a compacted topic from the start",
        text: #"""
            scenario event-sourcing
            title "Event sourcing with CQRS: rebuild a read model by replaying a compacted topic from the start"
            description "Commands become events in account-events; the latest state of each account is"
            description "kept in the compacted account-state topic. A new version of the read model"
            description "starts from offset 0 of account-state and rebuilds itself while writes go on."
            duration 4m
            seed 105

            brokers 3
            topic account-events partitions 6 rf 3 min.insync 2 retention 7d
            topic account-state partitions 6 rf 3 min.insync 2 cleanup compact segment.bytes=1MiB min.compaction.lag.ms=10s
            producer account-service topic account-events rate 200/s keys uniform 2000 acks all idempotence on
            producer state-writer topic account-state rate 200/s keys uniform 2000 value 256B acks all idempotence on
            group projector topic account-events members 2
            group balance-view topic account-state members 2 commit manual
            group balance-view-v2 topic account-state members 2 offset earliest start 120s

            at 5s say "Every account event is followed by the account's new state, keyed by account id."
            at 30s say "account-state is compacted: old states of an account are cleaned away, the latest stays."
            at 60s kill leader of account-state-0 for 30s
            at 60s say "A leader dies mid-stream; idempotent writers keep the state topic free of duplicates."
            at 120s say "Version 2 of the read model starts from the beginning of account-state." wait
            at 125s say "It reads at most one state per account per cleaned segment, not the whole history."
            at 180s say "v2 has caught up and can take over from v1: a rebuild without downtime."

            expect no-loss
            expect no-duplicates
            expect leader account-state-0 within 15s
            expect lag balance-view-v2 below 500 within 2m
            expect lag projector below 500 within 60s
            """#)
}
