import Hypervisor
import ThreadShards
import XendModel

extension SimulatedHypervisor {
    public func nodeRecord() throws(XendError) -> NodeRecord {
        withCurrentNode { $0 }
    }

    /// Compares `known` with the record in place, so an unchanged host copies nothing out (the record
    /// holds some twenty strings, each retained by a copy and released after).
    public func nodeRecord(ifChangedFrom known: NodeRecord) throws(XendError) -> NodeRecord? {
        withCurrentNode { $0 == known ? nil : $0 }
    }

    /// `body` applied to the node record, under its lock. Free memory is read from the ledger first, on
    /// every call: it changes with every domain created or destroyed and every memory op.
    private func withCurrentNode<Result: Sendable>(_ body: (NodeRecord) -> Result) -> Result {
        settleDueDomains()
        let free = table.free
        return currentNode.withCurrent { node in
            node.freeMemory = free
            return body(node)
        }
    }

    /// The node record of `host` with all of its memory free; ``nodeRecord()`` fills in what is free now.
    static func makeNodeTemplate(_ host: HostShape) -> NodeRecord {
        let cpusPerNode = host.cpuCount / max(host.numaNodes, 1)
        let cpusByNode = (0..<host.numaNodes).map { node in Array((node * cpusPerNode)..<((node + 1) * cpusPerNode)) }
        return NodeRecord(
            system: "Linux", host: host.hostName, release: "6.1.0-simulated-amd64",
            version: "#1 SMP PREEMPT_DYNAMIC Debian 6.1.0 (xend simulated host)", machine: "x86_64",
            nrCPUs: host.cpuCount, nrNodes: host.numaNodes, socketsPerNode: host.socketsPerNode,
            coresPerSocket: host.coresPerSocket, threadsPerCore: host.threadsPerCore, cpuMHz: host.cpuMHz,
            hwCaps: "178bfbff:f6fa3203:2c100800:00000121:0000000f:009c67af:00000000:00000100",
            virtCaps: "hvm hvm_directio simulated", totalMemory: host.totalMemory, freeMemory: host.totalMemory,
            nodeToCPU: NodeRecord.nodeToCPUText(cpusByNode), freeCPUs: 0, xenMajor: host.xenMajor,
            xenMinor: host.xenMinor, xenExtra: host.xenExtra,
            xenCaps: "xen-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64",
            xenScheduler: host.scheduler, xenPagesize: 4096, platformParams: "virt_start=0xffff800000000000",
            xenChangeset: "simulated", xenCommandline: "dom0_mem=\(host.domain0Memory.inMebibytes)M simulated",
            ccCompiler: "gcc (Debian 12.2.0-14) 12.2.0", ccCompileBy: "xend-simulated",
            ccCompileDomain: "simulated", ccCompileDate: "simulated", xendConfigFormat: 4)
    }

    /// Rebuilds managed and live domains from the state directory; returns the problems found.
    func loadState(from store: SimulatedHostStore, now: SimulationInstant) -> [String] {
        var contents = store.load()
        table.withLock { table in
            for (uuid, config) in contents.managed { table.managed[uuid] = config }
        }
        var highest = contents.lastDomainID
        for (id, image) in contents.live.sorted(by: { $0.0 < $1.0 }) {
            do throws(XendError) {
                let state = try storedState(from: image, at: now)
                try table.withLock { table throws(XendError) in
                    if let conflict = table.conflict(name: state.name, uuid: state.uuid) { throw conflict }
                    guard table.live[id] == nil, table.ledger.setAllocation(state.memoryTarget, for: id.rawValue) else {
                        throw .notEnoughMemory(needed: state.memoryTarget, free: table.ledger.free)
                    }
                    let domain = SimulatedDomain(id: id, state: state)
                    table.live[id] = domain
                    table.names[state.name] = id
                    table.uuids[state.uuid] = id
                    table.note(state.nextEvent(dyingDuration: timing.dying), for: id)
                }
                highest = max(highest, id.rawValue)
            } catch {
                let path = store.liveDirectory + "/\(id.rawValue).dom"
                store.quarantine(path, error.message, &contents)
            }
        }
        table.withLock { $0.allocator = DomainIDAllocator(last: highest) }
        return contents.problems
    }

    /// A live domain's state from its stored form.
    private func storedState(from image: SaveImage, at now: SimulationInstant) throws(XendError) -> SimulatedDomainState
    {
        var state = try restoredState(from: image, at: now)
        let values = image.guestState
        state.guest = try GuestStateMachine(storedValues: values, load: configuration.guestLoad)
        state.shutdownHandled = values["shutdown_handled"] == "1"
        state.lastSysrq = values["last_sysrq"].flatMap { Int($0) }
        for deviceClass in DeviceClass.allCases {
            if let next = values["next_devid_\(deviceClass.rawValue)"].flatMap({ UInt32($0) }) {
                state.nextDeviceIDs[deviceClass] = next
            }
        }
        // Devices found as they were: their hotplug finished long ago (unless their backing is missing).
        for index in state.devices.indices {
            state.devices[index].createdAt = SimulationInstant(secondsSinceEpoch: 0)
        }
        return state
    }
}
