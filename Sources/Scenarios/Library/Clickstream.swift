extension ScenarioLibrary {
    static let clickstream = Entry(
        name: "clickstream",
        summary: "Clickstream analytics: bursty page views, sessionizing consumers, a broker lost at peak",
        text: #"""
            scenario clickstream
            title "Clickstream analytics: bursty page views, sessionizing consumers, a broker lost at peak"
            description "Activity tracking, Kafka's original use case: every page view is an event keyed"
            description "by user. Traffic comes in bursts; the sessionizer must keep a user's views in"
            description "order (one partition per user) and the dashboard wants them fresh."
            duration 4m
            seed 101

            brokers 3
            topic page-views partitions 12 rf 3 min.insync 2 retention 1d
            producer web-frontend topic page-views rate 800/s burst 3x every 60s for 10s keys zipf 50000 value 300B acks all
            group sessionizer topic page-views members 4 assignor sticky rate 400/s
            group dashboard topic page-views members 2 rate 1000/s

            at 5s say "Page views keyed by user id; a few heavy users make the key skew zipf-shaped."
            at 30s say "Every minute a 10-second burst triples the traffic: watch the throughput sparkline."
            at 65s say "A random broker dies during a burst." wait
            at 65s kill random broker for 45s
            at 80s say "Leaders moved; the frontend's retries smooth it over. Consumers fetch from the new leaders."
            at 110s say "The broker is back and catching up on twelve partitions' worth of page views."

            expect leader all within 20s
            expect no-loss
            expect lag sessionizer below 5000 within 60s
            expect lag dashboard below 5000 within 60s
            """#)
}
