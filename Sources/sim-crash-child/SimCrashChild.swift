@main
enum SimCrashChild {
    static func main() {}
}
