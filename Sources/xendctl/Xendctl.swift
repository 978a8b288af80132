import ArgumentParser

/// `xendctl`: manage Xen domains through the xend daemon.
@main
struct Xendctl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xendctl",
        abstract: "Manage Xen domains through the xend daemon.",
        discussion: """
            Connects to the local daemon (the Unix socket /var/lib/xend/xend-socket, then TCP \
            localhost:8000) unless --connect names an endpoint. Read commands print JSON with --json. \
            Over TCP, XEND_TOKEN is sent as a bearer token and XEND_TLS_CA (a PEM file) turns on TLS.

            Exit status: 0 success, 1 the operation failed, 2 usage error or invalid input, \
            3 no such domain, 4 cannot connect to the daemon. Messages go to standard error.
            """,
        subcommands: [
            List.self, Info.self, ShowDomain.self,
            Create.self, New.self, Start.self, Delete.self,
            Pause.self, Unpause.self, Shutdown.self, Reboot.self, Destroy.self, Rename.self, SysRq.self,
            Save.self, Restore.self,
            MemSet.self, MemMax.self,
            VCPUSet.self, VCPUPin.self, VCPUList.self,
            BlockAttach.self, BlockDetach.self, NetworkAttach.self, NetworkDetach.self,
            PCIAttach.self, PCIDetach.self, USBAdd.self, USBDelete.self, SchedCredit2.self,
            Dmesg.self, Log.self,
        ]
    )

    @OptionGroup var global: GlobalOptions

    /// Runs the command, reporting usage errors with exit status 2 instead of the parser's 64.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                StandardError.write(fullMessage(for: error))
                exit(withError: ExitCode(XendctlExit.usage.rawValue))
            }
            exit(withError: error)
        }
    }
}
