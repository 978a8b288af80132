import FoundationEssentials
import Glibc
import Hypervisor
import SExpression
import XendModel

extension SimulatedHypervisor {
    public func save(_ id: DomainID, to path: String) throws(XendError) {
        try operateOnGuest(id, "save") { domain, now throws(XendError) in
            let snapshot = try domain.state.withLock { state throws(XendError) -> SimulatedDomainState in
                guard state.guest.isExecuting else { throw .domainNotRunning }
                state.guest.stop(.suspend, at: now)
                state.shutdownHandled = true
                return state
            }
            logEvent(domain, .shutdown(.suspend))
            log("Domain \(id) suspended for save to \(path)", at: now)
            do throws(AtomicFile.Failure) {
                try writeSlowly(guestImage(of: snapshot).encoded(), to: path, memory: snapshot.memoryTarget)
            } catch {
                domain.state.withLock { state in
                    state.guest.resumeFromSuspend(at: clock.now())
                    state.shutdownHandled = false
                }
                persist(domain)
                logEvent(domain, .unpaused)
                throw .cannotWriteStateFile(path, error.reason)
            }
            remove(domain, at: clock.now())
        }
    }

    public func restore(from path: String) throws(XendError) -> DomainRecord {
        settleDueDomains()
        let bytes: [UInt8]
        do throws(AtomicFile.Failure) {
            bytes = try AtomicFile.readAll(path)
        } catch {
            throw .cannotReadStateFile(path, error.reason)
        }
        let image = try SaveImage.decodeForOperation(bytes)
        let domain = try buildRunning(try restoredState(from: image, at: clock.now()))
        return record(of: domain, at: clock.now())
    }

    /// Builds a domain from restored state and lets it run (restore, an incoming migration, a migration
    /// taken back). Reading a guest back takes as long as writing it.
    func buildRunning(_ state: SimulatedDomainState) throws(XendError) -> SimulatedDomain {
        try buildRestored(state, paused: false)
    }

    /// Builds a domain from restored state, paused (a migration whose outcome is unknown) or running.
    func buildRestored(_ state: SimulatedDomainState, paused: Bool) throws(XendError) -> SimulatedDomain {
        clock.sleep(until: clock.now().advanced(by: Double(state.memoryTarget.inBytes) / timing.saveBandwidth))
        let restoredAt = clock.now()
        var running = state
        running.guest = GuestStateMachine(
            restoredAt: restoredAt, startTime: restoredAt, cpuTime: state.guest.cpuTime, hasRun: true,
            load: configuration.guestLoad, onlineVCPUs: state.guest.onlineVCPUs)
        if !paused { running.guest.unpause(at: restoredAt) }
        let domain = try build(running, at: restoredAt)
        if !paused { logEvent(domain, .unpaused) }
        return domain
    }

    public func dumpCore(_ id: DomainID, to path: String, live: Bool, crash: Bool, reset: Bool) throws(XendError) {
        try operateOnGuest(id, "dump core for") { domain, now throws(XendError) in
            let wasPaused = try domain.state.withLock { state throws(XendError) -> Bool in
                guard state.guest.dyingSince == nil else { throw .domainNotRunning }
                let wasPaused = state.guest.isPaused
                if !live { state.guest.pause(at: now) }
                return wasPaused
            }
            let snapshot = domain.state.withLock { $0 }
            do throws(AtomicFile.Failure) {
                try writeSlowly(
                    guestImage(of: snapshot).encoded(magic: Self.coreMagic), to: path, memory: snapshot.memoryTarget)
            } catch {
                if !live && !wasPaused { domain.state.withLock { $0.guest.unpause(at: clock.now()) } }
                throw XendError(.operationFailed, "Failed to dump core to \(path): \(error.reason)")
            }
            let after = clock.now()
            log("Domain \(id) core dumped to \(path)", at: after)
            if crash {
                remove(domain, at: after)
            } else if reset {
                try restart(domain, keepingOld: false, at: after)
            } else if !live && !wasPaused {
                domain.state.withLock { $0.guest.unpause(at: after) }
                persist(domain)
            }
        }
    }

    /// The signature of simulated core files (restore refuses them by it).
    static let coreMagic: [UInt8] = Array("XSIMCORE".utf8)

    /// Writes a core file named as xend named them, `<date>-<name>.<domid>.core`, into `directory`.
    func writeCoreFile(of domain: SimulatedDomain, into directory: String, at now: SimulationInstant)
        throws(XendError) -> String
    {
        let snapshot = domain.state.withLock { $0 }
        let path = CoreFileName.path(
            in: directory, secondsSinceEpoch: Int(now.secondsSinceEpoch), name: snapshot.name.rawValue,
            domainID: domain.id.rawValue)
        do throws(AtomicFile.Failure) {
            try AtomicFile.makeDirectory(directory)
            try writeSlowly(
                guestImage(of: snapshot).encoded(magic: Self.coreMagic), to: path, memory: snapshot.memoryTarget)
        } catch {
            throw XendError(.operationFailed, "Failed to dump core to \(path): \(error.reason)")
        }
        return path
    }

    // MARK: The file's content

    /// The save image of a domain: its config, its runtime values, a stand-in memory image.
    func guestImage(of state: SimulatedDomainState) -> SaveImage {
        SaveImage(
            configText: state.config.toSExpression().description,
            guestState: [
                "memory_target_kib": String(state.memoryTarget.inKibibytes),
                "maxmem_kib": String(state.maximumMemory.inKibibytes),
                "max_vcpus": String(state.maximumVCPUs),
                "online_vcpus": String(state.guest.onlineVCPUs),
                "cpu_time": String(state.guest.cpuTime),
                "start_time": String(state.guest.startTime.secondsSinceEpoch),
                "pinning": state.pinning.map { $0.map(String.init).joined(separator: ",") }.joined(separator: ";"),
                "weight": String(state.weight),
                "cap": String(state.cap),
            ],
            memoryImage: SaveImage.memoryPattern(seed: state.uuid.xendString, mebibytes: state.memoryTarget.inMebibytes)
        )
    }

    /// Rebuilds a domain's state from a save image (not yet on the host).
    func restoredState(from image: SaveImage, at now: SimulationInstant) throws(XendError) -> SimulatedDomainState {
        let config: VMConfig
        do throws(XendError) {
            config = try VMConfig(parsing: image.configText)
        } catch {
            throw XendError(.operationFailed, "not a valid guest state file: bad config: \(error.message)")
        }
        guard let uuid = config.uuid else {
            throw XendError(.operationFailed, "not a valid guest state file: the config has no uuid")
        }
        let values = GuestValues(image.guestState)
        var state = try initialState(for: config, uuid: uuid, at: now)
        state.memoryTarget = .kibibytes(try values.integer("memory_target_kib"))
        state.maximumMemory = .kibibytes(try values.integer("maxmem_kib"))
        state.maximumVCPUs = Int(try values.integer("max_vcpus"))
        state.weight = Int(try values.integer("weight"))
        state.cap = Int(try values.integer("cap"))
        state.pinning = try values.pinning(count: state.maximumVCPUs)
        guard state.memoryTarget <= state.maximumMemory, state.maximumVCPUs >= 1 else {
            throw XendError(.operationFailed, "not a valid guest state file: inconsistent guest state")
        }
        state.guest = GuestStateMachine(
            restoredAt: now, startTime: SimulationInstant(secondsSinceEpoch: try values.number("start_time")),
            cpuTime: try values.number("cpu_time"), hasRun: true, load: configuration.guestLoad,
            onlineVCPUs: Int(try values.integer("online_vcpus")))
        return state
    }

    /// Writes `bytes` to `path` through a temporary file, taking the time the real guest's memory would
    /// take at the configured bandwidth (the clock advances between slices).
    func writeSlowly(_ bytes: [UInt8], to path: String, memory: Memory) throws(AtomicFile.Failure) {
        let start = clock.now()
        let duration = Double(memory.inBytes) / timing.saveBandwidth
        let temporary = AtomicFile.temporaryPath(for: path, hidden: false)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw AtomicFile.Failure(path: path, reason: AtomicFile.errorText()) }
        let slices = max(1, timing.saveSlices)
        let sliceSize = (bytes.count + slices - 1) / slices
        do throws(AtomicFile.Failure) {
            for slice in 0..<slices {
                let lower = min(bytes.count, slice * sliceSize)
                let upper = min(bytes.count, lower + sliceSize)
                try AtomicFile.writeAll(Array(bytes[lower..<upper]), to: descriptor, path: path)
                clock.sleep(until: start.advanced(by: duration * Double(slice + 1) / Double(slices)))
            }
            if configuration.durableWrites && fsync(descriptor) != 0 {
                throw AtomicFile.Failure(path: path, reason: AtomicFile.errorText())
            }
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        close(descriptor)
        guard Glibc.rename(temporary, path) == 0 else {
            let reason = AtomicFile.errorText()
            unlink(temporary)
            throw AtomicFile.Failure(path: path, reason: reason)
        }
    }
}

/// The `key value` lines of a save image or state file, read with clear errors.
struct GuestValues {
    let values: [String: String]

    init(_ values: [String: String]) {
        self.values = values
    }

    func integer(_ key: String) throws(XendError) -> UInt64 {
        guard let text = values[key], let value = UInt64(text) else { throw missing(key) }
        return value
    }

    func number(_ key: String) throws(XendError) -> Double {
        guard let text = values[key], let value = Double(text), value.isFinite else { throw missing(key) }
        return value
    }

    func instant(_ key: String) throws(XendError) -> SimulationInstant {
        guard let text = values[key], let value = Int64(text) else { throw missing(key) }
        return SimulationInstant(nanosecondsSinceEpoch: value)
    }

    func pinning(count: Int) throws(XendError) -> [[Int]] {
        guard let text = values["pinning"] else { throw missing("pinning") }
        let lists = text.split(separator: ";", omittingEmptySubsequences: false).map { list in
            list.split(separator: ",").compactMap { Int($0) }
        }
        guard lists.count == count else { throw missing("pinning") }
        return lists
    }

    private func missing(_ key: String) -> XendError {
        XendError(.operationFailed, "not a valid guest state file: missing or bad \(key)")
    }
}
