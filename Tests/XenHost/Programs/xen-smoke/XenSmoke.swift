import Glibc

/// `xen-smoke`: checks libxl against the real Xen host it runs on, from a dom0.
///
/// Host queries first (physinfo, version, domain list), then one PV guest's whole life:
/// create, boot, pause, unpause, destroy. Each step prints PASS or FAIL; any failure means exit 1.
@main
struct XenSmoke {
    static func main() {
        let options: SmokeOptions
        do {
            options = try SmokeOptions.parse(Array(CommandLine.arguments.dropFirst()))
        } catch {
            printError("xen-smoke: \(error)\n\(SmokeOptions.usage)")
            exit(2)
        }
        if options.showsHelp {
            print(SmokeOptions.usage)
            return
        }
        var report = StepReport()
        let start = ContinuousClock.now
        let open = { () throws(SmokeFailure) in try LibxlSession(verbose: options.isVerbose) }
        if let session = report.step("open libxl context", open) {
            checkHost(session, &report)
            GuestLifecycle(session: session, options: options).run(&report)
            session.close()
        }
        print("\(report.summary) in \(StepReport.seconds(start.duration(to: .now)))")
        exit(report.failedCount == 0 ? 0 : 1)
    }

    /// The read-only queries: what the hypervisor says about itself and its domains.
    static func checkHost(_ session: LibxlSession, _ report: inout StepReport) {
        report.step("physinfo") { () throws(SmokeFailure) in
            let host = try session.physicalInfo()
            print("  cpus: \(host.cpuCount), memory: \(host.totalMiB) MiB total, \(host.freeMiB) MiB free")
            guard host.cpuCount > 0, host.totalMiB > 0, host.freeMiB <= host.totalMiB else {
                throw SmokeFailure("implausible physinfo: \(host)")
            }
        }
        report.step("version info") { () throws(SmokeFailure) in
            let version = try session.versionInfo()
            print("  Xen \(version.major).\(version.minor)\(version.extra), capabilities: \(version.capabilities)")
            guard version.major >= 4, !version.capabilities.isEmpty else {
                throw SmokeFailure("implausible version info: \(version)")
            }
        }
        report.step("list domains") { () throws(SmokeFailure) in
            let domains = try session.domains()
            for domain in domains {
                print("  \(domain.domid)\t\(domain.name)\t\(domain.memoryMiB) MiB\t\(domain.flags)")
            }
            guard let dom0 = domains.first(where: { $0.domid == 0 }), dom0.isLive else {
                throw SmokeFailure("Domain-0 is missing from libxl_list_domain or not live")
            }
        }
    }
}
