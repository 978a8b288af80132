@main
enum BenchHypervisor {
    static func main() {}
}
