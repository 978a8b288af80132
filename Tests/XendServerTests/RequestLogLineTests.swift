import Testing

@testable import XendHTTP

/// The engine's per-request log line, built byte by byte for speed, against plain interpolation.
@Suite("Request log line")
struct RequestLogLineTests {
    static func interpolated(method: String, path: String, op: String?, status: Int, microseconds: Int64) -> String {
        "\(method) \(path)\(op.map { " op=\($0)" } ?? "") \(status) \(microseconds)µs"
    }

    @Test("matches interpolation for edge values")
    func edges() {
        let cases: [(String, String, String?, Int, Int64)] = [
            ("GET", "/xend/node", nil, 200, 0),
            ("POST", "/xend/domain/vm1", "pause", 500, 9),
            ("POST", "/xend/domain/é日", "migrate", 202, 10),
            ("BREW", "", "", 999, Int64.max),
            ("GET", "/x", nil, 100, Int64.min),
            ("HEAD", "/xend", nil, 404, -1),
        ]
        for (method, path, op, status, microseconds) in cases {
            let line = MHDListener.logLine(
                method: method, path: path, op: op, status: status, microseconds: microseconds)
            #expect(
                line
                    == Self.interpolated(
                        method: method, path: path, op: op, status: status, microseconds: microseconds))
            #expect(line.utf8.count == Array(line.utf8).count)
        }
    }

    @Test("matches interpolation for random values")
    func random() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<1_000 {
            let microseconds =
                Int64.random(in: Int64.min...Int64.max, using: &generator)
                >> Int64.random(
                    in: 0...63, using: &generator)
            let status = Int.random(in: 100...999, using: &generator)
            let op: String? = Bool.random(using: &generator) ? nil : "op\(status)"
            let line = MHDListener.logLine(
                method: "GET", path: "/xend/domain/d\(status)", op: op, status: status, microseconds: microseconds)
            #expect(
                line
                    == Self.interpolated(
                        method: "GET", path: "/xend/domain/d\(status)", op: op, status: status,
                        microseconds: microseconds))
        }
    }

    @Test("decimal lengths", arguments: [(0, 1), (9, 1), (10, 2), (-1, 2), (-10, 3), (Int64.max, 19), (Int64.min, 20)])
    func decimalLength(number: Int64, length: Int) {
        #expect(MHDListener.decimalLength(number) == length)
        #expect(MHDListener.decimalLength(number) == String(number).count)
    }
}
