extension ScenarioLibrary {
    static let slowFollower = Entry(
        name: "slow-follower",
        summary: "Slow follower: a follower on a slow link falls behind, drops out of the ISR, then recovers",
        text: #"""
            scenario slow-follower
            title "Slow follower: a follower on a slow link falls behind, drops out of the ISR, then recovers"
            description "A follower that has not caught up with its leader for replica.lag.time.max.ms is"
            description "removed from the ISR, so acks=all writes stop waiting for it. When it catches"
            description "up it is added back. The collector writes with acks=1, so the leader's log keeps"
            description "growing at full speed; with acks=all alone the producer would slow to the follower's"
            description "pace, the follower would never fall behind the log end, and the ISR would not shrink."
            duration 3m
            seed 6

            brokers 3
            broker-config replica.lag.time.max.ms=10s
            broker-config replica.fetch.max.bytes=64KiB
            topic metrics partitions 3 rf 3 min.insync 2
            producer collector topic metrics rate 400/s value 1KiB acks 1
            producer alerts topic metrics rate 20/s value 200B acks all
            group dashboards topic metrics members 3

            at 5s say "The collector writes 400 records/s of 1KiB with acks=1, the alerts 20/s with acks=all."
            at 30s say "One follower of metrics-0 ends up on a slow link: 500ms each way to its leader." wait
            at 30s latency 500ms between {leader of metrics-0} {follower of metrics-0} for 60s
            at 35s say "It fetches at most 64KiB per partition per round trip: about 64KiB/s of the 130KiB/s arriving."
            at 40s say "Meanwhile every acks=all alert on metrics-0 waits for the slow follower."
            at 45s say "After 10s without catching up (replica.lag.time.max.ms) the leader shrinks the ISR."
            at 60s say "acks=all writes no longer wait for the slow replica; min.insync=2 is still met."
            at 90s say "The link is fast again; the follower catches up and rejoins the ISR."

            expect isr-shrink metrics-0
            expect replicated metrics within 60s
            expect no-loss
            expect leader all within 5s
            """#)
}
