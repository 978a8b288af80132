import Glibc
import Hypervisor
import Logging
import SimulatedHost
import XendModel

// libFuzzer entry point (libFuzzer brings `main`): what a peer sends a relocation server after its
// `receive` request was accepted, handed to the simulated host's receiver through a socket pair. Any input
// must end in a received, running domain or in a XendError with a message: never a crash, a hang or a
// half-made domain left on the host.

/// The host under test; rebuilt every `inputsPerHost` inputs so the state stays small.
nonisolated(unsafe) private var current: SimulatedHypervisor?
nonisolated(unsafe) private var inputsOnHost = 0
private let inputsPerHost = 500

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    if current == nil || inputsOnHost >= inputsPerHost {
        current = nil
        current = makeHost()
        inputsOnHost = 0
    }
    inputsOnHost += 1
    let host = current!
    var pair: [Int32] = [-1, -1]
    precondition(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair) == 0, "socketpair failed")
    defer { close(pair[0]) }
    // The whole input is written before the receiver reads, so it must fit the socket's buffer.
    var buffer = Int32(4 << 20)
    setsockopt(pair[0], SOL_SOCKET, SO_SNDBUF, &buffer, socklen_t(MemoryLayout<Int32>.size))
    var offset = 0
    while offset < size {
        let written = write(pair[0], data + offset, size - offset)
        guard written > 0 else { return 0 }  // larger than the buffer: not a case this target can send
        offset += written
    }
    shutdown(pair[0], Int32(SHUT_WR))
    let before = liveDomains(host)
    let channel = MigrationChannel(descriptor: pair[1])
    defer { channel.close() }
    do {
        let record = try host.receiveMigration(over: channel)
        let id = record.domainID!
        precondition(liveDomains(host) == before + 1, "a received domain is not on the host")
        try host.destroy(id)
    } catch {
        precondition(!error.message.isEmpty, "an error without a message")
        precondition(liveDomains(host) == before, "a failed migration left a domain behind: \(error.message)")
    }
    return 0
}

private func liveDomains(_ host: SimulatedHypervisor) -> Int {
    ((try? host.domainRecords()) ?? []).filter { $0.domainID != nil && !($0.state?.contains(.dying) ?? false) }.count
}

private func makeHost() -> SimulatedHypervisor {
    var configuration = SimulatedHypervisor.Configuration()
    configuration.clock = ManualClock()
    configuration.durableWrites = false
    var logger = Logger(label: "fuzz")
    logger.logLevel = .critical
    do {
        return try SimulatedHypervisor(configuration: configuration, logger: logger)
    } catch {
        fatalError("cannot build the simulated host: \(error)")
    }
}
