// Owned by the SExpression work; replaced with the parse/print throughput benchmark.
@main
enum Benchmarks {
    static func main() {
        print("no benchmarks yet")
    }
}
