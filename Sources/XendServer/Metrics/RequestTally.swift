/// One thread's requests since the last scrape, by route and method (a *series*): how many of each
/// status, and how long they took, in the buckets of `xend_http_request_duration_seconds`.
///
/// Each worker thread adds to its own tally (``RequestMetrics``) under its own slot's lock, so a request
/// touches no memory another thread writes; `/metrics` adds the tallies up. Counting a request
/// here is a few array increments, where recording it in the registry's histogram cost 0.6k
/// instructions and its lock (callgrind, docs/performance.md, "Request metrics per thread").
struct RequestTally: Sendable {
    /// The upper bounds of the duration buckets, in nanoseconds: 5 ms to 10 s.
    static let bounds: [Int64] = [
        5_000_000, 10_000_000, 25_000_000, 50_000_000, 100_000_000, 250_000_000, 500_000_000,
        1_000_000_000, 2_500_000_000, 5_000_000_000, 10_000_000_000,
    ]
    /// Bucket counts per series: one per bound and one above them all.
    static let bucketsPerSeries = bounds.count + 1
    static let seriesCount = MetricsRoute.allCases.count * RequestMetrics.Method.allCases.count

    /// Every count in one array, made on the thread's first request (one allocation: arrays of
    /// different threads side by side would share cache lines): per series its buckets (not
    /// cumulative: a request is in the first bucket it fits; the last is above every bound), then per
    /// series its nanoseconds, the status of its latest requests, and how many of those in a row are
    /// not yet in ``statusCounts`` (nearly every request repeats its series' last status, and this
    /// spares hashing a key for it).
    private var counts: [Int] = []
    private static let nanosecondsStart = seriesCount * bucketsPerSeries
    private static let latestStatusStart = nanosecondsStart + seriesCount
    private static let latestRunStart = latestStatusStart + seriesCount

    /// Whether the thread has counted a request yet.
    var isEmpty: Bool { counts.isEmpty }

    /// The requests of `series` in bucket `bucket`.
    func requests(series: Int, bucket: Int) -> Int {
        counts.isEmpty ? 0 : counts[series * Self.bucketsPerSeries + bucket]
    }

    /// The nanoseconds of `series`' requests.
    func nanoseconds(series: Int) -> Int {
        counts.isEmpty ? 0 : counts[Self.nanosecondsStart + series]
    }

    /// Requests per series and status not yet handed to the registry's counters.
    private var statusCounts: [StatusKey: Int] = [:]

    /// A series and a status.
    struct StatusKey: Hashable {
        let series: Int
        let status: Int
    }

    /// The series of `route` and `method`.
    static func series(_ route: MetricsRoute, _ method: RequestMetrics.Method) -> Int {
        route.index * RequestMetrics.Method.allCases.count + method.index
    }

    /// The route and method of `series`.
    static func labels(of series: Int) -> (route: MetricsRoute, method: RequestMetrics.Method) {
        let methods = RequestMetrics.Method.allCases.count
        return (MetricsRoute.allCases[series / methods], RequestMetrics.Method.allCases[series % methods])
    }

    /// The bucket a request of `nanoseconds` falls in.
    static func bucket(of nanoseconds: Int64) -> Int {
        bounds.firstIndex { nanoseconds <= $0 } ?? bounds.count
    }

    /// Counts a request of `series` answered with `status` after `nanoseconds`.
    mutating func add(series: Int, status: Int, nanoseconds: Int64) {
        if counts.isEmpty { counts = Array(repeating: 0, count: Self.latestRunStart + Self.seriesCount) }
        counts.withUnsafeMutableBufferPointer { counts in
            counts[series * Self.bucketsPerSeries + Self.bucket(of: nanoseconds)] += 1
            counts[Self.nanosecondsStart + series] &+= Int(max(nanoseconds, 0))
            let latest = Self.latestStatusStart + series
            let run = Self.latestRunStart + series
            if counts[latest] != status, counts[run] > 0 {
                statusCounts[StatusKey(series: series, status: counts[latest]), default: 0] += counts[run]
                counts[run] = 0
            }
            counts[latest] = status
            counts[run] += 1
        }
    }

    /// The requests per series and status counted since the last call, which forgets them.
    mutating func takeStatusCounts() -> [StatusKey: Int] {
        if !counts.isEmpty {
            for series in 0..<Self.seriesCount where counts[Self.latestRunStart + series] > 0 {
                let key = StatusKey(series: series, status: counts[Self.latestStatusStart + series])
                statusCounts[key, default: 0] += counts[Self.latestRunStart + series]
                counts[Self.latestRunStart + series] = 0
            }
        }
        defer { statusCounts.removeAll(keepingCapacity: true) }
        return statusCounts
    }
}

/// The request duration histogram of all threads, added up, in the Prometheus text format.
struct RequestDurations {
    private var buckets = [Int](repeating: 0, count: RequestTally.seriesCount * RequestTally.bucketsPerSeries)
    private var nanoseconds = [Int64](repeating: 0, count: RequestTally.seriesCount)

    /// Adds `tally`'s durations.
    mutating func add(_ tally: RequestTally) {
        guard !tally.isEmpty else { return }
        for series in 0..<RequestTally.seriesCount {
            for bucket in 0..<RequestTally.bucketsPerSeries {
                let index = series * RequestTally.bucketsPerSeries + bucket
                buckets[index] += tally.requests(series: series, bucket: bucket)
            }
            nanoseconds[series] &+= Int64(tally.nanoseconds(series: series))
        }
    }

    /// The bounds as the exposition writes them: seconds, without trailing zeros.
    private static let boundLabels = RequestTally.bounds.map(secondsText)

    /// The histogram's lines, one family named `name`, with the series that have requests.
    func exposition(name: String) -> String {
        var text = "# TYPE \(name) histogram\n"
        for series in 0..<RequestTally.seriesCount {
            let first = series * RequestTally.bucketsPerSeries
            let counts = buckets[first..<first + RequestTally.bucketsPerSeries]
            let total = counts.reduce(0, +)
            guard total > 0 else { continue }
            let (route, method) = RequestTally.labels(of: series)
            // Both labels are the daemon's own constants, with nothing the text format escapes.
            let labels = "route=\"\(route.label)\",method=\"\(method.label)\""
            var cumulative = 0
            for (bound, count) in zip(Self.boundLabels, counts) {
                cumulative += count
                text += "\(name)_bucket{\(labels),le=\"\(bound)\"} \(cumulative)\n"
            }
            text += "\(name)_bucket{\(labels),le=\"+Inf\"} \(total)\n"
            text += "\(name)_sum{\(labels)} \(Self.secondsText(nanoseconds[series]))\n"
            text += "\(name)_count{\(labels)} \(total)\n"
        }
        return text
    }

    /// `nanoseconds` as seconds in decimal, with no exponent and no trailing zeros ("0.005", "2.5", "10.0").
    static func secondsText(_ nanoseconds: Int64) -> String {
        let whole = nanoseconds / 1_000_000_000
        var fraction = String(nanoseconds % 1_000_000_000)
        fraction = String(repeating: "0", count: 9 - fraction.count) + fraction
        while fraction.count > 1, fraction.last == "0" { fraction.removeLast() }
        return "\(whole).\(fraction)"
    }
}
